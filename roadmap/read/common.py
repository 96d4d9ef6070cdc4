"""What several readers share: the one work-item row and paging by sorted ids."""
from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from ..db import plain
from ..models import Committee, Mapping, Organization, Topic, WorkItem
from ..sorting import natural_key
from .revision_cache import per_revision


@dataclass(frozen=True)
class WorkItemRow:
    """A work item as lists and pages show it in one line."""

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
    url: str | None
    topics: tuple[tuple[str, str], ...] = ()  # (code, relevance), on lists
    relevance: str | None = None  # on a topic's page: how the item treats that topic


ROW_COLUMNS = (WorkItem.id, Organization.acronym, Committee.code, WorkItem.identifier,
               WorkItem.title, WorkItem.type, WorkItem.status, WorkItem.stage,
               WorkItem.published, WorkItem.target, WorkItem.url)  # WorkItemRow's order


def with_topics(statement: Select) -> Select:
    """`statement` (a select of ROW_COLUMNS) with each row's topic code and relevance: a
    row once per topic it maps to, or once with none. Read back with `rows_with_topics`."""
    return (statement.add_columns(Topic.code, Mapping.relevance)
            .outerjoin(Mapping, Mapping.work_item_id == WorkItem.id)
            .outerjoin(Topic, Mapping.topic_id == Topic.id))


ROWS = (select(*ROW_COLUMNS).join(WorkItem.organization)
        .outerjoin(Committee, WorkItem.committee_id == Committee.id))  # every WorkItemRow
_LISTED = with_topics(ROWS.where(WorkItem.id.in_(bindparam("ids", expanding=True))))


def rows_with_topics(found) -> dict[int, WorkItemRow]:
    """The WorkItemRows of rows read through `with_topics`, by id, in the order first met."""
    rows: dict[int, tuple] = {}
    topics: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for *row, code, relevance in found:
        rows.setdefault(row[0], row)
        if code is not None:
            topics[row[0]].append((code, relevance))
    return {i: WorkItemRow(*row, tuple(sorted(topics[i], key=_code_order)))
            for i, row in rows.items()}


def _code_order(topic: tuple[str, str]) -> tuple:
    return _natural_key_of_code(topic[0])


@functools.lru_cache(maxsize=8192)
def _natural_key_of_code(code: str) -> tuple:
    # a list page sorts a hundred topic codes, out of a roadmap's few thousand
    return natural_key(code)


def listed_rows(session: Session, ids: list[int]) -> tuple[WorkItemRow, ...]:
    """Return the rows of the items `ids`, in that order, with their topics.

    One plain select, built once, and no ORM objects: a page of 50 rows costs what its
    columns cost.
    """
    if not ids:
        return ()
    found = rows_with_topics(plain(session, _LISTED, {"ids": ids}))
    return tuple(found[i] for i in ids if i in found)


@dataclass(frozen=True)
class Paged:
    ids: list[int]  # the page's ids, in order
    total: int
    page: int
    pages: int


def page_of_ids(session: Session, ids: Select, order: list, *, page: int, per_page: int,
                clamp: bool = True, searched: bool = False,
                count_key: Hashable | None = None) -> Paged:
    """Count what `ids` selects, and return one page of it in `order`.

    Narrow rows (ids) are sorted and paged; the caller loads the page's records. Sorting
    whole rows with their summaries cost five times as much on PostgreSQL. One statement
    reads the page with the count of all matches beside each row; only a page past the
    end counts apart. With `clamp`, a page past the end shows the last one.

    A text search (`searched`: few matches, a dear condition) counts with a window over
    the matches, found once; a list of most items counts in a subquery of the same
    statement, which leaves the page to the database's top-N sort (a window holds every
    match first: the 50,000-item list took 36 ms so on PostgreSQL, 14 ms this way).

    `count_key`, when `ids` reads only what the revision covers (filters.revision_key),
    keeps the count for the revision: counting the active items was most of a list's
    time on PostgreSQL, and every page of a list shares its count.
    """
    page = max(page, 1)
    counts = _revision_counts(session) if count_key is not None else None
    if counts is not None and count_key in counts:
        paged = _beside_known_count(session, ids, order, page, per_page, clamp,
                                    counts[count_key])
        if paged is not None:
            return paged
    counting = select(func.count()).select_from(ids.subquery())
    counted = ids.add_columns(func.count().over() if searched else counting.scalar_subquery())
    found = _page(session, counted, order, page, per_page)
    # no rows: past the end, or nothing matches
    total = found[0][1] if found else plain(session, counting).scalar_one()
    if counts is not None and (count_key in counts or len(counts) < MAX_COUNTS):
        counts[count_key] = total  # a count found wrong above is replaced, even when full
    pages = max(1, -(-total // per_page))
    if clamp and page > pages:  # only a page past the end, which found no rows
        page = pages
        found = _page(session, counted, order, page, per_page) if total else []
    return Paged([row[0] for row in found], total, page, pages)


# Counts kept for one revision at most; beyond that many filters a list counts as it goes
# (the keys come from URLs, so they are bounded here, not by what people type).
MAX_COUNTS = 512


def _beside_known_count(session: Session, ids: Select, order: list, page: int, per_page: int,
                        clamp: bool, known: int) -> Paged | None:
    """The page beside a count kept for the revision, or None when it has no rows where
    the count promised some (items gone since it was taken: count again)."""
    pages = max(1, -(-known // per_page))
    if clamp and page > pages:
        page = pages
    found = _page(session, ids, order, page, per_page) if known and page <= pages else []
    if found or not known or page > pages:
        return Paged([row[0] for row in found], known, page, pages)
    return None


def _revision_counts(session: Session) -> dict:
    """This revision's counts by key: a dict that a new revision replaces (a fresh one,
    never kept, for a session with writes of its own pending). Each count is taken after
    the revision was read, so it is never older than the revision it is kept under."""
    return per_revision(session, "list_counts", dict)


def _page(session: Session, counted: Select, order: list, page: int, per_page: int) -> list:
    """(id, count of all matches), or (id,) without the count, for page `page`."""
    return plain(session, counted.order_by(*order)
                 .limit(per_page).offset((page - 1) * per_page)).all()
