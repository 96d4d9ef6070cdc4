"""The action list and the liaison-statement list as one flat table, for CSV and Excel.

The rows are those the list pages show (read/actions.py, read/liaison.py), filtered alike.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Iterable

from . import delimited, excel
from .tables import LIST_SEPARATOR, Column, Table

if TYPE_CHECKING:  # the rows only
    from ..read.actions import ActionRow
    from ..read.liaison import StatementRow

ACTION_COLUMNS = (
    Column("code", "Action"), Column("gap", "Register entry"), Column("text", "Text"),
    Column("addressed_to", "Addressed to"), Column("owner", "Owner"),
    Column("due", "Due", "date"), Column("status", "Status", "label"),
    Column("overdue", "Overdue"), Column("updated", "Last update", "date"),
    Column("note", "Last note"), Column("work_items", "Work items"))
STATEMENT_COLUMNS = (
    Column("organization", "From"), Column("committee", "Committee"),
    Column("reference", "Reference"), Column("title", "Title"), Column("date", "Date", "date"),
    Column("kind", "Kind", "label"), Column("status", "Status", "label"),
    Column("deadline", "Reply by", "date"), Column("awaiting", "Awaiting reply"),
    Column("to", "To"), Column("reply_to", "Reply to"), Column("url", "Document", "link"),
    Column("topics", "Topics"), Column("gaps", "Register entries"),
    Column("work_items", "Work items"))


def _bodies(pairs) -> str:
    return LIST_SEPARATOR.join(f"{o}:{c}" if c else o for o, c in pairs)


def action_table(rows: Iterable[ActionRow], today: dt.date) -> Table:
    return Table("Actions", ACTION_COLUMNS, [(
        a.code, a.gap, a.text, _bodies(a.addressed_to), a.owner, a.due, a.status,
        "yes" if a.overdue(today) else None, a.updates[-1][0] if a.updates else None,
        a.updates[-1][2] if a.updates else None,
        LIST_SEPARATOR.join(f"{o}:{i}" for o, i, _ in a.work_items)) for a in rows])


def statement_table(rows: Iterable[StatementRow], today: dt.date) -> Table:
    return Table("Liaison statements", STATEMENT_COLUMNS, [(
        s.organization, s.committee, s.reference, s.title, s.date, s.kind, s.status,
        s.deadline, "yes" if s.awaiting(today) else None,
        LIST_SEPARATOR.join(f"{o}:{c}:{p}" if c else f"{o}::{p}" for o, c, p in s.to),
        " ".join(s.reply_to) if s.reply_to else None, s.url,
        LIST_SEPARATOR.join(s.topics), LIST_SEPARATOR.join(s.gaps),
        LIST_SEPARATOR.join(f"{o}:{i}" for o, i, _ in s.work_items)) for s in rows])


def render(table: Table, fmt: str, day: dt.date) -> bytes:
    """The table as CSV (keys and stored values) or as a one-sheet workbook dated `day`."""
    if fmt == "csv":
        return (delimited.BOM + delimited.write(table.columns, table.rows)).encode("utf-8")
    return excel.render_tables([table], day)


MEDIA_TYPES = {"csv": delimited.MEDIA_TYPE, "xlsx": excel.MEDIA_TYPE}
