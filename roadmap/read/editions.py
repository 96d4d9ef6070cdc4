"""The published editions: their list, one edition's summary and its frozen content."""
from __future__ import annotations

import datetime as dt
import json
import zlib
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..dates import utc
from ..models import Edition, Organization, WorkItem
from .gap_report import gap_report
from .records import roadmap_document


@dataclass(frozen=True)
class EditionRow:
    number: int
    title: str
    date: dt.date
    note: str
    published_by: str
    published_at: dt.datetime
    work_items: int
    stored_bytes: int  # the frozen roadmap and gap report, compressed
    content_sha256: str

    @property
    def label(self) -> str:
        """How people cite it: "Edition 3 (2027-03-01)"."""
        return f"Edition {self.number} ({self.date.isoformat()})"


_COLUMNS = (Edition.number, Edition.title, Edition.date, Edition.note, Edition.published_by,
            Edition.published_at, Edition.work_items,
            func.length(Edition.content) + func.length(Edition.gaps), Edition.content_sha256)


def list_editions(session: Session) -> list[EditionRow]:
    """Every edition, newest first (the content is not read)."""
    return [_row(row) for row in
            session.execute(select(*_COLUMNS).order_by(Edition.number.desc()))]


def get_edition(session: Session, number: int) -> EditionRow | None:
    row = session.execute(select(*_COLUMNS).where(Edition.number == number)).first()
    return _row(row) if row else None


def _row(values) -> EditionRow:
    row = EditionRow(*values)
    return replace(row, published_at=utc(row.published_at))


def frozen(session: Session, number: int) -> tuple[dict, dict] | None:
    """The edition's bundle document and gap report document, as published."""
    row = session.execute(select(Edition.content, Edition.gaps)
                          .where(Edition.number == number)).first()
    return (decoded(row[0]), decoded(row[1])) if row else None


def decoded(blob: bytes) -> dict:
    return json.loads(zlib.decompress(blob))


def backup_records(session: Session) -> list[dict]:
    """Every edition as the backup's `editions` section writes it (docs/bundle.md), oldest first."""
    rows = session.execute(select(Edition).order_by(Edition.number)).scalars()
    return [{"number": e.number, "title": e.title, "date": e.date.isoformat(),
             **({"note": e.note} if e.note else {}), "published_by": e.published_by,
             "published_at": utc(e.published_at).isoformat(),
             "content_sha256": e.content_sha256,
             "content": decoded(e.content), "gaps": decoded(e.gaps)} for e in rows]


def work_item_key(session: Session, item_id: int) -> tuple[str, str] | None:
    """(organization, identifier) of a work item: how an edition's item finds its live twin."""
    row = session.execute(select(Organization.acronym, WorkItem.identifier)
                          .join(WorkItem.organization).where(WorkItem.id == item_id)).first()
    return tuple(row) if row else None


def work_item_id(session: Session, acronym: str, identifier: str) -> int | None:
    return session.scalar(select(WorkItem.id).join(WorkItem.organization)
                          .where(Organization.acronym == acronym,
                                 WorkItem.identifier == identifier))


@dataclass(frozen=True)
class GapSummary:
    leaf_topics: int
    covered: int
    partial: int
    uncovered: int
    register_open: int


def gap_summary(gaps: dict) -> GapSummary:
    """The headline figures of a gap report document (GapReport.as_document())."""
    states = [t["state"] for t in gaps["topics"]]
    return GapSummary(len(states), states.count("covered"), states.count("partial"),
                      states.count("uncovered"),
                      sum(1 for r in gaps["register"] if r["status"] in ("open", "in_progress")))


@dataclass(frozen=True)
class Compared:
    """One side of a comparison: an edition as published, or the live roadmap now."""

    label: str  # "Edition 2 (2027-03-01)" or "Live roadmap (2026-12-03)"
    date: str  # ISO date
    number: int | None  # None for the live roadmap
    title: str
    document: dict  # the bundle document
    gaps: dict  # the gap report document


def compared(session: Session, which: int | None, today: dt.date | None = None) -> Compared | None:
    """Edition `which` as published, or (None) the live roadmap as it stands."""
    if which is None:
        day = (today or dt.date.today()).isoformat()
        return Compared(f"Live roadmap ({day})", day, None, "The roadmap today",
                        roadmap_document(session), gap_report(session).as_document())
    edition = get_edition(session, which)
    if edition is None:
        return None
    document, gaps = frozen(session, which)
    return Compared(edition.label, edition.date.isoformat(), which, edition.title, document, gaps)
