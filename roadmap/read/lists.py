"""The read side of the lists: the matrix, the work-item list, organizations, the timeline.

Each function costs a fixed number of SQL statements, whatever the size of the roadmap.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import Session

from ..models import Mapping, Organization, Topic, WorkItem
from ..sorting import natural_key
from ..vocab import ACTIVE_STATUSES, DONE_STATUSES
from . import filters, live_analysis
from .common import WorkItemRow, listed_rows, page_of_ids
from .filters import WorkItemFilter
from .gap_report import gap_report, topic_groups
from .matrix_cells import Cell, make_cell, tally
from .revision_cache import per_revision


# --- the matrix ---------------------------------------------------------------------------

MAX_MATRIX_CELLS = 3000  # beyond this the matrix shows one topic group at a time


@dataclass(frozen=True)
class MatrixRow:
    code: str
    name: str
    state: str
    cells: tuple[Cell, ...]  # one per column; an empty one has count 0
    blocked_by: tuple[str, ...]  # uncovered topics this one waits for
    overlap: tuple[str, ...]  # organizations with texts on it that overlap


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
    groups = {code for code, _ in topic_groups(gap_report(session))}
    group = group if group in groups else None  # an unknown group from a URL is no cache key
    return per_revision(session, f"matrix:{group}", lambda: _matrix(session, group),
                        shared=True)


def _matrix(session: Session, group: str | None) -> Matrix:
    report = gap_report(session)
    all_groups = topic_groups(report)
    if group not in {code for code, _ in all_groups}:
        group = None  # an unknown group in a pasted URL shows the whole matrix
    acronyms = sorted(session.scalars(select(Organization.acronym)), key=natural_key)

    def shown(busy: set[str]) -> list[str]:  # only the cells on the page are counted
        nonlocal group
        if group is None and len(report.topics) * max(len(busy), 1) > MAX_MATRIX_CELLS:
            group = all_groups[0][0] if all_groups else None
        return [t.code for t in report.topics if group in (None, t.group_code)]
    busy, status_counts, counts = live_analysis.current_cells(session, shown)
    cells = tally(counts)
    columns = tuple(a for a in acronyms if a in busy)
    groups = []
    for code, name in all_groups:
        if group not in (None, code):
            continue
        rows = tuple(MatrixRow(t.code, t.name, t.state, tuple(
            make_cell(a, t.code, t.name, cells.get((t.code, a))) for a in columns),
            t.blocked_by, t.overlap) for t in report.topics if t.group_code == code)
        groups.append(MatrixGroup(code, name, rows))
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
UNDATED_LAST = {"published": WorkItem.published, "target": WorkItem.target}


def active_by_default(f: WorkItemFilter, *, include_all: bool) -> WorkItemFilter:
    """The list shows active items unless a status is asked for or all are.

    >>> active_by_default(WorkItemFilter(), include_all=False).status
    'active'
    >>> active_by_default(WorkItemFilter(status="withdrawn"), include_all=False).status
    'withdrawn'
    """
    return f if f.status or include_all else replace(f, status=filters.ACTIVE)


@dataclass(frozen=True)
class ListPage:
    rows: tuple[WorkItemRow, ...]
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
    order = [c.desc() if descending else c.asc() for c in SORTS[sort]] + [WorkItem.id]
    if sort in UNDATED_LAST:  # an item without the date comes last, either way round
        order.insert(0, UNDATED_LAST[sort].is_(None))
    paged = page_of_ids(session, base, order, page=page, per_page=per_page, searched=bool(f.q),
                        count_key=filters.revision_key(f))
    rows = listed_rows(session, paged.ids)
    return ListPage(rows, paged.total, paged.page, paged.pages, sort, descending)


# --- organizations and the timeline ----------------------------------------------------

def dated_kind(status, published, target):
    """SQL: what a year of the timeline counts an active item as, and that year.

    Done (approved or published) by its publication date; else planned by its target date;
    else "undated" for a draft with neither, which no year can show. Call it on rows already
    narrowed to active items.
    """
    done = status.in_(DONE_STATUSES) & published.is_not(None)
    kind = case((done, "done"), (target.is_not(None), "planned"),
                (status.not_in(DONE_STATUSES), "undated"))
    year = func.substr(case((done, published), else_=target), 1, 4)
    return kind.label("kind"), year.label("year")


def list_organizations(session: Session) -> tuple[tuple[str, str, str, str | None, int, int], ...]:
    """Return (acronym, name, kind, url, active items, all items) for every organization."""
    rows = session.execute(
        select(Organization.acronym, Organization.name, Organization.kind, Organization.url,
               func.count(WorkItem.id).filter(WorkItem.status.in_(ACTIVE_STATUSES)),
               func.count(WorkItem.id))
        .outerjoin(WorkItem, WorkItem.organization_id == Organization.id)
        .group_by(Organization.id)).all()
    return tuple(sorted((tuple(r) for r in rows), key=lambda r: natural_key(r[0])))


@dataclass(frozen=True)
class Timeline:
    by: str  # "group" or "organization"
    years: tuple[int, ...]  # every year from the first to the last, none left out
    rows: tuple[tuple[str, str, tuple[tuple[int, int], ...]], ...]  # (key, label, (done, planned) per year)
    undated: int = 0  # active drafts without a target date, which no year can show


_KIND, _YEAR = dated_kind(WorkItem.status, WorkItem.published, WorkItem.target)
_ACTIVE = WorkItem.status.in_(ACTIVE_STATUSES)
_GROUP_ID = func.coalesce(Topic.parent_id, Topic.id)  # a topic without a group is its own
_ITEM_GROUPS = (select(Mapping.work_item_id.label("item"), _GROUP_ID.label("key"))
                .join(Topic, Mapping.topic_id == Topic.id)
                .group_by(Mapping.work_item_id, _GROUP_ID).subquery())  # each pair once
_COUNTS = {
    "group": (select(_ITEM_GROUPS.c.key, _KIND, _YEAR, func.count())
              .join(WorkItem, WorkItem.id == _ITEM_GROUPS.c.item).where(_ACTIVE)
              .group_by(_ITEM_GROUPS.c.key, _KIND, _YEAR)),
    "organization": (select(WorkItem.organization_id, _KIND, _YEAR, func.count()).where(_ACTIVE)
                     .group_by(WorkItem.organization_id, _KIND, _YEAR))}
_LABELS = {"group": select(Topic.id, Topic.code, Topic.name).where(Topic.parent_id.is_(None)),
           "organization": select(Organization.id, Organization.acronym, Organization.name)}
_UNDATED_MAPPED = select(func.count()).where(
    _ACTIVE, _KIND == "undated", exists().where(Mapping.work_item_id == WorkItem.id))


def get_timeline(session: Session, by: str = "group") -> Timeline:
    """Count texts done (by publication) and planned (by target) per year and row.

    Counted by the database: one row per (row, kind, year), an item on two topics of one
    group counted once there; and the undated drafts (on the rows by group, those mapped
    to a topic), each counted once.
    """
    by = by if by in ("group", "organization") else "group"
    counts = session.execute(_COUNTS[by]).all()
    labels = {key: (code, name) for key, code, name in session.execute(_LABELS[by])}
    undated = session.scalar(_UNDATED_MAPPED) if by == "group" else sum(
        n for _, kind, _, n in counts if kind == "undated")
    return _timeline(by, [(*labels[key], kind, year, n) for key, kind, year, n in counts],
                     undated)


def _timeline(by: str, counts, undated: int) -> Timeline:
    labels: dict[str, str] = {}
    tally: dict[tuple[str, str, int], int] = {}
    for key, label, kind, year, n in counts:
        labels[key] = label
        if kind in ("done", "planned"):
            tally[(key, kind, int(year))] = n
    years = continuous({year for _, _, year in tally})
    rows = tuple((key, labels[key], tuple((tally.get((key, "done", y), 0),
                                           tally.get((key, "planned", y), 0)) for y in years))
                 for key in sorted(labels, key=natural_key))
    return Timeline(by, years, rows, undated or 0)


def continuous(years: set[int]) -> tuple[int, ...]:
    """Every year from the first to the last, so an empty year keeps its column.

    >>> continuous({2027, 2024})
    (2024, 2025, 2026, 2027)
    """
    return tuple(range(min(years), max(years) + 1)) if years else ()
