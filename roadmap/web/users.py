"""Admins manage accounts: who may sign in, with which role."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..db import begin_write, get_session
from ..errors import ValidationError
from ..services import accounts

bp = Blueprint("users", __name__)


@bp.before_request
@login_required
def _admins_only():
    if current_user.account.role != "admin":
        abort(403, "Only admins manage accounts.")
    if request.method == "POST":
        begin_write(get_session())


@bp.get("/users")
def index():
    return render_template("users/index.html", accounts=accounts.list_accounts(get_session()))


@bp.post("/users/<id:user_id>/<any(activate, deactivate):action>")
def change(user_id: int, action: str):
    session = get_session()
    try:
        account = accounts.set_active(session, user_id, action == "activate",
                                      actor=current_user.account)
        session.commit()
    except ValidationError as error:
        flash(error.describe().removeprefix("active: ").capitalize() + ".")
    else:
        flash(f"{account.email} {'may sign in again' if action == 'activate' else 'can no longer sign in'}.")
    return redirect(url_for("users.index"))
