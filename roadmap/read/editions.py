"""The published editions: their list, one edition's summary and its frozen content."""
from __future__ import annotations

import datetime as dt
import json
import zlib
from collections import Counter
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..dates import utc
from ..edition_diff import Comparison, Side, compare
from ..edition_diff_items import added_move, status_move
from ..vocab import ACTIVE_STATUSES
from ..models import Edition, Mapping, Organization, Topic, WorkItem
from .details import authors
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
    sha256: str

    @property
    def label(self) -> str:
        """How people cite it: "Edition 3 (2027-03-01)"."""
        return f"Edition {self.number} ({self.date.isoformat()})"


_COLUMNS = (Edition.number, Edition.title, Edition.date, Edition.note, Edition.published_by,
            Edition.published_at, Edition.work_items,
            func.length(Edition.content) + func.length(Edition.gaps), Edition.sha256)


def list_editions(session: Session) -> list[EditionRow]:
    """Every edition, newest first (the content is not read); who published each is
    named as history names people, never by address."""
    return _rows(session, session.execute(select(*_COLUMNS).order_by(Edition.number.desc())))


def get_edition(session: Session, number: int) -> EditionRow | None:
    rows = _rows(session, session.execute(select(*_COLUMNS).where(Edition.number == number)))
    return rows[0] if rows else None


def _rows(session: Session, result) -> list[EditionRow]:
    rows = [EditionRow(*values) for values in result]
    names = authors(session, {r.published_by for r in rows}, addresses=False)
    return [replace(r, published_at=utc(r.published_at), published_by=names[r.published_by])
            for r in rows]


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
             "sha256": e.sha256,
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
    active: int  # work items, as the matrix counts them
    leaf_topics: int
    covered: int
    partial: int
    uncovered: int
    register_open: int


def gap_summary(document: dict, gaps: dict) -> GapSummary:
    """The headline figures of an edition: its roadmap and gap report documents."""
    states = [t["state"] for t in gaps["topics"]]
    active = sum(w.get("status") in ACTIVE_STATUSES for w in document.get("work_items", []))
    return GapSummary(active, len(states), states.count("covered"), states.count("partial"),
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


_THEN: dict[str, tuple[dict, dict]] = {}  # by digest: an edition's content never changes


def _statuses_then(session: Session, number: int, digest: str) -> tuple[dict, dict]:
    """{(organization, identifier or provisional name): status} and {topic: state} of an
    edition, read once per process."""
    if digest not in _THEN:
        document, gaps = frozen(session, number)
        then: dict[tuple[str, str], str] = {}
        for record in document["work_items"]:
            for name in ("identifier", "provisional_name"):
                if record.get(name):
                    then.setdefault((record["organization"], record[name]), record["status"])
        if len(_THEN) >= 4:
            _THEN.pop(next(iter(_THEN)))
        _THEN[digest] = then, {t["code"]: t["state"] for t in gaps["topics"]}
    return _THEN[digest]


@dataclass(frozen=True)
class TopicProgress:
    """A leaf topic's progress since an edition, for the matrix's "since" column."""

    state_then: str | None  # None: the topic is new since
    newly_published: int
    newly_approved: int
    started: int  # new projects, and proposals now in development


def progress_since(session: Session, number: int,
                   today: dt.date | None = None) -> dict[str, TopicProgress] | None:
    """Per leaf topic, the status moves since edition `number` (None: no such edition),
    named by the comparison's own rules (edition_diff_items), so the matrix and the
    compare page agree: an old text entered late is no news.

    Items are matched by (organization, identifier), or by provisional name for an item
    that got its number since. The edition's side is kept per process (it never changes);
    the live side is one SELECT, since a new number moves no revision.
    """
    edition = get_edition(session, number)
    if edition is None:
        return None
    then, states = _statuses_then(session, number, edition.sha256)
    start, end = edition.date.isoformat(), (today or dt.date.today()).isoformat()
    counts: dict[str, Counter] = {}
    rows = session.execute(select(Organization.acronym, WorkItem.identifier,
                                  WorkItem.provisional_name, WorkItem.status,
                                  WorkItem.published, WorkItem.approved, Topic.code)
                           .join(WorkItem.organization)
                           .join(Mapping, Mapping.work_item_id == WorkItem.id).join(Mapping.topic)
                           .where(WorkItem.status.in_(ACTIVE_STATUSES)))
    for acronym, identifier, provisional, status, published, approved, code in rows:
        before = then.get((acronym, identifier)) or then.get((acronym, provisional))
        move = status_move(before, status) if before else added_move(
            {"status": status, "published": published, "approved": approved}, start, end)
        counts.setdefault(code, Counter())[move] += 1
    codes = set(states) | set(counts)
    return {code: TopicProgress(states.get(code), counts.get(code, {}).get("published", 0),
                                counts.get(code, {}).get("approved", 0),
                                counts.get(code, {}).get("started", 0)) for code in codes}


def comparison(session: Session, before: int, after: int | None) -> Comparison | None:
    """What changed from edition `before` to edition `after`, or (None) to today."""
    sides = compared(session, before), compared(session, after)
    if None in sides:
        return None
    old, new = sides
    return compare(Side(old.label, old.date, old.number, old.title),
                   Side(new.label, new.date, new.number, new.title),
                   old.document, new.document, old.gaps, new.gaps)
