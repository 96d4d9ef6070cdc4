"""Editors maintain the roadmap's structure: topics, organizations and their committees."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import permissions
from ..db import get_session
from ..read import editing
from ..services import organizations, topics
from . import forms
from .transactions import on_conflict, submit

bp = Blueprint("structure", __name__)


@bp.before_request
def _editors_only() -> None:
    if not current_user.is_authenticated:
        return None  # login_required on each view sends them to sign in
    if not permissions.may_edit_structure(current_user.account):
        abort(403, "Only editors change topics, organizations and committees.")


def _page(form, title: str, status: int | None = None):
    """Show the form: 200 when fresh, 422 when what was sent has errors (kept beside them)."""
    if status is None:
        status = 422 if form.errors or getattr(form, "form_errors_extra", None) else 200
    return render_template("entry/simple.html", form=form, title=title), status


def _save(form, title: str, write, done):
    """Validate, write through the boundary, then go to `done(outcome)`; or show the form."""
    if form.validate_on_submit():
        outcome = submit(write, invalid=lambda error: forms.place_simple_errors(form, error.errors))
        if outcome is not None:
            return done(outcome)
    return _page(form, title)


def _groups():
    return [(code, name) for code, name, is_group in editing.filter_choices(get_session()).topics
            if is_group]


@bp.route("/topics/new", methods=["GET", "POST"])
@login_required
def new_topic():
    form = forms.topic_form(_groups(), data={"version": "0"})
    return _save_topic(form, title="New topic")


@bp.route("/topics/<code>/edit", methods=["GET", "POST"])
@login_required
def edit_topic(code: str):
    record, version = editing.get_topic_record(get_session(), code) or abort(404)
    form = forms.topic_form([g for g in _groups() if g[0] != code],
                            data={**record, "version": str(version)})
    return _save_topic(form, title=f"Edit topic {code}")


def _save_topic(form, *, title: str):
    on_conflict(lambda error: _newer_topic(form, title, error))

    def done(outcome):
        flash(f"Saved topic {outcome.key}.")
        return redirect(url_for("pages.topic", code=outcome.key))
    return _save(form, title, lambda session: topics.save_topic(
        session, forms.field_data(form), actor=current_user.account,
        expected_version=int(form.version.data or 0)), done)


def _newer_topic(form, title: str, error):
    form.version.data = str(error.current or 0)
    form.form_errors_extra = [f"{error} Your text is kept below; saving again replaces "
                              "the newer version."]
    return _page(form, title, 409)


@bp.route("/organizations/new", methods=["GET", "POST"])
@login_required
def new_organization():
    return _save_organization(forms.organization_form(), title="New organization", new=True)


@bp.route("/organizations/<path:acronym>/edit", methods=["GET", "POST"])
@login_required
def edit_organization(acronym: str):
    found = editing.get_organization_record(get_session(), acronym) or abort(404)
    form = forms.organization_form(data=found[0])
    form.acronym.render_kw = {"readonly": True}
    return _save_organization(form, title=f"Edit {acronym}", new=False)


def _save_organization(form, *, title: str, new: bool):
    def done(outcome):
        flash(f"Saved {outcome.key}.")
        return redirect(url_for("pages.organization", acronym=outcome.key))
    return _save(form, title, lambda session: organizations.save_organization(
        session, forms.field_data(form), actor=current_user.account, new=new), done)


@bp.route("/organizations/<path:acronym>/committees", methods=["GET", "POST"])
@login_required
def committee(acronym: str):
    """Add a committee to an organization, or update one by its code."""
    found = editing.get_organization_record(get_session(), acronym) or abort(404)
    form = forms.committee_form(found[1])

    def done(outcome):
        flash(f"Saved committee {outcome.key}.")
        return redirect(url_for("pages.organization", acronym=acronym))
    return _save(form, f"Committee of {acronym}", lambda session: organizations.save_committee(
        session, {**forms.field_data(form), "organization": acronym},
        actor=current_user.account), done)
