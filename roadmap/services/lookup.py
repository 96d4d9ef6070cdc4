"""Find rows by natural key, caching what was found so bulk imports cost few queries."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import Committee, Mapping, Organization, Topic, WorkItem


class Lookup:
    """Natural key -> row for one unit of work.

    Single saves look up one row at a time; an import calls `preload()` once so that a
    bundle of 50,000 work items does not cost a query per reference.
    """

    def __init__(self, session: Session):
        self.session = session
        self._orgs: dict[str, Organization | None] = {}
        self._committees: dict[tuple[str, str], Committee | None] = {}
        self._topics: dict[str, Topic | None] = {}
        self._items: dict[tuple[str, str], WorkItem | None] = {}
        self.complete = False  # True once every row is cached: a miss means "absent"

    def preload(self) -> "Lookup":
        s = self.session
        self._orgs = {o.acronym: o for o in s.scalars(select(Organization))}
        by_id = {o.id: o for o in self._orgs.values() if o}
        self._committees = {(by_id[c.organization_id].acronym, c.code): c
                            for c in s.scalars(select(Committee))}
        self._topics = {t.code: t for t in s.scalars(select(Topic))}
        self._items = {(by_id[w.organization_id].acronym, w.identifier): w
                       for w in s.scalars(select(WorkItem).options(
                           selectinload(WorkItem.mappings).joinedload(Mapping.topic)))}
        self.complete = True
        return self

    def _get(self, cache: dict, key, stmt):
        if key not in cache:
            cache[key] = None if self.complete else self.session.scalar(stmt)
        return cache[key]

    def organization(self, acronym: str) -> Organization | None:
        return self._get(self._orgs, acronym,
                         select(Organization).where(Organization.acronym == acronym))

    def committee(self, acronym: str, code: str) -> Committee | None:
        return self._get(self._committees, (acronym, code),
                         select(Committee).join(Committee.organization)
                         .where(Organization.acronym == acronym, Committee.code == code))

    def topic(self, code: str) -> Topic | None:
        return self._get(self._topics, code, select(Topic).where(Topic.code == code))

    def work_item(self, acronym: str, identifier: str) -> WorkItem | None:
        return self._get(self._items, (acronym, identifier),
                         select(WorkItem).join(WorkItem.organization)
                         .where(Organization.acronym == acronym,
                                WorkItem.identifier == identifier))

    def remember(self, record) -> None:
        if isinstance(record, Organization):
            self._orgs[record.acronym] = record
        elif isinstance(record, Committee):
            self._committees[(record.organization.acronym, record.code)] = record
        elif isinstance(record, Topic):
            self._topics[record.code] = record
        elif isinstance(record, WorkItem):
            self._items[(record.organization.acronym, record.identifier)] = record
