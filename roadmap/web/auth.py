"""Signing in and out."""
from __future__ import annotations

from urllib.parse import urlsplit

import datetime as dt

from flask import (Blueprint, current_app, flash, g, redirect, render_template, request,
                   session, url_for)
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from ..db import begin_write, commit, get_session, new_session
from ..errors import Conflict
from ..services import accounts, sessions
from . import throttle
from .transactions import SAFE_METHODS, submit

bp = Blueprint("auth", __name__)


login_manager = LoginManager()
login_manager.login_view = "auth.login"


class SignedIn(UserMixin):
    """The signed-in person as Flask-Login sees them, wrapping a plain Account.

    Its id, which Flask-Login keeps in the cookie, is the server-side session's key
    (services/sessions.py), not the account's number: ending the session ends the cookie.
    """

    def __init__(self, account: accounts.Account, key: str, session_id: int | None = None):
        self.account, self.id, self.session_id = account, key, session_id


def lifetimes() -> sessions.Lifetimes:
    config = current_app.config
    return sessions.Lifetimes(
        idle=dt.timedelta(minutes=float(config.get("SESSION_IDLE_MINUTES", 60))),
        absolute=dt.timedelta(hours=float(config.get("SESSION_LIFETIME_HOURS", 12))))


@login_manager.user_loader
def load_user(key: str):
    resumed = sessions.resume(get_session(), key, lifetimes())
    if resumed is None:
        return None
    if resumed.touch_due:
        _touch(resumed.session_id)
    return SignedIn(resumed.account, key, resumed.session_id)


def _touch(session_id: int) -> None:
    """Note the session's use: a writing request in its own transaction, a reading one in
    a short one beside it (a reader must not take the write lock for the page it reads)."""
    if request.method not in SAFE_METHODS:
        sessions.touch(get_session(), session_id)  # committed with the request's write
        return
    side = new_session()
    try:
        begin_write(side)
        sessions.touch(side, session_id)
        commit(side)
    except Conflict:
        pass  # another request of this session noted it
    finally:
        side.close()


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])


def safe_next(target: str | None) -> str:
    """Follow `next` only to a path of this site, never to another host.

    >>> [safe_next(t) for t in ("/gaps?state=partial", "//evil.example", "https://evil.example/",
    ...                         "/\\\\evil.example", None)]
    ['/gaps?state=partial', '/', '/', '/', '/']
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        signed_in = submit(lambda db: _sign_in(db, form.email.data, form.password.data))
        if signed_in:
            account = signed_in.account
            throttle.password_right()
            renew_session()
            login_user(signed_in)
            flash(f"Signed in as {account.email}.")
            return redirect(safe_next(request.args.get("next")))
        throttle.password_wrong()
        form.password.errors.append("The e-mail or the password is not right.")
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.record_once
def _limit_sign_ins(state) -> None:
    throttle.guard(state.app, "auth.login", account=typed_email, refusal=refused_sign_in)


def typed_email() -> str:
    """The account a sign-in tries: the address typed, whether or not an account has it,
    read from the body the form reads (Flask-WTF takes a JSON body too)."""
    data = request.form
    if request.is_json:  # as Flask-WTF reads it: a list's first value is the field's
        body = request.get_json(silent=True)
        data = ImmutableMultiDict(body if isinstance(body, dict) else {})
    value = data.get("email")
    return "" if value is None else str(value)


def cookie_email() -> str:
    """The address of the account this browser is signed in as ("" for none).

    Read in a short session of its own: the request's transaction must begin as a writer
    (transactions.py), after the sign-in limits have counted on their own connection.
    """
    key = session.get("_user_id")  # Flask-Login's: our server-side session's key
    if not key:
        return ""
    side = new_session()
    try:
        resumed = sessions.resume(side, key, lifetimes())
    finally:
        side.close()
    return resumed.account.email if resumed else ""


def refused_sign_in(message: str) -> str:
    """The sign-in page when the limits refuse a try (web/throttle.py): the password unread."""
    form = LoginForm()
    form.email.errors = [message]
    return render_template("auth/login.html", form=form)


def _sign_in(db, email: str, password: str) -> SignedIn | None:
    account = accounts.authenticate(db, email, password)  # keeps a rehashed password
    return SignedIn(account, sign_in_here(db, account)) if account else None


def sign_in_here(db, account: accounts.Account) -> str:
    """Begin a server-side session for this browser; return its key for the cookie."""
    return sessions.start_session(db, account, address=request.remote_addr or "",
                                  agent=request.user_agent.string)


def renew_session() -> None:
    """Start the cookie afresh: nothing planted before sign-in survives, and a new CSRF
    secret is made (Flask-WTF caches the request's token in `g`; it was the old one's)."""
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        submit(lambda db: sessions.end_session(db, current_user.id))
    logout_user()
    renew_session()
    flash("Signed out.")
    return redirect(url_for("pages.index"))


OPEN_ENDPOINTS = {"auth.login", "static", "passwords.reset"}


def reading_is_public() -> bool:
    return str(current_app.config.get("PUBLIC_READ", "1")) not in ("0", "false", "no")


def require_sign_in_to_read() -> None:
    """With ROADMAP_PUBLIC_READ=0, every page but sign-in and assets needs an account."""
    from flask_login import current_user
    if reading_is_public():
        return None
    if current_user.is_authenticated or request.endpoint in OPEN_ENDPOINTS:
        return None
    if request.blueprint in ("api", "feeds"):
        return None  # the API and the feeds answer 401 themselves, and take tokens
    return login_manager.unauthorized()
