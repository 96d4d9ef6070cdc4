"""Signed-in sessions kept on the server, so that they can end.

The browser's cookie carries only a random key (Flask-Login's "alternative token"); the
database keeps its SHA-256, who it is for, and when it began and was last used. A session
ends at sign-out, from the account page, when its account is deactivated or its password
changes, after `idle` without a request, or `lifetime` after sign-in (OWASP ASVS 5.0 V7).
A copied cookie is worth nothing once its row has ended.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from .. import dates
from ..errors import NotFound
from ..models import AccountSession, User
from ..permissions import Account
from .credentials import account_of

TOUCH_EVERY = dt.timedelta(seconds=60)  # last use is kept to the minute: one write a minute


@dataclass(frozen=True)
class Lifetimes:
    idle: dt.timedelta = dt.timedelta(hours=1)
    absolute: dt.timedelta = dt.timedelta(hours=12)


@dataclass(frozen=True)
class Resumed:
    account: Account
    session_id: int
    touch_due: bool


@dataclass(frozen=True)
class SessionRow:
    id: int
    started: str  # "2026-12-02 14:05 UTC"
    last_seen: str
    address: str
    agent: str


def start_session(session: Session, account: Account, *, address: str, agent: str) -> str:
    """Begin a session for `account`; return the key for the cookie (never stored)."""
    key = secrets.token_urlsafe(32)
    now = _now()
    session.add(AccountSession(user_id=account.id, key_hash=_digest(key), created=now,
                               last_seen=now, address=(address or "")[:45],
                               agent=(agent or "")[:200]))
    return key


def resume(session: Session, key: str, lifetimes: Lifetimes) -> Resumed | None:
    """The account of a live session key, or None: unknown, ended, idle or too old."""
    if not key or len(key) > 100:
        return None
    row = session.scalar(select(AccountSession).where(AccountSession.key_hash == _digest(key))
                         .options(joinedload(AccountSession.user).selectinload(User.organizations)))
    now = _now()
    if row is None or not _live(row, now, lifetimes) or not row.user.active:
        return None
    return Resumed(account_of(row.user), row.id, now - dates.utc(row.last_seen) >= TOUCH_EVERY)


def touch(session: Session, session_id: int) -> None:
    """Note that a session was used now (the caller commits)."""
    row = session.get(AccountSession, session_id)
    if row is not None and row.ended is None:
        row.last_seen = _now()


def end_session(session: Session, key: str) -> None:
    """End the session of `key` (sign-out). The caller commits."""
    if key:
        session.execute(update(AccountSession).where(
            AccountSession.key_hash == _digest(key), AccountSession.ended.is_(None))
            .values(ended=_now()))


def end_session_of(session: Session, session_id: int, *, actor: Account) -> None:
    """End one of the actor's own sessions (an admin may end anyone's). The caller commits."""
    row = session.get(AccountSession, session_id)
    if row is None or (actor.role != "admin" and row.user_id != actor.id):
        raise NotFound(f"there is no session {session_id} of yours")
    if row.ended is None:
        row.ended = _now()


def end_sessions_of(session: Session, user_id: int) -> None:
    """End every session of an account at once. The caller commits."""
    session.execute(update(AccountSession).where(
        AccountSession.user_id == user_id, AccountSession.ended.is_(None)).values(ended=_now()))


def list_sessions(session: Session, user_id: int, lifetimes: Lifetimes) -> tuple[SessionRow, ...]:
    """The account's live sessions, most recently used first."""
    now = _now()
    rows = session.scalars(select(AccountSession).where(
        AccountSession.user_id == user_id, AccountSession.ended.is_(None))
        .order_by(AccountSession.last_seen.desc(), AccountSession.id.desc()))
    return tuple(SessionRow(r.id, _shown(r.created), _shown(r.last_seen), r.address, r.agent)
                 for r in rows if _live(r, now, lifetimes))


def session_id_of(session: Session, key: str) -> int | None:
    return session.scalar(select(AccountSession.id).where(AccountSession.key_hash == _digest(key)))


def _live(row: AccountSession, now: dt.datetime, lifetimes: Lifetimes) -> bool:
    return (row.ended is None and now - dates.utc(row.created) < lifetimes.absolute
            and now - dates.utc(row.last_seen) < lifetimes.idle + TOUCH_EVERY)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)




def _shown(moment: dt.datetime) -> str:
    return dates.utc(moment).strftime("%Y-%m-%d %H:%M UTC")
