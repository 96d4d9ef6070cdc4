"""Liaison statements as rows: the list, a thread, and those of a topic, item or entry."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..models import LiaisonRecipient, LiaisonStatement, WorkItem
from ..models.liaison import liaison_work_items
from ..sorting import natural_key
from .common import plain


@dataclass(frozen=True)
class StatementRow:
    """One liaison statement, e.g. ITU-T SG20-LS123."""

    organization: str  # the sender
    committee: str | None
    reference: str
    title: str
    date: str  # YYYY-MM-DD
    kind: str
    status: str
    deadline: str | None
    url: str | None
    to: tuple[tuple[str, str | None, str], ...]  # (organization, committee, purpose)
    reply_to: tuple[str, str] | None  # (organization, reference)
    topics: tuple[str, ...]
    gaps: tuple[str, ...]
    work_items: tuple[tuple[str, str, int], ...]  # (organization, identifier, id)
    version: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.organization, self.reference)

    def awaiting(self, today: dt.date) -> bool:
        """Open, and past its deadline for a reply: unanswered in time."""
        return self.status == "open" and self.deadline is not None and \
            self.deadline < today.isoformat()

    def bodies(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.organization, *(o for o, _, _ in self.to))))

    def as_record(self) -> dict:
        """The bundle's record (section `liaison_statements`)."""
        record = {"organization": self.organization, "committee": self.committee,
                  "reference": self.reference, "title": self.title, "date": self.date,
                  "kind": self.kind, "status": self.status, "deadline": self.deadline,
                  "url": self.url,
                  "to": [{"organization": o, **({"committee": c} if c else {}), "purpose": p}
                         for o, c, p in self.to],
                  "reply_to": ({"organization": self.reply_to[0], "reference": self.reply_to[1]}
                               if self.reply_to else None),
                  "work_items": [{"organization": o, "identifier": i}
                                 for o, i, _ in self.work_items],
                  "topics": list(self.topics), "gaps": list(self.gaps)}
        return {k: v for k, v in record.items() if v not in (None, "", [])}


def _rows(statements) -> list[StatementRow]:
    return [StatementRow(
        s.organization.acronym, s.committee.code if s.committee else None, s.reference,
        s.title, s.date.isoformat(), s.kind, s.status,
        s.deadline.isoformat() if s.deadline else None, s.url,
        tuple((r.organization.acronym, r.committee.code if r.committee else None, r.purpose)
              for r in s.recipients),
        (s.reply_to.organization.acronym, s.reply_to.reference) if s.reply_to else None,
        tuple(sorted((t.code for t in s.topics), key=natural_key)),
        tuple(sorted((e.code for e in s.entries), key=natural_key)),
        tuple(sorted((w.organization.acronym, w.identifier, w.id) for w in s.work_items)),
        s.version) for s in statements]


def _all(session: Session, ids: list[int] | None = None) -> list[StatementRow]:
    """Every statement as a row, or those of `ids`."""
    stmt = select(LiaisonStatement).options(
        joinedload(LiaisonStatement.organization), joinedload(LiaisonStatement.committee),
        joinedload(LiaisonStatement.reply_to).joinedload(LiaisonStatement.organization),
        selectinload(LiaisonStatement.recipients).options(
            joinedload(LiaisonRecipient.organization), joinedload(LiaisonRecipient.committee)),
        selectinload(LiaisonStatement.topics), selectinload(LiaisonStatement.entries),
        selectinload(LiaisonStatement.work_items).joinedload(WorkItem.organization))
    if ids is not None:
        stmt = stmt.where(LiaisonStatement.id.in_(ids))
    return _rows(session.scalars(stmt))


_ON_WORK_ITEM = select(liaison_work_items.c.statement_id).where(
    liaison_work_items.c.work_item_id == bindparam("work_item"))


def list_statements(session: Session, *, awaiting: bool = False, within: int | None = None,
                    body: str | None = None, topic: str | None = None, gap: str | None = None,
                    work_item: int | None = None,
                    today: dt.date | None = None) -> tuple[StatementRow, ...]:
    """Return the statements that match, newest first.

    `awaiting`: open ones past their deadline; `within`: open ones whose deadline falls in
    that many days from `today` (or has passed); `body`: sent by or to that organization;
    `topic`, `gap`, `work_item`: those that concern it.
    """
    today = today or dt.date.today()
    horizon = (today + dt.timedelta(days=within)).isoformat() if within is not None else None
    # a work item's page reads only the statements on it (most items have none)
    ids = list(plain(session, _ON_WORK_ITEM, {"work_item": work_item}).scalars()) \
        if work_item is not None else None
    chosen = [s for s in (_all(session, ids) if ids != [] else [])
              if (not awaiting or s.awaiting(today))
              and (horizon is None or (s.status == "open" and s.deadline is not None
                                       and s.deadline <= horizon))
              and (body is None or body in s.bodies())
              and (topic is None or topic in s.topics) and (gap is None or gap in s.gaps)
              and (work_item is None or any(w[2] == work_item for w in s.work_items))]
    return tuple(sorted(chosen, key=lambda s: (s.date, natural_key(s.organization),
                                               natural_key(s.reference)), reverse=True))


def statement_records(session: Session) -> list[dict]:
    """Every statement as a bundle record, by organization and reference."""
    rows = sorted(_all(session), key=lambda s: (natural_key(s.organization),
                                               natural_key(s.reference)))
    return [s.as_record() for s in rows]


def get_thread(session: Session, organization: str,
               reference: str) -> tuple[StatementRow | None, tuple[tuple[int, StatementRow], ...]]:
    """Return the statement and its whole thread: (depth, row) from the first statement,
    each reply after what it answers, by date."""
    rows = {s.key: s for s in _all(session)}
    chosen = rows.get((organization, reference))
    if chosen is None:
        return None, ()
    root, seen = chosen, {chosen.key}
    while root.reply_to in rows and root.reply_to not in seen:
        seen.add(root.reply_to)
        root = rows[root.reply_to]
    replies: dict = {}
    for row in sorted(rows.values(), key=lambda s: (s.date, s.key)):
        replies.setdefault(row.reply_to, []).append(row)
    thread, stack = [], [(0, root)]
    while stack:
        depth, row = stack.pop()
        thread.append((depth, row))
        stack.extend((depth + 1, r) for r in reversed(replies.get(row.key, []))
                     if all(r is not t for _, t in thread))
    return chosen, tuple(thread)
