"""What several readers share: the one work-item row and paging by sorted ids."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..models import WorkItem
from ..sorting import natural_key


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


def work_item_row(item: WorkItem, organization: str, committee: str | None, *,
                  topics: tuple[tuple[str, str], ...] = (),
                  relevance: str | None = None) -> WorkItemRow:
    return WorkItemRow(item.id, organization, committee, item.identifier, item.title,
                       item.type, item.status, item.stage, item.published, item.target,
                       item.url, topics, relevance)


def listed_row(item: WorkItem) -> WorkItemRow:
    """Return the row of an item loaded with its organization, committee and mappings."""
    topics = tuple(sorted(((m.topic.code, m.relevance) for m in item.mappings),
                          key=lambda t: natural_key(t[0])))
    return work_item_row(item, item.organization.acronym,
                         item.committee.code if item.committee else None, topics=topics)


@dataclass(frozen=True)
class Paged:
    ids: list[int]  # the page's ids, in order
    total: int
    page: int
    pages: int


def page_of_ids(session: Session, ids: Select, order: list, *, page: int, per_page: int,
                clamp: bool = True) -> Paged:
    """Count what `ids` selects, then return one page of it in `order`.

    Narrow rows (ids) are sorted and paged; the caller loads the page's records. Sorting
    whole rows with their summaries cost five times as much on PostgreSQL. With `clamp`,
    a page past the end shows the last one.
    """
    total = session.scalar(select(func.count()).select_from(ids.subquery()))
    pages = max(1, -(-total // per_page))
    if clamp:
        page = min(max(page, 1), pages)
    found = list(session.scalars(ids.order_by(*order).limit(per_page)
                                 .offset((page - 1) * per_page)))
    return Paged(found, total, page, pages)
