"""What records the roadmap's changes: the audit log and the revision row."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, DateTime, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base


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
    # how many times the revision changed: revision_changes says what each change touched
    seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class RevisionChange(Base):
    """What one change of the revision touched, so a reader can catch up item by item.

    `full` when the change reached anything but work items and their mappings (topics,
    dependencies, organizations, equivalences, a deletion, a bulk write); `register` when it
    reached the register, its actions or liaison statements; `items` the ids of the work
    items whose status, organization, identifier or mappings changed, or that were added.
    """

    __tablename__ = "revision_changes"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    revision: Mapped[str] = mapped_column(String(32))  # the revision this change set
    full: Mapped[bool] = mapped_column(Boolean, default=False)
    register: Mapped[bool] = mapped_column(Boolean, default=False)
    items: Mapped[list] = mapped_column(JSON, default=list)


class SharedResult(Base):
    """A whole-roadmap result (the gap report, the matrix) computed at one revision, kept
    for every worker and host (roadmap/shared_results.py); one row per result, the newest."""

    __tablename__ = "shared_results"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    revision: Mapped[str] = mapped_column(String(32))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
