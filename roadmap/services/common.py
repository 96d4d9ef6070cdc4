"""What every service shares: the outcome of a save, and checks of single fields."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from .. import dates
from ..errors import Errors, ValidationError


@dataclass(slots=True)
class Outcome:
    """What a save did: `created`, `updated` (with each field before and after) or `unchanged`."""

    kind: str  # e.g. "work_item"
    key: str  # natural key as people write it, e.g. "ITU-T Y.4600"
    action: str
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    record: Any = None


def assign(record: Any, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set attributes that differ and return them as {name: (before, after)}."""
    changes = {}
    for name, value in values.items():
        before = getattr(record, name)
        if before != value:
            changes[name] = (before, value)
            setattr(record, name, value)
    return changes


def body_rows(stored: list, wanted: list[tuple], make) -> list:
    """The rows of `wanted` (organization, committee, ...) in order, for a list of bodies
    (leads, addressees, recipients) held unique per parent: a body's stored row is kept and
    renumbered, only a new body gets a row from `make(*values)`. (Clearing and adding again
    would not do: the unit of work inserts before it deletes, so a kept body's new row would
    meet its old one.)"""
    by_body = {(row.organization, row.committee): row for row in stored}
    rows = []
    for position, values in enumerate(wanted):
        row = by_body.pop(tuple(values[:2]), None) or make(*values)
        row.position = position
        rows.append(row)
    return rows


def create_or_update(session, actor, lookup, kind: str, key: str, record, make,
                     values: dict[str, Any], *, by_code: tuple[str, ...] = ()) -> "Outcome":
    """Create `make(**values)` when `record` is None, else set the `values` that differ.

    Either way the outcome is audited; a change of a field in `by_code` (a parent, say) is
    recorded by the related record's code. The caller commits.
    """
    if record is None:
        record = make(**values)
        session.add(record)
        lookup.remember(record)
        return audited(session, actor, Outcome(kind, key, "created", record=record))
    changes = assign(record, values)
    for name in by_code:
        if name in changes:
            changes[name] = tuple(r.code if r else None for r in changes[name])
    return audited(session, actor, Outcome(kind, key, "updated" if changes else "unchanged",
                                           changes, record))


class Fields:
    """Read and check the fields of one input record, collecting every error."""

    def __init__(self, data: Any):
        self.errors = Errors()
        if not isinstance(data, dict):
            self.errors.add("", "must be an object")
            data = {}
        self.data = data

    def text(self, name: str, *, required: bool = False, max_length: int = 500) -> str | None:
        value = self.data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.errors.add(name, "is required")
            return None
        if not isinstance(value, str):
            self.errors.add(name, "must be text")
            return None
        value = value.strip()
        if "\x00" in value:  # PostgreSQL text cannot hold it
            self.errors.add(name, "contains a NUL character")
            return None
        if len(value) > max_length:
            self.errors.add(name, f"is longer than {max_length} characters")
        return value

    def choice(self, name: str, allowed: tuple[str, ...], *, required: bool = True,
               default: str | None = None) -> str | None:
        value = self.text(name, required=required and default is None, max_length=60)
        if value is None:
            return default
        if value not in allowed:
            self.errors.add(name, f'"{value}" is not one of: {", ".join(allowed)}')
        return value

    def partial_date(self, name: str) -> str | None:
        value = self.text(name, max_length=10)
        if value is None:
            return None
        try:
            return dates.parse(value)
        except ValueError as error:
            self.errors.add(name, str(error))
            return None

    def full_date(self, name: str) -> dt.date | None:
        value = self.text(name, max_length=10)
        if value is None:
            return None
        try:
            if len(value) != 10 or not value.isascii():  # fromisoformat also takes "20180715"
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            self.errors.add(name, f'"{value}" is not a date (YYYY-MM-DD)')
            return None

    def url(self, name: str) -> str | None:
        """An http(s) address; the scheme is compared without case and stored in lower case."""
        value = self.text(name, max_length=500)
        if value is not None:
            parts = urlparse(value)
            scheme = value.split(":", 1)[0].lower()
            if scheme not in ("http", "https") or scheme != parts.scheme or not parts.netloc \
                    or any(c.isspace() for c in value):
                self.errors.add(name, f'"{value}" is not an http(s) address')
            else:
                value = scheme + value[len(scheme):]
        return value

    def text_list(self, name: str, *, max_length: int = 200) -> list[str]:
        value = self.data.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.errors.add(name, "must be a list of texts")
            return []
        cleaned = [v.strip() for v in value if v.strip()]
        if any("\x00" in v for v in cleaned):
            self.errors.add(name, "contains a NUL character")
            return []
        if any(len(v) > max_length for v in cleaned):
            self.errors.add(name, f"has an entry longer than {max_length} characters")
        return cleaned

    def records(self, name: str) -> list[Any]:
        value = self.data.get(name) or []
        if not isinstance(value, list):
            self.errors.add(name, "must be a list")
            return []
        return value


def audited(session, actor, outcome: Outcome) -> Outcome:
    """Append the outcome to the audit log, in the caller's transaction; return it."""
    if outcome.action == "unchanged":
        return outcome
    from ..models import AuditRecord  # models import nothing from services; keep it one-way
    session.add(AuditRecord(**audit_values(actor, outcome)))
    return outcome


def audit_values(actor, outcome: Outcome) -> dict[str, Any]:
    """The audit row of an outcome. A new record's history holds its own columns, plus
    what the service says of its relations; `record` may be the row's values as a dict
    (a row an import inserts in bulk), so both ways write the same history."""
    changes = outcome.changes
    if outcome.action == "created" and outcome.record is not None:
        record = outcome.record
        columns = record.items() if isinstance(record, dict) else (
            (c.key, getattr(record, c.key)) for c in record.__table__.columns)
        changes = {**{name: (None, value) for name, value in columns
                      if name not in ("id", "version") and not name.endswith("_id")
                      and value not in (None, "", [])}, **changes}
    return {"at": dt.datetime.now(dt.timezone.utc), "actor": actor.email if actor else "anonymous",
            "kind": outcome.kind, "key": outcome.key[:300], "action": outcome.action,
            "changes": {name: [_jsonable(before), _jsonable(after)]
                        for name, (before, after) in changes.items()}}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def dated_updates(f: Fields, statuses: tuple[str, ...]) -> list[tuple]:
    """The record's `updates` as (date, status, note), oldest first; each one's errors are
    placed under `updates[i]` (a register entry's and an action's history alike)."""
    found = []
    for index, record in enumerate(f.records("updates")):
        update = Fields(record)
        when = update.full_date("date")
        if when is None and not update.errors:
            update.errors.add("date", "is required")
        status = update.choice("status", statuses)
        note = update.text("note", max_length=20000)
        if update.errors:
            f.errors.merge(ValidationError(update.errors.errors), f"updates[{index}]")
        else:
            found.append((when, status, note))
    return sorted(found, key=lambda u: u[0])
