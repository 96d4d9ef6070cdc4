"""Reading uploaded XLSX workbooks safely: no zip bombs, no XML entity tricks."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from .problems import FileRefused

MAX_UNPACKED_BYTES = 50 * 2**20
MAX_RATIO = 100  # a real workbook packs text about 5 to 20 times; a bomb far more
PREFERRED_SHEET = "Work items"


def read_xlsx_rows(data: bytes) -> list[list[str]]:
    """Return the rows of the "Work items" sheet (or the first sheet) as text cells."""
    _check_archive(data)
    from openpyxl import load_workbook  # parses XML through defusedxml when it is installed
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any failure here means an unreadable file
        raise FileRefused([f"the XLSX file could not be read ({type(error).__name__}: "
                           f"{str(error)[:200]})"]) from None
    try:
        sheet = workbook[PREFERRED_SHEET] if PREFERRED_SHEET in workbook.sheetnames \
            else workbook.worksheets[0]
        return [[_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    except Exception as error:  # noqa: BLE001
        raise FileRefused([f"the XLSX file could not be read ({type(error).__name__}: "
                           f"{str(error)[:200]})"]) from None
    finally:
        workbook.close()


def _check_archive(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FileRefused(["the file is not an XLSX workbook (it is not a zip archive)"]) from None
    unpacked = sum(info.file_size for info in archive.infolist())
    packed = sum(info.compress_size for info in archive.infolist()) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise FileRefused([f"the XLSX file unpacks to {unpacked / 2**20:.0f} MiB "
                           f"({unpacked / packed:.0f} times its size); it is refused as unsafe "
                           f"(at most {MAX_UNPACKED_BYTES // 2**20} MiB, {MAX_RATIO} times)"])


def _text(value) -> str:
    """Cell value as the CSV would hold it: dates as ISO, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
