"""Password rules, changes and admins' one-time reset links.

The rule follows OWASP ASVS 5.0 (V6.2): at least 12 characters, no composition rules,
not blank or spaces only, not one of the 30,000 commonest leaked passwords and not easy
to guess from the account's own words. zxcvbn bundles that list and the estimate, so the
check works offline. A change or a reset ends every session of the account.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from .. import dates, permissions
from ..errors import NotFound, ValidationError
from ..models import PasswordReset, User
from ..permissions import Account
from .common import Outcome, audited
from .credentials import HASHER
from .sessions import end_sessions_of

MIN_LENGTH = 12
MAX_LENGTH = 1024
RESET_LIFETIME = dt.timedelta(hours=24)
_COMMON = frozenset(FREQUENCY_LISTS["passwords"])
_CONTEXT = ("roadmap", "ssc", "smart", "sustainable", "city", "cities", "itu")


def password_problem(password: str | None, *, email: str = "") -> str | None:
    """Say what is wrong with `password` for the account `email`, or None when it will do.

    >>> [password_problem(p, email="ed@example.org") for p in ("", " " * 12, "short")]
    ['must not be blank or only spaces', 'must not be blank or only spaces', 'must have at least 12 characters']
    >>> password_problem("qwerty123456"), password_problem("correct horse battery staple")
    ('is one of the most common passwords; choose another', None)
    """
    if not password or not password.strip():
        return "must not be blank or only spaces"
    if len(password) < MIN_LENGTH:
        return f"must have at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"must have at most {MAX_LENGTH} characters"
    if password.lower() in _COMMON or password.strip().lower() in _COMMON:
        return "is one of the most common passwords; choose another"
    words = [email, email.partition("@")[0], *email.replace("@", " ").replace(".", " ").split()]
    verdict = zxcvbn(password[:100], user_inputs=[w for w in words if w] + list(_CONTEXT))
    if verdict["score"] < 3:
        warning = verdict["feedback"]["warning"] or "it is built from words and patterns that are tried first"
        return f"is easy to guess ({warning.rstrip('.')}); a few unrelated words make a strong one"
    return None  # zxcvbn reads the first 100 characters only, as its authors advise


def require_good(password: str | None, *, email: str, field: str = "password") -> None:
    problem = password_problem(password, email=email)
    if problem:
        raise ValidationError({field: [problem]})


def change_password(session: Session, *, actor: Account, current: str, new: str) -> None:
    """Change the signed-in person's own password; ends all their sessions. The caller commits."""
    user = session.get(User, actor.id)
    if user is None or not user.active:
        raise NotFound("this account can no longer sign in")
    try:
        HASHER.verify(user.password_hash, current or "")
    except (VerificationError, InvalidHashError):
        raise ValidationError({"current": ["is not your current password"]}) from None
    require_good(new, email=user.email, field="new")
    if new == current:
        raise ValidationError({"new": ["is your current password; choose a new one"]})
    _set(session, user, new, actor=actor, how="changed")


def make_reset_link(session: Session, user_id: int, *, actor: Account) -> tuple[str, str]:
    """An admin makes a one-time reset token for an account; return (e-mail, token)."""
    permissions.require_admin(actor, "reset passwords")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"there is no account {user_id}")
    if not user.active:
        raise ValidationError({"active": [f"{user.email} cannot sign in; activate it first"]})
    token = secrets.token_urlsafe(32)
    now = dt.datetime.now(dt.timezone.utc)
    for old in session.scalars(select(PasswordReset).where(
            PasswordReset.user_id == user.id, PasswordReset.used.is_(None))):
        old.used = now  # only the newest link works
    session.add(PasswordReset(user_id=user.id, token_hash=_digest(token), created=now,
                              expires=now + RESET_LIFETIME))
    audited(session, actor, Outcome("user", user.email, "updated",
                                    {"password reset link": (None, "made")}))
    return user.email, token


def reset_for(session: Session, token: str) -> str | None:
    """The e-mail a live reset token is for, or None (unknown, used or expired)."""
    reset = _live_reset(session, token)
    return reset.user.email if reset else None


def use_reset_link(session: Session, token: str, new: str) -> str:
    """Set a new password through a reset link, once; return the e-mail. The caller commits."""
    reset = _live_reset(session, token)
    if reset is None:
        raise NotFound("this reset link is unknown, used or expired; ask an admin for a new one")
    require_good(new, email=reset.user.email, field="new")
    reset.used = dt.datetime.now(dt.timezone.utc)
    _set(session, reset.user, new, actor=None, how="reset")
    return reset.user.email


def _live_reset(session: Session, token: str) -> PasswordReset | None:
    if not token or len(token) > 100:
        return None
    reset = session.scalar(select(PasswordReset).where(PasswordReset.token_hash == _digest(token)))
    now = dt.datetime.now(dt.timezone.utc)
    if reset is None or reset.used is not None or dates.utc(reset.expires) <= now or not reset.user.active:
        return None
    return reset


def _set(session: Session, user: User, new: str, *, actor: Account | None, how: str) -> None:
    user.password_hash = HASHER.hash(new)
    end_sessions_of(session, user.id)
    who = actor or Account(user.id, user.email, user.role, ())
    audited(session, who, Outcome("user", user.email, "updated", {"password": (None, how)}))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


