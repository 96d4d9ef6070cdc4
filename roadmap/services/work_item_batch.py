"""Many work items at once, as an import saves them: the same checks, new rows in bulk.

`save_work_item` writes through the ORM's unit of work: right for one item, but for an
import of 50,000 new items it cost most of the time and the memory (an object for every
item, mapping and history row, all held until the flush). A batch checks every item with
the same `check_work_item`, updates stored items through the same `update_checked`, and
inserts new items, their mappings and their history as plain rows, CHUNK items at a
time. Stored items are read a chunk at a time too (`load`, `release`), so that memory
holds one chunk, not the whole roadmap, whether the file adds items or re-imports them.
"""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import AuditRecord, Mapping, WorkItem
from .common import Outcome, audit_values, audited
from .lookup import Lookup
from .work_items import Checked, check_work_item, created_topics, update_checked

CHUNK = 1000
_COLUMNS = [c.key for c in WorkItem.__table__.columns if c.key != "id"]


class WorkItemBatch:
    """Save the work items of one import; call `finish` after the last one.

    Once any item is refused the import as a whole will be, so the batch stops writing
    and only goes on checking, to say every problem in one pass.
    """

    def __init__(self, session: Session, *, actor, lookup: Lookup):
        self.session, self.actor, self.lookup = session, actor, lookup
        self.pending: list[Checked] = []
        self.refused = False

    def save(self, session: Session, data: dict, *, actor, lookup: Lookup) -> Outcome | None:
        """Check one record and save it (a new one at the next chunk); as `save_work_item`."""
        try:
            checked = check_work_item(data, actor=actor, lookup=lookup)
        except Exception:
            self._refuse()
            raise
        item = lookup.work_item(checked.acronym, checked.identifier)
        if item is not None:
            if self.refused:
                return None  # only checking now: the import is refused
            outcome = audited(session, actor, update_checked(item, checked))
            return replace(outcome, record=None)  # the report must not hold the item
        if lookup.knows_work_item(checked.acronym, checked.identifier):
            self._refuse()  # the file names the item twice; the duplicate check says so
            return None
        lookup.remember_bulk(checked.acronym, checked.identifier)
        if not self.refused:
            self.pending.append(checked)
            if len(self.pending) >= CHUNK:
                self._write()
        return Outcome("work_item", checked.key, "created", created_topics(checked.mappings),
                       {"title": checked.values["title"], "status": checked.values["status"]})

    def load(self, entries: list) -> None:
        """Read the stored items a chunk of records names, in one query, before saving it."""
        self.lookup.load_work_items(filter(None, map(_key, entries)))

    def release(self, entries: list) -> None:
        """Write what a chunk of records changed, and let go of the items it read."""
        if not self.refused:
            self.session.flush()
        self.lookup.forget_work_items(filter(None, map(_key, entries)))

    def finish(self) -> None:
        if not self.refused:
            self._write()

    def _refuse(self) -> None:
        self.refused = True
        self.pending.clear()

    def _write(self) -> None:
        chunk, self.pending = self.pending, []
        if not chunk:
            return
        self.session.flush()  # organizations, committees, topics new in this import get ids
        rows = [_row(checked) for checked in chunk]
        # Plain Core statements, without RETURNING: the ORM's bulk INSERT splits rows by
        # which values are NULL, and psycopg parses a thousand-row INSERT ... RETURNING
        # for longer than PostgreSQL takes to run it. Ids only grow, so the new ones are
        # read back above the highest before, and matched by key.
        items = WorkItem.__table__
        highest = self.session.scalar(select(func.max(items.c.id))) or 0
        self.session.execute(items.insert(), rows)
        id_of = {(org, identifier): item_id for item_id, org, identifier in self.session.execute(
            select(items.c.id, items.c.organization_id, items.c.identifier)
            .where(items.c.id > highest))}
        ids = [id_of[(row["organization_id"], row["identifier"])] for row in rows]
        mappings = [{"work_item_id": item_id, "topic_id": topic.id, "relevance": relevance,
                     "note": note}
                    for item_id, checked in zip(ids, chunk)
                    for topic, relevance, note in checked.mappings]
        if mappings:
            self.session.execute(Mapping.__table__.insert(), mappings)
        self.session.execute(AuditRecord.__table__.insert(), [
            audit_values(self.actor, Outcome("work_item", checked.key, "created",
                                             created_topics(checked.mappings), row))
            for checked, row in zip(chunk, rows)])
        for checked, item_id in zip(chunk, ids):
            self.lookup.remember_bulk(checked.acronym, checked.identifier, item_id)


def _key(entry) -> tuple[str, str] | None:
    """The key a raw record names, if it names one (its checks say what is wrong)."""
    if not isinstance(entry, dict):
        return None
    acronym = entry.get("organization")
    identifier = entry.get("identifier") or entry.get("provisional_name")
    return (acronym, identifier) if isinstance(acronym, str) and isinstance(identifier, str) \
        else None


def _row(checked: Checked) -> dict:
    """The work_items row of a new item, its columns in the table's order (the history
    lists them in that order, as it does for an item saved through the ORM)."""
    committee = checked.values["committee"]
    values = {**checked.values, "organization_id": checked.organization.id,
              "committee_id": committee.id if committee else None,
              "identifier": checked.identifier, "version": 1}
    return {name: values[name] for name in _COLUMNS}
