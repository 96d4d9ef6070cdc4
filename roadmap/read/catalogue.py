"""What the catalogue sync compares a catalogue with: the tracked items, the committees,
and the fields people changed by hand (interchange/catalogue.py)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AuditRecord, Committee, Mapping, Organization, Topic, WorkItem

COMPARED = ("title", "status", "stage", "published", "url")


@dataclass(frozen=True)
class TrackedItem:
    """A work item as the sync sees it: its key, the compared fields and its topics."""

    organization: str
    identifier: str
    committee: str | None
    values: dict  # the COMPARED fields
    topics: tuple[tuple[str, str], ...]  # (code, relevance)
    checked: dt.date | None = None  # when its facts were last checked against a source

    @property
    def key(self) -> tuple[str, str]:
        return self.organization, self.identifier


def tracked_items(session: Session, organizations: set[str] | None = None) -> list[TrackedItem]:
    """Every work item (of `organizations`, when given), in two queries."""
    stmt = (select(WorkItem.id, Organization.acronym, WorkItem.identifier, Committee.code,
                   WorkItem.checked, *(getattr(WorkItem, name) for name in COMPARED))
            .join(WorkItem.organization)
            .outerjoin(Committee, WorkItem.committee_id == Committee.id))
    if organizations:
        stmt = stmt.where(Organization.acronym.in_(organizations))
    rows = session.execute(stmt).all()
    topics: dict[int, list[tuple[str, str]]] = {}
    mappings = select(Mapping.work_item_id, Topic.code, Mapping.relevance).join(Mapping.topic)
    if organizations:
        mappings = mappings.where(Mapping.work_item_id.in_([row[0] for row in rows]))
    for item_id, code, relevance in session.execute(mappings):
        topics.setdefault(item_id, []).append((code, relevance))
    return [TrackedItem(acronym, identifier, committee, dict(zip(COMPARED, values)),
                        tuple(sorted(topics.get(item_id, []))), checked)
            for item_id, acronym, identifier, committee, checked, *values in rows]


def committee_choices(session: Session) -> list[tuple[str, str, str]]:
    """(organization, code, name) of every committee, for the sync's form."""
    return [tuple(row) for row in session.execute(
        select(Organization.acronym, Committee.code, Committee.name)
        .join(Committee.organization).order_by(Organization.acronym, Committee.code))]


def committee_codes(session: Session) -> set[tuple[str, str]]:
    """(organization, committee code) of every committee the roadmap knows."""
    return set(session.execute(select(Organization.acronym, Committee.code)
                               .join(Committee.organization)).all())


def leaf_codes(session: Session) -> set[str]:
    """The codes of the topics that carry work (those without sub-topics)."""
    parents = select(Topic.parent_id).where(Topic.parent_id.is_not(None))
    return set(session.scalars(select(Topic.code).where(Topic.id.not_in(parents))))


def hand_edits(session: Session, keys: list[str], since: dt.datetime) -> dict[str, list[tuple]]:
    """For each item key ("ITU-T Y.4903"), the changes of stored fields made after
    `since`: [(when, who, field)], newest first."""
    if not keys:
        return {}
    start = since.astimezone(dt.timezone.utc)  # stored in UTC; SQLite compares as text
    found: dict[str, list[tuple]] = {}
    for chunk in range(0, len(keys), 500):
        rows = session.execute(
            select(AuditRecord.key, AuditRecord.at, AuditRecord.actor, AuditRecord.changes)
            .where(AuditRecord.kind == "work_item", AuditRecord.action == "updated",
                   AuditRecord.key.in_(keys[chunk:chunk + 500]), AuditRecord.at >= start)
            .order_by(AuditRecord.at.desc()))
        for key, at, actor, changes in rows:
            found.setdefault(key, []).extend((at, actor, name) for name in changes or {})
    return found
