"""Actions on register entries: numbered, addressed to bodies, followed by dated updates."""
from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from .. import permissions
from ..errors import Conflict, NotFound, ValidationError
from ..models import ActionAddressee, ActionUpdate, GapAction, RegisterEntry, WorkItem
from ..vocab import ACTION_STATUSES
from .common import Fields, Outcome, assign, audited, body_rows, dated_updates
from .gap_register import bodies, get_gap
from .lookup import Lookup

_CODE = re.compile(r"^(?:(?P<gap>[^/]+)/)?A(?P<number>[1-9]\d{0,5})$")  # "GAP-03/A1" or "A1"


def save_action(session: Session, data: dict, *, actor, lookup: Lookup | None = None,
                entry: RegisterEntry | None = None,
                expected_version: int | None = None) -> Outcome:
    """Create or update an action of a register entry. The caller commits.

    The entry is `entry`, or the one `data["gap"]` names; `data["code"]` ("A1", or in
    full "GAP-03/A1") names a stored action, and without it a new one takes the next
    number. Updates are merged into the history as an entry's are; the status is the
    given one, or that of the latest update, or the stored one (a new action: proposed).
    """
    permissions.require_editor(actor, "actions of the gap register")
    lookup = lookup or Lookup(session)
    f = Fields(data)
    entry = entry or _entry(f, lookup)
    number = _number(f)
    values = {"text": f.text("text", required=True, max_length=20000),
              "owner": f.text("owner", max_length=200), "due": f.full_date("due")}
    addressed = bodies(f, lookup, "addressed_to")
    items, updates = work_item_refs(f, lookup), _updates(f)
    status = f.choice("status", ACTION_STATUSES, required=False)
    f.errors.raise_if_any()
    action = next((a for a in entry.actions if a.number == number), None) if number else None
    _check_version(entry, number, action, expected_version)
    values["status"] = status or (updates[-1][1] if updates else
                                  action.status if action else "proposed")
    if action is None:
        return _create(session, actor, entry, number, values, addressed, items, updates)
    changes = assign(action, values)
    _merge(action, addressed, items, updates, changes)
    return audited(session, actor, Outcome("action", action.code,
                                           "updated" if changes else "unchanged", changes, action))


def _check_version(entry, number, action, expected_version) -> None:
    if expected_version and action is None:
        raise NotFound(f"there is no action {entry.code}/A{number}")
    if expected_version and action.version != expected_version:
        raise Conflict(f"action {action.code} was changed by someone else since it was opened",
                       current=action.version)


def _create(session, actor, entry, number, values, addressed, items, updates) -> Outcome:
    number = number or max((a.number for a in entry.actions), default=0) + 1
    action = GapAction(number=number, **values)
    action.addressees = [ActionAddressee(organization=o, committee=c, position=i)
                         for i, (o, c) in enumerate(addressed)]
    action.work_items = items
    action.updates = [ActionUpdate(date=d, status=s, note=n) for d, s, n in updates]
    entry.actions.append(action)
    session.add(action)
    return audited(session, actor, Outcome("action", action.code, "created", {
        "addressed_to": (None, [_body(o, c) for o, c in addressed]),
        "work_items": (None, [_item(w) for w in items])}, action))


def _merge(action: GapAction, addressed: list, items: list, updates: list,
           changes: dict) -> None:
    before = [_body(a.organization, a.committee) for a in action.addressees]
    if before != [_body(o, c) for o, c in addressed]:
        action.addressees = body_rows(
            action.addressees, addressed, lambda o, c: ActionAddressee(organization=o, committee=c))
        changes["addressed_to"] = (before, [_body(o, c) for o, c in addressed])
    if set(action.work_items) != set(items):
        changes["work_items"] = ([_item(w) for w in action.work_items], [_item(w) for w in items])
        action.work_items = items
    recorded = {(u.date, u.status, u.note) for u in action.updates}
    new = [u for u in updates if u not in recorded]
    action.updates.extend(ActionUpdate(date=d, status=s, note=n) for d, s, n in new)
    if new:
        changes["updates"] = (len(recorded), len(recorded) + len(new))
    if changes:
        flag_modified(action, "text")  # addressees, items and updates are a new version too


def add_action_update(session: Session, code: str, *, actor, status: str | None = None,
                      note: str | None = None,
                      date: dt.date | str | None = None) -> ActionUpdate:
    """Record a dated update of an action, and its status from then on. The caller commits.

    Editors update any action; a liaison officer those addressed to a body they follow.
    """
    action = get_action(session, code)
    permissions.require_action_update(
        actor, action.code, tuple(a.organization.acronym for a in action.addressees))
    f = Fields({"status": status or action.status, "note": note, "date": date})
    status = f.choice("status", ACTION_STATUSES)
    note = f.text("note", max_length=20000)
    date = date if isinstance(date, dt.date) else f.full_date("date")
    if note is None and status == action.status:
        f.errors.add("note", "is required when the status stays the same")
    f.errors.raise_if_any()
    update = ActionUpdate(date=date or dt.date.today(), status=status, note=note)
    action.updates.append(update)
    before, action.status = action.status, status
    flag_modified(action, "text")
    changes = {"update": (None, f"{update.date.isoformat()} {note or ''}".strip())}
    if before != status:
        changes["status"] = (before, status)
    audited(session, actor, Outcome("action", action.code, "updated", changes))
    return update


def get_action(session: Session, code: str) -> GapAction:
    """Return the action named "GAP-03/A1"; NotFound when there is none."""
    match = _CODE.match(code or "")
    if match is None or match["gap"] is None:
        raise NotFound(f'"{code}" does not name an action (e.g. GAP-03/A1)')
    entry = get_gap(session, match["gap"])
    action = session.scalar(select(GapAction).where(GapAction.gap_id == entry.id,
                                                    GapAction.number == int(match["number"])))
    if action is None:
        raise NotFound(f"there is no action {code}")
    return action


def save_entry_actions(session: Session, data: dict, *, actor,
                       lookup: Lookup | None = None) -> list[Outcome]:
    """Save the `actions` of one register entry's bundle record (the importer's step)."""
    records = data.get("actions") if isinstance(data, dict) else None
    if not records:
        return []
    code = data.get("code")
    entry = session.scalar(select(RegisterEntry).where(RegisterEntry.code == code)) \
        if isinstance(code, str) else None
    if entry is None:  # the entry's own errors say why
        return []
    outcomes, errors = [], {}
    for index, record in enumerate(records if isinstance(records, list) else []):
        try:
            outcomes.append(save_action(session, record, actor=actor, lookup=lookup, entry=entry))
        except ValidationError as error:
            for place, messages in error.located(f"actions[{index}]").errors.items():
                errors.setdefault(place, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return outcomes


def _entry(f: Fields, lookup: Lookup) -> RegisterEntry | None:
    code = f.text("gap", required=True, max_length=20)
    entry = lookup.register_entry(code) if code else None
    if code and entry is None:
        f.errors.add("gap", f'there is no register entry "{code}"')
    return entry


def _number(f: Fields) -> int | None:
    code = f.text("code", max_length=40)
    match = _CODE.match(code) if code else None
    if code and match is None:
        f.errors.add("code", f'"{code}" is not an action code (e.g. A1)')
    return int(match["number"]) if match else None


def work_item_refs(f: Fields, lookup: Lookup) -> list:
    """Read a list of {organization, identifier} records: the work items they name."""
    found = []
    for index, record in enumerate(f.records("work_items")):
        ref = Fields(record)
        acronym = ref.text("organization", required=True, max_length=40)
        identifier = ref.text("identifier", required=True, max_length=120)
        item = _work_item(lookup, acronym, identifier) if acronym and identifier else None
        if acronym and identifier and item is None:
            ref.errors.add("identifier", f'unknown work item "{acronym} {identifier}"')
        if ref.errors:
            f.errors.merge(ValidationError(ref.errors.errors), f"work_items[{index}]")
        elif item not in found:
            found.append(item)
    return found


def _work_item(lookup: Lookup, acronym: str, identifier: str):
    """The item, stored or written by this import as a plain row (services/work_item_batch)."""
    item_id = lookup.work_item_id(acronym, identifier)
    return lookup.session.get(WorkItem, item_id) if item_id is not None else None


def _updates(f: Fields) -> list[tuple]:
    return dated_updates(f, ACTION_STATUSES)


def _body(organization, committee) -> str:
    return f"{organization.acronym} {committee.code}" if committee else organization.acronym


def _item(item) -> str:
    return f"{item.organization.acronym} {item.identifier}"
