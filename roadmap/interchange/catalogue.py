"""Keep the roadmap current from a body's own catalogue (Relaton records).

`plan` compares a catalogue with the roadmap and says, without writing anything:
- changes: what the catalogue says has changed for the items the roadmap tracks, field
  by field, each with the record it comes from;
- conflicts: where a person changed that field by hand after the catalogue's date: shown
  for a decision, never overwritten;
- new editions: a dated ISO or IEC deliverable that replaces a tracked one; the new one
  becomes a work item on the old one's topics, and the old one becomes superseded;
- candidates: the chosen committees' documents the roadmap does not hold yet, with topics
  suggested from their titles where the words make it plain.
`catalogue_apply.apply` writes them; a second run over the same catalogue finds nothing
to do.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from .. import dates
from ..read import catalogue as stored
from . import catalogue_rules as rules
from .relaton import Catalogue, CatalogueRecord
from .topic_words import suggest

Key = tuple[str, str]
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def item_name(key: Key) -> str:
    """A work item as people name it: "ITU-T Y.4903", but "ISO 37120:2018", not "ISO ISO ...".

    >>> item_name(("ISO", "ISO 37120:2018")), item_name(("ISO/IEC JTC 1", "ISO/IEC 30145-1:2021"))
    ('ISO 37120:2018', 'ISO/IEC 30145-1:2021')
    >>> item_name(("ITU-T", "Y.4903"))
    'ITU-T Y.4903'
    """
    organization, identifier = key
    own = identifier.split(" ", 1)[0].split("/")[0]
    return identifier if own and organization.startswith(own) else f"{organization} {identifier}"


class Named:
    @property
    def name(self) -> str:
        return item_name(self.key)


@dataclass(frozen=True)
class Change(Named):
    key: Key
    field: str
    before: object
    after: object
    file: str


@dataclass(frozen=True)
class Conflict(Named):
    key: Key
    field: str
    stored: object
    catalogue: object
    file: str
    changed_at: dt.datetime
    changed_by: str


@dataclass(frozen=True)
class Proposed(Named):
    """A work item the catalogue would add: a new edition (`supersedes`) or a candidate."""

    record: dict  # a bundle work-item record, topics suggested or copied
    file: str
    supersedes: Key | None = None

    @property
    def key(self) -> Key:
        return self.record["organization"], self.record["identifier"]


@dataclass
class SyncPlan:
    name: str
    files: int
    broken: list[str]
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    new_editions: list[Proposed] = field(default_factory=list)
    candidates: list[Proposed] = field(default_factory=list)
    committees: tuple[Key, ...] = ()
    checked: dict[str, str] = field(default_factory=dict)  # file -> the day its facts were known
    dated: tuple[str, str] | None = None  # the days of the oldest and newest record read

    def counts(self) -> dict[str, int]:
        return {"files": self.files, "broken": len(self.broken),
                "changes": len(self.changes), "conflicts": len(self.conflicts),
                "new_editions": len(self.new_editions), "candidates": len(self.candidates)}


def plan(session: Session, catalogue: Catalogue, *, name: str,
         organizations: set[str] | None = None, committees: set[Key] = frozenset()) -> SyncPlan:
    """Compare `catalogue` with the roadmap (of `organizations`); list candidates of
    `committees` ((organization, code) pairs). Reads, never writes."""
    result = SyncPlan(name, catalogue.files, catalogue.broken, committees=tuple(sorted(committees)))
    tracked = {item.key: item for item in stored.tracked_items(session, organizations)}
    groups, untracked = _grouped(catalogue.records, tracked, organizations)
    leaves = stored.leaf_codes(session)
    known = stored.committee_codes(session)
    replaced, lines = {}, _tracked_lines(tracked)
    for key, records in untracked.items():
        current, doc = _current(records)
        facts = rules.work_item_facts(current, known)
        old = _replaced_key(current, doc, tracked, lines)
        if old and facts.get("status") == "published":
            copied = [{"code": c, "relevance": r} for c, r in tracked[old].topics]
            result.new_editions.append(Proposed({**facts, "topics": copied}, current.file, old))
            replaced[old] = key
        elif key not in lines and (key[0], facts.get("committee")) in committees \
                and not _withdrawn(facts):
            topics = suggest(current.title, leaves)
            result.candidates.append(Proposed({**facts, "topics": topics}, current.file))
    for key, records in groups.items():
        current, _ = _current(records)
        facts = rules.work_item_facts(current, known)
        if key in replaced and facts.get("status") == "withdrawn":
            facts["status"] = "superseded"
        result.changes.extend(_changes(tracked[key], facts, current.file))
    by_file = {r.file: r for r in catalogue.records}
    days = sorted(r.dated.date().isoformat() for r in catalogue.records if r.dated)
    result.dated = (days[0], days[-1]) if days else None
    result.checked = {c.file: rules.checked(by_file[c.file]) for c in result.changes}
    result.checked.update((p.file, rules.checked(by_file[p.file])) for p in result.new_editions)
    _set_aside_conflicts(session, result, by_file, tracked)
    return result


def _grouped(records: list[CatalogueRecord], tracked: dict[Key, stored.TrackedItem],
             organizations: set[str] | None):
    """Records by the tracked item they speak of, and the rest by their own key."""
    by_number = {(key[0], number): key for key in tracked
                 for number in (key[1].split("/") if key[0] == "ITU-T" else [key[1]])}
    groups: dict[Key, list] = defaultdict(list)
    untracked: dict[Key, list] = defaultdict(list)
    for record in records:
        doc = rules.document(record.identifier, record.committee)
        if doc is None or doc.part or (organizations and doc.organization not in organizations):
            continue  # another body's, or a corrigendum or amendment of its base text
        key = next((by_number[(doc.organization, n)] for n in doc.numbers
                    if (doc.organization, n) in by_number), None)
        if key:
            groups[key].append((record, doc))
        elif doc.organization == "ITU-T" or doc.edition or doc.draft:  # an undated ISO
            untracked[(doc.organization, doc.line)].append((record, doc))  # "ISO 37111" is
    return groups, untracked  # a reference to whichever edition is latest, no deliverable


def _tracked_lines(tracked: dict[Key, stored.TrackedItem]) -> dict[Key, list[Key]]:
    """The texts the roadmap tracks, across drafts and editions: ("ISO", "ISO 37120")."""
    lines: dict[Key, list[Key]] = defaultdict(list)
    for key in tracked:
        doc = rules.document(key[1]) if key[0] != "ITU-T" else None
        if doc is not None and doc.line:
            lines[(key[0], doc.line)].append(key)
    return lines


RANK = {"published": 3, "approved": 2, "in_development": 1}


def _current(records: list[tuple[CatalogueRecord, rules.Document]]):
    """The record that speaks for a text, with its key: the newest edition in force, else
    the most advanced draft, else the newest."""
    def order(pair):
        record, doc = pair
        found = rules.status(record.stage, doc.organization)
        return (found not in ("withdrawn", None), doc.edition or "", RANK.get(found, 0),
                record.stage or "", record.published or "")
    return max(records, key=order)


def _replaced_key(record: CatalogueRecord, doc: rules.Document,
                  tracked: dict[Key, stored.TrackedItem], lines: dict[Key, list[Key]]) -> Key | None:
    """The tracked edition a newer dated one replaces: the one its record says it
    obsoletes, else the newest older edition of the same text."""
    organization = doc.organization
    for kind, identifier in record.relations:
        if kind in ("obsoletes", "replaces") and (organization, identifier) in tracked:
            return organization, identifier
    if organization == "ITU-T" or not doc.edition or doc.draft:
        return None
    older = []
    for key in lines.get((organization, doc.line), []):
        tracked_doc = rules.document(key[1])
        if tracked_doc.draft or (tracked_doc.edition or doc.edition) < doc.edition:
            older.append((tracked_doc.edition or "", key))  # a draft, or an older edition
    return max(older)[1] if older else None


def _withdrawn(facts: dict) -> bool:
    return facts.get("status") in ("withdrawn", "superseded")


def _changes(item: stored.TrackedItem, facts: dict, file: str) -> list[Change]:
    found = []
    for name in stored.COMPARED:
        before, after = item.values.get(name), facts.get(name)
        if after is None or _same(name, before, after):
            continue
        if name == "url" and before:
            continue  # the stored page may be the text's own; the catalogue's is an edition's
        if name == "status" and before == "superseded" and after == "withdrawn":
            continue  # superseded says more
        found.append(Change(item.key, name, before, after, file))
    if item.committee is None and facts.get("committee"):
        found.append(Change(item.key, "committee", None, facts["committee"], file))
    return found


def _same(name: str, before, after) -> bool:
    if before is None:
        return False
    if name == "published":  # a more precise stored date that agrees stays
        return str(before).startswith(str(after))
    if name == "title":
        return _words(before) == _words(after)
    return before == after


def _words(text: str) -> str:
    for dash in ("—", "–"):
        text = text.replace(dash, "-")
    return " ".join(text.split()).casefold()


def _set_aside_conflicts(session: Session, result: SyncPlan, by_file: dict,
                         tracked: dict[Key, stored.TrackedItem]) -> None:
    """Keep, as conflicts, the changes of fields that a person changed by hand, or whose
    item was checked against a source, after the catalogue's date."""
    if not result.changes:
        return
    since = min(by_file[c.file].dated or EPOCH for c in result.changes)
    keys = sorted({" ".join(c.key) for c in result.changes})
    edits = stored.hand_edits(session, keys, since)
    kept = []
    for change in result.changes:
        dated = by_file[change.file].dated or EPOCH  # an undated record is older than any edit
        later = [(dates.utc(at), who) for at, who, name in edits.get(" ".join(change.key), [])
                 if name == change.field and dated and dates.utc(at) > dated]
        checked = tracked[change.key].checked
        if not later and checked and dated and checked > dated.date():
            later = [(dt.datetime.combine(checked, dt.time(), dt.timezone.utc),
                      "the roadmap's own check of its facts")]
        if later:
            at, who = later[0]
            result.conflicts.append(Conflict(change.key, change.field, change.before,
                                             change.after, change.file, at, who))
        else:
            kept.append(change)
    result.changes = kept




def fingerprint(result: SyncPlan) -> str:
    """What a preview showed, in short: an apply refuses when the plan is no longer it."""
    import hashlib
    import json
    shown = [(c.key, c.field, str(c.after)) for c in result.changes]
    shown += [(p.key, p.supersedes) for p in result.new_editions]
    shown += [(c.key, c.field) for c in result.conflicts]
    shown += [p.key for p in result.candidates]
    return hashlib.sha256(json.dumps(shown, default=str).encode()).hexdigest()
