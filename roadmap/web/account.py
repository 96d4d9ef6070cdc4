"""The signed-in person's own page: who they are, and their API tokens."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..db import get_session
from ..services import tokens
from .transactions import submit

bp = Blueprint("account", __name__)


class TokenForm(FlaskForm):
    name = StringField("What the token is for", validators=[DataRequired(), Length(max=100)])


@bp.before_request
@login_required
def _signed_in():
    return None  # every page here is the signed-in person's own


@bp.get("/account")
def index():
    return _page(TokenForm())


@bp.post("/account/tokens")
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=422)
    row, token = submit(lambda session: tokens.create_token(
        session, actor=current_user.account, email=current_user.account.email,
        name=form.name.data))
    # shown in this answer only: not flashed (the session cookie would carry it), not cached
    html, status = _page(TokenForm(formdata=None), new=(row, token), status=201)
    return html, status, {"Cache-Control": "no-store"}


@bp.post("/account/tokens/<id:token_id>/revoke")
def revoke_token(token_id: int):
    row = submit(lambda session: tokens.revoke_token(session, token_id,
                                                     actor=current_user.account))
    flash(f'Token "{row.name}" ({row.prefix}...) no longer works.')
    return redirect(url_for("account.index"))


def _page(form: TokenForm, *, new=None, status: int = 200):
    rows = tokens.list_tokens(get_session(), current_user.account.id)
    return (render_template("account/index.html", form=form, tokens=rows, new=new),
            status)
