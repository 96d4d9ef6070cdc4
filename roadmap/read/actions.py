"""The actions of the gap register, as rows: an entry's, and the list at /actions."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..models import ActionAddressee, GapAction, WorkItem
from ..sorting import natural_key
from ..vocab import ACTION_STATUSES, OPEN_ACTION_STATUSES


@dataclass(frozen=True)
class ActionRow:
    """One action of a register entry, e.g. GAP-03/A1."""

    code: str  # e.g. "GAP-03/A1"
    gap: str  # e.g. "GAP-03"
    text: str
    addressed_to: tuple[tuple[str, str | None], ...]  # (organization, committee or None)
    owner: str | None
    due: str | None  # YYYY-MM-DD
    status: str
    updates: tuple[tuple[str, str, str | None], ...]  # (date, status, note), oldest first
    work_items: tuple[tuple[str, str, int], ...]  # (organization, identifier, id)
    version: int

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def overdue(self, today: dt.date) -> bool:
        """An open action past its due date."""
        return self.is_open and self.due is not None and self.due < today.isoformat()

    def bodies(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o for o, _ in self.addressed_to))

    def words(self) -> str:
        """The action in one line, as the Word table's Suggestions column gives it."""
        to = "; ".join(f"{o} {c}" if c else o for o, c in self.addressed_to)
        extra = "; ".join(filter(None, (to, f"due {self.due}" if self.due else None)))
        return f"{self.code}: {self.text}" + (f" ({extra})" if extra else "")

    def as_record(self) -> dict:
        """The bundle's record, inside its register entry (the code without the entry's)."""
        record = {"code": self.code.rsplit("/", 1)[1], "text": self.text,
                  "addressed_to": [{"organization": o, **({"committee": c} if c else {})}
                                   for o, c in self.addressed_to],
                  "owner": self.owner, "due": self.due, "status": self.status,
                  "updates": [{"date": d, "status": s, **({"note": n} if n else {})}
                              for d, s, n in self.updates],
                  "work_items": [{"organization": o, "identifier": i}
                                 for o, i, _ in self.work_items]}
        return {k: v for k, v in record.items() if v not in (None, "", [])}


def action_rows(actions) -> tuple[ActionRow, ...]:
    """Turn loaded actions (with their entry, addressees, updates and items) into rows."""
    return tuple(ActionRow(
        a.code, a.entry.code, a.text,
        tuple((x.organization.acronym, x.committee.code if x.committee else None)
              for x in a.addressees),
        a.owner, a.due.isoformat() if a.due else None, a.status,
        tuple((u.date.isoformat(), u.status, u.note) for u in a.updates),
        tuple(sorted(((w.organization.acronym, w.identifier, w.id) for w in a.work_items),
                     key=lambda w: (natural_key(w[0]), natural_key(w[1])))),
        a.version) for a in actions)


def eager():
    """The loader options that make `action_rows` cost a constant number of queries."""
    return (joinedload(GapAction.entry), selectinload(GapAction.updates),
            selectinload(GapAction.addressees).options(joinedload(ActionAddressee.organization),
                                                       joinedload(ActionAddressee.committee)),
            selectinload(GapAction.work_items).joinedload(WorkItem.organization))


def list_actions(session: Session, *, status: str | None = None, body: str | None = None,
                 overdue: bool = False, within: int | None = None,
                 today: dt.date | None = None) -> tuple[ActionRow, ...]:
    """Return the actions that match, by entry and number.

    `status` is a stored status or "open" (any not done or dropped); `body` an
    organization the action is addressed to; `overdue` keeps open actions past their
    due date; `within` open actions due in that many days from `today` (overdue ones too).
    """
    today = today or dt.date.today()
    stmt = select(GapAction).options(*eager())
    if status in ACTION_STATUSES:
        stmt = stmt.where(GapAction.status == status)
    elif status == "open":
        stmt = stmt.where(GapAction.status.in_(OPEN_ACTION_STATUSES))
    rows = action_rows(session.scalars(stmt))
    horizon = (today + dt.timedelta(days=within)).isoformat() if within is not None else None
    chosen = [r for r in rows
              if (body is None or body in r.bodies())
              and (not overdue or r.overdue(today))
              and (horizon is None or (r.is_open and r.due is not None and r.due <= horizon))]
    return tuple(sorted(chosen, key=lambda r: (natural_key(r.gap), natural_key(r.code))))


def get_action_row(session: Session, code: str) -> ActionRow | None:
    gap, _, number = code.partition("/A")
    return next((r for r in list_actions(session) if r.code == code), None) \
        if gap and number.isdigit() else None
