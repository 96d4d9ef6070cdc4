"""Editions: the list, publishing one, an edition's summary, and deleting one (admins)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import edition_copies, permissions
from ..db import get_session
from ..read import editions
from ..services import editions as edition_service
from . import edition_pages, forms
from .transactions import submit

bp = Blueprint("editions", __name__)


@bp.get("/editions")
def index():
    return render_template("editions/index.html", editions=editions.list_editions(get_session()),
                           may_publish=_may_publish())


@bp.route("/editions/new", methods=["GET", "POST"])
@login_required
def new():
    if not _may_publish():
        abort(403, "Only editors publish editions.")
    form = forms.EditionForm()
    if form.validate_on_submit():
        outcome = submit(lambda session: edition_service.publish(
            session, forms.field_data(form), actor=current_user.account),
            invalid=lambda error: forms.place_simple_errors(form, error.errors))
        if outcome is not None:
            number = outcome.record.number
            flash(f"Published Edition {number}: the roadmap as it stands now is frozen in it.")
            return redirect(url_for("editions.show", number=number))
    status = 422 if form.errors or getattr(form, "form_errors_extra", None) else 200
    return render_template("editions/new.html", form=form,
                           latest=next(iter(editions.list_editions(get_session())), None)), status


@bp.get("/editions/<id:number>")
def show(number: int):
    session = get_session()
    edition = editions.get_edition(session, number) or abort(404)
    document, gaps = editions.frozen(session, number)
    numbers = [e.number for e in editions.list_editions(session)]
    earlier = max((n for n in numbers if n < number), default=None)
    return render_template("editions/show.html", e=edition, summary=editions.gap_summary(document, gaps),
                           earlier=earlier, may_delete=_may_delete())


@bp.get("/editions/<id:number>/work-items/<id:item_id>/today")
def live_work_item(number: int, item_id: int):
    return redirect(edition_pages.live_work_item(number, item_id))


@bp.post("/editions/<id:number>/delete")
@login_required
def delete(number: int):
    if not _may_delete():
        abort(403, "Only admins delete editions.")
    submit(lambda session: edition_service.delete(session, number, actor=current_user.account))
    edition_copies.prune(current_app, get_session())
    flash(f"Deleted Edition {number}. Later editions keep their numbers.")
    return redirect(url_for("editions.index"))


def _may_publish() -> bool:
    return current_user.is_authenticated and permissions.may_edit_structure(current_user.account)


def _may_delete() -> bool:
    return current_user.is_authenticated and current_user.account.role == "admin"
