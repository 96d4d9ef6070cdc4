"""The page of one organization: what it works on at a glance, and its items a page at a time.

Every figure is counted by the database (GROUP BY), and the items come a page at a time
in the order the work-item list sorted by identifier has, so the page costs a fixed number
of statements and a bounded size whatever the number of items the organization has.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import bindparam, case, func, literal, select, union_all
from sqlalchemy.orm import Session, aliased

from ..models import Committee, Mapping, Organization, Topic, WorkItem
from ..sorting import natural_key
from ..vocab import ACTIVE_STATUSES, STATUSES
from .common import ROWS, plain, rows_with_topics, with_topics
from .lists import ListPage, continuous, dated_kind
from .revision_cache import per_revision

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


_ORGANIZATION = select(Organization.id, Organization.acronym, Organization.name,
                       Organization.kind, Organization.url).where(
                           Organization.acronym == bindparam("acronym"))


def exists(session: Session, acronym: str) -> bool:
    """Whether there is an organization of that acronym (one indexed lookup)."""
    return plain(session, _ORGANIZATION, {"acronym": acronym}).first() is not None


def get_organization_page(session: Session, acronym: str, *,
                          page: int = 1) -> OrganizationPage | None:
    """Return what an organization's page shows, or None when there is no such one."""
    org = plain(session, _ORGANIZATION, {"acronym": acronym}).first()
    if org is None:
        return None
    statuses, timeline = _statuses_and_timeline(session, org.id)
    items = _items(session, org.id, sum(n for _, n in statuses), page)
    return OrganizationPage(org.acronym, org.name, org.kind, org.url,
                            _committees(session, org.id), statuses, _groups(session, org.id),
                            timeline, items)


_PAGE_IDS = (select(WorkItem.id).where(WorkItem.organization_id == bindparam("org_id"))
             .order_by(WorkItem.identifier, WorkItem.id)
             .limit(bindparam("limit")).offset(bindparam("offset")).subquery())
# the page's rows with their topics: one statement, built once, where the list's own
# paging takes three (it builds its filters per request)
_PAGE = (with_topics(ROWS.join(_PAGE_IDS, _PAGE_IDS.c.id == WorkItem.id))
         .order_by(WorkItem.identifier, WorkItem.id))


def _items(session: Session, org_id: int, total: int, page: int) -> ListPage:
    """One page of its items by identifier, as the list sorted so shows them; `total` is
    already counted (its statuses), and a page past the end shows the last one."""
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), pages)
    rows = rows_with_topics(plain(session, _PAGE, {"org_id": org_id, "limit": PER_PAGE,
                                                   "offset": (page - 1) * PER_PAGE}))
    return ListPage(tuple(rows.values()), total, page, pages, "identifier", False)


_PARENT = aliased(Committee)
_COMMITTEES = (
    select(Committee.code, Committee.name, _PARENT.code, Committee.url, func.count(WorkItem.id))
    .outerjoin(_PARENT, Committee.parent_id == _PARENT.id)
    .outerjoin(WorkItem, WorkItem.committee_id == Committee.id)
    .where(Committee.organization_id == bindparam("org_id"))
    .group_by(Committee.id, Committee.code, Committee.name, _PARENT.code, Committee.url))


def _committees(session: Session, org_id: int) -> tuple[CommitteeRow, ...]:
    rows = plain(session, _COMMITTEES, {"org_id": org_id})
    return tuple(sorted((CommitteeRow(*r) for r in rows), key=lambda c: natural_key(c.code)))


_KIND, _YEAR = dated_kind(WorkItem.status, WorkItem.published, WorkItem.target)
_DATED = (select(WorkItem.status, _KIND, _YEAR, func.count())
          .where(WorkItem.organization_id == bindparam("org_id"))
          .group_by(WorkItem.status, _KIND, _YEAR))


def _statuses_and_timeline(session: Session, org_id: int):
    """Count its items per status, and per year its active texts done (by publication) and
    planned (by target): one pass over its items."""
    statuses: dict[str, int] = defaultdict(int)
    dated: dict[tuple[str, int], int] = defaultdict(int)
    for status, kind, year, n in plain(session, _DATED, {"org_id": org_id}):
        statuses[status] += n
        if status in ACTIVE_STATUSES and kind in ("done", "planned"):
            dated[(kind, int(year))] += n
    return (tuple((s, statuses[s]) for s in STATUSES if statuses.get(s)),
            tuple((y, dated.get(("done", y), 0), dated.get(("planned", y), 0))
                  for y in continuous({y for _, y in dated})))


# the organization's active mappings, each with its topic's group (a topic without a group
# is its own); read once per statement, for the two counts below
_MAPPED = (select(func.coalesce(Topic.parent_id, Topic.id).label("group_id"), Mapping.topic_id,
                  Mapping.work_item_id, WorkItem.status, Mapping.relevance)
           .join(Mapping, Mapping.topic_id == Topic.id)
           .join(WorkItem, Mapping.work_item_id == WorkItem.id)
           .where(WorkItem.organization_id == bindparam("org_id"),
                  WorkItem.status.in_(ACTIVE_STATUSES)).cte("mapped"))
_PER_ITEM = (select(_MAPPED.c.group_id, _MAPPED.c.status,
                    func.max(case((_MAPPED.c.relevance == "core", 1), else_=0)).label("core"))
             .group_by(_MAPPED.c.group_id, _MAPPED.c.work_item_id, _MAPPED.c.status).subquery())
_GROUP_COUNTS = union_all(
    select(_PER_ITEM.c.group_id, _PER_ITEM.c.status, _PER_ITEM.c.core, func.count())
    .group_by(_PER_ITEM.c.group_id, _PER_ITEM.c.status, _PER_ITEM.c.core),
    select(_MAPPED.c.group_id, literal("topics"), literal(0),
           func.count(_MAPPED.c.topic_id.distinct())).group_by(_MAPPED.c.group_id))


def _groups(session: Session, org_id: int) -> tuple[GroupRow, ...]:
    """Count its active items per topic group, status and relevance; and the topics of each
    group it covers (in one statement, reading its mappings once)."""
    tally: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for gid, status, core, n in plain(session, _GROUP_COUNTS, {"org_id": org_id}):
        tally[gid][status] += n
        if status != "topics":
            tally[gid]["core" if core else "supporting"] += n
    covered = sum(counts["topics"] for counts in tally.values())
    topics = _topics(session, org_id) if covered <= MAX_TOPIC_ROWS else {}
    return tuple(GroupRow(code, name, tally[gid]["topics"], leaves, tally[gid]["core"],
                          tally[gid]["supporting"], tuple(tally[gid][s] for s in ACTIVE_STATUSES),
                          tuple(topics.get(gid, ())))
                 for gid, code, name, leaves in _topic_groups(session) if gid in tally)


_LEAF = aliased(Topic)
_TOPIC_COUNTS = (select(_MAPPED.c.group_id, _LEAF.code, _LEAF.name, _MAPPED.c.status,
                        _MAPPED.c.relevance, func.count())
                 .join(_LEAF, _LEAF.id == _MAPPED.c.topic_id)
                 .group_by(_MAPPED.c.group_id, _LEAF.code, _LEAF.name, _MAPPED.c.status,
                           _MAPPED.c.relevance))


def _topics(session: Session, org_id: int) -> dict[int, list[TopicRow]]:
    """Count the active items per covered leaf topic, by group id (a few topics only)."""
    tally: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    for gid, code, name, status, relevance, n in plain(session, _TOPIC_COUNTS,
                                                                 {"org_id": org_id}):
        tally[(gid, code, name)][status] += n
        tally[(gid, code, name)][relevance] += n
    by_group: dict[int, list[TopicRow]] = defaultdict(list)
    for (gid, code, name), n in sorted(tally.items(), key=lambda kv: natural_key(kv[0][1])):
        by_group[gid].append(TopicRow(code, name, n["core"], n["supporting"],
                                      tuple(n[s] for s in ACTIVE_STATUSES)))
    return by_group


_GROUP = aliased(Topic)
_TOPIC_GROUPS = (select(_GROUP.id, _GROUP.code, _GROUP.name, func.count(Topic.id))
                 .join(Topic, _GROUP.id == func.coalesce(Topic.parent_id, Topic.id))
                 .where(Topic.id.not_in(select(Topic.parent_id)
                                        .where(Topic.parent_id.is_not(None))))
                 .group_by(_GROUP.id, _GROUP.code, _GROUP.name))


def _topic_groups(session: Session) -> list[tuple[int, str, str, int]]:
    """(id, code, name, leaf topics) of every group, in natural order of code: the same for
    every organization, so read once per revision."""
    return per_revision(session, "topic_groups", lambda: sorted(
        (tuple(r) for r in plain(session, _TOPIC_GROUPS)), key=lambda r: natural_key(r[1])))
