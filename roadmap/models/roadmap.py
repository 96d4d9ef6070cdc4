"""The roadmap itself: organizations, committees, topics, their dependencies, work items."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (JSON, CheckConstraint, Date, ForeignKey, Integer, Select, String, Text,
                        UniqueConstraint, select)
from sqlalchemy.orm import Mapped, aliased, mapped_column, relationship

from ..db import Base
from ..vocab import (ACTIVE_STATUSES, ORGANIZATION_KINDS, RELEVANCES, STATUSES, TOPIC_CATEGORIES,
                     WORK_ITEM_TYPES)
from .constraints import one_of, partial_date


class Organization(Base):
    """A standards development organization, forum or coordination group."""

    __tablename__ = "organizations"
    __table_args__ = (one_of("kind", ORGANIZATION_KINDS, "kind"),)

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
    __table_args__ = (one_of("category", TOPIC_CATEGORIES, "category"),)

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
        one_of("type", WORK_ITEM_TYPES, "type"),
        one_of("status", STATUSES, "status"),
        partial_date("registered"), partial_date("target"),
        partial_date("approved"), partial_date("published"),
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
                      one_of("relevance", RELEVANCES, "relevance"))

    id: Mapped[int] = mapped_column(primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id", ondelete="CASCADE"))
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), index=True)
    relevance: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)

    work_item: Mapped[WorkItem] = relationship(back_populates="mappings")
    topic: Mapped[Topic] = relationship()


def dependency_codes(*columns) -> Select:
    """SELECT (topic code, required topic code, *columns) for every dependency.

    Filter it on `Topic` (the depending topic) or on `REQUIRED` (the topic it requires).
    """
    return (select(Topic.code, REQUIRED.code, *columns)
            .join(TopicDependency, TopicDependency.topic_id == Topic.id)
            .join(REQUIRED, TopicDependency.requires_id == REQUIRED.id))


REQUIRED = aliased(Topic, name="required")  # the required side of a dependency
