"""Entering and editing work items (liaison officers and editors)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import browse, permissions, queries
from ..db import begin_write, commit, get_session
from ..errors import Conflict, ValidationError
from ..filters import WorkItemFilter
from ..services import topics, work_items
from . import forms

bp = Blueprint("entry", __name__)


@bp.before_request
def _writer() -> None:
    if request.method == "POST":  # before any read, so the transaction starts as a writer
        begin_write(get_session())


def _form(**kwargs):
    account = current_user.account
    choices = browse.entry_choices(
        get_session(), lambda acronym: permissions.may_edit_work_items_of(account, acronym))
    if not choices.organizations:
        abort(403, "Your account may not enter work items.")
    return forms.work_item_form(choices.organizations, choices.committees, choices.leaf_topics,
                                **kwargs)


@bp.route("/work-items/new", methods=["GET", "POST"])
@login_required
def new_work_item():
    form = _form(data={"version": "0"})
    return _save(form, template="entry/work_item.html", item_id=None)


@bp.route("/work-items/<id:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_work_item(item_id: int):
    found = browse.get_work_item_record(get_session(), item_id)
    if found is None:
        abort(404)
    record, version = found
    if not permissions.may_edit_work_items_of(current_user.account, record["organization"]):
        abort(403, f"Your account may not change work items of {record['organization']}.")
    form = _form(data=forms.from_record(record, version))
    return _save(form, template="entry/work_item.html", item_id=item_id, saved=record)


def _save(form, *, template: str, item_id: int | None, saved: dict | None = None):
    if not form.validate_on_submit():
        return render_template(template, form=form, item_id=item_id), 200 if not form.errors else 422
    session = get_session()
    data = forms.to_data(form)
    try:
        outcome = work_items.save_work_item(session, data, actor=current_user.account,
                                            expected_version=int(form.version.data or 0))
        work_items.add_equivalents(session, data, actor=current_user.account)
        commit(session)
    except ValidationError as error:
        session.rollback()
        forms.place_errors(form, error.errors)
        return render_template(template, form=form, item_id=item_id), 422
    except Conflict as error:
        session.rollback()
        current = browse.get_work_item_record(session, item_id) if item_id else None
        form.version.data = str(error.current or 0)  # saving again now overwrites, knowingly
        return render_template("entry/conflict.html", form=form, item_id=item_id,
                               mine=data, theirs=current[0] if current else None), 409
    flash(f"Saved {outcome.key}.")
    return redirect(url_for("pages.work_item", item_id=outcome.record.id))


@bp.post("/work-items/<id:item_id>/<any(delete, restore, purge):action>")
@login_required
def change_work_item(item_id: int, action: str):
    """Withdraw (soft delete), restore or purge a work item, then say what happened."""
    service = {"delete": work_items.delete_work_item, "restore": work_items.restore_work_item,
               "purge": work_items.purge_work_item}[action]
    session = get_session()
    try:
        outcome = service(session, item_id, actor=current_user.account)
        session.commit()
    except ValidationError as error:
        flash(error.describe().removeprefix("status: "))
        return redirect(url_for("pages.work_item", item_id=item_id))
    flash(f"{outcome.key} {outcome.action}.")
    if action == "purge":
        return redirect(url_for("pages.work_items"))
    return redirect(url_for("pages.work_item", item_id=item_id))


@bp.route("/topics/<code>/dependencies", methods=["POST"])
@login_required
def add_dependency(code: str):
    """Record that topic `code` requires another; a cycle is refused, named, next to the field."""
    if not permissions.may_edit_structure(current_user.account):  # before reading the form
        abort(403, "Only editors change dependencies.")
    session = get_session()
    choices = browse.entry_choices(session, lambda acronym: False)
    form = forms.dependency_form(choices.leaf_topics, code)
    if form.validate_on_submit():
        try:
            topics.add_dependency(session, actor=current_user.account, topic=code,
                                  requires=form.requires.data, rationale=form.rationale.data or None)
            session.commit()
        except ValidationError as error:
            session.rollback()
            for name, messages in error.errors.items():
                target = form.requires if name in ("requires", "topic", "") else form.rationale
                target.errors = list(target.errors) + messages
        else:
            flash(f"{code} now requires {form.requires.data}.")
            return redirect(url_for("pages.topic", code=code))
    page = queries.get_topic_page(session, code) or abort(404)
    return render_template("pages/topic.html", topic=page, dependency_form=form,
                           export_filter=WorkItemFilter(topic=code)), 422


@bp.post("/topics/<code>/dependencies/<requires>/delete")
@login_required
def remove_dependency(code: str, requires: str):
    session = get_session()
    topics.remove_dependency(session, actor=current_user.account, topic=code, requires=requires)
    session.commit()
    flash(f"{code} no longer requires {requires}.")
    return redirect(url_for("pages.topic", code=code))
