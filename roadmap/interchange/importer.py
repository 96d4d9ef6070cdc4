"""The one importer: check a whole bundle document, then apply it through the services.

Every way in (a bundle, a CSV or XLSX table, the command line, /import) ends here. The
structure is checked against the JSON Schema, then every rule through the same services
the forms use, and the document is written in one transaction, or not at all.
"""
from __future__ import annotations

import copy
import functools
import logging
from typing import Any, Callable

from sqlalchemy import delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import permissions
from ..errors import NotAllowed, ValidationError
from ..models import (Committee, Equivalence, LiaisonStatement, Mapping, Organization,
                      RegisterEntry, Topic, TopicDependency, WorkItem)
from ..services import (editions, equivalences, gap_actions, gap_register, liaison, organizations,
                        topics, work_item_batch)
from ..services.common import Outcome, audited
from ..services.lookup import Lookup
from . import checks, freshness
from .bundle import KEYS
from .freshness import Snapshot
from .problems import FileRefused
from .report import ImportReport

log = logging.getLogger(__name__)
UNREADABLE = "cannot be read: some of its values are of the wrong kind"

def import_document(session: Session, document: Any, *, actor, replace: bool = False,
                    place: Callable[[str], str] = lambda path: path,
                    expected: Snapshot | None = None) -> ImportReport:
    """Check the whole document, then apply it; on any error change nothing.

    Every problem is found in one pass: the structure, every record's rules, clashes
    within the file. `place` rewrites an error's path for the reader (a CSV names rows
    and columns). With `expected` (a preview's snapshot) the import refuses, as
    StalePreview, when a record it names has changed since. The caller commits; on
    FileRefused the session has been rolled back.
    """
    document = _trimmed(document)
    problems = checks.too_large(document) or checks.structure_errors(document)
    if checks.fatal(problems):
        raise FileRefused(checks.listed([f"{place(path)}: {message}" for path, message in problems]))
    serialize_imports(session)
    lookup = Lookup(session).preload()
    report = ImportReport(snapshot=freshness.snapshot(document, lookup))
    if expected is not None:
        stale = freshness.changed_since(expected, report.snapshot)
        if stale:
            raise StalePreview(stale)
    if replace:
        permissions.require_admin(actor, "replace the whole roadmap")
        clear(session)
        audited(session, actor, Outcome("roadmap", "everything", "deleted",
                                        {"roadmap": ("emptied by an import with --replace", None)}))
        lookup = Lookup(session).preload()
    problems = checks.merged(problems, checks.duplicate_errors(document)
                             + _written(session, document, lookup, actor, report))
    if problems:
        session.rollback()
        raise FileRefused(checks.listed([f"{place(path)}: {message}" for path, message in problems]))
    return report


def _trimmed(document: Any) -> Any:
    """Every text trimmed, as every way in trims it, but an edition's frozen content: its
    digest was taken as it was published."""
    if not isinstance(document, dict) or "editions" not in document:
        return checks.trimmed(document)
    rest = checks.trimmed({k: v for k, v in document.items() if k != "editions"})
    return {**rest, "editions": document["editions"]}


def _apply(session, document: dict, lookup: Lookup, actor, report: ImportReport):
    """Save every section through the services; return the problems as (path, message)."""
    errors: dict[str, list[str]] = {}
    for section, apply in _STEPS:
        for path, result in apply(session, document.get(section) or [], lookup, actor):
            if isinstance(result, ValidationError):
                for place, messages in result.located(path).errors.items():
                    errors.setdefault(place, []).extend(messages)
            elif result is not None:
                report.add(result)
    return [(path, message) for path, messages in errors.items() for message in messages]


class StalePreview(Exception):
    """Records the file names changed after the preview; `changed` names them."""

    def __init__(self, changed: list[str]):
        self.changed = changed
        super().__init__("changed since the preview: " + ", ".join(changed))


def _each(section: str, save) -> Callable:
    def apply(session, entries, lookup, actor):
        yield from _saved(section, save, session, entries, lookup, actor)
    return apply


def _work_items(session, entries, lookup, actor):
    """Items are checked one by one and written a chunk at a time (services/work_item_batch.py)."""
    batch = work_item_batch.WorkItemBatch(session, actor=actor, lookup=lookup)
    size = work_item_batch.CHUNK
    for start in range(0, len(entries), size):
        chunk = entries[start:start + size]
        batch.load(chunk)
        yield from _saved("work_items", batch.save, session, chunk, lookup, actor, start)
        batch.release(chunk)
    batch.finish()


def _equivalents(session, entries, lookup, actor):
    """A record with `equivalents` states its item's whole set; a pair another record of
    the file names stays (services/equivalences.py). New versions come once, at the end."""
    named = equivalences.named_in(entries)
    yield from _saved("work_items", functools.partial(equivalences.state_equivalents,
                                                      named=named),
                      session, entries, lookup, actor)
    equivalences.bump_versions(session, lookup)


def _saved(section: str, save, session, entries, lookup, actor, offset: int = 0):
    for index, entry in _ordered(section, entries, offset):
        if not isinstance(entry, dict):
            continue  # the structure check says so, once
        try:
            result = save(session, entry, actor=actor, lookup=lookup)
            for outcome in result if isinstance(result, list) else [result]:
                yield f"{section}[{index}]", outcome
        except ValidationError as error:
            yield f"{section}[{index}]", error
        except NotAllowed as error:
            yield f"{section}[{index}]", ValidationError({"": [str(error)]})
        except (TypeError, AttributeError, ValueError):  # values of the wrong kinds,
            # said by the structure check already; never a server error
            log.info("unreadable %s[%s]", section, index, exc_info=True)
            yield f"{section}[{index}]", ValidationError({"": [UNREADABLE]})


def _ordered(section: str, entries: list, offset: int = 0) -> list[tuple[int, dict]]:
    """Put parents before their children so that one pass can resolve them."""
    indexed = list(enumerate(entries, offset))
    if section == "liaison_statements":
        return liaison.in_reply_order(entries)
    if section not in ("topics", "committees"):
        return indexed
    key = KEYS[section]
    parent_of = {key(e): e.get("parent") for e in entries
                 if isinstance(e, dict) and all(isinstance(k, str) for k in key(e))}

    def depth(entry) -> int:
        if not isinstance(entry, dict) or not all(isinstance(k, str) for k in key(entry)):
            return 0
        scope, level, seen = key(entry)[:-1], 0, set()  # a committee's parent: same organization
        node = entry.get("parent")
        while isinstance(node, str) and node not in seen and level < len(entries):
            seen.add(node)
            level += 1
            node = parent_of.get(scope + (node,))
        return level
    return sorted(indexed, key=lambda pair: depth(pair[1]))


def _editions(session, entries, lookup, actor):
    """An edition's roadmap must itself be a bundle that reads, or its pages could not be
    built; its digest is checked by the service."""
    for index, entry in enumerate(entries):
        content = entry.get("content") if isinstance(entry, dict) else None
        # a copy: the compiled check fills in defaults, and the digest is of the content as is
        problems = checks.structure_errors(copy.deepcopy(content)) \
            if isinstance(content, dict) else []
        if problems:
            yield f"editions[{index}]", ValidationError(
                {f"content.{path}": [message] for path, message in problems[:5]})
        else:
            yield from _saved("editions", editions.restore, session, [entry], lookup, actor, index)


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
    ("work_items", _work_items),
    ("work_items", _equivalents),
    ("gaps", _each("gaps", gap_register.save_gap)),
    ("gaps", _each("gaps", gap_actions.save_entry_actions)),  # once every entry is stored
    ("liaison_statements", _each("liaison_statements", liaison.save_statement)),
    ("editions", _editions),
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


def _written(session: Session, document: dict, lookup: Lookup, actor,
             report: ImportReport) -> list[tuple[str, str]]:
    """Apply the document and flush; the problems found, or the one clash no check saw."""
    try:
        problems = _apply(session, document, lookup, actor, report)
        if not problems:
            session.flush()
        return problems
    except IntegrityError as error:  # a rule the services missed; never expected
        log.warning("an import broke a database rule: %s", str(error.orig).splitlines()[0])
        session.rollback()
        return [("(file)", "two records of the file clash with each other or with what is "
                           "stored, in a way the checks did not catch; nothing was written")]


def clear(session: Session) -> None:
    """Delete the whole roadmap (for `import --replace`). The caller commits."""
    for gap in session.scalars(select(RegisterEntry)):  # the ORM cascades to topics, leads and updates
        session.delete(gap)
    session.flush()
    for model in (LiaisonStatement, Equivalence, Mapping, TopicDependency, WorkItem, Committee):
        session.execute(delete(model))
    session.execute(delete(Topic).where(Topic.parent_id.is_not(None)))
    session.execute(delete(Topic))
    session.execute(delete(Organization))
    session.expunge_all()
