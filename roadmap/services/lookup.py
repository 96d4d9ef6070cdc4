"""Find rows by natural key, caching what was found so bulk imports cost few queries."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..errors import Conflict
from ..models import Committee, Equivalence, Organization, RegisterEntry, Topic, WorkItem


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
        # preloaded, every stored item's key -> (id, version); objects are read when asked
        # for, so that an import onto 50,000 items need not hold them all
        self._stored: dict[tuple[str, str], tuple[int, int]] = {}
        self._equivalents: dict[int, set[int]] = {}  # item id -> ids, stored or added here
        self._entries: dict[str, RegisterEntry | None] = {}
        # items an import inserts in bulk, not as objects: their id, None until written
        self._bulk: dict[tuple[str, str], int | None] = {}
        self._created: list[WorkItem] = []  # items saved as objects in this unit of work
        self._new_ids: set[int] = set()  # ids of the items an import inserted in bulk
        self._keys: dict[int, tuple[str, str]] = {}  # id -> key, built when first asked
        self.touched: set[int] = set()  # items whose equivalences changed: a new version each
        self.complete = False  # True once every row is cached: a miss means "absent"

    def preload(self) -> "Lookup":
        s = self.session
        self._orgs = {o.acronym: o for o in s.scalars(select(Organization))}
        by_id = {o.id: o for o in self._orgs.values() if o}
        self._committees = {(by_id[c.organization_id].acronym, c.code): c
                            for c in s.scalars(select(Committee))}
        self._topics = {t.code: t for t in s.scalars(  # a mapping checks for sub-topics
            select(Topic).options(selectinload(Topic.children)))}
        self._stored = {(by_id[org].acronym, identifier): (item_id, version)
                        for org, identifier, item_id, version in s.execute(select(
                            WorkItem.organization_id, WorkItem.identifier, WorkItem.id,
                            WorkItem.version))}
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
        if (acronym, identifier) in self._stored:
            self.load_work_items([(acronym, identifier)])
        return self._get(self._items, (acronym, identifier),
                         lambda: select(WorkItem).join(WorkItem.organization)
                         .where(Organization.acronym == acronym,
                                WorkItem.identifier == identifier))

    def load_work_items(self, keys) -> None:
        """Read the stored items of `keys`, with their mappings, in one query (an import
        asks for a chunk of its file at a time).

        An item must still be as `preload` found it: the import's snapshot (the preview's
        check) was taken from that. One changed or deleted since, by a writer that does not
        take the import lock, raises Conflict rather than being written over.
        """
        wanted = {self._stored[k][0]: k for k in keys if k in self._stored and k not in self._items}
        if not wanted:
            return
        for item in self.session.scalars(select(WorkItem).where(
                WorkItem.id.in_(wanted)).options(selectinload(WorkItem.mappings))):
            key = wanted.pop(item.id)
            self._items[key] = item
            if item.version != self._stored[key][1]:
                raise Conflict(f"{' '.join(key)} was changed by someone else during the "
                               "import; nothing was written", current=item.version)
        for acronym, identifier in wanted.values():  # preloaded, gone since
            raise Conflict(f"{acronym} {identifier} was deleted by someone else during the "
                           "import; nothing was written")

    def forget_work_items(self, keys) -> None:
        """Let go of loaded stored items, flushed first, so that memory holds a chunk."""
        for key in keys:
            if key in self._stored:
                self._items.pop(key, None)

    def knows_work_item(self, acronym: str, identifier: str) -> bool:
        """Whether the item is stored, or saved in this unit of work, either way."""
        key = (acronym, identifier)
        return key in self._bulk or key in self._stored or \
            self.work_item(acronym, identifier) is not None

    def work_item_version(self, acronym: str, identifier: str) -> int | None:
        key = (acronym, identifier)
        if key in self._stored and key not in self._items:
            return self._stored[key][1]
        item = self.work_item(acronym, identifier)
        return item.version if item is not None else None

    def work_item_id(self, acronym: str, identifier: str) -> int | None:
        """The item's id (flushing a new one to get it); None for an item an import
        checked but never wrote, because the import is refused."""
        key = (acronym, identifier)
        if key in self._bulk:
            return self._bulk[key]
        if key in self._stored:
            return self._stored[key][0]
        item = self.work_item(acronym, identifier)
        if item is not None and item.id is None:
            self.session.flush()
        return item.id if item is not None else None

    def work_item_key(self, item_id: int) -> tuple[str, str]:
        """The (organization, identifier) of a stored item, or one saved here."""
        if not self._keys:  # once: every stored item and every new one known so far
            self._keys = {**{v[0]: k for k, v in self._stored.items()},
                          **{v: k for k, v in self._bulk.items() if v is not None}}
        if item_id not in self._keys:
            self._keys.update({r.id: (r.organization.acronym, r.identifier)
                               for r in self._created})
        if item_id not in self._keys:
            self._keys[item_id] = tuple(self.session.execute(
                select(Organization.acronym, WorkItem.identifier).join(WorkItem.organization)
                .where(WorkItem.id == item_id)).one())
        return self._keys[item_id]

    def created_here(self, item_id: int) -> bool:
        """Whether the item is new in this unit of work (it is at its first version still)."""
        return item_id in self._new_ids or any(r.id == item_id for r in self._created)

    def remember_bulk(self, acronym: str, identifier: str, item_id: int | None = None) -> None:
        """Note an item an import inserts as a plain row: its id once it is written."""
        self._bulk[(acronym, identifier)] = item_id
        if item_id is not None:
            self._new_ids.add(item_id)

    def remember(self, record) -> None:
        if isinstance(record, Organization):
            self._orgs[record.acronym] = record
        elif isinstance(record, Committee):
            self._committees[(record.organization.acronym, record.code)] = record
        elif isinstance(record, Topic):
            self._topics[record.code] = record
        elif isinstance(record, WorkItem):
            self._items[(record.organization.acronym, record.identifier)] = record
            if record.id is None:
                self._created.append(record)

    def register_entry(self, code: str) -> RegisterEntry | None:
        """Not preloaded: a roadmap holds tens of entries, an import names few. A miss is
        not kept: the entry may be saved later in the same unit of work (an import's
        snapshot looks before its register section is written)."""
        if self._entries.get(code) is None:
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

    def remove_equivalence(self, a: int, b: int) -> None:
        self.equivalents(a).discard(b)
        self.equivalents(b).discard(a)
