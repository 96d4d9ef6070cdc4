"""Reading uploaded XLSX workbooks safely: no zip bombs, no XML entity tricks."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from .problems import FileRefused

MAX_UNPACKED_BYTES = 50 * 2**20
MAX_RATIO = 100  # a real workbook packs text about 5 to 20 times; a bomb far more
PREFERRED_SHEET = "Work items"


def read_xlsx_rows(data: bytes) -> list[list[str]]:
    """Return the rows of the "Work items" sheet (or the first sheet) as text cells.

    The work is bounded by the cells the sheet holds, not by the size it declares: a
    5 KB file may declare 1,048,576 rows of 16,384 columns. The sheet's XML is scanned
    first for the farthest cell that holds a value, and only that range is read.
    """
    archive = _check_archive(data)
    from openpyxl import load_workbook  # parses XML through defusedxml when it is installed
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure here means an unreadable file
        raise FileRefused([UNREADABLE]) from None
    try:
        sheet = workbook[PREFERRED_SHEET] if PREFERRED_SHEET in workbook.sheetnames \
            else workbook.worksheets[0]
        last_row, last_column = _extent(archive, getattr(sheet, "_worksheet_path", ""))
        sheet.reset_dimensions()  # the declared dimension is not to be trusted
        return [[_text(cell) for cell in row]
                for row in sheet.iter_rows(max_row=last_row, max_col=last_column)] \
            if last_row else []
    except FileRefused:
        raise
    except Exception:  # noqa: BLE001
        raise FileRefused([UNREADABLE]) from None
    finally:
        workbook.close()


UNREADABLE = ("the file could not be read as an XLSX workbook (save it again from your "
              "spreadsheet program as .xlsx, or export it as CSV UTF-8)")
PRECISION = {"yyyy-mm": 7, "yyyy": 4}  # number formats of partial dates (exporters/excel.py)
MAX_ROWS, MAX_COLUMNS = 20001, 64  # a header and 20,000 rows; the work-item export has 20 columns
_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(/?)>')
MAX_CELLS = 600_000  # cells of any kind, empty ones too: each costs the parser alike


def _extent(archive: zipfile.ZipFile, path: str) -> tuple[int, int]:
    """The last row and column of the sheet's cells that hold something, read in chunks."""
    last_row = last_column = cells = 0
    tail = b""
    try:
        stream = archive.open(path)
    except KeyError:
        raise FileRefused([UNREADABLE]) from None
    with stream:
        while chunk := stream.read(2**20):
            text = tail + chunk
            cut = text.rfind(b"<")  # a tag cut by the chunk's end waits for the next chunk
            text, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            for match in _CELL.finditer(text):
                cells += 1
                if match.group(3):  # <c .../> holds nothing
                    continue
                last_row = max(last_row, int(match.group(2)))
                last_column = max(last_column, _column_number(match.group(1)))
            if cells > MAX_CELLS:
                raise FileRefused([f"the sheet has more than {MAX_CELLS:,} cells; a table of "
                                   "work items has far fewer (save only the work items)"])
    if last_row > MAX_ROWS:
        raise FileRefused([f"the sheet has cells down to row {last_row}; at most "
                           f"{MAX_ROWS - 1} rows below the header are read at once"])
    if last_column > MAX_COLUMNS:
        raise FileRefused([f"the sheet has cells in column {last_column}; the work-item "
                           f"columns are {MAX_COLUMNS} at most"])
    return last_row, last_column


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_archive(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise FileRefused(["the file is not an XLSX workbook (it is not a zip archive)"]) from None
    unpacked = sum(info.file_size for info in archive.infolist())
    packed = sum(info.compress_size for info in archive.infolist()) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise FileRefused([f"the XLSX file unpacks to {unpacked / 2**20:.0f} MiB "
                           f"({unpacked / packed:.0f} times its size); it is refused as unsafe "
                           f"(at most {MAX_UNPACKED_BYTES // 2**20} MiB, {MAX_RATIO} times)"])
    return archive


def _text(cell) -> str:
    """Cell value as the CSV would hold it: dates as ISO, whole numbers without ".0".

    A date shown as a month or a year (the export writes "2018-07" so) is read back as
    that partial date, not as its first day.
    """
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        shown = (getattr(cell, "number_format", "") or "").lower()
        return value.isoformat()[:PRECISION.get(shown, 10)]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
