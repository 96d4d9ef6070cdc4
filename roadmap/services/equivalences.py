"""Equivalences: two work items of two bodies that carry the same text.

An equivalence belongs to both texts, so declaring or removing one needs the right to
change both items (permissions.require_equivalence_change), is written in both items'
history and gives both a new version: a client holding either item's ETag reads it again.
"""
from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from .. import permissions
from ..errors import Conflict, NotFound, ValidationError
from ..models import Equivalence, WorkItem
from .common import Fields, Outcome, audited
from .lookup import Lookup

Key = tuple[str, str]  # (organization, identifier), e.g. ("ISO", "ISO 37120:2018")
Named = dict[Key, set[Key]]  # what the records of one file name, both ways round
VERSIONS_AT_ONCE = 1000


def add_equivalents(session: Session, data: dict, *, actor,
                    lookup: Lookup | None = None) -> Outcome | None:
    """Declare that the item in `data` carries the same text as each of its `equivalents`;
    the ones declared already stay, and so does every other (the API's create and PATCH).

    Return the item's outcome (the other items' are audited too). The caller commits.
    """
    outcomes = _change(session, data, actor=actor, lookup=lookup, named=None)
    return outcomes[0] if outcomes else None


def state_equivalents(session: Session, data: dict, *, actor, lookup: Lookup | None = None,
                      named: Named | None = None) -> list[Outcome]:
    """Make the item's equivalents the set its record states (a form; a record of a file).

    A record without the `equivalents` key leaves them alone. A stored equivalence the
    record does not name is removed, unless another record of the same file names it
    (`named`, from `named_in`): a file may declare a pair on one side only. Return the
    outcome of every item that changed, the record's own first. The caller commits.
    """
    if "equivalents" not in data:
        return []
    return _change(session, data, actor=actor, lookup=lookup, named=named or {})


def named_in(entries: list) -> Named:
    """Every pair the records of a file name, by key, both ways round (the union rule)."""
    named: Named = {}
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("equivalents"), list):
            key = _raw_key(entry)
            for other in entry["equivalents"]:
                if isinstance(other, dict):
                    other_key = _raw_key(other)
                    named.setdefault(key, set()).add(other_key)
                    named.setdefault(other_key, set()).add(key)
    return named


def remove_equivalent(session: Session, item_id: int, other_id: int, *, actor) -> Outcome:
    """Remove the equivalence of two items, named by id; NotFound when none is declared.

    Return the first item's outcome (the other's is audited too). The caller commits.
    """
    lookup = Lookup(session)
    item, other = _get(session, item_id), _get(session, other_id)
    key = (item.organization.acronym, item.identifier)
    other_key = (other.organization.acronym, other.identifier)
    if other_id not in lookup.equivalents(item_id):
        raise NotFound(f"{_name(key)} is not declared equivalent to {_name(other_key)}")
    outcomes = _write(session, lookup, actor, (key, item_id), [], [(other_key, other_id)])
    bump_versions(session, lookup)
    return outcomes[0]


def bump_versions(session: Session, lookup: Lookup) -> None:
    """Give every item whose equivalences changed a new version, a thousand at a time;
    an item new in this unit of work stays at its first."""
    ids = sorted(i for i in lookup.touched if not lookup.created_here(i))
    lookup.touched.clear()
    for start in range(0, len(ids), VERSIONS_AT_ONCE):
        session.execute(update(WorkItem).where(WorkItem.id.in_(
            ids[start:start + VERSIONS_AT_ONCE])).values(version=WorkItem.version + 1),
            execution_options={"synchronize_session": "evaluate"})


def _change(session: Session, data: dict, *, actor, lookup: Lookup | None,
            named: Named | None) -> list[Outcome]:
    """Add what `data` names; with `named`, also remove what neither it nor `named` does."""
    own_lookup, lookup = lookup is None, lookup or Lookup(session)
    f = Fields(data)
    acronym = f.text("organization")
    identifier = f.text("identifier") or f.text("provisional_name")  # a draft's key
    if not (acronym and identifier and lookup.knows_work_item(acronym, identifier)):
        return []  # the item's own save reported why it is missing
    permissions.require_work_item_edit(actor, acronym)
    key = (acronym, identifier)
    others = list(dict.fromkeys(_named_items(f, lookup, key)))
    ids = [lookup.work_item_id(*k) for k in (key, *others)]
    if None in ids:
        return []  # an item of a refused import, never written: the refusal says why
    item_id, stored = ids[0], lookup.equivalents(ids[0])
    added = [(o, i) for o, i in zip(others, ids[1:]) if i not in stored]
    removed = []
    if named is not None:
        kept = set(ids[1:]) | {lookup.work_item_id(*k) for k in named.get(key, ())}
        removed = [(lookup.work_item_key(i), i) for i in sorted(stored - kept)]
    if not (added or removed):
        return [Outcome("work_item", _name(key), "unchanged")] if others else []
    outcomes = _write(session, lookup, actor, (key, item_id), added, removed)
    if own_lookup:
        bump_versions(session, lookup)
    return outcomes


def _write(session: Session, lookup: Lookup, actor, item: tuple[Key, int],
           added: list[tuple[Key, int]], removed: list[tuple[Key, int]]) -> list[Outcome]:
    """Check the right to change both texts of every pair, then write and audit them all."""
    key, item_id = item
    for (other, _), removing in [*((a, False) for a in added), *((r, True) for r in removed)]:
        permissions.require_equivalence_change(actor, _name(key), _name(other),
                                               (key[0], other[0]), removing=removing)
    for _, other_id in added:
        session.add(Equivalence(low_id=min(item_id, other_id), high_id=max(item_id, other_id)))
        lookup.add_equivalence(item_id, other_id)
    for other, other_id in removed:
        pair = session.get(Equivalence, (min(item_id, other_id), max(item_id, other_id)))
        if pair is None:
            raise Conflict(f"the equivalence of {_name(key)} and {_name(other)} was removed "
                           "by someone else meanwhile")
        session.delete(pair)
        lookup.remove_equivalence(item_id, other_id)
    lookup.touched.update([item_id, *(i for _, i in added + removed)])
    words = [f"+ {_name(o)}" for o, _ in added] + [f"- {_name(o)}" for o, _ in removed]
    outcomes = [_outcome(key, "; ".join(words))]
    outcomes += [_outcome(other, f"{sign} {_name(key)}")
                 for sign, pairs in (("+", added), ("-", removed)) for other, _ in pairs]
    return [audited(session, actor, outcome) for outcome in outcomes]


def _outcome(key: Key, words: str) -> Outcome:
    """What one item's history says, e.g. "+ ISO 37120:2018; - IEC 62443-1"."""
    return Outcome("work_item", _name(key), "updated", {"equivalents": (None, words)})


def _named_items(f: Fields, lookup: Lookup, key: Key) -> list[Key]:
    """The keys of the stored items `equivalents` names; raise every unknown one at once."""
    others = []
    for index, entry in enumerate(f.records("equivalents")):
        e = Fields(entry)
        org, ident = e.text("organization", required=True), e.text("identifier", required=True)
        if org and ident and not lookup.knows_work_item(org, ident):
            e.errors.add("identifier", f'unknown work item "{ident}" of {org}')
        elif (org, ident) == key:
            e.errors.add("identifier", "a work item cannot be equivalent to itself")
        if e.errors:
            f.errors.merge(ValidationError(e.errors.errors), f"equivalents[{index}]")
        else:
            others.append((org, ident))
    f.errors.raise_if_any()
    return others


def _raw_key(entry: dict) -> Key:
    """A record's key as `Fields.text` reads it; what is not text never matches a stored key."""
    def text(name: str):
        value = entry.get(name)
        return value.strip() if isinstance(value, str) and value.strip() else None
    return text("organization"), text("identifier") or text("provisional_name")


def _name(key: Key) -> str:
    return " ".join(key)


def _get(session: Session, item_id: int) -> WorkItem:
    item = session.get(WorkItem, item_id)
    if item is None:
        raise NotFound(f"there is no work item {item_id}")
    return item


def equivalent_ids(session: Session, item_id: int) -> list[int]:
    """Return the ids of the items declared equivalent to `item_id`, either way round."""
    rows = session.execute(select(Equivalence.low_id, Equivalence.high_id).where(
        or_(Equivalence.low_id == item_id, Equivalence.high_id == item_id)))
    return [low if high == item_id else high for low, high in rows]
