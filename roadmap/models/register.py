"""The gap register: entries that editors curate, their leads and dated updates.

The tables keep their first names (gaps, gap_leads, gap_updates, gap_topics); the code
says "register entry" for what editors curate and "gap" for what the analysis computes.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base
from ..vocab import GAP_PRIORITIES, GAP_STATUSES, RND_NEEDED
from .constraints import one_of
from .roadmap import Committee, Organization, Topic

register_topics = Table(
    "gap_topics", Base.metadata,
    Column("gap_id", ForeignKey("gaps.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class RegisterEntry(Base):
    """A curated entry of the gap register, kept until it is closed by a person."""

    __tablename__ = "gaps"
    __table_args__ = (one_of("priority", GAP_PRIORITIES, "priority"),
                      one_of("rnd_needed", RND_NEEDED, "rnd_needed"),
                      one_of("status", GAP_STATUSES, "status"))

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

    topics: Mapped[list[Topic]] = relationship(secondary=register_topics)
    leads: Mapped[list[RegisterLead]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="RegisterLead.position")
    updates: Mapped[list[RegisterUpdate]] = relationship(
        back_populates="entry", cascade="all, delete-orphan",
        order_by="(RegisterUpdate.date, RegisterUpdate.id)")
    actions: Mapped[list["GapAction"]] = relationship(  # noqa: F821  (models/actions.py)
        back_populates="entry", cascade="all, delete-orphan", order_by="GapAction.number")

    __mapper_args__ = {"version_id_col": version}


class RegisterLead(Base):
    """An organization, or one of its committees, suggested to lead work on a register entry."""

    __tablename__ = "gap_leads"
    __table_args__ = (UniqueConstraint("gap_id", "organization_id", "committee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gap_id: Mapped[int] = mapped_column(ForeignKey("gaps.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)

    entry: Mapped[RegisterEntry] = relationship(back_populates="leads")
    organization: Mapped[Organization] = relationship()
    committee: Mapped[Committee | None] = relationship()


class RegisterUpdate(Base):
    """A dated status update of a register entry; the history is only ever appended to."""

    __tablename__ = "gap_updates"
    __table_args__ = (one_of("status", GAP_STATUSES, "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gap_id: Mapped[int] = mapped_column(ForeignKey("gaps.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)

    entry: Mapped[RegisterEntry] = relationship(back_populates="updates")
