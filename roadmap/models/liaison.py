"""Liaison statements: what one body sends another, asking it to act, comment or take note.

A statement is known by its sender and its reference, e.g. ITU-T "SG20-LS123"; a reply
names the statement it answers (`reply_to`), and so statements form threads.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base
from ..vocab import LIAISON_KINDS, LIAISON_PURPOSES, LIAISON_STATUSES
from .constraints import one_of
from .roadmap import Committee, Organization, Topic, WorkItem


def _links(name: str, column: str, target: str) -> Table:
    return Table(
        name, Base.metadata,
        Column("statement_id", ForeignKey("liaison_statements.id", ondelete="CASCADE"),
               primary_key=True),
        Column(column, ForeignKey(f"{target}.id", ondelete="CASCADE"), primary_key=True,
               index=True))


liaison_work_items = _links("liaison_work_items", "work_item_id", "work_items")
liaison_topics = _links("liaison_topics", "topic_id", "topics")
liaison_gaps = _links("liaison_gaps", "gap_id", "gaps")


class LiaisonStatement(Base):
    """A liaison statement sent by a body (or one of its committees)."""

    __tablename__ = "liaison_statements"
    __table_args__ = (UniqueConstraint("organization_id", "reference"),
                      one_of("kind", LIAISON_KINDS, "kind"),
                      one_of("status", LIAISON_STATUSES, "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("committees.id", ondelete="SET NULL"))
    reference: Mapped[str] = mapped_column(String(60))  # e.g. "SG20-LS123"
    title: Mapped[str] = mapped_column(String(500))
    date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    deadline: Mapped[dt.date | None] = mapped_column(Date, index=True)
    url: Mapped[str | None] = mapped_column(String(500))
    reply_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("liaison_statements.id", ondelete="SET NULL"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    organization: Mapped[Organization] = relationship()
    committee: Mapped[Committee | None] = relationship()
    reply_to: Mapped[LiaisonStatement | None] = relationship(remote_side=[id])
    recipients: Mapped[list[LiaisonRecipient]] = relationship(
        back_populates="statement", cascade="all, delete-orphan",
        order_by="LiaisonRecipient.position")
    work_items: Mapped[list[WorkItem]] = relationship(secondary=liaison_work_items)
    topics: Mapped[list[Topic]] = relationship(secondary=liaison_topics)
    entries: Mapped[list["RegisterEntry"]] = relationship(secondary=liaison_gaps)  # noqa: F821

    __mapper_args__ = {"version_id_col": version}


class LiaisonRecipient(Base):
    """A body, or one of its committees, a statement is sent to, and what it asks of it."""

    __tablename__ = "liaison_recipients"
    __table_args__ = (UniqueConstraint("statement_id", "organization_id", "committee_id"),
                      one_of("purpose", LIAISON_PURPOSES, "purpose"))

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("liaison_statements.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(12))
    position: Mapped[int] = mapped_column(Integer, default=0)

    statement: Mapped[LiaisonStatement] = relationship(back_populates="recipients")
    organization: Mapped[Organization] = relationship()
    committee: Mapped[Committee | None] = relationship()
