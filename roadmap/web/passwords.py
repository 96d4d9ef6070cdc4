"""Setting a new password through a one-time link an admin made (no sign-in needed)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import InputRequired, Length

from ..db import get_session
from ..services import passwords
from .transactions import submit

bp = Blueprint("passwords", __name__)
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}  # the link is a secret


class NewPasswordForm(FlaskForm):
    new = PasswordField("New password", validators=[InputRequired(), Length(max=1024)])


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    email = passwords.reset_for(get_session(), token)
    if email is None:
        abort(404, "This reset link is unknown, used or expired; ask an admin for a new one.")
    form = NewPasswordForm()
    if form.validate_on_submit():
        done = submit(lambda db: passwords.use_reset_link(db, token, form.new.data),
                      invalid=lambda error: form.new.errors.extend(error.errors.get("new", [])))
        if done:
            flash("Your password is set; sign in with it.")
            return redirect(url_for("auth.login"))
    status = 422 if form.errors else 200
    return render_template("passwords/reset.html", form=form, email=email), status, NO_STORE
