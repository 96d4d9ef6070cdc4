"""Actions of the gap register: an entry's actions, the list at /actions, and their forms."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import permissions
from ..db import get_session
from ..read import actions as action_rows
from ..read.gap_report import get_register_row
from ..read.lists import list_organizations
from ..services import gap_actions
from ..vocab import ACTION_STATUSES
from . import register_forms as rf
from .forms import known_query, place_simple_errors
from .register import _date, _editor, _form, _newer
from .transactions import on_conflict, submit

bp = Blueprint("actions", __name__)
FILTERS = ("status", "body", "overdue", "within")  # list_filters reads these


@bp.get("/actions")
def index():
    args = list_filters()
    rows = action_rows.list_actions(get_session(), **args)
    return render_template("actions/index.html", actions=rows, args=args,
                           query=known_query(request.args, FILTERS),
                           statuses=("open", *ACTION_STATUSES), today=args["today"],
                           bodies=[o[0] for o in list_organizations(get_session())])


def list_filters() -> dict:
    """The filters of the action list, from the query string (the page and its downloads)."""
    within = request.args.get("within", "").strip()
    return {"status": request.args.get("status") or None,
            "body": request.args.get("body") or None,
            "overdue": request.args.get("overdue") == "1",
            "within": int(within) if within.isdigit() and len(within) < 5 else None,
            "today": dt.date.today()}


@bp.get("/register/<code>/actions")
def of_entry(code: str):
    entry = get_register_row(get_session(), code) or abort(404)
    return render_template("actions/entry.html", entry=entry, editor=_editor(),
                           today=dt.date.today(), may_update=_may_update)


def _may_update(row) -> bool:
    return current_user.is_authenticated and permissions.may_update_action(
        current_user.account, row.bodies())


@bp.route("/register/<code>/actions/new", methods=["GET", "POST"])
@login_required
def new(code: str):
    permissions.require_editor(current_user.account, "actions of the gap register")
    get_register_row(get_session(), code) or abort(404)
    return _save(rf.ActionForm(data={"status": "proposed"}), code, None, f"New action of {code}")


@bp.route("/register/<code>/actions/<number>/edit", methods=["GET", "POST"])
@login_required
def edit(code: str, number: str):
    permissions.require_editor(current_user.account, "actions of the gap register")
    row = action_rows.get_action_row(get_session(), f"{code}/{number}") or abort(404)
    form = rf.ActionForm(data=rf.action_form_data(row))
    on_conflict(lambda error: _newer(form, f"Edit {row.code}", error,
                                     action_rows.get_action_row(get_session(), row.code)))
    return _save(form, code, number, f"Edit {row.code}", row.version)


def _save(form, code: str, number: str | None, title: str, version: int | None = None):
    if form.validate_on_submit():
        outcome = submit(lambda session: gap_actions.save_action(
            session, rf.action_data(form, code, number), actor=current_user.account,
            expected_version=int(form.version.data or 0) or version),
            invalid=lambda error: place_simple_errors(form, error.errors))
        if outcome is not None:
            flash(f"Saved {outcome.key}.")
            return redirect(url_for("actions.of_entry", code=code) + f"#{outcome.key}")
    return _form(form, title)


@bp.post("/register/<code>/actions/<number>/updates")
@login_required
def add_update(code: str, number: str):
    """Editors, and liaison officers of a body the action is addressed to."""
    row = action_rows.get_action_row(get_session(), f"{code}/{number}") or abort(404)
    permissions.require_action_update(current_user.account, row.code, row.bodies())
    form = rf.ActionUpdateForm()
    if form.validate_on_submit():
        done = submit(lambda session: gap_actions.add_action_update(
            session, row.code, actor=current_user.account, status=form.status.data,
            note=form.note.data or None, date=_date(form.date.data)),
            invalid=lambda error: place_simple_errors(form, error.errors))
        if done is not None:
            flash(f"Recorded the update of {row.code}.")
            return redirect(url_for("actions.of_entry", code=code) + f"#{row.code}")
    return _form(form, f"Update {row.code}", action=row)
