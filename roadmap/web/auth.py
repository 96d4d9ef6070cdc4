"""Signing in and out."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import (Blueprint, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_login import LoginManager, UserMixin, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from ..db import get_session
from ..services import accounts
from .transactions import submit

bp = Blueprint("auth", __name__)


login_manager = LoginManager()
login_manager.login_view = "auth.login"


class SignedIn(UserMixin):
    """The signed-in person as Flask-Login sees them, wrapping a plain Account."""

    def __init__(self, account: accounts.Account):
        self.account = account
        self.id = str(account.id)


@login_manager.user_loader
def load_user(user_id: str):
    account = accounts.get_account(get_session(), int(user_id)) if user_id.isdecimal() else None
    return SignedIn(account) if account else None


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
        throttle = current_app.extensions["roadmap.login_throttle"]
        keys = (f"ip:{request.remote_addr}", f"email:{form.email.data.strip().lower()}")
        wait = throttle.blocked_for(*keys)
        if wait:
            form.email.errors.append(f"Too many failed sign-ins; try again in "
                                     f"{max(1, round(wait / 60))} minute(s).")
            return render_template("auth/login.html", form=form), 429
        account = submit(lambda session: accounts.authenticate(  # keeps a rehashed password
            session, form.email.data, form.password.data))
        if account:
            throttle.clear(*keys)
            login_user(SignedIn(account))
            flash(f"Signed in as {account.email}.")
            return redirect(safe_next(request.args.get("next")))
        throttle.fail(*keys)
        form.password.errors.append("The e-mail or the password is not right.")
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    logout_user()
    flash("Signed out.")
    return redirect(url_for("pages.index"))


OPEN_ENDPOINTS = {"auth.login", "static"}


def reading_is_public() -> bool:
    return str(current_app.config.get("PUBLIC_READ", "1")) not in ("0", "false", "no")


def require_sign_in_to_read() -> None:
    """With ROADMAP_PUBLIC_READ=0, every page but sign-in and assets needs an account."""
    from flask_login import current_user
    if reading_is_public():
        return None
    if current_user.is_authenticated or request.endpoint in OPEN_ENDPOINTS:
        return None
    if request.blueprint == "api":
        return None  # the API answers 401 in its own shape, and takes tokens
    return login_manager.unauthorized()
