"""The read side: plain frozen rows for pages, the API and exports."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from .models import Committee, Mapping, Organization, Topic, WorkItem
from .sorting import natural_key


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


@dataclass(frozen=True)
class TopicRow:
    code: str
    name: str
    items: tuple[ItemRow, ...]


@dataclass(frozen=True)
class TopicGroup:
    code: str
    name: str
    category: str
    topics: tuple[TopicRow, ...]


def _item_row(item: WorkItem, acronym: str, committee: str | None,
              relevance: str | None = None) -> ItemRow:
    return ItemRow(item.id, acronym, committee, item.identifier, item.title, item.type,
                   item.status, item.published, item.target, item.url, relevance)


def list_work_items_by_topic(session: Session) -> list[TopicGroup]:
    """Return leaf topics grouped under their parents, each with its work items (2 queries)."""
    topics = sorted(session.scalars(select(Topic)), key=lambda t: natural_key(t.code))
    rows = session.execute(
        select(Mapping.topic_id, Mapping.relevance, WorkItem, Organization.acronym, Committee.code)
        .join(Mapping.work_item).join(WorkItem.organization)
        .outerjoin(Committee, WorkItem.committee_id == Committee.id))
    by_topic: dict[int, list[ItemRow]] = {}
    for topic_id, relevance, item, acronym, committee in rows:
        by_topic.setdefault(topic_id, []).append(_item_row(item, acronym, committee, relevance))
    children: dict[int | None, list[Topic]] = {}
    for topic in topics:
        children.setdefault(topic.parent_id, []).append(topic)
    groups = []
    for parent in children.get(None, []):
        leaves = children.get(parent.id, []) or [parent]
        groups.append(TopicGroup(parent.code, parent.name, parent.category, tuple(
            TopicRow(t.code, t.name, tuple(sorted(
                by_topic.get(t.id, []),
                key=lambda r: (r.relevance != "core", natural_key(r.organization),
                               natural_key(r.identifier)))))
            for t in leaves)))
    return groups
