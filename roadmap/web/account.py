"""The signed-in person's own page: who they are, their sessions, password and API tokens."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required, login_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..db import get_session
from ..services import accounts, passwords, sessions, tokens
from .auth import SignedIn, cookie_email, lifetimes, renew_session, sign_in_here
from . import throttle
from .transactions import submit

bp = Blueprint("account", __name__)


class TokenForm(FlaskForm):
    name = StringField("What the token is for", validators=[DataRequired(), Length(max=100)])


class NameForm(FlaskForm):
    display_name = StringField("Name shown in history", validators=[Optional(), Length(max=100)])


class PasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=1024)])
    new = PasswordField("New password", validators=[InputRequired(), Length(max=1024)])


@bp.record_once
def _limit_password_checks(state) -> None:
    throttle.guard(state.app, "account.change_password", account=cookie_email,
                   refusal=refused_change)


@bp.before_request
@login_required
def _signed_in():
    return None  # every page here is the signed-in person's own


@bp.get("/account")
def index():
    return _page()


@bp.post("/account/tokens")
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form=form, status=422)
    row, token = submit(lambda db: tokens.create_token(
        db, actor=current_user.account, email=current_user.account.email,
        name=form.name.data))
    # shown in this answer only: not flashed (the session cookie would carry it), not cached
    html, status = _page(form=TokenForm(formdata=None), new=(row, token), status=201)
    return html, status, {"Cache-Control": "no-store"}


@bp.post("/account/tokens/<id:token_id>/revoke")
def revoke_token(token_id: int):
    row = submit(lambda db: tokens.revoke_token(db, token_id, actor=current_user.account))
    flash(f'Token "{row.name}" ({row.prefix}...) no longer works.')
    return redirect(url_for("account.index"))


@bp.post("/account/name")
def set_name():
    form = NameForm()
    if not form.validate_on_submit():
        return _page(name_form=form, status=422)
    account = submit(lambda db: accounts.set_display_name(
        db, actor=current_user.account, name=form.display_name.data),
        invalid=lambda error: form.display_name.errors.extend(error.errors.get("display_name", [])))
    if account is None:
        return _page(name_form=form, status=422)
    flash(f'History now shows "{account.display_name}".' if account.display_name
          else "History now shows your role.")
    return redirect(url_for("account.index"))


@bp.post("/account/password")
def change_password():
    form = PasswordForm()
    if not form.validate_on_submit():
        return _page(password_form=form, status=422)
    account = current_user.account

    def change(db) -> str:
        passwords.change_password(db, actor=account, current=form.current.data, new=form.new.data)
        return sign_in_here(db, account)  # every session ended; this one goes on anew

    def invalid(error) -> None:
        if "current" in error.errors:
            throttle.password_wrong()  # a stolen session must not guess the password either
        else:
            throttle.password_right()
        for name, messages in error.errors.items():
            getattr(form, name).errors.extend(messages)

    key = submit(change, invalid=invalid)
    if key is None:
        return _page(password_form=form, status=422)
    throttle.password_right()
    renew_session()
    login_user(SignedIn(account, key))
    flash("Password changed. Every other browser signed in as you has been signed out.")
    return redirect(url_for("account.index"))


@bp.post("/account/sessions/<id:session_id>/end")
def end_session(session_id: int):
    submit(lambda db: sessions.end_session_of(db, session_id, actor=current_user.account))
    if session_id == current_user.session_id:
        return redirect(url_for("auth.login"))  # this very browser: signed out
    flash("That session has ended; its browser is signed out.")
    return redirect(url_for("account.index"))


def refused_change(message: str) -> str:
    """The account page when the limits refuse a password change (web/throttle.py)."""
    form = PasswordForm()
    form.current.errors = [message]
    return _page(password_form=form)[0]


def _page(*, form=None, name_form=None, password_form=None, new=None, status: int = 200):
    db, account = get_session(), current_user.account
    return (render_template(
        "account/index.html", form=form or TokenForm(formdata=None),
        name_form=name_form or NameForm(formdata=None, display_name=account.display_name),
        password_form=password_form or PasswordForm(formdata=None), new=new,
        tokens=tokens.list_tokens(db, account.id),
        sessions=sessions.list_sessions(db, account.id, lifetimes()),
        current_session=current_user.session_id), status)
