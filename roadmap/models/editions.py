"""Published editions of the roadmap: each one frozen as it stood when it was published."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, LargeBinary, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base


class Edition(Base):
    """A numbered, dated edition. Its content never changes once published.

    `content` is the whole roadmap as a bundle document and `gaps` the gap report computed
    at that moment, each canonical JSON compressed with zlib; `sha256` names the
    uncompressed document, so a restored edition can be checked against its original.
    """

    __tablename__ = "editions"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")
    published_by: Mapped[str] = mapped_column(String(254))  # an e-mail, or "command line"
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    work_items: Mapped[int] = mapped_column(Integer)  # how many, for the list of editions
    content: Mapped[bytes] = mapped_column(LargeBinary)
    gaps: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))


@event.listens_for(Edition, "before_update")
def _never_changed(_mapper, _connection, edition: Edition) -> None:
    # The one guard every way in meets: a published edition is deleted whole or kept as is.
    raise PermissionError(f"Edition {edition.number} was published; an edition is never changed")
