"""The read side: plain frozen rows for pages, the API and exports."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from . import gaps, revision
from .models import (Committee, Equivalence, Gap, GapLead, Mapping, Organization, Topic,
                     TopicDependency, WorkItem)
from .sorting import natural_key
from .vocab import OPEN_GAP_STATUSES


@dataclass(frozen=True)
class ItemRow:
    id: int
    organization: str
    committee: str | None
    identifier: str
    title: str
    type: str
    status: str
    published: str | None
    target: str | None
    url: str | None
    relevance: str | None = None


def _item_row(item: WorkItem, acronym: str, committee: str | None,
              relevance: str | None = None) -> ItemRow:
    return ItemRow(item.id, acronym, committee, item.identifier, item.title, item.type,
                   item.status, item.published, item.target, item.url, relevance)


# --- gap analysis -------------------------------------------------------------------------

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

    def as_record(self) -> dict:
        return {"code": self.code, "name": self.name, "state": self.state,
                "blocked_by": list(self.blocked_by), "impact": self.impact,
                "overlap": list(self.overlap)}


@dataclass(frozen=True)
class RegisterRow:
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

    def as_record(self) -> dict:
        """Return the entry as a bundle record (`review` is derived, so it is not kept)."""
        record = {"code": self.code, "title": self.title, "statement": self.statement,
                  "topics": list(self.topics), "priority": self.priority,
                  "horizon": self.horizon, "rnd_needed": self.rnd_needed,
                  "recommendation": self.recommendation,
                  "leads": [{"organization": o, **({"committee": c} if c else {})}
                            for o, c in self.leads],
                  "status": self.status,
                  "updates": [{"date": d, "status": s, **({"note": n} if n else {})}
                              for d, s, n in self.updates]}
        return {k: v for k, v in record.items() if v not in (None, "", [])}


@dataclass(frozen=True)
class GapReport:
    topics: tuple[GapTopicRow, ...]  # every leaf topic, in code order
    gaps: tuple[str, ...]  # codes of the gap list, most pressing first
    register: tuple[RegisterRow, ...]

    def topic(self, code: str) -> GapTopicRow | None:
        return next((t for t in self.topics if t.code == code), None)

    def as_document(self) -> dict:
        """Return the document that the API and `roadmap gaps --format json` give."""
        return {"topics": [t.as_record() for t in self.topics], "gaps": list(self.gaps),
                "register": [{**r.as_record(), "review": r.review} for r in self.register]}


def analyse_roadmap(session: Session) -> tuple[gaps.Analysis, dict[str, Topic]]:
    """Run the gap analysis on the stored roadmap (five bare SELECTs, no ORM objects)."""
    topics = {row.id: row for row in session.execute(
        select(Topic.id, Topic.code, Topic.name, Topic.parent_id))}
    parents = {row.parent_id for row in topics.values() if row.parent_id is not None}
    leaves = {row.code: row.name for row in topics.values() if row.id not in parents}
    required = aliased(Topic)
    edges = session.execute(select(Topic.code, required.code)
                            .join(TopicDependency, TopicDependency.topic_id == Topic.id)
                            .join(required, TopicDependency.requires_id == required.id))
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
    return revision.cached(session, "gap_report", lambda: compute_gap_report(session))


def compute_gap_report(session: Session) -> GapReport:
    """`gap_report` without the cache: what a write makes each worker pay once."""
    analysis, topics = analyse_roadmap(session)
    by_code = {row.code: row for row in topics.values()}
    rows = []
    for result in analysis.topics.values():
        parent = topics.get(by_code[result.code].parent_id)
        rows.append(GapTopicRow(result.code, result.name, parent.code if parent else None,
                                parent.name if parent else None, result.state,
                                result.blocked_by, result.impact, result.overlap))
    return GapReport(tuple(rows), analysis.gaps, list_register(session, analysis))


def list_register(session: Session, analysis: gaps.Analysis | None = None) -> tuple[RegisterRow, ...]:
    """Return the register entries in code order; with an analysis, flag those to review."""
    stmt = select(Gap).options(
        selectinload(Gap.topics), selectinload(Gap.updates),
        selectinload(Gap.leads).options(joinedload(GapLead.organization),
                                        joinedload(GapLead.committee)))
    entries = sorted(session.scalars(stmt), key=lambda g: natural_key(g.code))
    return tuple(_register_row(g, analysis) for g in entries)


def _register_row(gap: Gap, analysis: gaps.Analysis | None) -> RegisterRow:
    topics = tuple(sorted((t.code for t in gap.topics), key=natural_key))
    return RegisterRow(
        gap.code, gap.title, gap.statement, topics, gap.priority, gap.horizon, gap.rnd_needed,
        gap.recommendation,
        tuple((lead.organization.acronym, lead.committee.code if lead.committee else None)
              for lead in gap.leads),
        gap.status, tuple((u.date.isoformat(), u.status, u.note) for u in gap.updates),
        _review(gap.status, topics, analysis))


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


# --- topic page ---------------------------------------------------------------------------

@dataclass(frozen=True)
class TopicPage:
    code: str
    name: str
    description: str | None
    category: str
    group: tuple[str, str] | None  # (code, name) of the parent
    figures: GapTopicRow | None  # a leaf topic's computed figures
    reason: str | None
    children: tuple[GapTopicRow, ...]  # a group's leaf topics
    requires: tuple[GapTopicRow, ...]
    required_by: tuple[GapTopicRow, ...]
    items_by_organization: tuple[tuple[str, tuple[ItemRow, ...]], ...]
    register: tuple[RegisterRow, ...]


def get_topic_page(session: Session, code: str) -> TopicPage | None:
    """Return what the topic page shows, or None when there is no such topic."""
    topic = session.scalar(select(Topic).where(Topic.code == code)
                           .options(joinedload(Topic.parent)))
    if topic is None:
        return None
    report = gap_report(session)
    rows = {t.code: t for t in report.topics}
    required = aliased(Topic)
    pairs = list(session.execute(select(Topic.code, required.code)
                                 .join(TopicDependency, TopicDependency.topic_id == Topic.id)
                                 .join(required, TopicDependency.requires_id == required.id)
                                 .where((Topic.id == topic.id) | (required.id == topic.id))))
    items = [_item_row(item, acronym, committee, relevance) for relevance, item, acronym, committee
             in session.execute(select(Mapping.relevance, WorkItem, Organization.acronym,
                                       Committee.code)
                                .join(Mapping.work_item).join(WorkItem.organization)
                                .outerjoin(Committee, WorkItem.committee_id == Committee.id)
                                .where(Mapping.topic_id == topic.id))]
    figures = rows.get(code)
    reason = figures and gaps.state_reason(
        figures.state, [(i.identifier, i.status, i.relevance) for i in items])
    by_org: dict[str, list[ItemRow]] = {}
    for item in sorted(items, key=lambda i: (natural_key(i.organization), i.relevance != "core",
                                             natural_key(i.identifier))):
        by_org.setdefault(item.organization, []).append(item)
    return TopicPage(
        topic.code, topic.name, topic.description, topic.category,
        (topic.parent.code, topic.parent.name) if topic.parent else None, figures, reason,
        tuple(t for t in report.topics if t.group_code == code),
        tuple(rows[b] for a, b in sorted(pairs) if a == code and b in rows),
        tuple(rows[a] for a, b in sorted(pairs) if b == code and a in rows),
        tuple((org, tuple(rows_)) for org, rows_ in by_org.items()),
        tuple(r for r in report.register if code in r.topics))


def select_gap_rows(report: GapReport, *, group: str | None = None,
                    states: list[str] | None = None) -> tuple[GapTopicRow, ...]:
    """Return the rows the gap report shows: the gap list by default, in its order.

    With `states`, topics in those states (covered ones included when asked for), still
    most pressing first; with `group`, only that group's topics.
    """
    by_code = {t.code: t for t in report.topics}
    ordered = [by_code[c] for c in report.gaps] + [t for t in report.topics
                                                    if t.code not in set(report.gaps)]
    wanted = set(states or ("uncovered", "partial"))
    return tuple(t for t in ordered if t.state in wanted and (group is None or t.group_code == group))


def topic_groups(report: GapReport) -> tuple[tuple[str, str], ...]:
    """Return the (code, name) of every group that has leaf topics, in code order."""
    seen = {t.group_code: t.group_name for t in report.topics if t.group_code}
    return tuple(sorted(seen.items(), key=lambda pair: natural_key(pair[0])))


def list_dependency_pairs(session: Session) -> list[tuple[str, str]]:
    required = aliased(Topic)
    return [tuple(row) for row in session.execute(
        select(Topic.code, required.code)
        .join(TopicDependency, TopicDependency.topic_id == Topic.id)
        .join(required, TopicDependency.requires_id == required.id))]
