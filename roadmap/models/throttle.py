"""What the sign-in limits count, shared by every worker and host (roadmap/web/throttle.py)."""
from __future__ import annotations

from sqlalchemy import Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base


class LimitCounter(Base):
    """A fixed-window counter: how many hits `key` took before `expires` (seconds since 1970)."""

    __tablename__ = "limit_counters"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires: Mapped[float] = mapped_column(Float)


class LimitHit(Base):
    """One hit of a moving-window limit: `key` was hit at `at`, counted until `expires`."""

    __tablename__ = "limit_hits"
    __table_args__ = (Index("ix_limit_hits_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[float] = mapped_column(Float)
    expires: Mapped[float] = mapped_column(Float, index=True)
