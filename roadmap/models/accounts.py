"""Accounts, their sessions, their API tokens and their password-reset links."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base
from ..vocab import ROLES
from .constraints import one_of
from .roadmap import Organization

user_organizations = Table(
    "user_organizations", Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"),
           primary_key=True),
)


class User(Base):
    """A person who signs in; a liaison officer edits the work of the organizations they follow."""

    __tablename__ = "users"
    __table_args__ = (one_of("role", ROLES, "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored in lower case
    # what the public sees in history instead of the address; the role when blank
    display_name: Mapped[str | None] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    organizations: Mapped[list[Organization]] = relationship(secondary=user_organizations)


class ApiToken(Base):
    """A personal API token. Only its SHA-256 is kept; the token itself is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))  # what it is for, e.g. "status sync"
    prefix: Mapped[str] = mapped_column(String(12))  # the first characters, to tell tokens apart
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()


class AccountSession(Base):
    """One signed-in browser. The cookie holds a random key; only its SHA-256 is kept here.

    A session ends at sign-out, when its account is deactivated or changes its password,
    when it is ended from the account page, or when it outlives its absolute lifetime.
    """

    __tablename__ = "account_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ended: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    address: Mapped[str] = mapped_column(String(45), default="")  # where it signed in from
    agent: Mapped[str] = mapped_column(String(200), default="")  # the browser, as it says

    user: Mapped[User] = relationship()


class PasswordReset(Base):
    """A one-time link an admin makes so that someone can set a new password."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()
