"""The Word export as an editor pastes it into a Technical Report: both page layouts, the
relevance and Suggestions columns, active items unless the view includes withdrawn ones,
and the Excel and CSV matrices counting what the matrix page counts."""
import csv
import io

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from roadmap.exporters import word
from roadmap.interchange import importer
from roadmap.read.lists import get_matrix
from tests.exporters.test_exports import area_tables, export, export_bundle_document, texts
from tests.factories import ADMIN

LONG = "FG-SSC TR: Information and communication technologies for climate change adaptation"


def layout_bundle() -> dict:
    """The export bundle, plus a withdrawn item, a body whose committee repeats its acronym,
    a stage with brackets of its own and an FG-SSC report named by its title."""
    document = export_bundle_document()
    document["organizations"] += [
        {"acronym": "IEEE", "name": "IEEE Standards Association", "kind": "international_sdo"},
        {"acronym": "FG-SSC", "name": "Focus Group on Smart Sustainable Cities",
         "kind": "coordination_group"}]
    document["committees"].append({"organization": "IEEE", "code": "IEEE 2413 WG",
                                   "name": "IoT architecture"})
    document["work_items"] += [
        {"organization": "IEEE", "committee": "IEEE 2413 WG", "identifier": "IEEE 2413-2019",
         "title": "Architectural framework for the IoT", "type": "international_standard",
         "status": "published", "stage": "Approved (version 2.0)", "published": "2019",
         "topics": [{"code": "I1", "relevance": "supporting"}]},
        {"organization": "ITU-T", "committee": "SG20", "identifier": "Y.4000-old",
         "title": "A withdrawn text", "type": "recommendation", "status": "withdrawn",
         "topics": [{"code": "S5", "relevance": "core"}]},
        {"organization": "FG-SSC", "identifier": LONG, "title": LONG.split(": ", 1)[1],
         "type": "technical_report", "status": "published", "stage": "In force", "published": "2015",
         "topics": [{"code": "S5", "relevance": "supporting"}]}]
    return document


@pytest.fixture
def roadmap(session):
    importer.import_document(session, layout_bundle(), actor=ADMIN)
    session.commit()
    return session


def word_document(session, **args):
    layout = args.pop("layout", None)
    return docx.Document(io.BytesIO(export(session, "docx", {"layout": layout} if layout
                                           else None, **args)))


def area_rows(document) -> list[dict]:
    return [dict(zip(texts(table.rows[0]), texts(row)))
            for table in area_tables(document) for row in table.rows[1:]]


@pytest.mark.parametrize("layout, width", [("landscape", 297), ("portrait", 210)])
def test_no_table_is_wider_than_its_sections_text_width(roadmap, layout, width):
    document = word_document(roadmap, layout=layout)
    section = document.sections[-1]
    assert section.page_width.mm == pytest.approx(width, abs=0.1)
    text_width = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    for table in document.tables:
        tbl = table._tbl
        grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.iterchildren(qn("w:gridCol"))]
        assert sum(grid) <= text_width
        assert int(tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))) <= text_width


def test_an_unknown_layout_is_refused(roadmap):
    with pytest.raises(ValueError, match="layout"):
        export(roadmap, "docx", {"layout": "sideways"})


def test_relevance_and_suggestions_columns_are_filled(roadmap):
    rows = area_rows(word_document(roadmap))
    relevance = {r["Document number"]: r["Relevance"] for r in rows}
    assert relevance["ISO 37120:2018"] == "Core" and relevance["ISO 1"] == "Supporting"
    waste = next(r for r in rows if r["Work area"] == "S6 Waste management")
    assert waste["Suggestions"] == "GAP-01: SG20 to start a work item on waste data."


def test_the_suggestions_column_is_left_out_when_no_area_has_any(roadmap):
    document = word_document(roadmap, topic="S5")
    headers = texts(area_tables(document)[0].rows[0])
    assert "Suggestions" not in headers and "Relevance" in headers
    grid = area_tables(document)[0]._tbl.tblGrid.iterchildren(qn("w:gridCol"))
    assert sum(int(c.get(qn("w:w"))) for c in grid) == word.TEXT_WIDTH


def test_withdrawn_items_are_listed_only_when_the_view_includes_them(roadmap):
    numbers = {r["Document number"] for r in area_rows(word_document(roadmap))}
    assert "Y.4000-old" not in numbers
    assert "Y.4000-old" in {r["Document number"]
                            for r in area_rows(word_document(roadmap, status="withdrawn"))}
    items = export(roadmap, "csv").decode("utf-8-sig")
    assert "Y.4000-old" not in items
    assert "withdrawn" in exported_with_withdrawn(roadmap)


def exported_with_withdrawn(session) -> str:
    from roadmap.exporters import EXPORTERS
    from roadmap.read import exports
    from roadmap.read.filters import WorkItemFilter
    data = exports.gather(session, WorkItemFilter(), parts=EXPORTERS["csv"].parts(),
                          name="Test", include_withdrawn=True)
    return EXPORTERS["csv"].render(data).decode("utf-8-sig")


def test_bodies_statuses_and_long_names_read_plainly(roadmap):
    rows = {r["Document number"]: r for r in area_rows(word_document(roadmap))}
    ieee = rows["IEEE 2413-2019"]
    assert ieee["SDO/forum"] == "IEEE 2413 WG"
    assert ieee["Status"] == "Published (Approved, version 2.0)"
    assert all(r["Status"].count("(") <= 1 for r in rows.values())
    assert rows["FG-SSC TR"]["Title"] == LONG.split(": ", 1)[1]
    assert rows["FG-SSC TR"]["Status"] == "Published"


def test_area_labels_stay_with_their_rows(roadmap):
    table = area_tables(word_document(roadmap))[1]._tbl
    water = [tr for tr in table.tr_lst[1:] if tr.tc_lst[0].tcPr.find(qn("w:vMerge")) is not None]
    assert len(water) == 3  # S5: ISO 37120, Y.4490 and the FG-SSC report
    for tr in water[:-1]:
        assert all(p.find(qn("w:pPr")).find(qn("w:keepNext")) is not None
                   for p in tr.iter(qn("w:p")))
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in table.tr_lst)


def test_excel_and_csv_matrices_count_what_the_matrix_page_counts(roadmap):
    page = {(row.code, org): cell.count for group in get_matrix(roadmap).groups
            for row in group.rows
            for org, cell in zip(get_matrix(roadmap).organizations, row.cells) if cell and cell.count}
    sheet = openpyxl.load_workbook(io.BytesIO(export(roadmap, "xlsx")))["Matrix"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    book = {(r[0], org): n for r in rows[1:] for org, n in zip(rows[0][2:-1], r[2:-1]) if n}
    lines = list(csv.reader(io.StringIO(
        export(roadmap, "csv", {"table": "matrix"}).decode("utf-8-sig"))))
    flat = {(r[0], org): int(n) for r in lines[1:] for org, n in zip(lines[0][2:-1], r[2:-1])
            if n}
    assert book == flat == page
    assert page[("S5", "ITU-T")] == 1  # Y.4490; the withdrawn Y.4000-old is not counted
