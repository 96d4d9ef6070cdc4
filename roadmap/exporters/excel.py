"""Excel (.xlsx): sheets "Work items", "Topics", "Gaps" and "Matrix", ready to sort and filter.

Each sheet has a frozen, filtered header row and widths that fit its text. Dates are
stored as dates: `YYYY-MM-DD` as the day, `YYYY-MM` as the first of the month shown as
`yyyy-mm`, and `YYYY` as the first of January shown as `yyyy`, so that a column of mixed
precision still sorts in time order. Text is always stored as text, never as a formula.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import TYPE_CHECKING, NamedTuple

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ..vocab import label
from . import tables
from .tables import Table
from .text import FORMULA_TRIGGERS, clean, is_link, starts_formula
from .settled import settled

if TYPE_CHECKING:
    from ..read.exports import RoadmapExport

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PARTS = {"items", "topics", "register", "matrix"}
SHEETS = ("items", "topics", "gaps", "matrix")
MAX_CELL = 32767  # characters Excel holds in one cell
MIN_WIDTH, MAX_WIDTH = 6, 60
# The first characters of a formula (after apostrophes) and of an error code ("#N/A").
_FIRST_OF_SPECIAL = frozenset(("'", "#", *FORMULA_TRIGGERS))
DATE_FORMATS = {10: "yyyy-mm-dd", 7: "yyyy-mm", 4: "yyyy"}  # by length of the stored text


class _Date(NamedTuple):
    """A date and the precision its text had (`yyyy-mm` for "2018-07")."""

    day: dt.date
    number_format: str


def parts(**options) -> set[str]:
    """Return the rows (see read.exports.PARTS) this format renders."""
    return set(PARTS)


def render(data: RoadmapExport) -> bytes:
    """Return the workbook of the export."""
    return render_tables([tables.TABLES[name](data) for name in SHEETS], data.date)


def render_tables(chosen: list[Table], day: dt.date) -> bytes:
    """Return a workbook of one sheet per table (the list exports give one), dated `day`."""
    workbook = Workbook(write_only=True)
    for table in chosen:
        _sheet(workbook, table)
    workbook.properties.modified = dt.datetime(day.year, day.month, day.day)
    out = io.BytesIO()
    # stored, not compressed: `settled` compresses every entry once as it dates it
    ExcelWriter(workbook, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED, allowZip64=True)).save()
    return settled(out.getvalue(), day)


def _sheet(workbook: Workbook, table: Table) -> None:
    sheet = workbook.create_sheet(table.title)
    converters = [_CONVERTERS.get(column.kind, _text) for column in table.columns]
    rows = [[None if value is None or value == "" else convert(value)
             for convert, value in zip(converters, row)] for row in table.rows]
    last = get_column_letter(max(len(table.columns), 1))
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(
            column.header, (row[index - 1] for row in rows))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    bold = Font(bold=True)
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, column.header)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    cells = [_Cells(sheet, column.kind) for column in table.columns]
    for row in rows:
        sheet.append([None if value is None else wrap(value)
                      for wrap, value in zip(cells, row)])


def _text(value) -> str:
    """Return a value as the text a cell holds: XML-safe, within Excel's cell size."""
    return clean(value)[:MAX_CELL]


def _number(value):
    return value


def _date(text: str):
    """Return a partial ISO date as the first day it can mean, with its precision.

    >>> _date("2018-07")
    _Date(day=datetime.date(2018, 7, 1), number_format='yyyy-mm')
    >>> _date("2024").day, _date("someday")
    (datetime.date(2024, 1, 1), 'someday')
    """
    fields = text.split("-")
    try:
        day = dt.date(int(fields[0]), int(fields[1]) if len(fields) > 1 else 1,
                      int(fields[2]) if len(fields) > 2 else 1)
    except (ValueError, IndexError):
        return text
    return _Date(day, DATE_FORMATS.get(len(text), "yyyy-mm-dd"))


class _Cells:
    """Wrap one column's values that need more than a bare value: dates, links and
    formula-like text.

    openpyxl's write-only sheet writes each row as it is appended, so one styled cell of
    each kind is refilled row after row instead of made (and styled) anew.
    """

    def __init__(self, sheet, kind: str):
        self.sheet, self.link = sheet, kind == "link"
        self.dates: dict[str, WriteOnlyCell] = {}  # by number format
        self.quoted = self.linked = None

    def __call__(self, value):
        if isinstance(value, str):
            if value[:1] in _FIRST_OF_SPECIAL and (starts_formula(value)
                                                   or value in ERROR_CODES):
                return self._quoted(value)
            if self.link and is_link(value):
                return self._linked(value)
            return value
        if isinstance(value, _Date):
            cell = self.dates.get(value.number_format)
            if cell is None:
                cell = self.dates[value.number_format] = WriteOnlyCell(self.sheet, value.day)
                cell.number_format = value.number_format
            cell.value = value.day
            return cell
        return value

    def _quoted(self, value: str):
        if self.quoted is None:
            self.quoted = WriteOnlyCell(self.sheet)
            self.quoted.quotePrefix = True  # and Excel keeps it text when the cell is edited
        self.quoted.value = value
        self.quoted.data_type = "s"  # openpyxl takes "=..." for a formula; this is text
        return self.quoted

    def _linked(self, value: str):
        if self.linked is None:
            self.linked = WriteOnlyCell(self.sheet)
            self.linked.style = "Hyperlink"
        self.linked.value = value
        self.linked.hyperlink = value
        return self.linked


_CONVERTERS = {"label": label, "date": _date, "number": _number}


def _width(header: str, values) -> float:
    longest = len(header) + 3  # room for the filter button
    for value in values:
        if isinstance(value, str):
            longest = max(longest, len(value))
        elif value is not None:
            longest = max(longest, 11)  # a date or a number
    return max(MIN_WIDTH, min(MAX_WIDTH, longest + 1))
