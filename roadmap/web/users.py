"""Admins manage accounts: who may sign in, with which role."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..db import get_session
from ..services import accounts, passwords
from ..vocab import sentence
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
        invalid=lambda error: flash(sentence(error.describe().removeprefix("active: "))))
    if account is not None:
        flash(f"{account.email} {'may sign in again' if action == 'activate' else 'can no longer sign in'}.")
    return redirect(url_for("users.index"))


@bp.post("/users/<id:user_id>/reset-password")
def reset_password(user_id: int):
    """Make a one-time link for the account; shown in this answer only, never stored."""
    made = submit(lambda session: passwords.make_reset_link(session, user_id,
                                                            actor=current_user.account),
                  invalid=lambda error: flash(sentence(error.describe().removeprefix("active: "))))
    if made is None:
        return redirect(url_for("users.index"))
    email, token = made
    link = request.host_url.rstrip("/") + url_for("passwords.reset", token=token)
    html = render_template("users/index.html", accounts=accounts.list_accounts(get_session()),
                           reset=(email, link))
    return html, 201, {"Cache-Control": "no-store"}
