"""The gap report every reader shares: each leaf topic's computed gap, and the register.

"Gap" here is what the analysis computes for a topic (roadmap/gaps.py); a "register entry"
is what editors curate about a gap (roadmap/services/gap_register.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from .. import gap_words, gaps, graph_layout
from ..models import (Equivalence, Mapping, Organization, RegisterEntry, RegisterLead, Topic,
                      WorkItem, dependency_codes)
from ..sorting import natural_key
from ..vocab import OPEN_GAP_STATUSES
from .actions import ActionRow, action_rows, eager
from .revision_cache import per_revision


@dataclass(frozen=True)
class GapTopicRow:
    """A leaf topic with its computed figures, as the gap report shows it."""

    code: str
    name: str
    group_code: str | None
    group_name: str | None
    state: str
    blocked_by: tuple[str, ...]
    impact: int
    overlap: tuple[str, ...]
    reason: str | None = None  # the topic page's sentence, e.g. "Uncovered: no active ..."

    @property
    def why(self) -> str:
        """Say why the topic is (or is not) a gap: the topic page's sentence, from its texts."""
        return self.reason or gap_words.why(self.state, self.name, self.code, self.blocked_by,
                                       self.impact)

    def as_record(self) -> dict:
        return {"code": self.code, "name": self.name, "state": self.state,
                "blocked_by": list(self.blocked_by), "impact": self.impact,
                "overlap": list(self.overlap)}


@dataclass(frozen=True)
class RegisterEntryRow:
    """An entry of the curated gap register, with what the data says of it now."""

    code: str
    title: str
    statement: str | None
    topics: tuple[str, ...]
    priority: str
    horizon: str | None
    rnd_needed: str
    recommendation: str | None
    leads: tuple[tuple[str, str | None], ...]  # (organization, committee or None)
    status: str
    updates: tuple[tuple[str, str, str | None], ...]  # (date, status, note), oldest first
    review: str | None = None  # set when the data no longer shows the gap
    actions: tuple[ActionRow, ...] = ()  # by number; in the bundle inside the entry
    version: int = 0

    def open_actions(self) -> tuple[ActionRow, ...]:
        return tuple(a for a in self.actions if a.is_open)

    def suggestions(self) -> str | None:
        """The recommendation and the open actions, as the Word tables give them."""
        lines = [self.recommendation] + [a.words() for a in self.open_actions()]
        return "\n".join(filter(None, lines)) or None

    def as_record(self) -> dict:
        """Return the entry as a bundle record, its actions inside it (`review` is derived,
        so it is not kept)."""
        record = {"code": self.code, "title": self.title, "statement": self.statement,
                  "topics": list(self.topics), "priority": self.priority,
                  "horizon": self.horizon, "rnd_needed": self.rnd_needed,
                  "recommendation": self.recommendation,
                  "leads": [{"organization": o, **({"committee": c} if c else {})}
                            for o, c in self.leads],
                  "status": self.status,
                  "updates": [{"date": d, "status": s, **({"note": n} if n else {})}
                              for d, s, n in self.updates],
                  "actions": [a.as_record() for a in self.actions]}
        return {k: v for k, v in record.items() if v not in (None, "", [])}


@dataclass(frozen=True)
class GapReport:
    topics: tuple[GapTopicRow, ...]  # every leaf topic, in code order
    gap_codes: tuple[str, ...]  # codes of the topics with a gap, most pressing first
    register: tuple[RegisterEntryRow, ...]

    def topic(self, code: str) -> GapTopicRow | None:
        return next((t for t in self.topics if t.code == code), None)

    def as_document(self) -> dict:
        """Return the document that the API and `roadmap gaps --format json` give."""
        return {"topics": [t.as_record() for t in self.topics], "gaps": list(self.gap_codes),
                "register": [{**r.as_record(), "review": r.review} for r in self.register]}


def analyse_roadmap(session: Session) -> tuple[gaps.Analysis, dict[int, tuple]]:
    """Run the gap analysis on the stored roadmap (five bare SELECTs, no ORM objects)."""
    topics = {row.id: row for row in session.execute(
        select(Topic.id, Topic.code, Topic.name, Topic.parent_id))}
    parents = {row.parent_id for row in topics.values() if row.parent_id is not None}
    leaves = {row.code: row.name for row in topics.values() if row.id not in parents}
    edges = session.execute(dependency_codes())
    items = list(map(gaps.Item._make, session.execute(
        select(WorkItem.id, Organization.acronym, WorkItem.status).join(WorkItem.organization))))
    mappings = list(map(gaps.MappingIn._make, session.execute(
        select(Mapping.work_item_id, Topic.code, Mapping.relevance).join(Mapping.topic))))
    equivalences = session.execute(select(Equivalence.low_id, Equivalence.high_id))
    analysis = gaps.analyse(leaves, list(edges), items, mappings, list(equivalences))
    return analysis, topics


def gap_report(session: Session) -> GapReport:
    """Return the computed figures of every leaf topic, the gap list and the register.

    The report reads the whole roadmap, so it is computed once per revision and process.
    """
    return per_revision(session, "gap_report", lambda: compute_gap_report(session))


def compute_gap_report(session: Session) -> GapReport:
    """`gap_report` without the cache: what a write makes each worker pay once."""
    analysis, topics = analyse_roadmap(session)
    by_code = {row.code: row for row in topics.values()}
    texts = mapped_texts(session)
    rows = []
    for result in analysis.topics.values():
        parent = topics.get(by_code[result.code].parent_id)
        rows.append(GapTopicRow(result.code, result.name, parent.code if parent else None,
                                parent.name if parent else None, result.state,
                                result.blocked_by, result.impact, result.overlap,
                                gap_words.state_reason(result.state, texts.get(result.code, ()))))
    return GapReport(tuple(rows), analysis.gap_codes, list_register(session, analysis))


def mapped_texts(session: Session) -> dict[str, list[tuple[str, str, str]]]:
    """Return each topic's (identifier, status, relevance) texts, as `state_reason` reads them."""
    texts: dict[str, list[tuple[str, str, str]]] = {}
    for code, identifier, status, relevance in session.execute(
            select(Topic.code, WorkItem.identifier, WorkItem.status, Mapping.relevance)
            .join(Mapping.topic).join(Mapping.work_item)):
        texts.setdefault(code, []).append((identifier, status, relevance))
    for listed in texts.values():
        listed.sort(key=lambda text: natural_key(text[0]))
    return texts


def list_register(session: Session,
                  analysis: gaps.Analysis | None = None) -> tuple[RegisterEntryRow, ...]:
    """Return the register entries in code order; with an analysis, flag those to review."""
    stmt = select(RegisterEntry).options(
        selectinload(RegisterEntry.topics), selectinload(RegisterEntry.updates),
        selectinload(RegisterEntry.leads).options(joinedload(RegisterLead.organization),
                                                  joinedload(RegisterLead.committee)),
        selectinload(RegisterEntry.actions).options(*eager()[1:]))
    entries = sorted(session.scalars(stmt), key=lambda e: natural_key(e.code))
    return tuple(_register_row(e, analysis) for e in entries)


def _register_row(entry: RegisterEntry, analysis: gaps.Analysis | None) -> RegisterEntryRow:
    topics = tuple(sorted((t.code for t in entry.topics), key=natural_key))
    return RegisterEntryRow(
        entry.code, entry.title, entry.statement, topics, entry.priority, entry.horizon,
        entry.rnd_needed, entry.recommendation,
        tuple((lead.organization.acronym, lead.committee.code if lead.committee else None)
              for lead in entry.leads),
        entry.status, tuple((u.date.isoformat(), u.status, u.note) for u in entry.updates),
        _review(entry.status, topics, analysis), action_rows(entry.actions), entry.version)


def _review(status: str, topics: tuple[str, ...], analysis: gaps.Analysis | None) -> str | None:
    """Say so when every topic of an open entry is now covered; the entry never closes itself."""
    if analysis is None or status not in OPEN_GAP_STATUSES or not topics:
        return None
    states = [analysis.topics[c].state if c in analysis.topics else None for c in topics]
    if all(state == gaps.COVERED for state in states):
        return (f"The data no longer shows this gap: {', '.join(topics)} "
                f"{'is' if len(topics) == 1 else 'are'} now covered. Review the entry: "
                "close it, or restate the gap.")
    return None


def get_register_row(session: Session, code: str) -> RegisterEntryRow | None:
    """One entry as the register shows it, with its review note and actions."""
    return next((r for r in gap_report(session).register if r.code == code), None)


def select_gap_rows(report: GapReport, *, group: str | None = None,
                    states: list[str] | None = None, blocked: bool = False,
                    overlapping: bool = False) -> tuple[GapTopicRow, ...]:
    """Return the rows the gap report shows: the gap list by default, in its order.

    With `states`, topics in those states (covered ones included when asked for), still
    most pressing first; with `group`, only that group's topics; with `blocked`, only
    those waiting on an uncovered topic; with `overlapping`, only those with overlap.
    """
    by_code = {t.code: t for t in report.topics}
    listed = set(report.gap_codes)
    ordered = [by_code[c] for c in report.gap_codes] + [t for t in report.topics
                                                         if t.code not in listed]
    wanted = set(states or ("uncovered", "partial"))
    return tuple(t for t in ordered if t.state in wanted
                 and (group is None or t.group_code == group)
                 and (t.blocked_by or not blocked) and (t.overlap or not overlapping))


def topic_groups(report: GapReport) -> tuple[tuple[str, str], ...]:
    """Return the (code, name) of every group that has leaf topics, in code order."""
    seen = {t.group_code: t.group_name for t in report.topics if t.group_code}
    return tuple(sorted(seen.items(), key=lambda pair: natural_key(pair[0])))


def dependency_pairs(session: Session) -> list[tuple[str, str]]:
    """Return every (topic, requires) pair by code: the edges the graph page draws."""
    return [tuple(row) for row in session.execute(dependency_codes())]


def graph_drawing(session: Session):
    """The dependency graph's layered drawing, made once per revision (the layout of 500
    topics takes a few hundred milliseconds; topics, states and edges are all it reads)."""
    def draw():
        report = gap_report(session)
        return graph_layout.layered([(t.code, t.name, t.state) for t in report.topics],
                                    dependency_pairs(session))
    return per_revision(session, "graph", draw)
