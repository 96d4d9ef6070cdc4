"""Changes of one stored work item, as the API makes them: some fields, one mapping.

Each goes through `work_items.save_work_item`, so permissions, checks, the version and
the history apply as they do to a form's save.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from .. import permissions
from ..errors import Clash, Errors, NotFound, ValidationError
from ..read.records import work_item_records
from . import equivalences, work_items
from .common import Outcome

KEY_FIELDS = ("organization", "identifier")


def stored_record(session: Session, item_id: int) -> dict:
    """Return the stored item as a record with its `id` and `version`, or raise NotFound."""
    found = work_item_records(session, [item_id], identity=True)
    if not found:
        raise NotFound(f"there is no work item {item_id}")
    return found[0]


def update_work_item(session: Session, item_id: int, changes: dict, *, actor,
                     expected_version: int | None = None) -> Outcome:
    """Change some fields of a stored item; a field given as null is cleared.

    The organization and the identifier name the item and stay. `topics`, when given,
    replaces every mapping; `equivalents` adds declarations. The caller commits.
    """
    record = stored_record(session, item_id)
    errors = Errors()
    for name in KEY_FIELDS:
        if name in changes and changes[name] != record[name]:
            errors.add(name, "names the work item and cannot change; withdraw it and create "
                             "a new one instead")
    errors.raise_if_any()
    data = {**record, **changes}
    outcome = work_items.save_work_item(session, data, actor=actor,
                             expected_version=expected_version or record["version"])
    if changes.get("equivalents"):
        more = equivalences.add_equivalents(session, {**data, "equivalents": changes["equivalents"]},
                               actor=actor)
        if more is not None and more.action == "updated":
            outcome.changes.update(more.changes)
            outcome.action = "updated"
    return outcome


def set_mapping(session: Session, item_id: int, code: str, values: dict, *, actor,
                create: bool, expected_version: int | None = None) -> Outcome:
    """Map the item to leaf topic `code` (`create`), or change that mapping's fields.

    Goes through `save_work_item`, so the item's permissions, checks, version and
    history apply. Errors name the mapping's own fields (`relevance`, `note`).
    """
    record = stored_record(session, item_id)
    key = f"{record['organization']} {record['identifier']}"
    topics = record.get("topics", [])
    current = next((t for t in topics if t["code"] == code), None)
    if create and current is not None:
        permissions.require_work_item_edit(actor, record["organization"])
        raise Clash({"code": [f"{key} is mapped to {code} already"]})
    if not create and current is None:
        raise NotFound(f"{key} is not mapped to topic {code}")
    entry = {"relevance": "core", **(current or {}), **values, "code": code}
    others = [t for t in topics if t["code"] != code]
    try:
        return work_items.save_work_item(session, {**record, "topics": [*others, entry]}, actor=actor,
                              expected_version=expected_version or record["version"])
    except ValidationError as error:
        own = f"topics[{len(others)}]."
        raise ValidationError({name.removeprefix(own): messages
                               for name, messages in error.errors.items()}) from None


def remove_mapping(session: Session, item_id: int, code: str, *, actor,
                   expected_version: int | None = None) -> Outcome:
    """Take topic `code` off the item's mappings. The caller commits."""
    record = stored_record(session, item_id)
    topics = record.get("topics", [])
    if not any(t["code"] == code for t in topics):
        raise NotFound(f"{record['organization']} {record['identifier']} is not mapped to "
                       f"topic {code}")
    return work_items.save_work_item(session, {**record, "topics": [t for t in topics if t["code"] != code]},
                          actor=actor, expected_version=expected_version or record["version"])
