"""The gap register and its actions in the API: the same services as the forms.

An entry or an action is changed against its version: If-Match with its ETag, or else
the version read just before the write, so a save that lost a race still gets 409.
"""
from __future__ import annotations

import datetime as dt

from flask import request, url_for

from ...db import commit, get_session
from ...read import actions as action_rows
from ...read import api as representations
from ...read.gap_report import analyse_roadmap
from ...services import gap_actions, gap_register
from .access import actor
from .blueprint import bp
from .conditional import require_match, respond
from .problems import ApiError
from .reads import found, listing, number
from .writes import body

ENTRY_INPUT = ("title", "statement", "topics", "priority", "horizon", "rnd_needed",
               "recommendation", "leads")
ACTION_INPUT = ("text", "addressed_to", "owner", "due", "status", "work_items")
UPDATE_INPUT = ("status", "note", "date")


@bp.get("/actions")
def actions():
    """Actions, filtered as /actions filters them."""
    within = number("within", 0, 3650) if request.args.get("within") else None
    rows = action_rows.list_actions(
        get_session(), status=request.args.get("status") or None,
        body=request.args.get("body") or None, overdue=request.args.get("overdue") == "1",
        within=within)
    return respond(listing([representations.action(r) for r in rows]))


@bp.get("/register/<code>/actions/<number>")
def action(code: str, number: str):
    return respond(_current_action(code, number, check=False))


@bp.post("/register")
def register_gap():
    """Turn the computed gap of a topic into an open entry: {"topic": "S8"}."""
    topic = body(("topic",), "a registration", required=("topic",)).get("topic")
    results = analyse_roadmap(get_session()).topics
    if not isinstance(topic, str) or topic not in results:
        raise ApiError(422, "Name a leaf topic.", {"topic": [f'there is no leaf topic "{topic}"'
                                                             if isinstance(topic, str)
                                                             else "must be a topic code"]})
    outcome = gap_register.register_computed_gap(get_session(), results[topic], actor=actor())
    commit(get_session())
    return _entry(outcome.key, 201)


@bp.patch("/register/<code>")
def update_entry(code: str):
    data = body(ENTRY_INPUT, "a register entry")
    current = _current_entry(code)
    record = {name: current[name] for name in ENTRY_INPUT}
    gap_register.save_gap(get_session(), {**record, **data, "code": code}, actor=actor(),
                          expected_version=current["version"])
    commit(get_session())
    return _entry(code)


@bp.post("/register/<code>/updates")
def add_entry_update(code: str):
    data = body(UPDATE_INPUT, "an update", required=("status",))
    _current_entry(code)
    gap_register.add_update(get_session(), code, actor=actor(), status=data.get("status"),
                            note=data.get("note"), date=data.get("date"))
    commit(get_session())
    return _entry(code, 201)


@bp.post("/register/<code>/actions")
def create_action(code: str):
    data = body(ACTION_INPUT, "an action", required=("text",))
    _current_entry(code, check=False)
    outcome = gap_actions.save_action(get_session(), {**data, "gap": code}, actor=actor())
    commit(get_session())
    gap, _, number = outcome.key.partition("/")
    return respond(_action(gap, number), 201,
                   {"Location": url_for("api.action", code=gap, number=number)})


@bp.patch("/register/<code>/actions/<number>")
def update_action(code: str, number: str):
    data = body(ACTION_INPUT, "an action")
    current = _current_action(code, number)
    record = {name: current[name] for name in ACTION_INPUT}
    record["work_items"] = [{"organization": w["organization"], "identifier": w["identifier"]}
                            for w in record["work_items"]]
    gap_actions.save_action(get_session(), {**record, **data, "gap": code, "code": number},
                            actor=actor(), expected_version=current["version"])
    commit(get_session())
    return respond(_action(code, number))


@bp.post("/register/<code>/actions/<number>/updates")
def add_action_update(code: str, number: str):
    """Editors, and liaison officers of a body the action is addressed to."""
    data = body(UPDATE_INPUT, "an update")
    current = _current_action(code, number)
    gap_actions.add_action_update(get_session(), current["code"], actor=actor(),
                                  status=data.get("status"), note=data.get("note"),
                                  date=data.get("date"))
    commit(get_session())
    return respond(_action(code, number), 201)


def _current_entry(code: str, *, check: bool = True) -> dict:
    entries = representations.register(get_session(), code)
    current = found(entries[0] if entries else None, f"there is no register entry {code}")
    if check:
        require_match(current)
    return current


def _current_action(code: str, number: str, *, check: bool = True) -> dict:
    current = found(_action(code, number), f"there is no action {code}/{number}")
    if check:
        require_match(current)
    return current


def _action(code: str, number: str) -> dict | None:
    row = action_rows.get_action_row(get_session(), f"{code}/{number}")
    return representations.action(row, dt.date.today()) if row else None


def _entry(code: str, status: int = 200):
    location = {"Location": url_for("api.register_entry", code=code)} if status == 201 else None
    return respond(representations.register(get_session(), code)[0], status, location)
