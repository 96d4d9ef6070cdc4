"""The pages of one record: a topic, a work item, an organization, and the history of any
record.

Each function costs a fixed number of SQL statements, whatever the size of the roadmap.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from .. import gap_words
from ..models import (REQUIRED, AuditRecord, Committee, Equivalence, Mapping, Organization,
                      Topic, User, WorkItem, dependency_codes)
from ..sorting import natural_key
from ..vocab import ACTIVE_STATUSES, label
from .common import WorkItemRow, listed_row, work_item_row
from .gap_report import GapTopicRow, RegisterEntryRow, gap_report
from .lists import timeline_years

# --- a topic ------------------------------------------------------------------------------


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
    items_by_organization: tuple[tuple[str, tuple[WorkItemRow, ...]], ...]
    register: tuple[RegisterEntryRow, ...]


def get_topic_page(session: Session, code: str) -> TopicPage | None:
    """Return what the topic page shows, or None when there is no such topic."""
    topic = session.scalar(select(Topic).where(Topic.code == code)
                           .options(joinedload(Topic.parent)))
    if topic is None:
        return None
    report = gap_report(session)
    rows = {t.code: t for t in report.topics}
    pairs = sorted(session.execute(dependency_codes().where(
        (Topic.id == topic.id) | (REQUIRED.id == topic.id))))
    items = _topic_items(session, topic.id)
    figures = rows.get(code)
    reason = figures and gap_words.state_reason(
        figures.state, [(i.identifier, i.status, i.relevance) for i in items])
    return TopicPage(
        topic.code, topic.name, topic.description, topic.category,
        (topic.parent.code, topic.parent.name) if topic.parent else None, figures, reason,
        tuple(t for t in report.topics if t.group_code == code),
        tuple(rows[b] for a, b in pairs if a == code and b in rows),
        tuple(rows[a] for a, b in pairs if b == code and a in rows),
        _by_organization(items), tuple(r for r in report.register if code in r.topics))


def _topic_items(session: Session, topic_id: int) -> list[WorkItemRow]:
    return [work_item_row(item, acronym, committee, relevance=relevance)
            for relevance, item, acronym, committee in session.execute(
                select(Mapping.relevance, WorkItem, Organization.acronym, Committee.code)
                .join(Mapping.work_item).join(WorkItem.organization)
                .outerjoin(Committee, WorkItem.committee_id == Committee.id)
                .where(Mapping.topic_id == topic_id))]


def _by_organization(items: list[WorkItemRow]):
    """Group a topic's items by organization; core before supporting within each."""
    by_org: dict[str, list[WorkItemRow]] = {}
    for item in sorted(items, key=lambda i: (natural_key(i.organization), i.relevance != "core",
                                             natural_key(i.identifier))):
        by_org.setdefault(item.organization, []).append(item)
    return tuple((org, tuple(rows)) for org, rows in by_org.items())


# --- a work item --------------------------------------------------------------------------

@dataclass(frozen=True)
class WorkItemPage:
    item: dict  # the work item's own fields, by column name
    organization: str
    organization_name: str
    committee: tuple[str, str] | None  # (code, name)
    topics: tuple[tuple[str, str, str, str | None], ...]  # (code, name, relevance, note)
    equivalents: tuple[tuple[int, str, str, str], ...]  # (id, organization, identifier, title)


def get_work_item_page(session: Session, item_id: int) -> WorkItemPage | None:
    item = session.scalar(select(WorkItem).where(WorkItem.id == item_id).options(
        joinedload(WorkItem.organization), joinedload(WorkItem.committee),
        selectinload(WorkItem.mappings).joinedload(Mapping.topic)))
    if item is None:
        return None
    other = aliased(WorkItem)
    pairs = select(Equivalence.low_id.label("a"), Equivalence.high_id.label("b")).union_all(
        select(Equivalence.high_id, Equivalence.low_id)).subquery()
    equivalents = session.execute(
        select(other.id, Organization.acronym, other.identifier, other.title)
        .join(pairs, pairs.c.b == other.id).join(Organization, other.organization_id == Organization.id)
        .where(pairs.c.a == item_id)).all()
    topics = tuple(sorted(((m.topic.code, m.topic.name, m.relevance, m.note) for m in item.mappings),
                          key=lambda t: natural_key(t[0])))
    fields = {c.key: getattr(item, c.key) for c in WorkItem.__table__.columns}
    return WorkItemPage(fields, item.organization.acronym, item.organization.name,
                        (item.committee.code, item.committee.name) if item.committee else None,
                        topics, tuple(sorted((tuple(r) for r in equivalents),
                                             key=lambda r: (natural_key(r[1]), natural_key(r[2])))))


# --- an organization ----------------------------------------------------------------------

@dataclass(frozen=True)
class CommitteeRow:
    code: str
    name: str
    parent: str | None
    url: str | None
    items: int


@dataclass(frozen=True)
class OrganizationPage:
    acronym: str
    name: str
    kind: str
    url: str | None
    committees: tuple[CommitteeRow, ...]
    items: tuple[WorkItemRow, ...]
    topics: tuple[tuple[str, str, int, int], ...]  # (code, name, core count, supporting count)
    timeline: tuple[tuple[int, int, int], ...]  # (year, done, planned)


def get_organization_page(session: Session, acronym: str) -> OrganizationPage | None:
    org = session.scalar(select(Organization).where(Organization.acronym == acronym))
    if org is None:
        return None
    parent = aliased(Committee)
    committees = session.execute(
        select(Committee, parent.code).outerjoin(parent, Committee.parent_id == parent.id)
        .where(Committee.organization_id == org.id)).all()
    items = list(session.scalars(
        select(WorkItem).where(WorkItem.organization_id == org.id).options(
            joinedload(WorkItem.organization), joinedload(WorkItem.committee),
            selectinload(WorkItem.mappings).joinedload(Mapping.topic))).unique())
    rows = tuple(sorted((listed_row(w) for w in items), key=lambda r: natural_key(r.identifier)))
    per_committee = Counter(r.committee for r in rows)
    return OrganizationPage(
        org.acronym, org.name, org.kind, org.url,
        tuple(sorted((CommitteeRow(c.code, c.name, p, c.url, per_committee.get(c.code, 0))
                      for c, p in committees), key=lambda c: natural_key(c.code))),
        rows, _topic_counts(items), timeline_years(rows))


def _topic_counts(items: list[WorkItem]) -> tuple[tuple[str, str, int, int], ...]:
    """Count the organization's active items per topic: (code, name, core, supporting)."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for w in items:
        if w.status in ACTIVE_STATUSES:
            for m in w.mappings:
                counts[(m.topic.code, m.topic.name)][m.relevance != "core"] += 1
    return tuple((code, name, n[0], n[1]) for (code, name), n in sorted(
        counts.items(), key=lambda kv: natural_key(kv[0][0])))


# --- history ------------------------------------------------------------------------------

COMMAND_LINE = "command line"  # the actor of changes made with `flask --app app roadmap`

@dataclass(frozen=True)
class HistoryEntry:
    at: str  # ISO timestamp, UTC
    actor: str
    action: str
    changes: tuple[tuple[str, object, object], ...]  # (field, before, after)


def list_history(session: Session, kind: str, key: str, *,
                 addresses: bool = False) -> tuple[HistoryEntry, ...]:
    """Return the audit records of one record, newest first.

    Each change is signed with its author's display name, or their role; the e-mail
    address too only when `addresses` (admins): history pages are public.
    """
    rows = list(session.scalars(select(AuditRecord).where(AuditRecord.kind == kind,
                                                          AuditRecord.key == key)
                                .order_by(AuditRecord.at.desc(), AuditRecord.id.desc())))
    names = authors(session, {r.actor for r in rows}, addresses=addresses)
    return tuple(HistoryEntry(r.at.strftime("%Y-%m-%d %H:%M UTC"), names[r.actor], r.action,
                              tuple((name, *values) for name, values in sorted(r.changes.items())))
                 for r in rows)


def authors(session: Session, actors: set[str], *, addresses: bool) -> dict[str, str]:
    """How each audit actor (an e-mail, or "command line") is shown, in one query."""
    known = {email: (name, role) for email, name, role in session.execute(
        select(User.email, User.display_name, User.role).where(User.email.in_(actors)))} if actors else {}
    shown = {}
    for actor in actors:
        name, role = known.get(actor, (None, None))
        word = label(role).lower()
        public = name or (("an " if word[:1] in "aeiou" else "a ") + word if role else
                          actor if actor == COMMAND_LINE else "a former account")
        shown[actor] = f"{public} <{actor}>" if addresses and actor != COMMAND_LINE else public
    return shown
