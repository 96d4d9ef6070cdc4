"""What the forms read: the filters' and entry forms' choices, and records to edit."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..models import Committee, Organization, Topic, WorkItem
from ..sorting import natural_key
from .records import work_item_records
from .revision_cache import per_revision


@dataclass(frozen=True)
class FilterChoices:
    organizations: tuple[str, ...]
    committees: tuple[tuple[str, str], ...]  # (organization, code)
    topics: tuple[tuple[str, str, bool], ...]  # (code, name, is a group)


def filter_choices(session: Session) -> FilterChoices:
    """What the filters offer: organizations, committees and topics (once per revision)."""
    return per_revision(session, "filter_choices", lambda: _filter_choices(session))


def _filter_choices(session: Session) -> FilterChoices:
    orgs = tuple(sorted(session.scalars(select(Organization.acronym)), key=natural_key))
    committees = tuple(sorted(session.execute(select(Organization.acronym, Committee.code)
                                              .join(Committee.organization)).all(),
                              key=lambda r: (natural_key(r[0]), natural_key(r[1]))))
    topics = session.execute(select(Topic.code, Topic.name, Topic.parent_id)).all()
    return FilterChoices(orgs, tuple((a, c) for a, c in committees), tuple(
        (code, name, parent is None) for code, name, parent in sorted(
            topics, key=lambda r: natural_key(r[0]))))


# --- the entry forms -------------------------------------------------------------------------

@dataclass(frozen=True)
class EntryChoices:
    organizations: tuple[str, ...]  # those the person may edit
    committees: tuple[tuple[str, str], ...]  # (organization, code)
    leaf_topics: tuple[tuple[str, str], ...]  # (code, name)
    topic_groups: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (code, name, leaf codes)


def entry_choices(session: Session, editable) -> EntryChoices:
    """Return what the work-item form offers; `editable(acronym)` says what the person may edit."""
    choices = filter_choices(session)
    orgs = tuple(a for a in choices.organizations if editable(a))
    topics = {t.id: t for t in session.scalars(select(Topic))}
    parents = {t.parent_id for t in topics.values() if t.parent_id is not None}
    leaves = sorted((t for t in topics.values() if t.id not in parents),
                    key=lambda t: natural_key(t.code))
    return EntryChoices(orgs, tuple(c for c in choices.committees if c[0] in orgs),
                        tuple((t.code, t.name) for t in leaves), _grouped(topics, leaves))


def _grouped(topics: dict, leaves: list) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Group the leaves under their topic group; a leaf without a group stands as its own."""
    groups: dict[int, list[str]] = {}
    for leaf in leaves:
        groups.setdefault(leaf.parent_id or leaf.id, []).append(leaf.code)
    return tuple((topics[g].code, topics[g].name, tuple(codes)) for g, codes in sorted(
        groups.items(), key=lambda pair: natural_key(topics[pair[0]].code)))


def get_work_item_record(session: Session, item_id: int) -> tuple[dict, int] | None:
    """Return a work item as a bundle record with its version, for an edit form."""
    version = session.scalar(select(WorkItem.version).where(WorkItem.id == item_id))
    if version is None:
        return None
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
