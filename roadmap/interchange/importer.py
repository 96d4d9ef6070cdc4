"""The one importer: check a whole bundle document, then apply it through the services.

Every way in (a bundle, a CSV or XLSX table, the command line, /import) ends here. The
structure is checked against the JSON Schema, then every rule through the same services
the forms use, and the document is written in one transaction, or not at all.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

import jsonschema
from sqlalchemy import delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import permissions
from ..errors import NotAllowed, ValidationError
from ..models import (Committee, Equivalence, Mapping, Organization, RegisterEntry, Topic,
                      TopicDependency, WorkItem)
from ..services import equivalences, gap_register, organizations, topics, work_items
from ..services.common import Outcome, audited
from ..services.lookup import Lookup
from .bundle import KEYS, SECTIONS, schema
from .problems import FileRefused

PLURALS = {"organization": "organizations", "committee": "committees", "topic": "topics",
           "dependency": "dependencies", "work_item": "work items", "gap": "register gaps"}



@dataclass
class ImportReport:
    """What an import did (or, on a dry run, would do)."""

    outcomes: list[Outcome] = field(default_factory=list)
    _by_key: dict[tuple[str, str], Outcome] = field(default_factory=dict, repr=False)

    def add(self, outcome: Outcome) -> None:
        """Record an outcome; a second one for the same record (its equivalents) merges in."""
        first = self._by_key.get((outcome.kind, outcome.key))
        if first is None:
            self._by_key[(outcome.kind, outcome.key)] = outcome
            self.outcomes.append(outcome)
        elif outcome.changes:
            first.changes.update(outcome.changes)
            if first.action == "unchanged":
                first.action = "updated"

    def counts(self) -> dict[str, Counter]:
        result: dict[str, Counter] = {}
        for outcome in self.outcomes:
            result.setdefault(outcome.kind, Counter())[outcome.action] += 1
        return result

    def summary(self) -> str:
        lines = []
        for kind, counter in self.counts().items():
            parts = ", ".join(f"{counter[a]} {a}" for a in ("created", "updated", "unchanged")
                              if counter[a])
            lines.append(f"{PLURALS.get(kind, kind)}: {parts}")
        return "\n".join(lines) or "nothing to import"


def import_document(session: Session, document: Any, *, actor, replace: bool = False,
                  place: Callable[[str], str] = lambda path: path) -> ImportReport:
    """Check the whole document, then apply it; on any error change nothing.

    `place` rewrites an error's path for the reader (a CSV names rows and columns).
    The caller commits; on FileRefused the session has been rolled back.
    """
    problems = _structure_errors(document)
    if problems:
        raise FileRefused([f"{place(path)}: {message}" for path, message in problems])
    serialize_imports(session)
    problems = _duplicate_errors(document)
    if replace:
        permissions.require_admin(actor, "replace the whole roadmap")
        clear(session)
        audited(session, actor, Outcome("roadmap", "everything", "deleted",
                                        {"roadmap": ("emptied by an import with --replace", None)}))
    report, errors = ImportReport(), {}
    lookup = Lookup(session).preload()
    for section, apply in _STEPS:
        for path, result in apply(session, document.get(section) or [], lookup, actor):
            if isinstance(result, ValidationError):
                errors.update(result.located(path).errors)
            elif result is not None:
                report.add(result)
    problems += [(path, message) for path, messages in errors.items() for message in messages]
    if not problems:
        problems = _flush(session)
    if problems:
        session.rollback()
        raise FileRefused([f"{place(path)}: {message}" for path, message in problems])
    return report


def _structure_errors(document: Any) -> list[tuple[str, str]]:
    if not isinstance(document, dict):
        return [("(document)", "a bundle is a JSON object")]
    validator = jsonschema.Draft202012Validator(schema())
    found = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path)))
    return [(_path(e.absolute_path) or "(document)", e.message) for e in found]


def _path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _duplicate_errors(document: dict) -> list[tuple[str, str]]:
    problems = []
    for section in SECTIONS:
        first: dict[tuple, int] = {}
        for index, entry in enumerate(document.get(section) or []):
            key = KEYS[section](entry)
            if key in first:
                problems.append((f"{section}[{index}]",
                                 f'{" ".join(map(str, key))} is already at '
                                 f"{section}[{first[key]}]"))
            first.setdefault(key, index)
    return problems


def _each(section: str, save) -> Callable:
    def apply(session, entries, lookup, actor):
        for index, entry in _ordered(section, entries):
            try:
                yield f"{section}[{index}]", save(session, entry, actor=actor, lookup=lookup)
            except ValidationError as error:
                yield f"{section}[{index}]", error
            except NotAllowed as error:
                yield f"{section}[{index}]", ValidationError({"": [str(error)]})
    return apply


def _ordered(section: str, entries: list) -> list[tuple[int, dict]]:
    """Put parents before their children so that one pass can resolve them."""
    indexed = list(enumerate(entries))
    if section not in ("topics", "committees"):
        return indexed
    key = KEYS[section]
    parent_of = {key(e): e.get("parent") for e in entries if isinstance(e, dict)}

    def depth(entry) -> int:
        if not isinstance(entry, dict):
            return 0
        scope, level, seen = key(entry)[:-1], 0, set()  # a committee's parent: same organization
        node = entry.get("parent")
        while node is not None and node not in seen and level < len(entries):
            seen.add(node)
            level += 1
            node = parent_of.get(scope + (node,))
        return level
    return sorted(indexed, key=lambda pair: depth(pair[1]))


def _dependencies(session, entries, lookup, actor):
    if not entries:
        return
    try:
        for outcome in topics.save_dependencies(session, entries, actor=actor, lookup=lookup):
            yield "dependencies", outcome
    except ValidationError as error:
        yield "dependencies", error
    except NotAllowed as error:
        yield "dependencies", ValidationError({"": [str(error)]})


_STEPS = (
    ("organizations", _each("organizations", organizations.save_organization)),
    ("committees", _each("committees", organizations.save_committee)),
    ("topics", _each("topics", topics.save_topic)),
    ("dependencies", _dependencies),
    ("work_items", _each("work_items", work_items.save_work_item)),
    ("work_items", _each("work_items", equivalences.add_equivalents)),
    ("gaps", _each("gaps", gap_register.save_gap)),
)


IMPORT_LOCK = 0x55C_0001  # an application-wide PostgreSQL advisory lock key


def serialize_imports(session: Session) -> None:
    """Let one import at a time read and write, so that two never interleave.

    SQLite writers queue already (BEGIN IMMEDIATE). On PostgreSQL a transaction-scoped
    advisory lock makes the second import wait, then read what the first one wrote;
    it is released at commit or rollback.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK})


def _flush(session: Session) -> list[tuple[str, str]]:
    try:
        session.flush()
    except IntegrityError as error:  # a rule the services missed; never expected
        return [("(database)", str(error.orig).splitlines()[0])]
    return []


def clear(session: Session) -> None:
    """Delete the whole roadmap (for `import --replace`). The caller commits."""
    for gap in session.scalars(select(RegisterEntry)):  # the ORM cascades to topics, leads and updates
        session.delete(gap)
    session.flush()
    for model in (Equivalence, Mapping, TopicDependency, WorkItem, Committee):
        session.execute(delete(model))
    session.execute(delete(Topic).where(Topic.parent_id.is_not(None)))
    session.execute(delete(Topic))
    session.execute(delete(Organization))
    session.expunge_all()
