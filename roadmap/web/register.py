"""The gap register on the web: the list, an entry's page, and the editors' forms."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import permissions
from ..db import get_session
from ..errors import ValidationError
from ..read.gap_report import gap_report, get_register_row
from ..read import liaison as liaison_rows
from ..services import gap_register
from . import register_forms as rf
from .forms import place_simple_errors
from .transactions import on_conflict, submit

bp = Blueprint("register", __name__)


def _editor() -> bool:
    return current_user.is_authenticated and permissions.may_edit_structure(current_user.account)


@bp.get("/register")
def index():
    return render_template("register/index.html", register=gap_report(get_session()).register,
                           editor=_editor(), today=dt.date.today())


@bp.get("/register/<code>")
def entry(code: str):
    row = get_register_row(get_session(), code) or abort(404)
    return render_template("register/entry.html", entry=row, editor=_editor(),
                           update_form=rf.EntryUpdateForm(status=row.status),
                           statements=liaison_rows.list_statements(get_session(), gap=code),
                           today=dt.date.today())


@bp.post("/register")
@login_required
def register_gap():
    """Turn the computed gap of the posted topic into an open entry, as `register-gap` does."""
    permissions.require_editor(current_user.account, "the gap register")
    code = (request.form.get("topic") or "").strip()
    figures = gap_report(get_session()).topic(code)
    if figures is None:
        abort(404, f'there is no leaf topic "{code}"')

    def write(session):
        from ..read.gap_report import analyse_roadmap
        return gap_register.register_computed_gap(
            session, analyse_roadmap(session).topics[code], actor=current_user.account)
    outcome = submit(write, invalid=lambda error: flash(error.describe()))
    if outcome is None:
        return redirect(request.referrer or url_for("analysis.gaps")), 303
    flash(f"Registered {outcome.key} for topic {code}.")
    return redirect(url_for("register.entry", code=outcome.key))


@bp.route("/register/<code>/edit", methods=["GET", "POST"])
@login_required
def edit(code: str):
    permissions.require_editor(current_user.account, "the gap register")
    row = get_register_row(get_session(), code) or abort(404)
    form = rf.EntryForm(data=rf.entry_form_data(row))
    title = f"Edit {code}"
    on_conflict(lambda error: _newer(form, title, error, get_register_row(get_session(), code)))
    if form.validate_on_submit():
        done = submit(lambda session: gap_register.save_gap(
            session, rf.entry_data(form, code), actor=current_user.account,
            expected_version=int(form.version.data or 0) or row.version),
            invalid=lambda error: place_simple_errors(form, error.errors))
        if done is not None:
            flash(f"Saved {code}.")
            return redirect(url_for("register.entry", code=code))
    return _form(form, title)


def _form(form, title: str, status: int | None = None, **extra):
    if status is None:
        status = 422 if form.errors or getattr(form, "form_errors_extra", None) else 200
    return render_template("register/form.html", form=form, title=title, **extra), status


def _newer(form, title: str, error, saved):
    """409: the form keeps what was typed; the saved version stands beside it."""
    form.version.data = str(error.current or 0)
    form.form_errors_extra = [f"{error}. Your text is kept below; saving again replaces "
                              "the saved version."]
    return _form(form, title, 409, saved=saved)


@bp.post("/register/<code>/updates")
@login_required
def add_update(code: str):
    permissions.require_editor(current_user.account, "the gap register")
    form = rf.EntryUpdateForm()
    if not form.validate_on_submit():
        abort(400, "the update form was not understood; reload the page and try again")

    def write(session):
        return gap_register.add_update(session, code, actor=current_user.account,
                                       status=form.status.data, note=form.note.data or None,
                                       date=_date(form.date.data))
    if submit(write, invalid=lambda error: _update_refused(form, error)) is None:
        row = get_register_row(get_session(), code) or abort(404)
        return render_template("register/entry.html", entry=row, editor=_editor(),
                               update_form=form, today=dt.date.today(),
                               statements=liaison_rows.list_statements(get_session(), gap=code)), 422
    flash(f"Recorded the update of {code}.")
    return redirect(url_for("register.entry", code=code))


def _update_refused(form, error: ValidationError) -> None:
    place_simple_errors(form, error.errors)


def _date(text: str | None) -> dt.date | None:
    """A posted date, or None for today; a wrong one is a ValidationError beside `date`."""
    if not (text or "").strip():
        return None
    try:
        if len(text.strip()) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError({"date": [f'"{text.strip()}" is not a date (YYYY-MM-DD)']}) from None
