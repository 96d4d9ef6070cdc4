"""The relational model of the roadmap: constraints live in the schema, rules in services."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (JSON, Boolean, CheckConstraint, Column, Date, DateTime, ForeignKey,
                        Integer, String, Table, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import Base
from .vocab import (ACTIVE_STATUSES, GAP_PRIORITIES, GAP_STATUSES, ORGANIZATION_KINDS,
                    RELEVANCES, RND_NEEDED, ROLES, STATUSES, TOPIC_CATEGORIES, WORK_ITEM_TYPES)


def _one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)


def _partial_date(column: str) -> CheckConstraint:
    # e.g. "2018", "2018-07", "2018-07-15"; services check the calendar
    return CheckConstraint(f"{column} IS NULL OR length({column}) IN (4, 7, 10)",
                           name=f"{column}_partial_date")


class Organization(Base):
    """A standards development organization, forum or coordination group."""

    __tablename__ = "organizations"
    __table_args__ = (_one_of("kind", ORGANIZATION_KINDS, "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    acronym: Mapped[str] = mapped_column(String(40), unique=True)  # e.g. "ISO/IEC JTC 1"
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    url: Mapped[str | None] = mapped_column(String(500))

    committees: Mapped[list[Committee]] = relationship(
        back_populates="organization", cascade="all, delete-orphan")
    work_items: Mapped[list[WorkItem]] = relationship(
        back_populates="organization", cascade="all, delete-orphan")


class Committee(Base):
    """A study group, technical committee, working group or forum inside an organization."""

    __tablename__ = "committees"
    __table_args__ = (UniqueConstraint("organization_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(60))  # e.g. "TC 268/SC 1"
    name: Mapped[str] = mapped_column(String(300))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id", ondelete="SET NULL"))
    url: Mapped[str | None] = mapped_column(String(500))

    organization: Mapped[Organization] = relationship(back_populates="committees")
    parent: Mapped[Committee | None] = relationship(remote_side=[id])


class Topic(Base):
    """A node of the two-level SSC topic taxonomy; leaves carry work and dependencies."""

    __tablename__ = "topics"
    __table_args__ = (_one_of("category", TOPIC_CATEGORIES, "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # e.g. "S5"
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="RESTRICT"))
    category: Mapped[str] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(Integer, default=1)

    parent: Mapped[Topic | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Topic]] = relationship(back_populates="parent")

    __mapper_args__ = {"version_id_col": version}


class TopicDependency(Base):
    """`topic` requires `requires`: work on the first builds on the second."""

    __tablename__ = "topic_dependencies"
    __table_args__ = (UniqueConstraint("topic_id", "requires_id"),
                      CheckConstraint("topic_id <> requires_id", name="no_self_loop"))

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    requires_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    rationale: Mapped[str | None] = mapped_column(Text)

    topic: Mapped[Topic] = relationship(foreign_keys=[topic_id])
    requires: Mapped[Topic] = relationship(foreign_keys=[requires_id])


class WorkItem(Base):
    """A published standard, or work that will become one."""

    __tablename__ = "work_items"
    __table_args__ = (
        UniqueConstraint("organization_id", "identifier"),
        _one_of("type", WORK_ITEM_TYPES, "type"),
        _one_of("status", STATUSES, "status"),
        _partial_date("registered"), _partial_date("target"),
        _partial_date("approved"), _partial_date("published"),
        CheckConstraint("status <> 'published' OR published IS NOT NULL",
                        name="published_has_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("committees.id", ondelete="SET NULL"), index=True)
    identifier: Mapped[str] = mapped_column(String(120))  # e.g. "Y.4900/L.1600"
    provisional_name: Mapped[str | None] = mapped_column(String(120))  # e.g. "Y.SSC-MM"
    title: Mapped[str] = mapped_column(String(500))
    type: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), index=True)
    stage: Mapped[str | None] = mapped_column(String(60))  # the body's own words: "60.60"
    approval_process: Mapped[str | None] = mapped_column(String(60))  # e.g. "AAP"
    registered: Mapped[str | None] = mapped_column(String(10))
    target: Mapped[str | None] = mapped_column(String(10))
    approved: Mapped[str | None] = mapped_column(String(10))
    published: Mapped[str | None] = mapped_column(String(10))
    url: Mapped[str | None] = mapped_column(String(500))
    summary: Mapped[str | None] = mapped_column(Text)
    editors: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str | None] = mapped_column(String(500))
    checked: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    organization: Mapped[Organization] = relationship(back_populates="work_items")
    committee: Mapped[Committee | None] = relationship()
    mappings: Mapped[list[Mapping]] = relationship(
        back_populates="work_item", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class Equivalence(Base):
    """Two work items that carry the same text; stored once, with the lower id first."""

    __tablename__ = "equivalences"
    __table_args__ = (CheckConstraint("low_id < high_id", name="ordered_pair"),)

    low_id: Mapped[int] = mapped_column(
        ForeignKey("work_items.id", ondelete="CASCADE"), primary_key=True)
    high_id: Mapped[int] = mapped_column(
        ForeignKey("work_items.id", ondelete="CASCADE"), primary_key=True, index=True)


class Mapping(Base):
    """A work item addresses a leaf topic, as its core subject or in support."""

    __tablename__ = "mappings"
    __table_args__ = (UniqueConstraint("work_item_id", "topic_id"),
                      _one_of("relevance", RELEVANCES, "relevance"))

    id: Mapped[int] = mapped_column(primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"))
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), index=True)
    relevance: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)

    work_item: Mapped[WorkItem] = relationship(back_populates="mappings")
    topic: Mapped[Topic] = relationship()


gap_topics = Table(
    "gap_topics", Base.metadata,
    Column("gap_id", ForeignKey("gaps.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Gap(Base):
    """A curated entry of the gap register, kept until it is closed by a person."""

    __tablename__ = "gaps"
    __table_args__ = (_one_of("priority", GAP_PRIORITIES, "priority"),
                      _one_of("rnd_needed", RND_NEEDED, "rnd_needed"),
                      _one_of("status", GAP_STATUSES, "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # e.g. "GAP-07"
    title: Mapped[str] = mapped_column(String(300))
    statement: Mapped[str | None] = mapped_column(Text)
    priority: Mapped[str] = mapped_column(String(10))
    horizon: Mapped[str | None] = mapped_column(String(60))  # e.g. "0-2 years"
    rnd_needed: Mapped[str] = mapped_column(String(10))
    recommendation: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)

    topics: Mapped[list[Topic]] = relationship(secondary=gap_topics)
    leads: Mapped[list[GapLead]] = relationship(
        back_populates="gap", cascade="all, delete-orphan", order_by="GapLead.position")
    updates: Mapped[list[GapUpdate]] = relationship(
        back_populates="gap", cascade="all, delete-orphan",
        order_by="(GapUpdate.date, GapUpdate.id)")

    __mapper_args__ = {"version_id_col": version}


class GapLead(Base):
    """An organization, or one of its committees, suggested to lead work on a gap."""

    __tablename__ = "gap_leads"
    __table_args__ = (UniqueConstraint("gap_id", "organization_id", "committee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gap_id: Mapped[int] = mapped_column(ForeignKey("gaps.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)

    gap: Mapped[Gap] = relationship(back_populates="leads")
    organization: Mapped[Organization] = relationship()
    committee: Mapped[Committee | None] = relationship()


class GapUpdate(Base):
    """A dated status update of a gap; the history is only ever appended to."""

    __tablename__ = "gap_updates"
    __table_args__ = (_one_of("status", GAP_STATUSES, "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gap_id: Mapped[int] = mapped_column(ForeignKey("gaps.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)

    gap: Mapped[Gap] = relationship(back_populates="updates")


user_organizations = Table(
    "user_organizations", Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"),
           primary_key=True),
)


class User(Base):
    """A person who signs in; a liaison officer edits the work of the organizations they follow."""

    __tablename__ = "users"
    __table_args__ = (_one_of("role", ROLES, "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored in lower case
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    organizations: Mapped[list[Organization]] = relationship(secondary=user_organizations)


class AuditRecord(Base):
    """One change of one record: who, when, and each field before and after. Never updated."""

    __tablename__ = "audit_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(254))  # an e-mail, or "command line"
    kind: Mapped[str] = mapped_column(String(30))  # e.g. "work_item"
    key: Mapped[str] = mapped_column(String(300), index=True)  # e.g. "ITU-T Y.4600"
    action: Mapped[str] = mapped_column(String(20))  # "created", "updated", "deleted", ...
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # {field: [before, after]}


class RoadmapState(Base):
    """One row whose `revision` changes with every committed write (see roadmap/revision.py)."""

    __tablename__ = "roadmap_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[str] = mapped_column(String(32))


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
