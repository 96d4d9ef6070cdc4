"""The curated gap register: entries, their suggested leads and their dated history."""
from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from .. import gap_words, gaps, permissions
from ..errors import Conflict, NotFound, ValidationError
from ..models import RegisterEntry, RegisterLead, RegisterUpdate
from ..vocab import DEFAULT_HORIZONS, GAP_PRIORITIES, GAP_STATUSES, RND_NEEDED
from .common import Fields, Outcome, assign, audited, body_rows, dated_updates
from .lookup import Lookup

_CODE = re.compile(r"^GAP-(\d+)$")


def save_gap(session: Session, data: dict, *, actor, lookup: Lookup | None = None,
             expected_version: int | None = None) -> Outcome:
    """Create or update the register entry named by `data["code"]`. The caller commits.

    `updates` are merged into the history: an update already recorded (same date, status
    and note) is kept once, and nothing recorded is ever removed. The entry's status is
    the given `status`, or else that of its latest update, or else the stored one (a new
    entry: open). `expected_version` guards a form's save, as a work item's does.
    """
    permissions.require_editor(actor, "the gap register")
    lookup = lookup or Lookup(session)
    f = Fields(data)
    code = f.text("code", required=True, max_length=20)
    priority = f.choice("priority", GAP_PRIORITIES, default="medium")
    values = {"title": f.text("title", required=True, max_length=300),
              "statement": f.text("statement", max_length=20000),
              "priority": priority,
              "horizon": f.text("horizon", max_length=60) or DEFAULT_HORIZONS.get(priority),
              "rnd_needed": f.choice("rnd_needed", RND_NEEDED, default="maybe"),
              "recommendation": f.text("recommendation", max_length=20000)}
    values["topics"] = _topics(f, lookup)
    leads = bodies(f, lookup, "leads")
    updates = _updates(f)
    status = f.choice("status", GAP_STATUSES, required=False)
    f.errors.raise_if_any()
    gap = session.scalar(select(RegisterEntry).where(RegisterEntry.code == code))
    _check_version(gap, code, expected_version)
    values["status"] = status or (updates[-1][1] if updates else gap.status if gap else "open")
    if gap is None:
        return audited(session, actor, Outcome("gap", code, "created",
                                               record=_new_entry(session, code, values, leads,
                                                                 updates)))
    changes = assign(gap, values)
    if "topics" in changes:
        changes["topics"] = tuple([t.code for t in side] for side in changes["topics"])
    _merge_leads(gap, leads, changes)
    _merge_updates(gap, updates, changes)
    return _updated(session, actor, gap, changes)


def _updated(session: Session, actor, gap: RegisterEntry, changes: dict) -> Outcome:
    if changes:
        flag_modified(gap, "title")  # topics, leads and updates are a new version too
    return audited(session, actor, Outcome("gap", gap.code,
                                           "updated" if changes else "unchanged", changes, gap))


def _new_entry(session: Session, code: str, values: dict, leads: list, updates: list):
    entry = RegisterEntry(code=code, **values)
    entry.leads = [RegisterLead(organization=o, committee=c, position=i)
                   for i, (o, c) in enumerate(leads)]
    entry.updates = [RegisterUpdate(date=d, status=s, note=n) for d, s, n in updates]
    session.add(entry)
    return entry


def _topics(f: Fields, lookup: Lookup) -> list:
    found = []
    for index, code in enumerate(f.records("topics")):
        topic = lookup.topic(code) if isinstance(code, str) else None
        if not isinstance(code, str):
            f.errors.add(f"topics[{index}]", "must be a topic code")
        elif topic is None:
            f.errors.add(f"topics[{index}]", f'unknown topic "{code}"')
        elif topic not in found:
            found.append(topic)
    return found


def _check_version(gap: RegisterEntry | None, code: str, expected_version: int | None) -> None:
    if expected_version and (gap is None or gap.version != expected_version):
        raise Conflict(f"register entry {code} was changed by someone else since it was opened",
                       current=gap.version if gap else None)


def bodies(f: Fields, lookup: Lookup, name: str) -> list[tuple]:
    """Read a list of {organization, committee} records: (Organization, Committee or None)."""
    found = []
    for index, entry in enumerate(f.records(name)):
        lead = Fields(entry)
        acronym = lead.text("organization", required=True, max_length=40)
        code = lead.text("committee", max_length=60)
        org = lookup.organization(acronym) if acronym else None
        committee = lookup.committee(acronym, code) if org and code else None
        if acronym and org is None:
            lead.errors.add("organization", f'unknown organization "{acronym}"')
        elif code and committee is None:
            lead.errors.add("committee", f'unknown committee "{code}" of {acronym}')
        if lead.errors:
            f.errors.merge(ValidationError(lead.errors.errors), f"{name}[{index}]")
        elif (org, committee) not in found:
            found.append((org, committee))
    return found


def _updates(f: Fields) -> list[tuple]:
    return dated_updates(f, GAP_STATUSES)


def _merge_leads(gap: RegisterEntry, leads: list[tuple], changes: dict) -> None:
    before = [_lead_text(lead.organization, lead.committee) for lead in gap.leads]
    after = [_lead_text(o, c) for o, c in leads]
    if before == after:
        return
    gap.leads = body_rows(gap.leads, leads,
                          lambda o, c: RegisterLead(organization=o, committee=c))
    changes["leads"] = (before, after)


def _lead_text(organization, committee) -> str:
    return f"{organization.acronym} {committee.code}" if committee else organization.acronym


def _merge_updates(gap: RegisterEntry, updates: list[tuple], changes: dict) -> None:
    recorded = {(u.date, u.status, u.note) for u in gap.updates}
    new = [u for u in updates if u not in recorded]
    for when, status, note in new:
        gap.updates.append(RegisterUpdate(date=when, status=status, note=note))
    if new:
        changes["updates"] = (len(recorded), len(recorded) + len(new))


def add_update(session: Session, code: str, *, actor, status: str, note: str | None = None,
               date: dt.date | str | None = None) -> RegisterUpdate:
    """Record a dated status update and move the entry to that status. The caller commits.

    `date` may be written out (YYYY-MM-DD); without one the update is of today.
    """
    permissions.require_editor(actor, "the gap register")
    gap = get_gap(session, code)
    f = Fields({"status": status, "note": note, "date": date})
    status = f.choice("status", GAP_STATUSES)
    note = f.text("note", max_length=20000)
    date = date if isinstance(date, dt.date) else f.full_date("date")
    f.errors.raise_if_any()
    update = RegisterUpdate(date=date or dt.date.today(), status=status, note=note)
    gap.updates.append(update)
    before, gap.status = gap.status, status
    audited(session, actor, Outcome("gap", code, "updated", {
        "status": (before, status), "update": (None, f"{update.date.isoformat()} {note or ''}".strip())}))
    return update


def get_gap(session: Session, code: str) -> RegisterEntry:
    gap = session.scalar(select(RegisterEntry).where(RegisterEntry.code == code))
    if gap is None:
        raise NotFound(f'there is no gap "{code}" in the register')
    return gap


def next_code(session: Session) -> str:
    """Return the next free code, `GAP-01`, `GAP-02`, ... after the highest in use."""
    numbers = [int(m.group(1)) for code in session.scalars(select(RegisterEntry.code))
               if (m := _CODE.match(code))]
    return f"GAP-{max(numbers, default=0) + 1:02d}"


def register_computed_gap(session: Session, result: gaps.TopicResult, *, actor,
                          today: dt.date | None = None) -> Outcome:
    """Turn a computed gap of one topic into a register entry, in one step.

    The entry starts open, with a statement built from the figures and a first update
    that records them; priority follows impact (topics many others need come first).
    """
    permissions.require_editor(actor, "the gap register")
    if result.state == gaps.COVERED:
        raise ValidationError({"topic": [f"{result.code} is covered; there is no gap to register"]})
    existing = [g for g in session.scalars(select(RegisterEntry).where(RegisterEntry.status.in_(("open", "in_progress"))))
                if any(t.code == result.code for t in g.topics)]
    if existing:
        raise ValidationError({"topic": [f"{result.code} is already in the register as "
                                         f"{existing[0].code}"]})
    priority = "high" if result.impact >= 3 else "medium" if result.impact >= 1 else "low"
    statement = gap_words.why(result.state, result.name, result.code, result.blocked_by,
                         result.impact)
    today = today or dt.date.today()
    return save_gap(session, actor=actor, data={
        "code": next_code(session), "title": f"{result.name}: {result.state}",
        "statement": statement, "topics": [result.code], "priority": priority,
        "rnd_needed": "maybe", "status": "open",
        "updates": [{"date": today.isoformat(), "status": "open",
                     "note": f"Registered from the computed gap list: state {result.state}, "
                             f"impact {result.impact}."}]})
