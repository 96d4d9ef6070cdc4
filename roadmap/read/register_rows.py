"""The curated gap register as the report lists it: entries with leads, updates, actions."""
from __future__ import annotations

from typing import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from .. import gaps
from ..models import RegisterEntry, RegisterLead
from ..sorting import natural_key
from ..vocab import OPEN_GAP_STATUSES
from .actions import action_rows, eager
from .gap_rows import RegisterEntryRow


def list_register(session: Session,
                  states: Mapping[str, str] | None = None) -> tuple[RegisterEntryRow, ...]:
    """Return the register entries in code order; with each leaf topic's state, flag those
    to review."""
    stmt = select(RegisterEntry).options(
        selectinload(RegisterEntry.topics), selectinload(RegisterEntry.updates),
        selectinload(RegisterEntry.leads).options(joinedload(RegisterLead.organization),
                                                  joinedload(RegisterLead.committee)),
        selectinload(RegisterEntry.actions).options(*eager()[1:])
    ).execution_options(populate_existing=True)  # what is stored now, not what the session
    # loaded earlier: the rows are kept for other requests
    entries = sorted(session.scalars(stmt), key=lambda e: natural_key(e.code))
    return tuple(_register_row(e, states) for e in entries)


def _register_row(entry: RegisterEntry, states: Mapping[str, str] | None) -> RegisterEntryRow:
    topics = tuple(sorted((t.code for t in entry.topics), key=natural_key))
    return RegisterEntryRow(
        entry.code, entry.title, entry.statement, topics, entry.priority, entry.horizon,
        entry.rnd_needed, entry.recommendation,
        tuple((lead.organization.acronym, lead.committee.code if lead.committee else None)
              for lead in entry.leads),
        entry.status, tuple((u.date.isoformat(), u.status, u.note) for u in entry.updates),
        review(entry.status, topics, states), action_rows(entry.actions), entry.version)


def review(status: str, topics: tuple[str, ...], states: Mapping[str, str] | None) -> str | None:
    """Say so when every topic of an open entry is now covered; the entry never closes itself."""
    if states is None or status not in OPEN_GAP_STATUSES or not topics:
        return None
    if all(states.get(code) == gaps.COVERED for code in topics):
        return (f"The data no longer shows this gap: {', '.join(topics)} "
                f"{'is' if len(topics) == 1 else 'are'} now covered. Review the entry: "
                "close it, or restate the gap.")
    return None
