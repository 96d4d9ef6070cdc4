"""Accounts: creating people who sign in, and checking their passwords."""
from __future__ import annotations

import datetime as dt
import re

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..errors import NotAllowed, NotFound, ValidationError
from ..permissions import Account
from ..models import User
from ..vocab import ROLES
from .common import Fields, Outcome, audited
from .credentials import HASHER, account_of
from .lookup import Lookup
from .passwords import password_problem
from .sessions import end_sessions_of

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Verified when the e-mail is unknown, so that a wrong e-mail costs as long as a wrong password.
_DUMMY_HASH = HASHER.hash("no account has this password")


def create_user(session: Session, *, actor: "Account", email: str, password: str | None,
                role: str, organizations: list[str] = (), display_name: str = "") -> Account:
    """Create an account; a liaison officer follows at least one organization. The caller commits."""
    if actor is None or actor.role != "admin":
        raise NotAllowed("only admins create accounts")
    f = Fields({"email": (email or "").strip().lower(), "role": role})
    email = f.text("email", required=True, max_length=254)
    if email and not _EMAIL.match(email):
        f.errors.add("email", f'"{email}" is not an e-mail address')
    elif email and session.scalar(select(User.id).where(User.email == email)) is not None:
        f.errors.add("email", f"{email} already has an account")
    role = f.choice("role", ROLES)
    name = _display_name(f, display_name)
    problem = password_problem(password, email=email or "")
    if problem:
        f.errors.add("password", problem)
    lookup = Lookup(session)
    found = []
    for acronym in organizations:
        org = lookup.organization(acronym)
        if org is None:
            f.errors.add("organizations", f'unknown organization "{acronym}"')
        elif org not in found:
            found.append(org)
    if role == "liaison_officer" and not organizations:
        f.errors.add("organizations", "a liaison officer follows at least one organization")
    f.errors.raise_if_any()
    user = User(email=email, password_hash=HASHER.hash(password), role=role, active=True,
                created=dt.datetime.now(dt.timezone.utc), organizations=found,
                display_name=name or None)
    session.add(user)
    session.flush()
    audited(session, actor, Outcome("user", email, "created", {"role": (None, role), "organizations": (
        None, sorted(organizations))}))
    return _account(user)


def authenticate(session: Session, email: str, password: str) -> Account | None:
    """Return the account whose e-mail and password match, or None; rehash old parameters."""
    user = session.scalar(select(User).where(User.email == (email or "").strip().lower())
                          .options(selectinload(User.organizations)))
    try:
        HASHER.verify(user.password_hash if user else _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = HASHER.hash(password)
    return _account(user)


def get_account(session: Session, user_id: int) -> Account | None:
    user = session.scalar(select(User).where(User.id == user_id, User.active.is_(True))
                          .options(selectinload(User.organizations)))
    return _account(user) if user else None


def find_account(session: Session, email: str) -> Account | None:
    """The account of an e-mail address, active or not."""
    user = session.scalar(select(User).where(User.email == (email or "").strip().lower())
                          .options(selectinload(User.organizations)))
    return _account(user) if user else None


def count_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)
                          .where(User.role == "admin", User.active.is_(True)))


_account = account_of


def _display_name(f: Fields, name: str | None) -> str | None:
    f.data["display_name"] = " ".join((name or "").split())
    name = f.text("display_name", max_length=100)
    if name and "@" in name:
        f.errors.add("display_name", "is shown to everyone, so it may not be an e-mail address")
    return name


def set_display_name(session: Session, *, actor: Account, name: str) -> Account:
    """Set the name the public sees in history instead of an address. The caller commits."""
    user = session.get(User, actor.id) if actor else None
    if user is None:
        raise NotFound("there is no such account")
    f = Fields({})
    name = _display_name(f, name) or None
    f.errors.raise_if_any()
    if name != user.display_name:
        audited(session, actor, Outcome("user", user.email, "updated",
                                        {"display_name": (user.display_name, name)}))
        user.display_name = name
    return _account(user)


def list_accounts(session: Session) -> list[tuple[Account, bool]]:
    """Return every account with whether it may sign in, by e-mail."""
    users = session.scalars(select(User).options(selectinload(User.organizations))
                            .order_by(User.email))
    return [(_account(u), u.active) for u in users]


def set_active(session: Session, user_id: int, active: bool, *, actor: Account) -> Account:
    """Let an account sign in again, or stop it from signing in (admins). The caller commits."""
    if actor is None or actor.role != "admin":
        raise NotAllowed("only admins manage accounts")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"there is no account {user_id}")
    if user.id == actor.id and not active:
        raise ValidationError({"active": ["an admin cannot deactivate their own account"]})
    if user.active != active:
        user.active = active
        if not active:
            end_sessions_of(session, user.id)  # a deactivated account's cookies stop at once
        audited(session, actor, Outcome("user", user.email, "updated", {"active": (not active, active)}))
    return _account(user)
