"""The progress report in Excel (.xlsx): one sheet per part, ready to sort and filter.

Sheets: Summary, Changes, Register, Published, New projects, Gaps, Item changes. Each has
the roadmap workbook's frozen, filtered header row, fitted widths and formula guard
(excel.py); a column no row fills is left out. The same bytes on every run: the file is
dated by the later side's date.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..vocab import label
from .comparison_words import (GAP_WORDS, TOTAL_WORDS, change_words, document_words,
                               status_change_words)
from .excel import render_tables  # the workbook export's sheets: widths, filter, formula guard
from .progress import Progress, progress
from .tables import Column, Table
from .text import sdo_words

if TYPE_CHECKING:
    from ..edition_diff import Comparison

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = (Column("identifier", "Document"), Column("body", "SDO/forum"), Column("title", "Title"),
        Column("status", "Status"), Column("date", "Date", "date"),
        Column("target", "Target", "date"), Column("topics", "Topics"))


def render(comparison: Comparison) -> bytes:
    """Return the progress report as a workbook."""
    report = progress(comparison)
    doc = comparison.as_document()
    chosen = [_without_empty_columns(table) for table in (
        _summary(report), _changes(report), _register(report), _published(report),
        _texts("New projects", report.started), _gaps(report), _item_changes(doc))]
    return render_tables(chosen, dt.date.fromisoformat(report.after["date"]))


def _without_empty_columns(table: Table) -> Table:
    rows = [tuple(row) for row in table.rows]
    if not rows:
        return Table(table.title, table.columns, rows)
    keep = [i for i in range(len(table.columns)) if any(r[i] not in (None, "") for r in rows)]
    return Table(table.title, tuple(table.columns[i] for i in keep),
                 [tuple(r[i] for i in keep) for r in rows])


def _summary(report: Progress) -> Table:
    columns = (Column("figure", "Figure"), Column("then", report.before["label"], "number"),
               Column("now", report.after["label"], "number"))
    return Table("Summary", columns, [(words, report.summary["before"][key],
                                       report.summary["after"][key]) for key, words in TOTAL_WORDS])


def _changes(report: Progress) -> Table:
    columns = (Column("change", f"Change since {report.before['label']}"),
               Column("number", "Number", "number"))
    return Table("Changes", columns, list(report.counts))


def _register(report: Progress) -> Table:
    columns = (Column("code", "Code"), Column("title", "Gap"), Column("statement", "Statement"),
               Column("topics", "Topics"), Column("then", "Status then"),
               Column("now", "Status now"), Column("updates", "Updates since"),
               Column("texts", "Texts published or started on its topics"))
    return Table("Register", columns, [
        (e.code, e.title, e.statement, e.topics, e.status_then, e.status_now, "\n".join(e.updates),
         "\n".join(f"{m['identifier']} ({sdo_words(m['organization'], m['committee'])}): "
                   f"{status_change_words(m['status_before'], m['status_after'])}"
                   for m in e.texts)) for e in report.register])


def _text_row(m: dict) -> tuple:
    return (document_words(m), sdo_words(m["organization"], m["committee"]), m["title"],
            status_change_words(m["status_before"], m["status_after"]), m["date"],
            m.get("target"), ", ".join(m["topics"]))


def _published(report: Progress) -> Table:
    columns = (Column("group", "Topic group"), *TEXT)
    return Table("Published", columns, [(group, *_text_row(m)) for group, moved in report.published
                                        for m in moved])


def _texts(title: str, moved) -> Table:
    return Table(title, TEXT, [_text_row(m) for m in moved])


def _gaps(report: Progress) -> Table:
    columns = (Column("topic", "Topic"), Column("change", "Change"),
               Column("then", "State then"), Column("now", "State now"),
               Column("blocked_by", "Blocked by now"), Column("impact", "Impact", "number"))
    rows = []
    for words, found in ((GAP_WORDS["gap_closed"], report.closed),
                         (GAP_WORDS["new_gap"], report.opened)):
        rows += [(f"{g['code']} {g['name'] or ''}".strip(), words,
                  label((g["before"] or {}).get("state")) or "New topic",
                  label((g["after"] or {}).get("state")) or "Removed",
                  ", ".join((g["after"] or {}).get("blocked_by") or []),
                  (g["after"] or {}).get("impact")) for g in found]
    return Table("Gaps", columns, rows)


def _item_changes(doc: dict) -> Table:
    columns = (Column("organization", "Organization"), Column("identifier", "Document"),
               Column("field", "Field"), Column("before", "Before"), Column("after", "After"))
    return Table("Item changes", columns, [
        (c["organization"], document_words(c), *change_words(change))
        for c in doc["work_items"]["changed"] for change in c["changes"]])
