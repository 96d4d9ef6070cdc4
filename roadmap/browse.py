"""The read side of the browsing pages: matrix, organizations, work items, list, timeline.

Each function costs a fixed number of SQL statements, whatever the size of the roadmap.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from . import filters, queries, revision
from .filters import WorkItemFilter
from .models import AuditRecord, Committee, Equivalence, Mapping, Organization, Topic, WorkItem
from .sorting import natural_key
from .vocab import ACTIVE_STATUSES, DONE_STATUSES, STATUSES

MAX_MATRIX_CELLS = 3000  # beyond this the matrix shows one topic group at a time


# --- the matrix ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    count: int
    status: str  # the most advanced status among the cell's active items


@dataclass(frozen=True)
class MatrixRow:
    code: str
    name: str
    state: str
    cells: tuple[Cell | None, ...]  # one per column, None where no active work


@dataclass(frozen=True)
class MatrixGroup:
    code: str
    name: str
    rows: tuple[MatrixRow, ...]


@dataclass(frozen=True)
class Matrix:
    organizations: tuple[str, ...]  # the columns: organizations with active work
    groups: tuple[MatrixGroup, ...]  # the groups shown
    all_groups: tuple[tuple[str, str], ...]  # (code, name) of every group, for navigation
    group: str | None  # the group asked for, or the one chosen for a large roadmap
    idle_organizations: tuple[str, ...]  # organizations without active work
    totals: dict[str, int]  # summary figures
    states: dict[str, int]


def get_matrix(session: Session, group: str | None = None) -> Matrix:
    """Return leaf topics (by group) against organizations, counting active work items.

    Computed once per roadmap revision and group (it reads only what the revision covers).
    """
    groups = {code for code, _ in queries.topic_groups(queries.gap_report(session))}
    group = group if group in groups else None  # an unknown group from a URL is no cache key
    return revision.cached(session, f"matrix:{group}", lambda: _matrix(session, group))


def _matrix(session: Session, group: str | None) -> Matrix:
    report = queries.gap_report(session)
    counts = session.execute(
        select(Mapping.topic_id, Organization.acronym, WorkItem.status, func.count())
        .join(Mapping.work_item).join(WorkItem.organization)
        .where(WorkItem.status.in_(ACTIVE_STATUSES))
        .group_by(Mapping.topic_id, Organization.acronym, WorkItem.status))
    codes = dict(session.execute(select(Topic.id, Topic.code)).all())
    cells: dict[tuple[str, str], list] = defaultdict(lambda: [0, -1])
    for topic_id, acronym, status, n in counts:
        cell = cells[(codes[topic_id], acronym)]
        cell[0] += n
        cell[1] = max(cell[1], STATUSES.index(status))
    acronyms = sorted(session.scalars(select(Organization.acronym)), key=natural_key)
    busy = {acronym for _, acronym in cells}
    columns = tuple(a for a in acronyms if a in busy)
    all_groups = queries.topic_groups(report)
    if group not in {code for code, _ in all_groups}:
        group = None  # an unknown group in a pasted URL shows the whole matrix
    if group is None and len(report.topics) * max(len(columns), 1) > MAX_MATRIX_CELLS:
        group = all_groups[0][0] if all_groups else None
    groups = []
    for code, name in all_groups:
        if group not in (None, code):
            continue
        rows = tuple(MatrixRow(t.code, t.name, t.state, tuple(
            Cell(c[0], STATUSES[c[1]]) if (c := cells.get((t.code, a))) else None
            for a in columns)) for t in report.topics if t.group_code == code)
        groups.append(MatrixGroup(code, name, rows))
    status_counts = dict(session.execute(select(WorkItem.status, func.count())
                                         .group_by(WorkItem.status)).all())
    totals = {"organizations": len(columns),
              "active": sum(status_counts.get(s, 0) for s in ACTIVE_STATUSES),
              "published": status_counts.get("published", 0),
              "in_development": status_counts.get("in_development", 0)
              + status_counts.get("proposed", 0),
              "leaf_topics": len(report.topics)}
    return Matrix(columns, tuple(groups), all_groups, group,
                  tuple(a for a in acronyms if a not in busy), totals,
                  dict(Counter(t.state for t in report.topics)))


# --- the work-item list -------------------------------------------------------------------

SORTS = {"organization": (Organization.acronym, WorkItem.identifier),
         "identifier": (WorkItem.identifier,), "title": (WorkItem.title,),
         "status": (WorkItem.status, WorkItem.identifier),
         "published": (WorkItem.published, WorkItem.identifier),
         "target": (WorkItem.target, WorkItem.identifier)}


@dataclass(frozen=True)
class ListRow:
    id: int
    organization: str
    committee: str | None
    identifier: str
    title: str
    type: str
    status: str
    stage: str | None
    published: str | None
    target: str | None
    topics: tuple[tuple[str, str], ...]  # (code, relevance)


@dataclass(frozen=True)
class ListPage:
    rows: tuple[ListRow, ...]
    total: int
    page: int
    pages: int
    sort: str
    descending: bool


def list_work_items(session: Session, f: WorkItemFilter, *, sort: str = "organization",
                    descending: bool = False, page: int = 1, per_page: int = 50) -> ListPage:
    """Return one page of the work items that match `f`, sorted and counted."""
    dialect = session.get_bind().dialect.name
    sort = sort if sort in SORTS else "organization"
    base = filters.apply(select(WorkItem.id).join(WorkItem.organization), f, dialect)
    total = session.scalar(select(func.count()).select_from(base.subquery()))
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    order = [c.desc() if descending else c.asc() for c in SORTS[sort]] + [WorkItem.id]
    # sort narrow rows (ids), then load the page's items: sorting whole rows with their
    # summaries cost five times as much on PostgreSQL
    ids = list(session.scalars(base.order_by(*order).limit(per_page)
                               .offset((page - 1) * per_page)))
    items = {w.id: w for w in session.scalars(select(WorkItem).where(WorkItem.id.in_(ids)).options(
        joinedload(WorkItem.organization), joinedload(WorkItem.committee),
        selectinload(WorkItem.mappings).joinedload(Mapping.topic))).unique()} if ids else {}
    rows = tuple(_list_row(items[i]) for i in ids)
    return ListPage(rows, total, page, pages, sort, descending)


def _list_row(w: WorkItem) -> ListRow:
    topics = tuple(sorted(((m.topic.code, m.relevance) for m in w.mappings),
                          key=lambda t: natural_key(t[0])))
    return ListRow(w.id, w.organization.acronym, w.committee.code if w.committee else None,
                   w.identifier, w.title, w.type, w.status, w.stage, w.published, w.target,
                   topics)


@dataclass(frozen=True)
class FilterChoices:
    organizations: tuple[str, ...]
    committees: tuple[tuple[str, str], ...]  # (organization, code)
    topics: tuple[tuple[str, str, bool], ...]  # (code, name, is a group)


def filter_choices(session: Session) -> FilterChoices:
    """What the filters offer: organizations, committees and topics (once per revision)."""
    return revision.cached(session, "filter_choices", lambda: _filter_choices(session))


def _filter_choices(session: Session) -> FilterChoices:
    orgs = tuple(sorted(session.scalars(select(Organization.acronym)), key=natural_key))
    committees = tuple(sorted(session.execute(select(Organization.acronym, Committee.code)
                                              .join(Committee.organization)).all(),
                              key=lambda r: (natural_key(r[0]), natural_key(r[1]))))
    topics = session.execute(select(Topic.code, Topic.name, Topic.parent_id)).all()
    return FilterChoices(orgs, tuple((a, c) for a, c in committees), tuple(
        (code, name, parent is None) for code, name, parent in sorted(
            topics, key=lambda r: natural_key(r[0]))))


# --- one work item ------------------------------------------------------------------------

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


# --- one organization ---------------------------------------------------------------------

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
    items: tuple[ListRow, ...]
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
    rows = tuple(sorted((_list_row(w) for w in items), key=lambda r: natural_key(r.identifier)))
    per_committee = Counter(r.committee for r in rows)
    topic_counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for w in items:
        if w.status in ACTIVE_STATUSES:
            for m in w.mappings:
                topic_counts[(m.topic.code, m.topic.name)][m.relevance != "core"] += 1
    return OrganizationPage(
        org.acronym, org.name, org.kind, org.url,
        tuple(sorted((CommitteeRow(c.code, c.name, p, c.url, per_committee.get(c.code, 0))
                      for c, p in committees), key=lambda c: natural_key(c.code))),
        rows,
        tuple((code, name, n[0], n[1]) for (code, name), n in sorted(
            topic_counts.items(), key=lambda kv: natural_key(kv[0][0]))),
        timeline_years(rows))


def timeline_years(rows) -> tuple[tuple[int, int, int], ...]:
    """Count per year the texts done (published or approved) and planned (a target date)."""
    done, planned = Counter(), Counter()
    for r in rows:
        if r.status in DONE_STATUSES and r.published:
            done[int(r.published[:4])] += 1
        elif r.status in ACTIVE_STATUSES and r.target:
            planned[int(r.target[:4])] += 1
    years = sorted(set(done) | set(planned))
    return tuple((y, done[y], planned[y]) for y in years)


def list_organizations(session: Session) -> tuple[tuple[str, str, str, str | None, int, int], ...]:
    """Return (acronym, name, kind, url, active items, all items) for every organization."""
    rows = session.execute(
        select(Organization.acronym, Organization.name, Organization.kind, Organization.url,
               func.count(WorkItem.id).filter(WorkItem.status.in_(ACTIVE_STATUSES)),
               func.count(WorkItem.id))
        .outerjoin(WorkItem, WorkItem.organization_id == Organization.id)
        .group_by(Organization.id)).all()
    return tuple(sorted((tuple(r) for r in rows), key=lambda r: natural_key(r[0])))


# --- the timeline -------------------------------------------------------------------------

@dataclass(frozen=True)
class Timeline:
    by: str  # "group" or "organization"
    years: tuple[int, ...]
    rows: tuple[tuple[str, str, tuple[tuple[int, int], ...]], ...]  # (key, label, (done, planned) per year)


def get_timeline(session: Session, by: str = "group") -> Timeline:
    """Count texts done (by publication) and planned (by target) per year and row."""
    by = by if by in ("group", "organization") else "group"
    if by == "organization":
        stmt = select(Organization.acronym, Organization.name, WorkItem.id, WorkItem.status,
                      WorkItem.published, WorkItem.target).join(WorkItem.organization)
    else:
        group = aliased(Topic)
        stmt = (select(group.code, group.name, WorkItem.id, WorkItem.status,
                       WorkItem.published, WorkItem.target)
                .join(Mapping, Mapping.work_item_id == WorkItem.id)
                .join(Topic, Mapping.topic_id == Topic.id)
                .join(group, group.id == func.coalesce(Topic.parent_id, Topic.id)))
    done: dict[str, Counter] = defaultdict(Counter)
    planned: dict[str, Counter] = defaultdict(Counter)
    labels, seen = {}, set()
    for key, label, item_id, status, published, target in session.execute(
            stmt.where(WorkItem.status.in_(ACTIVE_STATUSES))):
        labels[key] = label
        if (key, item_id) in seen:  # an item on two topics of one group counts once there
            continue
        seen.add((key, item_id))
        if status in DONE_STATUSES and published:
            done[key][int(published[:4])] += 1
        elif target:
            planned[key][int(target[:4])] += 1
    years = sorted({y for c in (*done.values(), *planned.values()) for y in c})
    rows = tuple((key, labels[key], tuple((done[key][y], planned[key][y]) for y in years))
                 for key in sorted(labels, key=natural_key))
    return Timeline(by, tuple(years), rows)


# --- history ------------------------------------------------------------------------------

@dataclass(frozen=True)
class HistoryEntry:
    at: str  # ISO timestamp, UTC
    actor: str
    action: str
    changes: tuple[tuple[str, object, object], ...]  # (field, before, after)


def list_history(session: Session, kind: str, key: str) -> tuple[HistoryEntry, ...]:
    """Return the audit records of one record, newest first."""
    rows = session.scalars(select(AuditRecord).where(AuditRecord.kind == kind, AuditRecord.key == key)
                           .order_by(AuditRecord.at.desc(), AuditRecord.id.desc()))
    return tuple(HistoryEntry(r.at.strftime("%Y-%m-%d %H:%M UTC"), r.actor, r.action,
                              tuple((name, *values) for name, values in sorted(r.changes.items())))
                 for r in rows)


# --- choices for the entry forms ----------------------------------------------------------

@dataclass(frozen=True)
class EntryChoices:
    organizations: tuple[str, ...]  # those the person may edit
    committees: tuple[tuple[str, str], ...]  # (organization, code)
    leaf_topics: tuple[tuple[str, str], ...]  # (code, name)


def entry_choices(session: Session, editable) -> EntryChoices:
    """Return what the work-item form offers; `editable(acronym)` says what the person may edit."""
    choices = filter_choices(session)
    orgs = tuple(a for a in choices.organizations if editable(a))
    parents = {p for p, in session.execute(select(Topic.parent_id).where(Topic.parent_id.is_not(None)))}
    leaves = sorted(((t.code, t.name) for t in session.scalars(select(Topic)) if t.id not in parents),
                    key=lambda t: natural_key(t[0]))
    return EntryChoices(orgs, tuple(c for c in choices.committees if c[0] in orgs), tuple(leaves))


def get_work_item_record(session: Session, item_id: int) -> tuple[dict, int] | None:
    """Return a work item as a bundle record with its version, for an edit form."""
    version = session.scalar(select(WorkItem.version).where(WorkItem.id == item_id))
    if version is None:
        return None
    from .bundle import work_item_records
    return work_item_records(session, [item_id])[0], version


def get_topic_record(session: Session, code: str) -> tuple[dict, int] | None:
    """Return a topic as the form edits it, with its version."""
    topic = session.scalar(select(Topic).where(Topic.code == code).options(joinedload(Topic.parent)))
    if topic is None:
        return None
    return ({"code": topic.code, "name": topic.name, "description": topic.description or "",
             "parent": topic.parent.code if topic.parent else "", "category": topic.category},
            topic.version)


def get_organization_record(session: Session, acronym: str) -> tuple[dict, tuple[str, ...]] | None:
    """Return an organization as the form edits it, and its committee codes."""
    org = session.scalar(select(Organization).where(Organization.acronym == acronym))
    if org is None:
        return None
    codes = tuple(sorted(session.scalars(select(Committee.code).where(
        Committee.organization_id == org.id)), key=natural_key))
    return {"acronym": org.acronym, "name": org.name, "kind": org.kind, "url": org.url or ""}, codes
