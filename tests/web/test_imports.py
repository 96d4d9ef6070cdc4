"""Bulk import in the browser: preview, apply all or nothing, and refusing unsafe files."""
import io
import re
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from roadmap.models import WorkItem
from tests.factories import signed_in_client
from roadmap.interchange import tabular

HEADER = "organization,identifier,title,type,status,published,topics\n"


@pytest.fixture
def officer(app):
    """A client signed in as the liaison officer of ITU-T."""
    return signed_in_client(app, "liaison_officer")


def upload(client, name, data):
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/import").get_data(as_text=True)).group(1)
    return client.post("/import", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def count(app) -> int:
    from roadmap.db import new_session
    with app.app_context(), new_session() as s:
        return s.scalar(select(func.count()).select_from(WorkItem))


def test_a_preview_lists_new_changed_and_unchanged_and_writes_nothing(app, officer):
    text = HEADER + ("ITU-T,Y.4600,Digital twin requirements,recommendation,published,2022-08,S5:core\n"
                     "ITU-T,Y.4490,Framework of water supply system monitoring for smart fire "
                     "protection,recommendation,published,2023-12,S5:core\n")
    response = upload(officer, "items.csv", text.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "New (1)" in page and "work item ITU-T Y.4600" in page
    assert "Changed (1)" in page and "<th scope=\"row\">published</th><td>2023-11</td><td>2023-12</td>" in page
    assert count(app) == 2
    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    applied = officer.post("/import/apply", data={"csrf_token": csrf, "token": token,
                                                  "filename": "items.csv"})
    assert applied.status_code == 302 and count(app) == 3
    again = officer.post("/import/apply", data={"csrf_token": csrf, "token": token,
                                                "filename": "items.csv"}, follow_redirects=True)
    assert "already been applied" in again.get_data(as_text=True) and count(app) == 3


def test_one_bad_row_writes_nothing_and_names_the_row(app, officer):
    text = HEADER + ("ITU-T,Y.1,Good,recommendation,proposed,,S5:core\n"
                     "ITU-T,Y.2,Bad,recommendation,published,,S55:core\n"
                     "ISO,ISO 9,Not mine,international_standard,proposed,,S5:core\n")
    response = upload(officer, "items.csv", text.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'row 3, column &#34;published&#34;: is required when the status is published' in page
    assert "row 4: liaison_officer@example.org (liaison_officer) may not change work items of ISO" \
        in page
    assert count(app) == 2


def test_an_xlsx_workbook_imports_like_a_csv(app, officer):
    book = Workbook()
    sheet = book.active
    sheet.title = "Work items"
    for row in tabular.read_csv_rows((HEADER + "ITU-T,Y.4600,Digital twin,recommendation,"
                                    "published,2022-08,S5:core\n").encode()):
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    page = upload(officer, "items.xlsx", data.getvalue()).get_data(as_text=True)
    assert "New (1)" in page and "ITU-T Y.4600" in page


def test_a_zip_bomb_is_refused(officer):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 2**20))
    response = upload(officer, "bomb.xlsx", data.getvalue())
    assert response.status_code == 422
    assert "it is refused as unsafe" in response.get_data(as_text=True)


def test_xml_entity_tricks_are_refused(officer):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
              b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b"&lol2;</workbook>")
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", laughs)
        archive.writestr("xl/workbook.xml", laughs)
    response = upload(officer, "laughs.xlsx", data.getvalue())
    assert response.status_code == 422
    assert "the file could not be read as an XLSX workbook" in response.get_data(as_text=True)


@pytest.mark.parametrize("name, data, message", [
    ("items.csv", (HEADER + "ITU-T,Y.1,Caf\xe9,recommendation,proposed,,\n").encode("latin-1"),
     "the file is not UTF-8 text"),
    ("items.csv", (HEADER + 'ITU-T,Y.1,"unterminated\n').encode(), "the file is not valid CSV"),
    ("items.xls", b"old excel", "is not one of: .json"),
    ("items.xlsx", b"not a zip", "is not an XLSX workbook"),
    ("roadmap.json", b"{not json", "line 1, column 2"),
])
def test_malformed_files_are_refused_cleanly(app, officer, name, data, message):
    response = upload(officer, name, data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True).replace("&#34;", '"')
    assert count(app) == 2


def test_a_file_over_the_size_limit_gets_a_clear_answer(app, officer):
    # the server refuses on the declared length before reading a byte of the body, so a
    # small body declared as 7 MiB is the same request to it
    response = officer.post("/import", data=b"--x--", content_type="multipart/form-data; boundary=x",
                            environ_overrides={"CONTENT_LENGTH": str(7 * 2**20)})
    assert response.status_code == 413
    assert "larger than 6 MiB" in response.get_data(as_text=True)


def test_importing_needs_an_account(client):
    assert "/login" in client.get("/import").headers["Location"]
