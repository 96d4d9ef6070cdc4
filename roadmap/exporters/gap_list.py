"""The gap list as the gap report shows it, filtered alike: CSV, a workbook, a Word table.

The rows are the gap report's (read/gap_report.py `select_gap_rows`), so a download lists
the topics of the page it comes from, in its order, with the same "why" sentence.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from ..vocab import codes_words, label
from . import delimited, excel, word, word_setup
from .settled import settled
from .tables import LIST_SEPARATOR, Column, Table
from .text import date_words

if TYPE_CHECKING:  # the rows only
    from ..read.gap_report import GapTopicRow

COLUMNS = (
    Column("code", "Topic"), Column("name", "Name"), Column("group", "Topic group"),
    Column("state", "State", "label"), Column("why", "Why"),
    Column("blocked_by", "Blocked by"), Column("impact", "Impact", "number"),
    Column("overlap", "Overlap"))
WORD_COLUMNS = (("Topic", 2900), ("State", 1300), ("Why", 5770), ("Blocked by", 2000),
                ("Impact", 900), ("Overlap", 1700))  # 14570 twips: a landscape A4 page


def gap_table(rows: Iterable[GapTopicRow]) -> Table:
    return Table("Gap list", COLUMNS, [(
        t.code, t.name, t.group_name, t.state, t.why, LIST_SEPARATOR.join(t.blocked_by),
        t.impact, LIST_SEPARATOR.join(t.overlap)) for t in rows])


def render_csv(rows: list[GapTopicRow], day: dt.date, name: str) -> bytes:
    return (delimited.BOM + delimited.write(COLUMNS, gap_table(rows).rows)).encode("utf-8")


def render_xlsx(rows: list[GapTopicRow], day: dt.date, name: str) -> bytes:
    return excel.render_tables([gap_table(rows)], day)


def render_docx(rows: list[GapTopicRow], day: dt.date, name: str) -> bytes:
    """Return the gap list as one table in the roadmap export's styles and page."""
    document = word_setup.open_document(None)
    word_setup.house_styles(document)
    word_setup.landscape(document)
    body = word._Body(document)
    body.paragraph(name, "Title")
    body.paragraph(f"Gap list, status of {date_words(day)}", "Subtitle")
    body.caption("Computed gaps, most pressing first")
    body.table(WORD_COLUMNS, (body.row([
        f"{t.code} {t.name}", label(t.state), t.why, codes_words(t.blocked_by, limit=12),
        str(t.impact), ", ".join(t.overlap)], WORD_COLUMNS) for t in rows))
    body.finish(document)
    out = io.BytesIO()
    document.save(out)
    return settled(out.getvalue(), day)


@dataclass(frozen=True)
class GapListFormat:
    media_type: str
    render: Callable[[list, dt.date, str], bytes]  # render(rows, day, name) -> bytes


GAP_LISTS: dict[str, GapListFormat] = {
    "csv": GapListFormat(delimited.MEDIA_TYPE, render_csv),
    "xlsx": GapListFormat(excel.MEDIA_TYPE, render_xlsx),
    "docx": GapListFormat(word.MEDIA_TYPE, render_docx),
}
