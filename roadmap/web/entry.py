"""Entering and editing work items (liaison officers and editors), and topic dependencies."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import permissions
from ..db import get_session
from ..errors import NotAllowed, ValidationError
from ..read import details, editing
from ..read.filters import WorkItemFilter
from ..services import equivalences, topics, work_items
from ..services.lookup import Lookup
from . import forms
from .transactions import on_conflict, submit

bp = Blueprint("entry", __name__)


def _form(**kwargs):
    account = current_user.account
    choices = editing.entry_choices(
        get_session(), lambda acronym: permissions.may_edit_work_items_of(account, acronym))
    if not choices.organizations:
        abort(403, "Your account may not enter work items.")
    return forms.work_item_form(choices.organizations, choices.committees, choices.leaf_topics,
                                choices.topic_groups, **kwargs)


@bp.route("/work-items/new", methods=["GET", "POST"])
@login_required
def new_work_item():
    return _save(_form(data={"version": "0"}), item_id=None)


@bp.route("/work-items/<id:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_work_item(item_id: int):
    record, version = editing.get_work_item_record(get_session(), item_id) or abort(404)
    if not permissions.may_edit_work_items_of(current_user.account, record["organization"]):
        abort(403, f"Your account may not change work items of {record['organization']}.")
    return _save(_form(data=forms.from_record(record, version)), item_id=item_id)


TEMPLATE = "entry/work_item.html"


def _save(form, *, item_id: int | None):
    if not form.validate_on_submit():
        if form.errors:
            _check_the_rest(form)
        return render_template(TEMPLATE, form=form, item_id=item_id), 422 if form.errors else 200
    data = forms.to_data(form)
    on_conflict(lambda error: _both_versions(form, item_id, data, error))

    def write(session):
        outcome = work_items.save_work_item(session, data, actor=current_user.account,
                                            expected_version=int(form.version.data or 0))
        try:  # the field states the whole set: one left out is removed
            equivalences.state_equivalents(session, data, actor=current_user.account)
        except NotAllowed as refused:  # the other body's text: said beside the field
            raise ValidationError({"equivalents": [str(refused)]}) from None
        return outcome
    outcome = submit(write, invalid=lambda error: forms.place_errors(form, error.errors))
    if outcome is None:
        return render_template(TEMPLATE, form=form, item_id=item_id), 422
    flash(f"Saved {outcome.key}.")
    return redirect(url_for("pages.work_item", item_id=outcome.record.id))


def _check_the_rest(form) -> None:
    """Add what the service says of the fields the form let through: every error in one round."""
    try:
        work_items.check_work_item(forms.to_data(form), actor=current_user.account,
                                   lookup=Lookup(get_session()))
    except ValidationError as error:
        forms.place_errors(form, error.errors, beside_clean=True)
    except NotAllowed:  # an organization the person may not choose: the form already said so
        pass


def _both_versions(form, item_id: int | None, mine: dict, error):
    """409 with the stored version beside what was sent; saving again overwrites, knowingly."""
    current = editing.get_work_item_record(get_session(), item_id) if item_id else None
    form.version.data = str(error.current or (current[1] if current else 0))
    return render_template("entry/conflict.html", form=form, item_id=item_id, mine=mine,
                           theirs=current[0] if current else None), 409


@bp.get("/work-items/<id:item_id>/withdraw")
@login_required
def confirm_withdraw(item_id: int):
    """Ask before withdrawing: the page names the item and what withdrawing does."""
    record, _ = editing.get_work_item_record(get_session(), item_id) or abort(404)
    if not permissions.may_edit_work_items_of(current_user.account, record["organization"]):
        abort(403, f"Your account may not withdraw work items of {record['organization']}.")
    return render_template("entry/withdraw.html", record=record, item_id=item_id)


@bp.get("/work-items/<id:item_id>/purge")
@login_required
def confirm_purge(item_id: int):
    """Ask before purging: it cannot be undone, and only admins may."""
    record, _ = editing.get_work_item_record(get_session(), item_id) or abort(404)
    if current_user.account.role != "admin":
        abort(403, "Only admins purge work items.")
    return render_template("entry/purge.html", record=record, item_id=item_id)


@bp.post("/work-items/<id:item_id>/<any(delete, restore, purge):action>")
@login_required
def change_work_item(item_id: int, action: str):
    """Withdraw (soft delete), restore or purge a work item, then say what happened."""
    service = {"delete": work_items.delete_work_item, "restore": work_items.restore_work_item,
               "purge": work_items.purge_work_item}[action]
    outcome = submit(lambda session: service(session, item_id, actor=current_user.account),
                     invalid=lambda error: flash(error.describe().removeprefix("status: ")))
    if outcome is None:
        return redirect(url_for("pages.work_item", item_id=item_id))
    done = {"delete": "withdrawn", "restore": "restored", "purge": "purged for good"}[action]
    flash(f"{outcome.key} {done}." if outcome.action != "unchanged" else f"{outcome.key}: nothing to do.")
    if action == "purge":
        return redirect(url_for("pages.work_items"))
    return redirect(url_for("pages.work_item", item_id=item_id))


@bp.route("/topics/<code>/dependencies", methods=["POST"])
@login_required
def add_dependency(code: str):
    """Record that topic `code` requires another; a cycle is refused, named, next to the field."""
    if not permissions.may_edit_structure(current_user.account):  # before reading the form
        abort(403, "Only editors change dependencies.")
    choices = editing.entry_choices(get_session(), lambda acronym: False)
    form = forms.dependency_form(choices.leaf_topics, code)
    if form.validate_on_submit() and submit(
            lambda session: topics.add_dependency(
                session, actor=current_user.account, topic=code, requires=form.requires.data,
                rationale=form.rationale.data or None),
            invalid=lambda error: forms.place_dependency_errors(form, error.errors)):
        flash(f"{code} now requires {form.requires.data}.")
        return redirect(url_for("pages.topic", code=code))
    page = details.get_topic_page(get_session(), code) or abort(404)
    return render_template("pages/topic.html", topic=page, dependency_form=form,
                           export_filter=WorkItemFilter(topic=code)), 422


@bp.post("/topics/<code>/dependencies/<requires>/delete")
@login_required
def remove_dependency(code: str, requires: str):
    submit(lambda session: topics.remove_dependency(session, actor=current_user.account,
                                                    topic=code, requires=requires))
    flash(f"{code} no longer requires {requires}.")
    return redirect(url_for("pages.topic", code=code))
