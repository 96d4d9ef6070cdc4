"""Actions on a register entry: who is asked to do what by when, and how it went.

An action's code is its entry's code and its number, e.g. "GAP-03/A1" (EU Rolling Plan
practice: each need turned into numbered actions addressed to standards bodies).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base
from ..vocab import ACTION_STATUSES
from .constraints import one_of
from .register import RegisterEntry
from .roadmap import Committee, Organization, WorkItem

action_work_items = Table(
    "gap_action_work_items", Base.metadata,
    Column("action_id", ForeignKey("gap_actions.id", ondelete="CASCADE"), primary_key=True),
    Column("work_item_id", ForeignKey("work_items.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class GapAction(Base):
    """One numbered action of a register entry."""

    __tablename__ = "gap_actions"
    __table_args__ = (UniqueConstraint("gap_id", "number"),
                      one_of("status", ACTION_STATUSES, "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    gap_id: Mapped[int] = mapped_column(ForeignKey("gaps.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # the 1 of "GAP-03/A1"
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))  # a person, or a body
    due: Mapped[dt.date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)

    entry: Mapped[RegisterEntry] = relationship(back_populates="actions")
    addressees: Mapped[list[ActionAddressee]] = relationship(
        back_populates="action", cascade="all, delete-orphan",
        order_by="ActionAddressee.position")
    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action", cascade="all, delete-orphan",
        order_by="(ActionUpdate.date, ActionUpdate.id)")
    work_items: Mapped[list[WorkItem]] = relationship(secondary=action_work_items)

    __mapper_args__ = {"version_id_col": version}

    @property
    def code(self) -> str:
        return f"{self.entry.code}/A{self.number}"


class ActionAddressee(Base):
    """A body, or one of its committees, that an action is addressed to."""

    __tablename__ = "gap_action_addressees"
    __table_args__ = (UniqueConstraint("action_id", "organization_id", "committee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("gap_actions.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)

    action: Mapped[GapAction] = relationship(back_populates="addressees")
    organization: Mapped[Organization] = relationship()
    committee: Mapped[Committee | None] = relationship()


class ActionUpdate(Base):
    """A dated update of an action; the history is only ever appended to."""

    __tablename__ = "gap_action_updates"
    __table_args__ = (one_of("status", ACTION_STATUSES, "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("gap_actions.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))  # the action's status from this update on
    note: Mapped[str | None] = mapped_column(Text)

    action: Mapped[GapAction] = relationship(back_populates="updates")
