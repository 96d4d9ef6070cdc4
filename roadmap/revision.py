"""The roadmap's revision: a value that changes with every committed write that the
whole-roadmap results (the gap analysis, the matrix, the filter choices) read.

Those results are cached per process under the revision they were computed at
(roadmap/read/revision_cache.py). Every worker reads the one stored revision (a primary-key
lookup) before using its cache, so no worker serves a stale result after another worker,
the command line or an import wrote.

What counts: any change of topics, dependencies, organizations, committees, mappings,
equivalences or the register, a work item added or removed, or a change of its status or
organization. Not a work item's title, dates or stage (the commonest edits), nor the
audit log or accounts. A result cached here may read nothing else.

The revision changes in the writer's own transaction, from session events, so no way of
writing (service, import, bulk delete) can forget it. Only sessions made by the app's
sessionmaker are watched; writes that bypass them (raw connections) must call `bump`.
"""
from __future__ import annotations

import uuid

from sqlalchemy import event, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from .models import (AccountSession, ApiToken, AuditRecord, LimitCounter, LimitHit,
                     PasswordReset, RoadmapState, User, WorkItem)

# no cached result reads them
_IGNORED = (AuditRecord, User, ApiToken, AccountSession, PasswordReset, LimitCounter, LimitHit)
_WORK_ITEM_INPUTS = ("status", "organization_id", "organization")

CHANGED = "roadmap.changed"  # session.info flag: this transaction wrote something
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


def _mark(session: Session, _context) -> None:
    # after_flush still sees what the flush wrote, and each attribute's history
    if any(_counts(obj, changed=False) for obj in (*session.new, *session.deleted)) or any(
            _counts(obj, changed=True) for obj in session.dirty):
        session.info[CHANGED] = True


def _counts(obj, *, changed: bool) -> bool:
    if isinstance(obj, _IGNORED):
        return False
    if changed and isinstance(obj, WorkItem):
        state = inspect(obj)
        return any(state.attrs[name].history.has_changes() for name in _WORK_ITEM_INPUTS)
    return True


def _mark_bulk(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:  # e.g. delete(Equivalence)
        mapper = state.bind_mapper
        if mapper is None or not issubclass(mapper.class_, _IGNORED):  # e.g. ending sessions
            state.session.info[CHANGED] = True


def _bump_on_commit(session: Session) -> None:
    session.flush()  # commit flushes after this event; flush first so nothing goes unseen
    if session.info.get(CHANGED):
        bump(session.connection())


def _clear(session: Session) -> None:
    session.info.pop(CHANGED, None)


def _forget_read(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction, not a savepoint
        session.info.pop(_READ, None)


def bump(connection: Connection) -> None:
    """Give the roadmap a new revision, in `connection`'s transaction."""
    values = {"id": _ROW, "revision": uuid.uuid4().hex}
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(RoadmapState).values(values)
    connection.execute(stmt.on_conflict_do_update(index_elements=["id"],
                                                  set_={"revision": values["revision"]}))


def current(session: Session) -> str | None:
    """The stored revision, read once per transaction (a page asks for several results)."""
    if _READ not in session.info:
        session.info[_READ] = session.scalar(
            select(RoadmapState.revision).where(RoadmapState.id == _ROW))
    return session.info[_READ]
