"""Hostile files and bodies get a clear 4xx in bounded time and memory, and change nothing."""
from __future__ import annotations

import io
import re
import subprocess
import sys
import textwrap
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from roadmap.interchange import bundle, files, xlsx
from roadmap.interchange.problems import FileRefused
from roadmap.models import WorkItem
from tests.api.test_api import error_of, token_for
from tests.factories import ADMIN


def workbook(rows, *, dimension: str | None = None, far_cell: str | None = None) -> bytes:
    book = Workbook()
    book.active.title = "Work items"
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)

    def edit(sheet: bytes) -> bytes:
        if dimension:
            sheet = re.sub(rb'<dimension ref="[^"]+"/>', f'<dimension ref="{dimension}"/>'.encode(),
                           sheet)
        if far_cell:
            row = re.sub(r"[A-Z]", "", far_cell)
            sheet = sheet.replace(b"</sheetData>", (
                f'<row r="{row}"><c r="{far_cell}" t="inlineStr"><is><t>x</t></is>'
                "</c></row></sheetData>").encode())
        return sheet
    return with_sheet(buffer.getvalue(), edit)


def with_sheet(data: bytes, edit) -> bytes:
    """The workbook with its first sheet's XML passed through `edit`."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            target.writestr(info, edit(part) if info.filename == "xl/worksheets/sheet1.xml"
                            else part)
    return out.getvalue()


HEADER = ["organization", "identifier", "title", "type", "status"]
ROW = ["ITU-T", "Y.4901", "Key performance indicators", "recommendation", "in_development"]


def test_a_declared_giant_sheet_is_read_by_its_cells():
    data = workbook([HEADER, ROW], dimension="A1:XFD1048576")
    assert len(data) < 10_000
    assert xlsx.read_xlsx_rows(data) == [HEADER, ROW]


def test_a_sheet_with_a_cell_far_away_is_refused_at_once():
    data = workbook([HEADER, ROW], dimension="A1:XFD1048576", far_cell="XFD1048576")
    with pytest.raises(FileRefused) as refused:
        xlsx.read_xlsx_rows(data)
    assert refused.value.errors == ["the sheet has cells down to row 1048576; at most 20000 "
                                    "rows below the header are read at once"]


def test_a_worker_reading_the_declared_giant_stays_small_and_quick(tmp_path):
    """Measured in a process of its own: its peak memory is the worker's."""
    path = tmp_path / "giant.xlsx"
    path.write_bytes(workbook([HEADER, ROW], dimension="A1:XFD1048576", far_cell="XFD1048576"))
    script = textwrap.dedent(f"""
        import re, time
        from roadmap.interchange import xlsx
        from roadmap.interchange.problems import FileRefused
        start = time.monotonic()
        try:
            xlsx.read_xlsx_rows(open({str(path)!r}, "rb").read())
        except FileRefused:
            pass
        status = open("/proc/self/status").read()  # VmHWM: this process's peak, in KiB
        print(time.monotonic() - start, re.search(r"VmHWM:\\s+(\\d+)", status).group(1))
    """)
    seconds, peak_kib = subprocess.run([sys.executable, "-c", script], capture_output=True,
                                       text=True, check=True).stdout.split()
    assert float(seconds) < 5 and int(peak_kib) < 200 * 1024


def test_a_workbook_without_its_parts_is_refused_in_plain_words():
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(FileRefused) as refused:
        xlsx.read_xlsx_rows(broken.getvalue())
    assert refused.value.errors == [xlsx.UNREADABLE]
    assert "KeyError" not in refused.value.errors[0]


@pytest.mark.parametrize("text, words", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"format": "ssc-roadmap-bundle", "version": ' + "9" * 5000 + "}", "5000 digits"),
    ('{"format": "ssc-roadmap-bundle", "version": NaN}', "NaN is not a number"),
])
def test_a_hostile_bundle_is_refused_with_nothing_changed(session, text, words):
    with pytest.raises(FileRefused) as refused:
        files.import_file(session, "roadmap.json", text.encode(), actor=ADMIN)
    assert words in refused.value.errors[0]
    assert session.scalar(select(func.count()).select_from(WorkItem)) == 0


def test_bounded_json_still_reads_real_numbers():
    assert bundle.loads('{"a": [1, 2.5, -3]}') == {"a": [1, 2.5, -3]}


@pytest.mark.parametrize("body, words", [
    ("[" * 1000 + "]" * 1000, "nested too deeply"),
    ('{"title": ' + "9" * 5000 + "}", "5000 digits"),
])
def test_a_hostile_api_body_is_a_400(app, body, words):
    token = token_for(app, "editor")
    answer = app.test_client().post("/api/v1/work-items", data=body, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert words in error_of(answer, 400)["message"]


class Endless(io.RawIOBase):
    """A chunked body that goes on for 100 MiB."""

    def __init__(self):
        self.sent = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        if self.sent > 100 * 2**20:
            return 0
        buffer[:] = b" " * len(buffer)
        self.sent += len(buffer)
        return len(buffer)


def test_an_oversized_chunked_api_body_is_a_413(app):
    token = token_for(app, "editor")
    answer = app.test_client().post("/api/v1/work-items", headers={
        "Authorization": f"Bearer {token}"}, environ_overrides={
        "wsgi.input": io.BufferedReader(Endless()), "wsgi.input_terminated": True,
        "HTTP_TRANSFER_ENCODING": "chunked", "CONTENT_TYPE": "application/json"})
    error_of(answer, 413)
