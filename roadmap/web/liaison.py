"""Liaison statements on the web: the list, a thread, and the form to enter one."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import permissions
from ..db import get_session
from ..read import liaison as statements
from ..read.lists import list_organizations
from ..services import liaison
from . import liaison_forms as lf
from .forms import known_query, place_simple_errors
from .register import _form, _newer
from .transactions import on_conflict, submit

bp = Blueprint("liaison", __name__)
WRITERS = ("liaison_officer", "editor", "admin")
FILTERS = ("awaiting", "within", "body", "topic")  # list_filters reads these


def list_filters() -> dict:
    """The filters of the statement list, from the query string (the page and downloads)."""
    within = request.args.get("within", "").strip()
    return {"awaiting": request.args.get("awaiting") == "1",
            "within": int(within) if within.isdigit() and len(within) < 5 else None,
            "body": request.args.get("body") or None, "topic": request.args.get("topic") or None,
            "today": dt.date.today()}


def _writer() -> bool:
    return current_user.is_authenticated and current_user.account.role in WRITERS


@bp.get("/liaison-statements")
def index():
    args = list_filters()
    return render_template("liaison/index.html", statements=statements.list_statements(
        get_session(), **args), args=args, today=args["today"], writer=_writer(),
        query=known_query(request.args, FILTERS),
        bodies=[o[0] for o in list_organizations(get_session())])


@bp.get("/liaison-statements/<path:organization>/<reference>")
def statement(organization: str, reference: str):
    chosen, thread = statements.get_thread(get_session(), organization, reference)
    if chosen is None:
        abort(404)
    return render_template("liaison/thread.html", statement=chosen, thread=thread,
                           today=dt.date.today(), writer=_writer())


@bp.route("/liaison-statements/new", methods=["GET", "POST"])
@login_required
def new():
    if not _writer():
        abort(403, "Editors and liaison officers enter liaison statements.")
    reply = request.args.get("reply_to", "")
    organizations, followed = _organizations(), current_user.account.organizations
    data = {"reply_to": reply, "date": dt.date.today().isoformat(),
            "kind": "incoming" if reply else "outgoing", "status": "open",
            "organization": next((o for o in organizations if o in followed), None)}
    original = lf.pairs(reply, "organization", "reference")
    row = statements.get_thread(get_session(), original[0]["organization"],
                                original[0].get("reference") or "")[0] if original else None
    if row is not None:  # from the body it was sent to, to its sender, on its topics
        data.update(lf.reply_data(row, followed))
    form = lf.statement_form(organizations, data=data)
    return _save(form, "New liaison statement")


@bp.route("/liaison-statements/<path:organization>/<reference>/edit", methods=["GET", "POST"])
@login_required
def edit(organization: str, reference: str):
    if not _writer():
        abort(403, "Editors and liaison officers enter liaison statements.")
    row, _ = statements.get_thread(get_session(), organization, reference)
    if row is None:
        abort(404)
    if not any(permissions.may_enter_statement_of(current_user.account, b) for b in row.bodies()):
        permissions.require_statement_entry(current_user.account, organization)
    form = lf.statement_form(_organizations(), data=lf.statement_form_data(row))
    title = f"Edit {organization} {reference}"
    on_conflict(lambda error: _newer(form, title, error, None))
    return _save(form, title, row.version, stored_as=(organization, reference))


def _save(form, title: str, version: int | None = None, stored_as=None):
    """Save the form; editing, `stored_as` names the statement, whose sender and reference
    the form may correct."""
    if form.validate_on_submit():
        outcome = submit(lambda session: liaison.save_statement(
            session, lf.statement_data(form), actor=current_user.account,
            expected_version=int(form.version.data or 0) or version, stored_as=stored_as),
            invalid=lambda error: place_simple_errors(form, error.errors))
        if outcome is not None:
            flash(f"Saved liaison statement {outcome.key}.")
            return redirect(url_for("liaison.statement", organization=form.organization.data,
                                    reference=form.reference.data))
    return _form(form, title)


def _organizations() -> list[str]:
    return [o[0] for o in list_organizations(get_session())]
