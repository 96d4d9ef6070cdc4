"""Exports as the pages link to them (/export/roadmap.docx?...) and on the command line."""
import datetime as dt
import html
import io
import json

import docx
import openpyxl
import pytest
from flask import url_for
from roadmap.read.filters import WorkItemFilter
from tests.exporters.test_exports import FORMULA, export_bundle_document
from tests.factories import ADMIN
from roadmap.interchange import importer

TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8", "md": "text/markdown; charset=utf-8",
    "json": "application/json",
}


@pytest.fixture
def roadmap(app, session):
    importer.import_document(session, export_bundle_document(), actor=ADMIN)
    session.commit()
    return app


@pytest.fixture
def runner(roadmap):
    return roadmap.test_cli_runner()


def test_export_urls_are_stable_and_carry_the_view_filters(app):
    view = WorkItemFilter(organization="ISO/IEC JTC 1", topic="S5")
    with app.test_request_context():
        assert url_for("exports.roadmap", fmt="docx", **view.as_args()) \
            == "/export/roadmap.docx?organization=ISO/IEC+JTC+1&topic=S5"


@pytest.mark.parametrize("fmt", TYPES)
def test_each_format_is_sent_with_its_type_and_file_name(roadmap, client, fmt):
    response = client.get(f"/export/roadmap.{fmt}?organization=ISO")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == TYPES[fmt]
    assert response.headers["Content-Disposition"] \
        == f'attachment; filename="ssc-roadmap-{dt.date.today().isoformat()}.{fmt}"'
    assert b"ISO 37120:2018" in response.data or fmt in ("docx", "xlsx")


def test_the_word_download_shows_the_filtered_view(roadmap, client):
    response = client.get("/export/roadmap.docx?topic=S6")
    document = docx.Document(io.BytesIO(response.data))
    assert "Selection: topic S6." in [p.text for p in document.paragraphs]
    assert [c.text for c in document.tables[0].rows[1].cells][:2] \
        == ["S6 Waste management", "No SDO or forum works on this area."]


def test_a_csv_download_can_hold_another_table(roadmap, client):
    response = client.get("/export/roadmap.csv?table=gaps")
    assert response.data.decode("utf-8-sig").startswith("code,title,statement,")
    assert "ssc-roadmap-gaps-" in response.headers["Content-Disposition"]


def test_an_unknown_format_or_table_is_refused(roadmap, client):
    assert client.get("/export/roadmap.pdf").status_code == 404
    assert client.get("/export/roadmap.csv?table=everything").status_code == 400


def test_the_formula_title_downloads_as_text(roadmap, client):
    csv_text = client.get("/export/roadmap.csv").data.decode("utf-8-sig")
    assert f'"\'{FORMULA.replace(chr(34), chr(34) * 2)}"' in csv_text
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/export/roadmap.xlsx").data))
    titles = {row[4].value: row[4].data_type for row in sheet["Work items"].iter_rows(min_row=2)}
    assert titles[FORMULA] == "s"


# --- command line -------------------------------------------------------------------------

def invoke(runner, *args):
    return runner.invoke(args=["roadmap", "export", *args])


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "md"])
def test_cli_exports_a_filtered_view(runner, tmp_path, fmt):
    out = tmp_path / f"roadmap.{fmt}"
    result = invoke(runner, "--format", fmt, "--output", str(out), "--organization", "ITU-T",
                    "--status", "in_development")
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    if fmt == "docx":
        cells = [c.text for t in docx.Document(io.BytesIO(data)).tables[:1] for c in t.columns[2].cells]
        assert cells == ["Document number", "Y.4999"]
    elif fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(data))["Work items"]
        assert [row[2].value for row in sheet.iter_rows(min_row=2)] == ["Y.4999"]
    else:
        assert "Y.4999" in data.decode() and "Y.4490" not in data.decode()


def test_cli_exports_a_csv_table_and_filtered_json(runner, tmp_path):
    result = invoke(runner, "--format", "csv", "--table", "matrix", "--output",
                    str(tmp_path / "m.csv"), "--topic", "S")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "code,name,ISO,ITU-T,total", "S5,Water management,1,1,2", "S6,Waste management,,,"]
    invoke(runner, "--format", "json", "--output", str(tmp_path / "b.json"), "--q", "indicators")
    document = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert [w["identifier"] for w in document["work_items"]] == ["ISO 37120:2018"]


def test_cli_word_export_takes_a_template(runner, tmp_path):
    template = docx.Document()
    template.styles["Title"].font.name = "Arial"
    template.save(tmp_path / "reference.docx")
    result = invoke(runner, "--format", "docx", "--template", str(tmp_path / "reference.docx"),
                    "--output", str(tmp_path / "out.docx"))
    assert result.exit_code == 0, result.output
    assert docx.Document(tmp_path / "out.docx").styles["Title"].font.name == "Arial"


def test_cli_refuses_options_of_another_format(runner, tmp_path):
    result = invoke(runner, "--format", "xlsx", "--table", "gaps", "--output",
                    str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2
    assert "--table does not apply to --format xlsx" in result.output


def test_cli_writes_text_formats_to_standard_output(runner):
    result = invoke(runner, "--format", "md", "--output", "-", "--topic", "S5")
    assert result.output.startswith("# Standardization roadmap")
    assert "ISO 37120:2018" in result.output


def add_withdrawn_item(app):
    from roadmap.db import get_session
    document = export_bundle_document()
    document["work_items"] = [
        {"organization": "ITU-T", "committee": "SG20", "identifier": "Y.4000-old",
         "title": "A withdrawn text", "type": "recommendation", "status": "withdrawn",
         "topics": [{"code": "S5", "relevance": "core"}]}]
    with app.app_context():
        importer.import_document(get_session(), document, actor=ADMIN)
        get_session().commit()


def test_the_word_download_takes_a_layout_and_includes_withdrawn_items_on_request(roadmap,
                                                                                 client):
    add_withdrawn_item(roadmap)
    default = docx.Document(io.BytesIO(client.get("/export/roadmap.docx").data))
    assert default.sections[0].page_width > default.sections[0].page_height
    assert "Y.4000-old" not in {c.text for t in default.tables for c in t.columns[2].cells}
    response = client.get("/export/roadmap.docx?layout=portrait&include=withdrawn")
    portrait = docx.Document(io.BytesIO(response.data))
    assert portrait.sections[0].page_width < portrait.sections[0].page_height
    assert "Y.4000-old" in {c.text for t in portrait.tables for c in t.columns[2].cells}
    assert client.get("/export/roadmap.docx?layout=sideways").status_code == 400


def test_cli_word_export_takes_a_layout_and_includes_withdrawn_items(roadmap, runner,
                                                                     tmp_path):
    add_withdrawn_item(roadmap)
    out = tmp_path / "portrait.docx"
    result = invoke(runner, "--format", "docx", "--layout", "portrait", "--include-withdrawn",
                    "--output", str(out))
    assert result.exit_code == 0, result.output
    document = docx.Document(out)
    assert document.sections[0].page_width < document.sections[0].page_height
    assert "Y.4000-old" in {c.text for t in document.tables for c in t.columns[2].cells}
    result = invoke(runner, "--format", "csv", "--output", str(tmp_path / "items.csv"))
    assert "Y.4000-old" not in (tmp_path / "items.csv").read_text(encoding="utf-8-sig")
    assert invoke(runner, "--format", "xlsx", "--layout", "portrait", "--output",
                  str(tmp_path / "x.xlsx")).exit_code == 2


@pytest.mark.parametrize("fmt", TYPES)
def test_a_mistyped_filter_is_refused_not_exported_whole(roadmap, client, fmt):
    response = client.get(f"/export/roadmap.{fmt}?organization=ISO&status=publshed&year=18")
    assert response.status_code == 400
    assert "Content-Disposition" not in response.headers
    page = html.unescape(response.get_data(as_text=True))
    assert 'status: "publshed" is not one of: proposed' in page
    assert 'year: "18" is not a year' in page
