"""What the JSON API returns: plain dicts keyed by natural keys, every field always present.

Read-only, like all of roadmap/read/; the OpenAPI document in roadmap/web/api/spec.py
describes these shapes and a test holds the two together.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from ..models import (REQUIRED, Committee, Organization, Topic, TopicDependency, WorkItem,
                      dependency_codes)
from ..sorting import natural_key
from . import filters
from .common import page_of_ids
from .filters import WorkItemFilter
from .actions import ActionRow
from .liaison import StatementRow
from .gap_report import RegisterEntryRow, gap_report
from .lists import list_organizations
from .records import WORK_ITEM_FIELDS, work_item_records

MAX_PER_PAGE = 500


# --- organizations and committees ---------------------------------------------------------

def organizations(session: Session) -> list[dict]:
    return [{"acronym": a, "name": n, "kind": k, "url": u, "active_work_items": active,
             "work_items": total}
            for a, n, k, u, active, total in list_organizations(session)]


def committees(session: Session, organization: str | None = None) -> list[dict]:
    parent = aliased(Committee)
    stmt = (select(Organization.acronym, Committee.code, Committee.name, parent.code,
                   Committee.url)
            .join(Committee.organization).outerjoin(parent, Committee.parent_id == parent.id))
    if organization:
        stmt = stmt.where(Organization.acronym == organization)
    rows = sorted(session.execute(stmt), key=lambda r: (natural_key(r[0]), natural_key(r[1])))
    return [{"organization": o, "code": c, "name": n, "parent": p, "url": u}
            for o, c, n, p, u in rows]


# --- topics and dependencies --------------------------------------------------------------

def topics(session: Session, code: str | None = None) -> list[dict]:
    """Every topic (or the one named) with its computed state; groups have no state."""
    parent = aliased(Topic)
    stmt = select(Topic.code, Topic.name, Topic.description, parent.code, Topic.category,
                  Topic.version).outerjoin(parent, Topic.parent_id == parent.id)
    if code is not None:
        stmt = stmt.where(Topic.code == code)
    rows = sorted(session.execute(stmt), key=lambda r: natural_key(r[0]))
    if not rows:
        return []
    report = {t.code: t for t in gap_report(session).topics}
    links, groups = dependency_codes(), select(Topic.code, parent.code).join(
        parent, Topic.parent_id == parent.id)
    if code is not None:  # one topic reads its own links, not the whole graph's
        links = links.where(or_(Topic.code == code, REQUIRED.code == code))
        groups = groups.where(parent.code == code)
    requires: dict[str, list[str]] = {}
    required_by: dict[str, list[str]] = {}
    for a, b in session.execute(links):
        requires.setdefault(a, []).append(b)
        required_by.setdefault(b, []).append(a)
    children: dict[str, list[str]] = {}
    for child, group in session.execute(groups):
        children.setdefault(group, []).append(child)
    result = []
    for c, name, description, group, category, version in rows:
        figures = report.get(c)
        result.append({
            "code": c, "name": name, "description": description, "parent": group,
            "category": category, "leaf": c not in children,
            "children": sorted(children.get(c, []), key=natural_key),
            "state": figures.state if figures else None,
            "blocked_by": list(figures.blocked_by) if figures else [],
            "impact": figures.impact if figures else None,
            "overlap": list(figures.overlap) if figures else [],
            "requires": sorted(requires.get(c, []), key=natural_key),
            "required_by": sorted(required_by.get(c, []), key=natural_key),
            "version": version})
    return result


def topic(session: Session, code: str) -> dict | None:
    found = topics(session, code)
    return found[0] if found else None


def dependencies(session: Session, topic_code: str | None = None,
                 requires_code: str | None = None) -> list[dict]:
    stmt = dependency_codes(TopicDependency.rationale)
    if topic_code is not None:
        stmt = stmt.where(Topic.code == topic_code)
    if requires_code is not None:
        stmt = stmt.where(REQUIRED.code == requires_code)
    rows = sorted(session.execute(stmt), key=lambda r: (natural_key(r[0]), natural_key(r[1])))
    return [{"topic": a, "requires": b, "rationale": why} for a, b, why in rows]


def dependency(session: Session, topic_code: str, requires_code: str) -> dict | None:
    found = dependencies(session, topic_code, requires_code)
    return found[0] if found else None


# --- work items and their mappings --------------------------------------------------------

def work_item(session: Session, item_id: int) -> dict | None:
    found = work_item_records(session, [item_id], identity=True)
    return _full(found[0]) if found else None


def work_items(session: Session, f: WorkItemFilter, *, page: int = 1,
               per_page: int = 50) -> dict:
    """One page of the items that match, in a stable order: organization, identifier, id.

    The order is the database's own (byte order on SQLite, the collation on PostgreSQL),
    so pages never overlap or skip while the data stays the same.
    """
    dialect = session.get_bind().dialect.name
    base = filters.apply(select(WorkItem.id).join(WorkItem.organization), f, dialect)
    paged = page_of_ids(session, base, [Organization.acronym, WorkItem.identifier, WorkItem.id],
                        page=page, per_page=per_page, clamp=False, searched=bool(f.q),
                        count_key=filters.revision_key(f))
    by_id = {r["id"]: r for r in work_item_records(session, paged.ids, identity=True)} \
        if paged.ids else {}
    return {"items": [_full(by_id[i]) for i in paged.ids], "total": paged.total, "page": page,
            "per_page": per_page, "pages": paged.pages}


def mappings(session: Session, item_id: int) -> list[dict] | None:
    item = work_item(session, item_id)
    return None if item is None else item["topics"]


def mapping(session: Session, item_id: int, code: str) -> dict | None:
    return next((m for m in mappings(session, item_id) or [] if m["code"] == code), None)


def equivalents(session: Session, item_id: int) -> list[dict] | None:
    item = work_item(session, item_id)
    return None if item is None else item["equivalents"]


def equivalent(session: Session, item_id: int, other_id: int) -> dict | None:
    return next((e for e in equivalents(session, item_id) or [] if e["id"] == other_id), None)


def _full(record: dict) -> dict:
    full = {"id": record["id"], **{name: record.get(name) for name in WORK_ITEM_FIELDS},
            "editors": record.get("editors", []),
            "topics": [{"code": t["code"], "relevance": t["relevance"], "note": t.get("note")}
                       for t in record.get("topics", [])],
            "equivalents": record.get("equivalents", []), "version": record["version"]}
    return full


# --- the gap register ---------------------------------------------------------------------

def register(session: Session, code: str | None = None) -> list[dict]:
    rows = gap_report(session).register
    return [_register_entry(r) for r in rows if code is None or r.code == code]


def _register_entry(row: RegisterEntryRow) -> dict:
    return {"code": row.code, "title": row.title, "statement": row.statement,
            "topics": list(row.topics), "priority": row.priority, "horizon": row.horizon,
            "rnd_needed": row.rnd_needed, "recommendation": row.recommendation,
            "leads": [{"organization": o, "committee": c} for o, c in row.leads],
            "status": row.status,
            "updates": [{"date": d, "status": s, "note": n} for d, s, n in row.updates],
            "review": row.review, "actions": [action(a) for a in row.actions],
            "version": row.version}


def action(row: ActionRow, today: dt.date | None = None) -> dict:
    """An action of the register as the API gives it; `overdue` is as of today."""
    return {"code": row.code, "gap": row.gap, "text": row.text,
            "addressed_to": [{"organization": o, "committee": c} for o, c in row.addressed_to],
            "owner": row.owner, "due": row.due, "status": row.status,
            "overdue": row.overdue(today or dt.date.today()),
            "updates": [{"date": d, "status": s, "note": n} for d, s, n in row.updates],
            "work_items": [{"organization": o, "identifier": i, "id": id_}
                           for o, i, id_ in row.work_items],
            "version": row.version}


def statement(row: StatementRow, today: dt.date | None = None) -> dict:
    """A liaison statement as the API gives it; `awaiting` is as of today."""
    return {"organization": row.organization, "committee": row.committee,
            "reference": row.reference, "title": row.title, "date": row.date,
            "kind": row.kind, "status": row.status, "deadline": row.deadline, "url": row.url,
            "to": [{"organization": o, "committee": c, "purpose": p} for o, c, p in row.to],
            "reply_to": ({"organization": row.reply_to[0], "reference": row.reply_to[1]}
                         if row.reply_to else None),
            "topics": list(row.topics), "gaps": list(row.gaps),
            "work_items": [{"organization": o, "identifier": i, "id": id_}
                           for o, i, id_ in row.work_items],
            "awaiting": row.awaiting(today or dt.date.today()), "version": row.version}
