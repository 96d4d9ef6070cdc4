"""The roadmap as records keyed by natural keys: what backups, CSV, forms and the API read.

These records are the bundle format's content (docs/bundle.md): `roadmap_document` is the
whole roadmap as a bundle, and roadmap/interchange/ reads the same shape back.
"""
from __future__ import annotations

import functools
from typing import NamedTuple

from sqlalchemy import bindparam, select, true, union_all
from sqlalchemy.orm import Session, aliased

from ..models import (Committee, Equivalence, Mapping, Organization, Topic, TopicDependency,
                      WorkItem, dependency_codes)
from ..sorting import natural_key
from .common import plain
from .gap_report import list_register
from .liaison import statement_records

FORMAT, VERSION = "ssc-roadmap-bundle", 1  # the document's own tag; interchange checks it

WORK_ITEM_FIELDS = ("organization", "committee", "identifier", "provisional_name", "title",
                    "type", "status", "stage", "approval_process", "registered", "target",
                    "approved", "published", "url", "summary", "editors", "source", "checked")


def compact(record: dict) -> dict:
    """Drop empty fields, as bundles write them."""
    return {k: v for k, v in record.items() if v not in (None, "", [])}


def work_item_records(session: Session, item_ids=None, *,
                      identity: bool = False) -> list[dict]:
    """Return work items as bundle records (all, or those in `item_ids`), sorted.

    `item_ids` is a list of ids or a select of them (a filtered view's, which the
    database narrows without a list of thousands of ids). With `identity`, each record
    also holds the item's `id` and `version`, and each equivalent its `id` (the API's view).
    Plain column reads, no ORM objects: an export of 10,000 items reads three result sets.
    """
    selects, params = _record_selects(), {}
    stmt, mapping_stmt, equivalents_stmt = selects.every
    if isinstance(item_ids, (list, tuple, set, frozenset)):
        stmt, mapping_stmt, equivalents_stmt = selects.listed
        params = {"ids": list(item_ids)}
    elif item_ids is not None:  # a select: the database narrows it
        stmt = stmt.where(WorkItem.id.in_(item_ids))
        mapping_stmt = mapping_stmt.where(Mapping.work_item_id.in_(item_ids))
        equivalents_stmt = _equivalents(lambda own: own.in_(item_ids))
    rows = plain(session, stmt, params).all()
    topics = _topics_by_item(plain(session, mapping_stmt, params))
    equivalents: dict[int, list] = {}
    for own, *other in plain(session, equivalents_stmt, params):
        equivalents.setdefault(own, []).append(other)
    records = []
    for item_id, version, *values in rows:
        record = dict(zip(WORK_ITEM_FIELDS, values))
        if record["checked"]:
            record["checked"] = record["checked"].isoformat()
        record["topics"] = topics.get(item_id, [])
        record["equivalents"] = [{**({"id": other} if identity else {}),
                                  "organization": o, "identifier": i}
                                 for other, o, i in sorted(equivalents.get(item_id, []),
                                                           key=lambda e: _item_sort(e[1:]))]
        if identity:
            record.update(id=item_id, version=version)
        records.append({k: v for k, v in record.items() if v not in (None, "", [])})
    organization_key = _KeyCache()
    return sorted(records, key=lambda r: (organization_key[r["organization"]],
                                          natural_key(r["identifier"])))


class _Selects(NamedTuple):
    every: tuple  # (items, mappings, equivalents) of the whole roadmap
    listed: tuple  # the same, of the ids in the expanding parameter "ids"


@functools.cache
def _record_selects() -> _Selects:
    """The selects of `work_item_records`, built once: a page of one item would otherwise
    spend more on building them (and their cache keys) than on running them."""
    own = [getattr(WorkItem, name) for name in WORK_ITEM_FIELDS[2:]]
    items = (select(WorkItem.id, WorkItem.version, Organization.acronym, Committee.code, *own)
             .join(WorkItem.organization)
             .outerjoin(Committee, WorkItem.committee_id == Committee.id))
    mappings = select(Mapping.work_item_id, Topic.code, Mapping.relevance,
                      Mapping.note).join(Mapping.topic)
    ids = bindparam("ids", expanding=True)
    return _Selects((items, mappings, _equivalents(lambda own: true())),
                    (items.where(WorkItem.id.in_(ids)),
                     mappings.where(Mapping.work_item_id.in_(ids)),
                     _equivalents(lambda own: own.in_(ids))))


def _equivalents(narrow):
    """(item id, equivalent's id, its organization, its identifier) for each equivalence,
    either way round, of the items whose id column `narrow(column)` keeps."""
    other = aliased(WorkItem)

    def way(own, far):
        return (select(own, far, Organization.acronym, other.identifier)
                .join(other, other.id == far)
                .join(Organization, other.organization_id == Organization.id)
                .where(narrow(own)))
    return union_all(way(Equivalence.low_id, Equivalence.high_id),
                     way(Equivalence.high_id, Equivalence.low_id))


class _KeyCache(dict):
    """Natural sort keys of a few values that repeat (acronyms, topic codes), each made once."""

    def __missing__(self, text: str) -> tuple:
        key = self[text] = natural_key(text)
        return key


def _topics_by_item(rows) -> dict[int, list[dict]]:
    """Map each item id to its topics as records, sorted by code."""
    topics: dict[int, list[dict]] = {}
    for item_id, code, relevance, note in rows:
        topics.setdefault(item_id, []).append(
            compact({"code": code, "relevance": relevance, "note": note}))
    code_key = _KeyCache()
    for found in topics.values():
        if len(found) > 1:
            found.sort(key=lambda t: code_key[t["code"]])
    return topics


def stored_records(session: Session, keys: list[tuple]) -> dict[tuple[str, str], dict]:
    """The stored records of the items named by (organization, identifier), by that key."""
    wanted = {k for k in keys if all(isinstance(part, str) for part in k)}
    if not wanted:
        return {}
    ids = [item_id for item_id, *key in session.execute(
        select(WorkItem.id, Organization.acronym, WorkItem.identifier).join(WorkItem.organization))
        if tuple(key) in wanted]
    return {(r["organization"], r["identifier"]): r for r in work_item_records(session, ids)}


def _item_sort(key: tuple[str, str]) -> tuple:
    return natural_key(key[0]), natural_key(key[1])


def roadmap_document(session: Session) -> dict:
    """Return the whole roadmap as a bundle document (docs/bundle.md), in a stable order."""
    return {"format": FORMAT, "version": VERSION,
            "organizations": _organizations(session), "committees": _committees(session),
            "topics": _topics(session), "dependencies": _dependencies_out(session),
            "work_items": work_item_records(session),
            "gaps": [row.as_record() for row in list_register(session)],
            **_statements(session)}


def _statements(session: Session) -> dict:
    """The `liaison_statements` section, left out while there is none."""
    records = statement_records(session)
    return {"liaison_statements": records} if records else {}


def _organizations(session: Session) -> list[dict]:
    rows = session.scalars(select(Organization))
    return [compact({"acronym": o.acronym, "name": o.name, "kind": o.kind, "url": o.url})
            for o in sorted(rows, key=lambda o: natural_key(o.acronym))]


def _committees(session: Session) -> list[dict]:
    parent = aliased(Committee)
    rows = session.execute(select(Committee, Organization.acronym, parent.code)
                           .join(Committee.organization)
                           .outerjoin(parent, Committee.parent_id == parent.id))
    records = [compact({"organization": acronym, "code": c.code, "name": c.name,
                         "parent": parent_code, "url": c.url}) for c, acronym, parent_code in rows]
    return sorted(records, key=lambda r: (natural_key(r["organization"]), natural_key(r["code"])))


def _topics(session: Session) -> list[dict]:
    parent = aliased(Topic)
    rows = session.execute(select(Topic, parent.code).outerjoin(parent, Topic.parent_id == parent.id))
    records = [compact({"code": t.code, "name": t.name, "description": t.description,
                         "parent": parent_code, "category": t.category}) for t, parent_code in rows]
    return sorted(records, key=lambda r: natural_key(r["code"]))


def _dependencies_out(session: Session) -> list[dict]:
    rows = session.execute(dependency_codes(TopicDependency.rationale))
    records = [compact({"topic": a, "requires": b, "rationale": why}) for a, b, why in rows]
    return sorted(records, key=lambda r: (natural_key(r["topic"]), natural_key(r["requires"])))
