"""The page of one organization: what it works on at a glance, and its items a page at a time.

Every figure is counted by the database (GROUP BY), and the items are one page of the
work-item list's own paging, so the page costs a fixed number of statements and a bounded
size whatever the number of items the organization has.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from ..models import Committee, Mapping, Organization, Topic, WorkItem
from ..sorting import natural_key
from ..vocab import ACTIVE_STATUSES, STATUSES
from .filters import WorkItemFilter
from .lists import ListPage, continuous, dated_kind, list_work_items

PER_PAGE = 50
MAX_TOPIC_ROWS = 60  # beyond this many topics, the summary counts by topic group only


@dataclass(frozen=True)
class CommitteeRow:
    code: str
    name: str
    parent: str | None
    url: str | None
    items: int


@dataclass(frozen=True)
class TopicRow:
    """The organization's active items on one leaf topic."""

    code: str
    name: str
    core: int  # items for which it is a core topic
    supporting: int
    statuses: tuple[int, ...]  # items per status, in ACTIVE_STATUSES order


@dataclass(frozen=True)
class GroupRow:
    """The organization's active work in one topic group."""

    code: str
    name: str
    covered: int  # leaf topics of the group it has active items on
    leaves: int  # leaf topics in the group
    core: int  # active items core to at least one of those topics
    supporting: int  # active items that only support them
    statuses: tuple[int, ...]  # active items per status, in ACTIVE_STATUSES order
    topics: tuple[TopicRow, ...] = ()  # the covered topics, unless there are too many


@dataclass(frozen=True)
class OrganizationPage:
    acronym: str
    name: str
    kind: str
    url: str | None
    committees: tuple[CommitteeRow, ...]
    statuses: tuple[tuple[str, int], ...]  # (status, items) for each status it has
    groups: tuple[GroupRow, ...]
    timeline: tuple[tuple[int, int, int], ...]  # (year, done, planned)
    items: ListPage  # one page of its items, by identifier

    @property
    def total(self) -> int:
        return sum(n for _, n in self.statuses)


def get_organization_page(session: Session, acronym: str, *,
                          page: int = 1) -> OrganizationPage | None:
    """Return what an organization's page shows, or None when there is no such one."""
    org = session.execute(select(Organization.id, Organization.acronym, Organization.name,
                                 Organization.kind, Organization.url)
                          .where(Organization.acronym == acronym)).first()
    if org is None:
        return None
    counts = dict(session.execute(select(WorkItem.status, func.count())
                                  .where(WorkItem.organization_id == org.id)
                                  .group_by(WorkItem.status)).all())
    items = list_work_items(session, WorkItemFilter(organization=acronym), sort="identifier",
                            page=page, per_page=PER_PAGE)
    return OrganizationPage(
        org.acronym, org.name, org.kind, org.url, _committees(session, org.id),
        tuple((s, counts[s]) for s in STATUSES if counts.get(s)),
        _groups(session, org.id), _timeline(session, org.id), items)


def _committees(session: Session, org_id: int) -> tuple[CommitteeRow, ...]:
    parent = aliased(Committee)
    rows = session.execute(
        select(Committee.code, Committee.name, parent.code, Committee.url, func.count(WorkItem.id))
        .outerjoin(parent, Committee.parent_id == parent.id)
        .outerjoin(WorkItem, WorkItem.committee_id == Committee.id)
        .where(Committee.organization_id == org_id)
        .group_by(Committee.id, Committee.code, Committee.name, parent.code, Committee.url))
    return tuple(sorted((CommitteeRow(*r) for r in rows), key=lambda c: natural_key(c.code)))


def _groups(session: Session, org_id: int) -> tuple[GroupRow, ...]:
    """Count the organization's active items per topic group, status and relevance."""
    group_id = func.coalesce(Topic.parent_id, Topic.id)  # a topic without a group is its own
    mapped = (select(group_id.label("group_id"), Mapping.topic_id, Mapping.work_item_id,
                     WorkItem.status, Mapping.relevance)
              .join(Mapping, Mapping.topic_id == Topic.id)
              .join(WorkItem, Mapping.work_item_id == WorkItem.id)
              .where(WorkItem.organization_id == org_id,
                     WorkItem.status.in_(ACTIVE_STATUSES)).subquery())
    per_item = (select(mapped.c.group_id, mapped.c.work_item_id, mapped.c.status,
                       func.max(case((mapped.c.relevance == "core", 1), else_=0)).label("core"))
                .group_by(mapped.c.group_id, mapped.c.work_item_id, mapped.c.status).subquery())
    tally: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for gid, status, core, n in session.execute(
            select(per_item.c.group_id, per_item.c.status, per_item.c.core, func.count())
            .group_by(per_item.c.group_id, per_item.c.status, per_item.c.core)):
        tally[gid][status] += n
        tally[gid]["core" if core else "supporting"] += n
    covered = dict(session.execute(select(mapped.c.group_id, func.count(mapped.c.topic_id.distinct()))
                                   .group_by(mapped.c.group_id)).all())
    topics = _topics(session, mapped) if sum(covered.values()) <= MAX_TOPIC_ROWS else {}
    return tuple(GroupRow(code, name, covered.get(gid, 0), leaves, tally[gid]["core"],
                          tally[gid]["supporting"], tuple(tally[gid][s] for s in ACTIVE_STATUSES),
                          tuple(topics.get(gid, ())))
                 for gid, code, name, leaves in _topic_groups(session) if gid in tally)


def _topics(session: Session, mapped) -> dict[int, list[TopicRow]]:
    """Count the active items per covered leaf topic, by group id (a few topics only)."""
    tally: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    for gid, code, name, status, relevance, n in session.execute(
            select(mapped.c.group_id, Topic.code, Topic.name, mapped.c.status,
                   mapped.c.relevance, func.count())
            .join(Topic, Topic.id == mapped.c.topic_id)
            .group_by(mapped.c.group_id, Topic.code, Topic.name, mapped.c.status,
                      mapped.c.relevance)):
        tally[(gid, code, name)][status] += n
        tally[(gid, code, name)][relevance] += n
    by_group: dict[int, list[TopicRow]] = defaultdict(list)
    for (gid, code, name), n in sorted(tally.items(), key=lambda kv: natural_key(kv[0][1])):
        by_group[gid].append(TopicRow(code, name, n["core"], n["supporting"],
                                      tuple(n[s] for s in ACTIVE_STATUSES)))
    return by_group


def _topic_groups(session: Session) -> list[tuple[int, str, str, int]]:
    """(id, code, name, leaf topics) of every group, in natural order of code."""
    group = aliased(Topic)
    parents = select(Topic.parent_id).where(Topic.parent_id.is_not(None))
    rows = session.execute(
        select(group.id, group.code, group.name, func.count(Topic.id))
        .join(Topic, group.id == func.coalesce(Topic.parent_id, Topic.id))
        .where(Topic.id.not_in(parents))
        .group_by(group.id, group.code, group.name)).all()
    return sorted((tuple(r) for r in rows), key=lambda r: natural_key(r[1]))


def _timeline(session: Session, org_id: int) -> tuple[tuple[int, int, int], ...]:
    """Count per year its active texts done (by publication) and planned (by target)."""
    kind, year = dated_kind(WorkItem.status, WorkItem.published, WorkItem.target)
    counts = {(k, int(y)): n for k, y, n in session.execute(
        select(kind, year, func.count()).where(WorkItem.organization_id == org_id,
                                               WorkItem.status.in_(ACTIVE_STATUSES))
        .group_by(kind, year)) if k in ("done", "planned")}
    return tuple((y, counts.get(("done", y), 0), counts.get(("planned", y), 0))
                 for y in continuous({y for _, y in counts}))
