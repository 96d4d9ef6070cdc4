"""What records the roadmap's changes: the audit log and the revision row."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, String
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
