"""Accounts: creating people who sign in, and checking their passwords."""
from __future__ import annotations

import datetime as dt
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..errors import NotAllowed, NotFound, ValidationError
from ..permissions import Account
from ..models import User
from ..vocab import ROLES
from .common import Fields, Outcome, audited
from .lookup import Lookup

# argon2id with OWASP's recommended minimum: 19 MiB of memory, 2 passes, 1 lane.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
MIN_PASSWORD_LENGTH = 12
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Verified when the e-mail is unknown, so that a wrong e-mail costs as long as a wrong password.
_DUMMY_HASH = HASHER.hash("no account has this password")


def create_user(session: Session, *, actor: "Account", email: str, password: str | None,
                role: str, organizations: list[str] = ()) -> Account:
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
    if not password or len(password) < MIN_PASSWORD_LENGTH:
        f.errors.add("password", f"must have at least {MIN_PASSWORD_LENGTH} characters")
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
                created=dt.datetime.now(dt.timezone.utc), organizations=found)
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


def count_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)
                          .where(User.role == "admin", User.active.is_(True)))


def _account(user: User) -> Account:
    return Account(user.id, user.email, user.role,
                   tuple(sorted(o.acronym for o in user.organizations)))


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
        audited(session, actor, Outcome("user", user.email, "updated", {"active": (not active, active)}))
    return _account(user)
