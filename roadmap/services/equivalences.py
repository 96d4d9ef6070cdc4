"""Equivalences: two work items of two bodies that carry the same text."""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from .. import permissions
from ..errors import ValidationError
from ..models import Equivalence, WorkItem
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
    item = lookup.work_item(acronym, identifier) if acronym and identifier else None
    if item is None:
        return None  # the item's own save reported why it is missing
    permissions.require_work_item_edit(actor, acronym)
    others = _named_items(f, lookup, item)
    if not others:
        return None
    if item.id is None or any(o.id is None for o in others):
        session.flush()  # new items of this import need their ids
    added = []
    for other in others:
        if other.id not in lookup.equivalents(item.id):
            low, high = sorted((item.id, other.id))
            session.add(Equivalence(low_id=low, high_id=high))
            lookup.add_equivalence(item.id, other.id)
            added.append(other)
    if not added:
        return Outcome("work_item", f"{acronym} {identifier}", "unchanged", record=item)
    names = ", ".join(f"{o.organization.acronym} {o.identifier}" for o in added)
    return audited(session, actor, Outcome("work_item", f"{acronym} {identifier}", "updated",
                                           {"equivalents": (None, f"+ {names}")}, item))


def _named_items(f: Fields, lookup: Lookup, item: WorkItem) -> list[WorkItem]:
    """The stored items that `equivalents` names; raise every unknown one at once."""
    others = []
    for index, entry in enumerate(f.records("equivalents")):
        e = Fields(entry)
        org, ident = e.text("organization", required=True), e.text("identifier", required=True)
        other = lookup.work_item(org, ident) if org and ident else None
        if org and ident and other is None:
            e.errors.add("identifier", f'unknown work item "{ident}" of {org}')
        elif other is item:
            e.errors.add("identifier", "a work item cannot be equivalent to itself")
        if e.errors:
            f.errors.merge(ValidationError(e.errors.errors), f"equivalents[{index}]")
        else:
            others.append(other)
    f.errors.raise_if_any()
    return others


def equivalent_ids(session: Session, item_id: int) -> list[int]:
    """Return the ids of the items declared equivalent to `item_id`, either way round."""
    rows = session.execute(select(Equivalence.low_id, Equivalence.high_id).where(
        or_(Equivalence.low_id == item_id, Equivalence.high_id == item_id)))
    return [low if high == item_id else high for low, high in rows]
