"""Editors maintain the roadmap's structure: topics, organizations and their committees."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import browse, permissions
from ..db import begin_write, commit, get_session
from ..errors import Conflict, ValidationError
from ..services import organizations, topics
from . import forms

bp = Blueprint("structure", __name__)


@bp.before_request
def _editors_only() -> None:
    if not current_user.is_authenticated:
        return None  # login_required on each view sends them to sign in
    if not permissions.may_edit_structure(current_user.account):
        abort(403, "Only editors change topics, organizations and committees.")
    if request.method == "POST":
        begin_write(get_session())


def _page(form, title: str):
    """Show the form: 200 when fresh, 422 when what was sent has errors (kept beside them)."""
    status = 422 if form.errors or getattr(form, "form_errors_extra", None) else 200
    return render_template("entry/simple.html", form=form, title=title), status


def _groups():
    return [(code, name) for code, name, is_group in browse.filter_choices(get_session()).topics
            if is_group]


@bp.route("/topics/new", methods=["GET", "POST"])
@login_required
def new_topic():
    form = forms.topic_form(_groups(), data={"version": "0"})
    return _save_topic(form, title="New topic")


@bp.route("/topics/<code>/edit", methods=["GET", "POST"])
@login_required
def edit_topic(code: str):
    found = browse.get_topic_record(get_session(), code) or abort(404)
    record, version = found
    form = forms.topic_form([g for g in _groups() if g[0] != code],
                            data={**record, "version": str(version)})
    return _save_topic(form, title=f"Edit topic {code}")


def _save_topic(form, *, title: str):
    if form.validate_on_submit():
        session = get_session()
        try:
            outcome = topics.save_topic(session, forms.field_data(form), actor=current_user.account,
                                        expected_version=int(form.version.data or 0))
            commit(session)
        except ValidationError as error:
            session.rollback()
            forms.place_simple_errors(form, error.errors)
        except Conflict as error:
            session.rollback()
            form.version.data = str(error.current or 0)
            form.form_errors_extra = [f"{error} Your text is kept below; saving again replaces "
                                      "the newer version."]
            return render_template("entry/simple.html", form=form, title=title), 409
        else:
            flash(f"Saved topic {outcome.key}.")
            return redirect(url_for("pages.topic", code=outcome.key))
    return _page(form, title)


@bp.route("/organizations/new", methods=["GET", "POST"])
@login_required
def new_organization():
    return _save_organization(forms.organization_form(), title="New organization", new=True)


@bp.route("/organizations/<path:acronym>/edit", methods=["GET", "POST"])
@login_required
def edit_organization(acronym: str):
    found = browse.get_organization_record(get_session(), acronym) or abort(404)
    form = forms.organization_form(data=found[0])
    form.acronym.render_kw = {"readonly": True}
    return _save_organization(form, title=f"Edit {acronym}", new=False)


def _save_organization(form, *, title: str, new: bool):
    if form.validate_on_submit():
        session = get_session()
        try:
            outcome = organizations.save_organization(session, forms.field_data(form),
                                                      actor=current_user.account, new=new)
            session.commit()
        except ValidationError as error:
            session.rollback()
            forms.place_simple_errors(form, error.errors)
        else:
            flash(f"Saved {outcome.key}.")
            return redirect(url_for("pages.organization", acronym=outcome.key))
    return _page(form, title)


@bp.route("/organizations/<path:acronym>/committees", methods=["GET", "POST"])
@login_required
def committee(acronym: str):
    """Add a committee to an organization, or update one by its code."""
    found = browse.get_organization_record(get_session(), acronym) or abort(404)
    form = forms.committee_form(found[1])
    if form.validate_on_submit():
        session = get_session()
        try:
            outcome = organizations.save_committee(
                session, {**forms.field_data(form), "organization": acronym},
                actor=current_user.account)
            session.commit()
        except ValidationError as error:
            session.rollback()
            forms.place_simple_errors(form, error.errors)
        else:
            flash(f"Saved committee {outcome.key}.")
            return redirect(url_for("pages.organization", acronym=acronym))
    return _page(form, f"Committee of {acronym}")
