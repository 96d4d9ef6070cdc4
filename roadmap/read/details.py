"""The pages of one record: a topic, a work item, and the history of any record (an
organization's page is in organization.py).

Each function costs a fixed number of SQL statements, whatever the size of the roadmap.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select, union_all
from sqlalchemy.orm import Session, aliased, joinedload

from .. import gap_words
from ..models import (REQUIRED, AuditRecord, Committee, Equivalence, Mapping, Organization,
                      Topic, User, WorkItem, dependency_codes)
from ..sorting import natural_key
from ..vocab import label
from .common import ROW_COLUMNS, WorkItemRow, plain
from .gap_report import GapTopicRow, RegisterEntryRow, gap_report

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
    return [WorkItemRow(*row, relevance=relevance) for relevance, *row in session.execute(
        select(Mapping.relevance, *ROW_COLUMNS)
        .join(WorkItem, Mapping.work_item_id == WorkItem.id).join(WorkItem.organization)
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


_OWN = list(WorkItem.__table__.columns)
_ITEM = (select(*_OWN, Organization.acronym, Organization.name, Committee.code, Committee.name)
         .join(Organization, WorkItem.organization_id == Organization.id)
         .outerjoin(Committee, WorkItem.committee_id == Committee.id)
         .where(WorkItem.id == bindparam("item_id")))
_TOPICS = (select(Topic.code, Topic.name, Mapping.relevance, Mapping.note)
           .join(Mapping.topic).where(Mapping.work_item_id == bindparam("item_id")))
_OTHER = aliased(WorkItem)
_OTHER_IDS = union_all(
    select(Equivalence.high_id.label("id")).where(Equivalence.low_id == bindparam("item_id")),
    select(Equivalence.low_id).where(Equivalence.high_id == bindparam("item_id"))).subquery()
_EQUIVALENTS = (select(_OTHER.id, Organization.acronym, _OTHER.identifier, _OTHER.title)
                .join(_OTHER_IDS, _OTHER_IDS.c.id == _OTHER.id)
                .join(Organization, _OTHER.organization_id == Organization.id))


def get_work_item_page(session: Session, item_id: int) -> WorkItemPage | None:
    """Return what a work item's page shows, or None: three plain selects, no ORM objects,
    its equivalents read by its own id."""
    params = {"item_id": item_id}
    found = plain(session, _ITEM, params).first()
    if found is None:
        return None
    acronym, organization_name, committee, committee_name = found[len(_OWN):]
    topics = plain(session, _TOPICS, params).all()
    equivalents = plain(session, _EQUIVALENTS, params).all()
    return WorkItemPage(
        dict(zip((c.key for c in _OWN), found)), acronym, organization_name,
        (committee, committee_name) if committee else None,
        tuple(sorted((tuple(t) for t in topics), key=lambda t: natural_key(t[0]))),
        tuple(sorted((tuple(r) for r in equivalents),
                     key=lambda r: (natural_key(r[1]), natural_key(r[2])))))


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
