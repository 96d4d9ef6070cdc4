"""Excel (.xlsx): sheets "Work items", "Topics", "Gaps" and "Matrix", ready to sort and filter.

Each sheet has a frozen, filtered header row and widths that fit its text. Dates are
stored as dates: `YYYY-MM-DD` as the day, `YYYY-MM` as the first of the month shown as
`yyyy-mm`, and `YYYY` as the first of January shown as `yyyy`, so that a column of mixed
precision still sorts in time order. Text is always stored as text, never as a formula.

Written with XlsxWriter, row by row (its constant-memory mode), which took 1.5 s to render
10,000 work items where openpyxl took 2.0 to 2.8 s on the same machine (bench/exports.py).
A link past Excel's limits (65,530 a sheet, 2,079 characters) is written as plain text.
openpyxl reads the uploads (interchange/xlsx.py).
"""
from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, NamedTuple

import xlsxwriter

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
MAX_LINKS, MAX_LINK = 65530, 2079  # links Excel holds on a sheet, and in one link
MIN_WIDTH, MAX_WIDTH = 6, 60
# The first characters of a formula, after any apostrophes.
_FIRST_OF_SPECIAL = frozenset(("'", *FORMULA_TRIGGERS))
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
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {
        "constant_memory": True,  # each row leaves memory once the next one starts
        # text is text: never read as a number, a formula or a link
        "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    workbook.set_properties({"created": dt.datetime(day.year, day.month, day.day)})
    formats = _Formats(workbook)
    for table in chosen:
        _sheet(workbook, formats, table)
    workbook.close()
    return settled(out.getvalue(), day)


class _Formats:
    """The workbook's few cell formats, made once."""

    def __init__(self, workbook):
        self.workbook = workbook
        self.header = workbook.add_format({"bold": True})
        # Excel keeps a cell with a quote prefix text when it is edited
        self.quoted = workbook.add_format({"quote_prefix": True})
        self.link = workbook.get_default_url_format()
        self.dates: dict[str, object] = {}

    def date(self, number_format: str):
        made = self.dates.get(number_format)
        if made is None:
            made = self.dates[number_format] = self.workbook.add_format(
                {"num_format": number_format})
        return made


def _sheet(workbook, formats: _Formats, table: Table) -> None:
    sheet = workbook.add_worksheet(table.title)
    converters = [_CONVERTERS.get(column.kind, _text) for column in table.columns]
    rows = [[None if value is None or value == "" else convert(value)
             for convert, value in zip(converters, row)] for row in table.rows]
    for index, column in enumerate(table.columns):
        sheet.set_column(index, index, _width(column.header, (row[index] for row in rows)))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), max(len(table.columns), 1) - 1)
    for index, column in enumerate(table.columns):
        sheet.write_string(0, index, column.header, formats.header)
    writers = [_writer(sheet, formats, column.kind) for column in table.columns]
    for number, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            if value is not None:
                writers[index](number, index, value)


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


def _writer(sheet, formats: _Formats, kind: str):
    """Return how one column's cells are written: a value of its converter's kind at
    (row, column), formula-like text quoted, a link (in a link column) clickable."""
    write_string, write_number = sheet.write_string, sheet.write_number
    linked = kind == "link"

    def write(row: int, column: int, value) -> None:
        if isinstance(value, str):
            if value[:1] in _FIRST_OF_SPECIAL and starts_formula(value):
                write_string(row, column, value, formats.quoted)
            elif linked and is_link(value) and _holds_link(sheet, value):
                sheet.write_url(row, column, value, formats.link, value)
            else:
                write_string(row, column, value)
        elif isinstance(value, _Date):
            sheet.write_datetime(row, column, value.day, formats.date(value.number_format))
        else:
            write_number(row, column, value)
    return write


def _holds_link(sheet, url: str) -> bool:
    """Tell whether Excel can take one more link of this length on the sheet; past its
    limits (65,530 links a sheet, 2,079 UTF-16 units a link) the address stays as text."""
    return sheet.hlink_count < MAX_LINKS and len(url.encode("utf-16-le")) // 2 <= MAX_LINK


_CONVERTERS = {"label": label, "date": _date, "number": _number}


def _width(header: str, values) -> float:
    longest = len(header) + 3  # room for the filter button
    for value in values:
        if isinstance(value, str):
            longest = max(longest, len(value))
        elif value is not None:
            longest = max(longest, 11)  # a date or a number
    return max(MIN_WIDTH, min(MAX_WIDTH, longest + 1))
