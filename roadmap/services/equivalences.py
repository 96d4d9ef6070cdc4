"""Equivalences: two work items of two bodies that carry the same text."""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from .. import permissions
from ..errors import ValidationError
from ..models import Equivalence
from .common import Fields, Outcome, audited
from .lookup import Lookup


def add_equivalents(session: Session, data: dict, *, actor,
                    lookup: Lookup | None = None) -> Outcome | None:
    """Declare that the item in `data` carries the same text as each of its `equivalents`.

    The relation is symmetric and only ever added here: an equivalence disappears only
    when one of its items is deleted or `remove_equivalent` is called. The caller commits.
    """
    lookup = lookup or Lookup(session)
    f = Fields(data)
    acronym = f.text("organization")
    identifier = f.text("identifier") or f.text("provisional_name")  # a draft's key
    if not (acronym and identifier and lookup.knows_work_item(acronym, identifier)):
        return None  # the item's own save reported why it is missing
    permissions.require_work_item_edit(actor, acronym)
    key = (acronym, identifier)
    others = _named_items(f, lookup, key)
    if not others:
        return None
    ids = [lookup.work_item_id(*k) for k in (key, *others)]
    if None in ids:
        return None  # an item of a refused import, never written: the refusal says why
    item_id, added = ids[0], []
    for other, other_id in zip(others, ids[1:]):
        if other_id not in lookup.equivalents(item_id):
            session.add(Equivalence(low_id=min(item_id, other_id), high_id=max(item_id, other_id)))
            lookup.add_equivalence(item_id, other_id)
            added.append(other)
    if not added:
        return Outcome("work_item", f"{acronym} {identifier}", "unchanged")
    names = ", ".join(" ".join(other) for other in added)
    return audited(session, actor, Outcome("work_item", f"{acronym} {identifier}", "updated",
                                           {"equivalents": (None, f"+ {names}")}))


def _named_items(f: Fields, lookup: Lookup, key: tuple[str, str]) -> list[tuple[str, str]]:
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


def equivalent_ids(session: Session, item_id: int) -> list[int]:
    """Return the ids of the items declared equivalent to `item_id`, either way round."""
    rows = session.execute(select(Equivalence.low_id, Equivalence.high_id).where(
        or_(Equivalence.low_id == item_id, Equivalence.high_id == item_id)))
    return [low if high == item_id else high for low, high in rows]
