"""Publishing editions: the live roadmap frozen under a number, and nothing after that.

An edition is written once, by `publish`, and never updated: no service changes its
row, the importer only adds editions a backup carries, and `delete` (admins) removes
one whole. What it freezes is the bundle document (docs/bundle.md) and the gap report
of that moment, read in one consistent view of the roadmap.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import zlib

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from .. import permissions
from ..db import Base
from ..errors import NotFound, ValidationError
from ..models import AuditRecord, Edition
from ..read.gap_report import compute_gap_report
from ..read.records import roadmap_document
from .common import Fields, Outcome, audited

# What an edition does not freeze: who may sign in, what was changed by whom, the
# sign-in counts, and the editions themselves.
_NOT_ROADMAP = {"users", "user_organizations", "api_tokens", "account_sessions",
                "password_resets", "limit_counters", "limit_hits", "audit_records",
                "editions", "roadmap_state", "alembic_version"}


def freeze(content: dict, gaps: dict) -> tuple[bytes, bytes, str]:
    """The roadmap and its gap report as canonical JSON, each compressed, and the digest
    of both: what a restored edition is checked against."""
    raw = [json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
           for d in (content, gaps)]
    return zlib.compress(raw[0], 6), zlib.compress(raw[1], 6), \
        hashlib.sha256(raw[0] + b"\n" + raw[1]).hexdigest()


def digest(content: dict, gaps: dict) -> str:
    return freeze(content, gaps)[2]


def publish(session: Session, data: dict, *, actor, today: dt.date | None = None) -> Outcome:
    """Freeze the live roadmap as the next edition; `data` holds title, date and note.

    The caller commits. Two editors publishing at once: the second commit loses on the
    unique number and becomes a Conflict, so no number is given twice.
    """
    permissions.require_editor(actor, "editions (publishing one)")
    f = Fields(data)
    values = {"title": f.text("title", required=True, max_length=200),
              "date": f.full_date("date") or today or dt.date.today(),
              "note": f.text("note", max_length=5000) or ""}
    f.errors.raise_if_any()
    _hold_still(session)
    document = roadmap_document(session)
    content, gaps, sha256 = freeze(document, compute_gap_report(session).as_document())
    number = _next_number(session)
    edition = Edition(number=number, **values, published_by=actor.email,
                      published_at=dt.datetime.now(dt.timezone.utc),
                      work_items=len(document["work_items"]), content=content, gaps=gaps,
                      sha256=sha256)
    session.add(edition)
    session.flush()
    return audited(session, actor, Outcome("edition", f"Edition {number}", "created", {
        "title": (None, values["title"]), "date": (None, values["date"]),
        "work_items": (None, edition.work_items)}, edition))


def delete(session: Session, number: int, *, actor) -> Outcome:
    """Remove an edition whole (admins only), audited with what it was."""
    permissions.require_admin(actor, "delete an edition")
    edition = session.scalar(select(Edition).where(Edition.number == number))
    if edition is None:
        raise NotFound(f"there is no edition {number}")
    session.delete(edition)
    return audited(session, actor, Outcome("edition", f"Edition {number}", "deleted", {
        "title": (edition.title, None), "date": (edition.date, None),
        "sha256": (edition.sha256, None)}))


def _next_number(session: Session) -> int:
    """One more than any edition ever published: a deleted edition's number is not given
    again, so "Edition 3" keeps meaning one thing wherever it was cited."""
    return max([session.scalar(select(func.max(Edition.number))) or 0,
                *_deleted_numbers(session)]) + 1


def _deleted_numbers(session: Session) -> set[int]:
    deleted = session.scalars(select(AuditRecord.key).where(AuditRecord.kind == "edition",
                                                            AuditRecord.action == "deleted"))
    return {int(key.removeprefix("Edition ")) for key in deleted}


def _hold_still(session: Session) -> None:
    """Make every read of this transaction see one state of the roadmap.

    SQLite's writer already holds the database's one write lock. PostgreSQL reads each
    statement afresh under READ COMMITTED, so the roadmap's tables are locked in SHARE
    mode: writers wait for this transaction (a second or two), readers do not.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    names = sorted(t.name for t in Base.metadata.sorted_tables if t.name not in _NOT_ROADMAP)
    session.execute(text("LOCK TABLE " + ", ".join(f'"{n}"' for n in names) + " IN SHARE MODE"))


def restore(session: Session, record: dict, *, actor, lookup=None) -> Outcome:
    """Add an edition a backup carries, exactly as it was published.

    `sha256` proves the roadmap and gap report are those published; an edition stored with
    other content is never replaced, and a number deleted here is not taken again.
    """
    permissions.require_admin(actor, "restore editions from a backup")
    f = Fields(record)
    title, day = f.text("title", required=True, max_length=200), f.full_date("date")
    published_at = _moment(f, "published_at")
    if not _is_gap_report(record["gaps"]):
        f.errors.add("gaps", "is not a gap report (topics, gaps and register lists)")
    f.errors.raise_if_any()
    number = record["number"]
    content, gaps, sha256 = freeze(record["content"], record["gaps"])
    if sha256 != record["sha256"]:
        raise ValidationError({"sha256": [f"does not match the content: Edition {number} "
                                          "was changed after it was published"]})
    stored = session.scalar(select(Edition).where(Edition.number == number))
    if stored is not None and stored.sha256 == sha256:
        return Outcome("edition", f"Edition {number}", "unchanged")
    if stored is not None or number in _deleted_numbers(session):
        raise ValidationError({"number": [f"Edition {number} is already stored with other "
                                          "content, or was deleted; an edition is never replaced"]})
    edition = Edition(number=number, title=title, date=day, note=record.get("note") or "",
                      published_by=record["published_by"], published_at=published_at,
                      work_items=len(record["content"].get("work_items") or []),
                      content=content, gaps=gaps, sha256=sha256)
    session.add(edition)
    return audited(session, actor, Outcome("edition", f"Edition {number}", "created", {
        "restored from a backup": (None, sha256)}, edition))


def _is_gap_report(gaps) -> bool:
    return isinstance(gaps, dict) and all(isinstance(gaps.get(k), list)
                                          for k in ("topics", "gaps", "register")) \
        and all(isinstance(t, dict) and isinstance(t.get("code"), str)
                and isinstance(t.get("state"), str) for t in gaps["topics"])


def _moment(f: Fields, name: str) -> dt.datetime | None:
    value = f.text(name, required=True, max_length=40)
    try:
        moment = dt.datetime.fromisoformat(value) if value else None
    except ValueError:
        f.errors.add(name, f'"{value}" is not a date and time (ISO 8601)')
        return None
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
