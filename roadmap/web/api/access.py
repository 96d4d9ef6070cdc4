"""Who is asking: a personal token (Authorization: Bearer), a signed-in session, or nobody.

Token requests carry no cookie a browser could send on its own, so they need no CSRF
token; requests riding on a session cookie still do. Writes need someone.
"""
from __future__ import annotations

from flask import g, request
from flask_login import current_user

from ...db import get_session
from ...services import tokens
from ..auth import reading_is_public
from ..security import csrf
from ..transactions import SAFE_METHODS
from .blueprint import bp
from .problems import ApiError

csrf.exempt(bp)  # checked below, for session requests only


def actor():
    """The account the request acts for, or None."""
    return g.get("api_actor")


@bp.before_request
def identify() -> None:
    writing = request.method not in SAFE_METHODS  # begun as a writer already (web/transactions.py)
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, 'Send the token as "Authorization: Bearer TOKEN".')
        g.api_actor = tokens.authenticate_token(get_session(), token.strip())
        if g.api_actor is None:
            raise ApiError(401, "The token is unknown or revoked, or its account cannot "
                                "sign in.")
        return
    if current_user.is_authenticated:
        g.api_actor = current_user.account
        if writing:
            csrf.protect()  # a CSRFError becomes a 400 in the error shape
        return
    if writing:
        raise ApiError(401, "Changes need a token (Authorization: Bearer TOKEN); make one on "
                            "your account page or with `flask --app app roadmap create-token`.")
    if not reading_is_public():
        raise ApiError(401, "Reading this roadmap needs a token (Authorization: Bearer TOKEN).")
