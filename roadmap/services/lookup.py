"""Find rows by natural key, caching what was found so bulk imports cost few queries."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import (Committee, Equivalence, Mapping, Organization, RegisterEntry, Topic,
                      WorkItem)


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
        self._equivalents: dict[int, set[int]] = {}  # item id -> ids, stored or added here
        self._entries: dict[str, RegisterEntry | None] = {}
        # items an import inserts in bulk, not as objects: their id, None until written
        self._bulk: dict[tuple[str, str], int | None] = {}
        self.complete = False  # True once every row is cached: a miss means "absent"

    def preload(self) -> "Lookup":
        s = self.session
        self._orgs = {o.acronym: o for o in s.scalars(select(Organization))}
        by_id = {o.id: o for o in self._orgs.values() if o}
        self._committees = {(by_id[c.organization_id].acronym, c.code): c
                            for c in s.scalars(select(Committee))}
        self._topics = {t.code: t for t in s.scalars(  # a mapping checks for sub-topics
            select(Topic).options(selectinload(Topic.children)))}
        self._items = {(by_id[w.organization_id].acronym, w.identifier): w
                       for w in s.scalars(select(WorkItem).options(
                           selectinload(WorkItem.mappings).joinedload(Mapping.topic)))}
        for low, high in s.execute(select(Equivalence.low_id, Equivalence.high_id)):
            self._equivalents.setdefault(low, set()).add(high)
            self._equivalents.setdefault(high, set()).add(low)
        self.complete = True
        return self

    def _get(self, cache: dict, key, stmt):
        """The cached row, or the one `stmt()` finds; the statement is built only on a miss
        (building one per reference cost an import of 50,000 items a third of its time)."""
        if key not in cache:
            cache[key] = None if self.complete else self.session.scalar(stmt())
        return cache[key]

    def organization(self, acronym: str) -> Organization | None:
        return self._get(self._orgs, acronym,
                         lambda: select(Organization).where(Organization.acronym == acronym))

    def committee(self, acronym: str, code: str) -> Committee | None:
        return self._get(self._committees, (acronym, code),
                         lambda: select(Committee).join(Committee.organization)
                         .where(Organization.acronym == acronym, Committee.code == code))

    def topic(self, code: str) -> Topic | None:
        return self._get(self._topics, code, lambda: select(Topic).where(Topic.code == code))

    def work_item(self, acronym: str, identifier: str) -> WorkItem | None:
        return self._get(self._items, (acronym, identifier),
                         lambda: select(WorkItem).join(WorkItem.organization)
                         .where(Organization.acronym == acronym,
                                WorkItem.identifier == identifier))

    def knows_work_item(self, acronym: str, identifier: str) -> bool:
        """Whether the item is stored, or saved in this unit of work, either way."""
        return (acronym, identifier) in self._bulk or \
            self.work_item(acronym, identifier) is not None

    def work_item_id(self, acronym: str, identifier: str) -> int | None:
        """The item's id (flushing a new one to get it); None for an item an import
        checked but never wrote, because the import is refused."""
        if (acronym, identifier) in self._bulk:
            return self._bulk[(acronym, identifier)]
        item = self.work_item(acronym, identifier)
        if item is not None and item.id is None:
            self.session.flush()
        return item.id if item is not None else None

    def remember_bulk(self, acronym: str, identifier: str, item_id: int | None = None) -> None:
        """Note an item an import inserts as a plain row: its id once it is written."""
        self._bulk[(acronym, identifier)] = item_id

    def remember(self, record) -> None:
        if isinstance(record, Organization):
            self._orgs[record.acronym] = record
        elif isinstance(record, Committee):
            self._committees[(record.organization.acronym, record.code)] = record
        elif isinstance(record, Topic):
            self._topics[record.code] = record
        elif isinstance(record, WorkItem):
            self._items[(record.organization.acronym, record.identifier)] = record

    def register_entry(self, code: str) -> RegisterEntry | None:
        """Not preloaded: a roadmap holds tens of entries, an import names few."""
        if code not in self._entries:
            self._entries[code] = self.session.scalar(
                select(RegisterEntry).where(RegisterEntry.code == code))
        return self._entries[code]

    def equivalents(self, item_id: int) -> set[int]:
        """The ids declared equivalent to `item_id`, stored or added in this unit of work.

        Pairs added here are not flushed yet (the import flushes once, at the end), so a
        query alone would miss them and a pair declared on both items would be added twice.
        """
        if item_id not in self._equivalents:
            found: set[int] = set()
            if not self.complete:
                with self.session.no_autoflush:
                    for low, high in self.session.execute(
                            select(Equivalence.low_id, Equivalence.high_id).where(
                                (Equivalence.low_id == item_id) | (Equivalence.high_id == item_id))):
                        found.add(high if low == item_id else low)
            self._equivalents[item_id] = found
        return self._equivalents[item_id]

    def add_equivalence(self, a: int, b: int) -> None:
        self.equivalents(a).add(b)
        self.equivalents(b).add(a)
