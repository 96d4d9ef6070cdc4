"""Admins manage accounts: who may sign in, with which role."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..db import get_session
from ..services import accounts
from .transactions import submit

bp = Blueprint("users", __name__)


@bp.before_request
@login_required
def _admins_only():
    if current_user.account.role != "admin":
        abort(403, "Only admins manage accounts.")


@bp.get("/users")
def index():
    return render_template("users/index.html", accounts=accounts.list_accounts(get_session()))


@bp.post("/users/<id:user_id>/<any(activate, deactivate):action>")
def change(user_id: int, action: str):
    account = submit(
        lambda session: accounts.set_active(session, user_id, action == "activate",
                                            actor=current_user.account),
        invalid=lambda error: flash(error.describe().removeprefix("active: ").capitalize() + "."))
    if account is not None:
        flash(f"{account.email} {'may sign in again' if action == 'activate' else 'can no longer sign in'}.")
    return redirect(url_for("users.index"))
