"""Personal API tokens: made for one account, shown once, kept only as a hash, revocable."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ..errors import NotAllowed, NotFound, ValidationError
from ..models import ApiToken, Organization, User, user_organizations
from ..db import plain
from .credentials import plain_account
from ..permissions import Account
from .common import Fields, Outcome, audited

PREFIX = "ssc_"  # marks a roadmap token, so secret scanners and people can recognise one


@dataclass(frozen=True)
class TokenRow:
    id: int
    name: str
    prefix: str  # e.g. "ssc_Ab3dE": enough to tell tokens apart, useless to an attacker
    created: str  # ISO timestamp, UTC
    revoked: str | None


def digest(token: str) -> str:
    """Tokens carry 256 random bits, so a plain SHA-256 is enough (no slow hash needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, *, actor: Account, email: str,
                 name: str | None = None) -> tuple[TokenRow, str]:
    """Make a token for the account `email`; return it with the token, which is never stored.

    A person makes tokens for themselves; an admin (or the command line) for anyone.
    The caller commits.
    """
    f = Fields({"name": name or "API token"})
    name = f.text("name", required=True, max_length=100)
    f.errors.raise_if_any()
    user = session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is None:
        raise NotFound(f"there is no account {email}")
    if actor is None or (actor.role != "admin" and actor.id != user.id):
        raise NotAllowed("only admins make tokens for other people")
    if not user.active:
        raise ValidationError({"email": [f"{user.email} cannot sign in, so it gets no token"]})
    token = PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(user=user, name=name, prefix=token[:9], token_hash=digest(token),
                      created=dt.datetime.now(dt.timezone.utc))
    session.add(record)
    session.flush()
    audited(session, actor, Outcome("api_token", f"{user.email} {record.prefix}", "created",
                                    {"name": (None, name)}))
    return _row(record), token


def list_tokens(session: Session, user_id: int) -> tuple[TokenRow, ...]:
    """Return an account's tokens, newest first, revoked ones included."""
    return tuple(_row(t) for t in session.scalars(
        select(ApiToken).where(ApiToken.user_id == user_id)
        .order_by(ApiToken.created.desc(), ApiToken.id.desc())))


def revoke_token(session: Session, token_id: int, *, actor: Account) -> TokenRow:
    """Stop a token from working, for good (its owner or an admin). The caller commits."""
    record = session.get(ApiToken, token_id)
    if record is None or actor is None or (actor.role != "admin" and actor.id != record.user_id):
        raise NotFound(f"there is no token {token_id} of yours")  # others' tokens stay unseen
    if record.revoked is None:
        record.revoked = dt.datetime.now(dt.timezone.utc)
        audited(session, actor, Outcome("api_token", f"{record.user.email} {record.prefix}",
                                        "revoked", {"revoked": (None, record.revoked)}))
    return _row(record)


def authenticate_token(session: Session, token: str) -> Account | None:
    """Return the account a live token belongs to, or None (unknown, revoked, inactive)."""
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    # plain columns: every API request asks, and loading the token, its user and their
    # organizations as objects (three statements) was a tenth of the load mix's time
    found = plain(session, _BY_DIGEST, {"digest": digest(token)}).first()
    if found is None or found.revoked is not None or not found.active:
        return None
    return plain_account(found.id, found.email, found.role,
                         plain(session, _FOLLOWED, {"user": found.id}).scalars(),
                         found.display_name)


_BY_DIGEST = (select(ApiToken.revoked, User.id, User.email, User.role, User.active,
                     User.display_name)
              .join(ApiToken.user).where(ApiToken.token_hash == bindparam("digest")))
_FOLLOWED = (select(Organization.acronym)
             .join(user_organizations, user_organizations.c.organization_id == Organization.id)
             .where(user_organizations.c.user_id == bindparam("user")))


def _row(record: ApiToken) -> TokenRow:
    return TokenRow(record.id, record.name, record.prefix,
                    record.created.strftime("%Y-%m-%d %H:%M UTC"),
                    record.revoked.strftime("%Y-%m-%d %H:%M UTC") if record.revoked else None)
