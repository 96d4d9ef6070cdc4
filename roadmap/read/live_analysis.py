"""The gap report built from the live analysis, which each process keeps current.

A full build reads the whole roadmap as plain rows (Core selects: no ORM objects, the
garbage collector paused while the tuples are made) into a `gaps_live.LiveAnalysis`. Each
process keeps the last one it built; before using it, it asks the revision what changed
since (roadmap/revision.py). When only work items changed, it re-reads those items and
their mappings and rebuilds only the rows they reach; when the register changed, it
re-lists the register; anything else builds afresh.
"""
from __future__ import annotations

import threading
import weakref
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .. import collector, gaps, revision
from ..gaps_live import ItemChange, ItemIn, LiveAnalysis
from ..models import (Equivalence, Mapping, Organization, Topic, WorkItem, action_work_items,
                      dependency_codes)
from .common import plain
from .gap_rows import GapReport, GapTopicRow, RegisterEntryRow
from .register_rows import list_register, review

CHUNK = 500  # ids per IN (...) when catching up


@dataclass
class Held:
    """A process's live analysis, at change `seq`, and the report rows built from it."""

    seq: int
    revision: str | None  # the revision change `seq` set: both must match to catch up
    live: LiveAnalysis
    groups: dict[str, tuple[str | None, str | None]]  # leaf code -> its group's code, name
    rows: dict[str, GapTopicRow] = field(default_factory=dict)
    register: tuple[RegisterEntryRow, ...] = ()

    def report(self) -> GapReport:
        return GapReport(tuple(self.rows[code] for code in self.rows), self.live.gap_codes(),
                         self.register)

    def states(self) -> dict[str, str]:
        return {code: figures.state for code, figures in self.live.figures.items()}


_held: "weakref.WeakKeyDictionary[Engine, Held]" = weakref.WeakKeyDictionary()
_locks: "weakref.WeakKeyDictionary[Engine, threading.Lock]" = weakref.WeakKeyDictionary()
_guard = threading.Lock()


def build(session: Session, keys: dict | None = None) -> Held:
    """Read the whole roadmap and analyse it: what a change of topics, dependencies,
    organizations or equivalences makes a process pay once."""
    seq = revision.position(session)
    def rows(statement):  # Core rows: no ORM loading on 150,000 of them
        return plain(session, statement)
    with collector.paused():
        topics = rows(select(Topic.id, Topic.code, Topic.name, Topic.parent_id)).all()
        by_id = {row.id: row for row in topics}
        parents = {row.parent_id for row in topics if row.parent_id is not None}
        leaves = {row.code: row.name for row in topics if row.id not in parents}
        codes = {row.id: row.code for row in topics}
        items = map(ItemIn._make, rows(  # fetched whole: row by row costs twice as much
            select(WorkItem.id, Organization.acronym, WorkItem.status, WorkItem.identifier)
            .join(WorkItem.organization)).all())
        mappings = ((item, codes[topic], relevance) for item, topic, relevance in rows(
            select(Mapping.work_item_id, Mapping.topic_id, Mapping.relevance)).all())
        live = LiveAnalysis(leaves, rows(dependency_codes()).all(), items, mappings,
                            rows(select(Equivalence.low_id, Equivalence.high_id)).all(), keys)
    groups = {}
    for row in topics:
        if row.code in leaves:
            parent = by_id.get(row.parent_id)
            groups[row.code] = (parent.code, parent.name) if parent else (None, None)
    held = Held(seq, revision.current(session), live, groups)
    held.rows = {code: _row(held, code) for code in sorted(leaves, key=live.sort_key)}
    held.register = list_register(session, held.states())
    return held


def _row(held: Held, code: str) -> GapTopicRow:
    result, figures = held.live.result(code), held.live.figures[code]
    group_code, group_name = held.groups[code]
    return GapTopicRow(code, result.name, group_code, group_name, result.state,
                       result.blocked_by, result.impact, result.overlap, figures.reason)


def current_report(session: Session) -> GapReport:
    """The report at the stored revision, from this process's live analysis caught up."""
    return _reading(session, Held.report)


def current_analysis(session: Session) -> gaps.Analysis:
    """The analysis itself, as `gaps.analyse` gives it, at the stored revision."""
    return _reading(session, lambda held: held.live.analysis())


def current_cells(session: Session, choose: Callable[[set[str]], Iterable[str]]):
    """The matrix's figures from the same live analysis: the organizations with active
    work, how many work items have each status, and the cells of the topics that
    `choose(organizations)` picks: each (topic, organization, status, relevance, count)."""
    def read(held: Held):
        busy = held.live.busy()
        return busy, Counter(held.live.statuses), held.live.cells(choose(busy))
    return _reading(session, read)


def _reading(session: Session, read: Callable[[Held], Any]) -> Any:
    """`read` the live analysis caught up with the stored revision, under its lock."""
    engine = session.get_bind()
    # uncommitted writes must not reach the held state; an edition's read-only copy never
    # changes, so its results are kept per revision and its analysis need not be held
    if revision.pending(session) or engine.url.query.get("mode") == "ro":
        return read(build(session))
    with _guard:
        lock = _locks.setdefault(engine, threading.Lock())
    with lock:
        try:
            _held[engine] = held = _caught_up(session, _held.get(engine))
        except BaseException:
            _held.pop(engine, None)  # a catch-up cut short leaves nothing half-applied
            raise
        return read(held)


def forget(engine: Engine) -> None:
    """Drop the analysis this process holds for `engine`: the next report builds afresh."""
    with _guard:
        _held.pop(engine, None)


def _caught_up(session: Session, held: Held | None) -> Held:
    seq = revision.position(session)
    if held is not None and (held.seq, held.revision) == (seq, revision.current(session)):
        return held
    if held is not None and held.seq > seq and revision.recorded(session, held.seq,
                                                                 held.revision):
        return held  # a thread on a newer snapshot got here first
    changes = None if held is None else revision.changes_since(session, held.seq,
                                                               held.revision)
    if changes is None or changes.full:
        return build(session, held.live.keys if held else None)
    if changes.items:
        _apply_items(session, held, sorted(changes.items))
    if changes.register or _in_actions(session, changes.items):
        held.register = list_register(session, held.states())
    else:
        states = held.states()
        held.register = tuple(replace(r, review=review(r.status, r.topics, states))
                              for r in held.register)
    held.seq, held.revision = seq, revision.current(session)
    return held


def _apply_items(session: Session, held: Held, ids: list[int]) -> None:
    """Re-read these items and their mappings, and rebuild the rows they reach."""
    changes = {item_id: ItemChange(None, {}) for item_id in ids}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for row in session.execute(select(WorkItem.id, Organization.acronym, WorkItem.status,
                                          WorkItem.identifier).join(WorkItem.organization)
                                   .where(WorkItem.id.in_(chunk))):
            changes[row[0]] = ItemChange(ItemIn._make(row), {})
        for item_id, code, relevance in session.execute(
                select(Mapping.work_item_id, Topic.code, Mapping.relevance).join(Mapping.topic)
                .where(Mapping.work_item_id.in_(chunk))):
            changes[item_id].topics[code] = relevance
    for code in held.live.apply(changes):
        held.rows[code] = _row(held, code)


def _in_actions(session: Session, ids: set[int]) -> bool:
    """Whether an action lists one of these items (its rows show their identifiers)."""
    if not ids:
        return False
    column = action_work_items.c.work_item_id
    return any(session.execute(select(column).where(column.in_(chunk)).limit(1)).first()
               for chunk in (sorted(ids)[i:i + CHUNK] for i in range(0, len(ids), CHUNK)))
