"""Apply a catalogue sync's plan (interchange/catalogue.py): the changes, the new editions
and the accepted candidates, through the one importer, in the caller's transaction."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from ..read.records import stored_records
from ..services.common import Outcome, audited
from . import catalogue_rules as rules
from .bundle import FORMAT, VERSION
from .catalogue import Key, SyncPlan, item_name
from .importer import import_document
from .problems import FileRefused
from .report import ImportReport


def apply(session: Session, result: SyncPlan, *, actor,
          accepted: dict[Key, list[dict] | None] | None = None, expected=None) -> ImportReport:
    """Write the plan's changes and new editions, and the `accepted` candidates (each with
    its topics, or None for the suggested ones), in the caller's transaction."""
    records = _changed_records(session, result)
    records += [p.record for p in result.new_editions]
    records += _accepted(result, accepted or {})
    if not records:
        return ImportReport()
    report = import_document(session, {"format": FORMAT, "version": VERSION,
                                       "work_items": records}, actor=actor, expected=expected)
    for new in result.new_editions:  # the two editions name each other in their histories
        audited(session, actor, Outcome("work_item", " ".join(new.supersedes), "updated",
                                        {"superseded by": (None, item_name(new.key))}))
        audited(session, actor, Outcome("work_item", " ".join(new.key), "updated",
                                        {"supersedes": (None, item_name(new.supersedes))}))
    first, last = result.dated or ("?", "?")
    audited(session, actor, Outcome("catalogue", result.name, "updated", {
        "synced": (None, f"{len(records)} work items from {result.files} catalogue files "
                         f"dated {first} to {last}")}))
    return report


def _changed_records(session: Session, result: SyncPlan) -> list[dict]:
    by_key: dict[Key, dict] = defaultdict(dict)
    sources: dict[Key, str] = {}
    for change in result.changes:
        by_key[change.key][change.field] = change.after
        sources[change.key] = change.file
    kept = {(c.key, c.field) for c in result.conflicts}
    for proposed in result.new_editions:
        if (proposed.supersedes, "status") not in kept:  # a conflict is not overwritten
            by_key[proposed.supersedes].setdefault("status", "superseded")
            sources.setdefault(proposed.supersedes, proposed.file)
    records = stored_records(session, list(by_key))
    merged = []
    for key, values in by_key.items():
        record = {**records[key], **values, "source": rules.source_url(key[0], sources[key]),
                  "checked": result.checked[sources[key]]}
        merged.append(record)
    return merged


def parse_topics(text: str) -> list[dict]:
    """Mappings as people type them: "G1:core, I3:supporting"; relevance core if left out.

    >>> parse_topics("G1, I3:supporting")
    [{'code': 'G1', 'relevance': 'core'}, {'code': 'I3', 'relevance': 'supporting'}]
    """
    return [{"code": code.strip(), "relevance": relevance.strip() or "core"}
            for code, _, relevance in (part.strip().partition(":")
                                       for part in text.replace(";", ",").split(","))
            if code.strip()]


def _accepted(result: SyncPlan, accepted: dict[Key, list[dict] | None]) -> list[dict]:
    by_key = {p.key: p for p in result.candidates}
    unknown = [item_name(k) for k in accepted if k not in by_key]
    if unknown:
        raise FileRefused([f"{name}: is not a candidate of this catalogue" for name in unknown])
    records = []
    for key, topics in accepted.items():
        record = dict(by_key[key].record)
        if topics is not None:
            record["topics"] = topics
        if not record.get("topics"):
            raise FileRefused([f"{item_name(key)}: give its topics (no words of its title "
                               "suggest one)"])
        records.append(record)
    return records
