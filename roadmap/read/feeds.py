"""What the Atom feeds list: changes worth watching, read from the audit log.

Texts added or changing status, register entries opening, changing status or closing,
new actions and their status, liaison statements entered or replied to. A feed of a
topic, an organization or the register keeps the changes that concern it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import (AuditRecord, GapAction, LiaisonStatement, Mapping, Organization,
                      RegisterEntry, Topic, WorkItem, register_topics)
from ..vocab import label

KINDS = ("work_item", "gap", "action", "liaison_statement")
WATCHED = {"work_item": "status", "gap": "status", "action": "status",
           "liaison_statement": "status"}
LIMIT = 50
NAMES = {"work_item": "", "gap": "Register entry ", "action": "Action ",
         "liaison_statement": "Liaison statement "}


@dataclass(frozen=True)
class FeedEntry:
    id: int
    at: dt.datetime
    kind: str
    key: str  # e.g. "ITU-T Y.4600", "GAP-03", "GAP-03/A1", "ITU-T SG20-LS1"
    title: str
    summary: str


def list_changes(session: Session, *, topic: str | None = None,
                 organization: str | None = None, register: bool = False,
                 limit: int = LIMIT) -> tuple[FeedEntry, ...]:
    """Return the latest changes of a scope, newest first (the whole roadmap by default)."""
    kinds = ("gap", "action") if register else KINDS
    keys = _scope_keys(session, topic, organization) if topic or organization else None
    stmt = (select(AuditRecord).where(AuditRecord.kind.in_(kinds))
            .order_by(AuditRecord.at.desc(), AuditRecord.id.desc()).limit(limit * 20))
    found = []
    for record in session.scalars(stmt):
        if keys is not None and not _in_scope(record, keys):
            continue
        entry = _entry(record)
        if entry is not None:
            found.append(entry)
        if len(found) == limit:
            break
    return tuple(found)


def _entry(record: AuditRecord) -> FeedEntry | None:
    name = f"{NAMES[record.kind]}{record.key}"
    changes = record.changes or {}
    if record.action == "created":
        what = "opened" if record.kind == "gap" else "entered" \
            if record.kind == "liaison_statement" else "added"
        title = f"{name} {what}"
        summary = changes.get("title", [None, None])[1] or changes.get("text", [None, None])[1]
    elif WATCHED[record.kind] in changes:
        before, after = changes["status"]
        title = f"{name}: {label(before)} → {label(after)}"
        summary = (changes.get("update") or changes.get("note") or [None, None])[1]
    else:
        return None
    return FeedEntry(record.id, record.at, record.kind, record.key, title, summary or title)


def _in_scope(record: AuditRecord, keys: set[str]) -> bool:
    key = record.key.split("/", 1)[0] if record.kind == "action" else record.key
    return key in keys


def _scope_keys(session: Session, topic: str | None, organization: str | None) -> set[str]:
    """The keys of the work items, entries and statements that concern the scope."""
    item_key = Organization.acronym + " " + WorkItem.identifier
    ls_key = Organization.acronym + " " + LiaisonStatement.reference
    if topic:
        items = select(item_key).join(WorkItem.organization).join(
            Mapping, Mapping.work_item_id == WorkItem.id).join(Mapping.topic).where(
            Topic.code == topic)
        entries = select(RegisterEntry.code).join(
            register_topics, register_topics.c.gap_id == RegisterEntry.id).join(
            Topic, Topic.id == register_topics.c.topic_id).where(Topic.code == topic)
        statements = select(ls_key).join(LiaisonStatement.organization).where(
            LiaisonStatement.topics.any(Topic.code == topic))
        return {*session.scalars(items), *session.scalars(entries), *session.scalars(statements)}
    org_id = session.scalar(select(Organization.id).where(Organization.acronym == organization))
    items = session.scalars(select(item_key).join(WorkItem.organization)
                            .where(WorkItem.organization_id == org_id))
    entries = session.scalars(select(RegisterEntry.code).join(RegisterEntry.actions).where(
        GapAction.addressees.any(organization_id=org_id)))
    statements = session.scalars(select(ls_key).join(LiaisonStatement.organization).where(
        or_(LiaisonStatement.organization_id == org_id,
            LiaisonStatement.recipients.any(organization_id=org_id))))
    return {*items, *entries, *statements}
