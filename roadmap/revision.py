"""The roadmap's revision: a value that changes with every committed write that the
whole-roadmap results (the gap analysis, the matrix, the filter choices) and the lists'
counts under a filter of what it covers (read/filters.py `revision_key`) read.

Those results are cached per process under the revision they were computed at
(roadmap/read/revision_cache.py). Every worker reads the one stored revision (a primary-key
lookup) before using its cache, so no worker serves a stale result after another worker,
the command line or an import wrote.

What counts: any change of topics, dependencies, organizations, committees, mappings,
equivalences, the register (its actions, liaison statements, editions), a work item added
or removed, or a change of its status, organization or identifier. Not a work item's
title, dates or stage (the commonest edits), nor the audit log or accounts. A result
cached here may read nothing else.

Each change also counts up `seq` and writes a `RevisionChange` saying what it touched:
the work items whose status, organization, identifier or mappings changed; the register;
or anything else ("full"). A reader holding the analysis at an earlier `seq` catches up
by re-reading only those items (roadmap/read/live_analysis.py). Writers that change the
revision queue on its one row, so `seq` counts changes in the order they commit.

The revision changes in the writer's own transaction, from session events, so no way of
writing (service, import, bulk delete) can forget it. Only sessions made by the app's
sessionmaker are watched; writes that bypass them (raw connections) must call `bump`.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import delete, event, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from .db import plain
from .models import (AccountSession, ActionAddressee, ActionUpdate, ApiToken, AuditRecord,
                     Edition, GapAction, LiaisonRecipient, LiaisonStatement, LimitCounter,
                     LimitHit, Mapping, PasswordReset, RegisterEntry, RegisterLead,
                     RegisterUpdate, RevisionChange, RoadmapState, SharedResult, User,
                     WorkItem)

# no cached result reads them
_IGNORED = (AuditRecord, User, ApiToken, AccountSession, PasswordReset, LimitCounter, LimitHit,
            RevisionChange, SharedResult)
# the gap report's register part reads them, and nothing else cached does
_REGISTER = (RegisterEntry, RegisterLead, RegisterUpdate, GapAction, ActionAddressee,
             ActionUpdate, LiaisonStatement, LiaisonRecipient, Edition)
_WORK_ITEM_INPUTS = ("status", "organization_id", "organization", "identifier")
KEEP_CHANGES = 2000  # RevisionChange rows kept: a reader further behind recomputes in full

CHANGED = "roadmap.changed"  # session.info: what this transaction changed (a Changes)
_READ = "roadmap.revision"  # session.info: the revision as this transaction read it
_ROW = 1


def watch(maker: sessionmaker) -> None:
    """Make every session of `maker` change the revision when it commits a write."""
    event.listen(maker, "after_flush", _mark)
    event.listen(maker, "do_orm_execute", _mark_bulk)
    event.listen(maker, "before_commit", _bump_on_commit)
    event.listen(maker, "after_commit", _clear)
    event.listen(maker, "after_rollback", _clear)
    event.listen(maker, "after_transaction_end", _forget_read)


@dataclass
class Changes:
    """What one transaction changed, as the revision's readers need to know it."""

    full: bool = False
    register: bool = False
    items: set[int] = field(default_factory=set)


def _mark(session: Session, _context) -> None:
    # after_flush still sees what the flush wrote, and each attribute's history
    for objects, how in ((session.new, "new"), (session.deleted, "deleted"),
                         (session.dirty, "dirty")):
        for obj in objects:
            if not isinstance(obj, _IGNORED) and (how != "dirty" or _counts(session, obj)):
                _note(session.info.setdefault(CHANGED, Changes()), obj, how)


def _counts(session: Session, obj) -> bool:
    if isinstance(obj, WorkItem):
        state = inspect(obj)
        return any(state.attrs[name].history.has_changes() for name in _WORK_ITEM_INPUTS)
    if isinstance(obj, _REGISTER):  # an entry's topics or an action's items: collections
        return True
    # an organization or topic whose one-to-many collection moved: the rows that moved
    # (a work item, a mapping) are new, deleted or dirty themselves, and counted there
    return session.is_modified(obj, include_collections=False)


def _note(changes: Changes, obj, how: str) -> None:
    item_id = (obj.id if isinstance(obj, WorkItem) and how != "deleted"
               else obj.work_item_id if isinstance(obj, Mapping) else None)
    if isinstance(obj, _REGISTER):
        changes.register = True
    elif item_id is not None:
        changes.items.add(item_id)
    else:  # topics, dependencies, organizations, equivalences, a deleted item: all of it
        changes.full = True
    if isinstance(obj, Mapping) and how == "dirty":  # moved to another item: the old one too
        state = inspect(obj)
        changes.items.update(i for i in state.attrs.work_item_id.history.deleted if i)
        changes.items.update(w.id for w in state.attrs.work_item.history.deleted if w)


def _mark_bulk(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:  # e.g. delete(Equivalence)
        mapper = state.bind_mapper
        if mapper is None or not issubclass(mapper.class_, _IGNORED):  # e.g. ending sessions
            changes = state.session.info.setdefault(CHANGED, Changes())
            if mapper is not None and issubclass(mapper.class_, _REGISTER):
                changes.register = True
            else:
                changes.full = True


def _bump_on_commit(session: Session) -> None:
    session.flush()  # commit flushes after this event; flush first so nothing goes unseen
    changes = session.info.get(CHANGED)
    if changes:
        bump(session.connection(), changes)


def _clear(session: Session) -> None:
    session.info.pop(CHANGED, None)


def _forget_read(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction, not a savepoint
        session.info.pop(_READ, None)


def bump(connection: Connection, changes: Changes | None = None) -> None:
    """Give the roadmap a new revision, in `connection`'s transaction, and say what changed
    (everything, when not told)."""
    changes = changes or Changes(full=True)
    values = {"id": _ROW, "revision": uuid.uuid4().hex, "seq": 1}
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(RoadmapState).values(values)
    seq = connection.execute(stmt.on_conflict_do_update(
        index_elements=["id"], set_={"revision": values["revision"],
                                     "seq": RoadmapState.seq + 1})
        .returning(RoadmapState.seq)).scalar_one()  # the row lock orders the writers
    connection.execute(RevisionChange.__table__.insert().values(
        seq=seq, revision=values["revision"], full=changes.full, register=changes.register,
        items=sorted(changes.items)))
    if seq % 100 == 0:
        connection.execute(delete(RevisionChange).where(RevisionChange.seq <= seq - KEEP_CHANGES))


def pending(session: Session) -> bool:
    """Whether this transaction holds writes not yet committed: what it computes from them
    must not be kept for others."""
    return bool(session.info.get(CHANGED) or session.new or session.dirty or session.deleted)


def current(session: Session) -> str | None:
    """The stored revision, read once per transaction (a page asks for several results)."""
    return _stored(session)[0]


def position(session: Session) -> int:
    """How many changes the stored revision counts (0 before the first)."""
    return _stored(session)[1]


_STATE = select(RoadmapState.revision, RoadmapState.seq).where(RoadmapState.id == _ROW)


def _stored(session: Session) -> tuple[str | None, int]:
    if _READ not in session.info:
        # a column read on the connection: the ORM's execution layer costs more than this
        # one-row read, which every page with a result kept per revision makes
        row = plain(session, _STATE).first()
        session.info[_READ] = (row.revision, row.seq) if row else (None, 0)
    return session.info[_READ]


def changes_since(session: Session, seq: int, then: str | None) -> Changes | None:
    """What changed after change `seq` (which set revision `then`) up to the stored
    revision, merged; None when the recorded changes cannot tell: some are no longer
    kept, the database was restored or recreated, or a writer changed the revision
    without recording what it changed (an older release during an upgrade). The reader
    must then build afresh."""
    now, stored = position(session), current(session)
    rows = session.execute(select(RevisionChange.seq, RevisionChange.revision,
                                  RevisionChange.full, RevisionChange.register,
                                  RevisionChange.items)
                           .where(RevisionChange.seq >= seq, RevisionChange.seq <= now)
                           .order_by(RevisionChange.seq)).all()
    anchored = tuple(rows[0][:2]) == (seq, then) if seq and rows else not seq and then is None
    if not anchored or len(rows) != now - seq + bool(seq) or (
            now and rows[-1][1] != stored):
        return None
    merged = Changes()
    for _, _, full, register, items in rows[bool(seq):]:
        merged.full |= full
        merged.register |= register
        merged.items.update(items)
    return merged


def recorded(session: Session, seq: int, then: str | None) -> bool:
    """Whether change `seq`, which set revision `then`, is recorded here: a reader on an
    older snapshot that meets an analysis a newer one made is on the same history."""
    return seq > 0 and session.scalar(
        select(RevisionChange.revision).where(RevisionChange.seq == seq)) == then
