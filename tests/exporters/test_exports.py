"""Exports read back by real readers: python-docx, openpyxl, the csv module, json."""
import csv
import datetime as dt
import io
import json
import re
import zipfile

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from roadmap.config import DEFAULT_SEED
from roadmap.exporters import EXPORTERS, excel, word
from roadmap.exporters.tables import Column, Table
from roadmap.exporters.word_columns import area_columns
from roadmap.exporters.text import protect, unprotect
from roadmap.read.filters import WorkItemFilter
from tests.factories import small_bundle
from tests.factories import ADMIN
from roadmap.interchange import bundle, files, importer
from roadmap.read import exports, records
from roadmap.vocab import ACTIVE_STATUSES

FORMULA = '=HYPERLINK("http://example.com")'
TODAY = dt.date(2026, 11, 25)


def export_bundle_document() -> dict:
    """The small bundle, plus an empty work area, a register entry and awkward items."""
    document = small_bundle()
    document["topics"].append({"code": "S6", "name": "Waste management", "parent": "S"})
    document["work_items"] += [
        {"organization": "ISO", "identifier": "ISO 37120:2018",
         "title": "Indicators for city services", "type": "international_standard",
         "status": "published", "stage": "60.60", "published": "2018-07",
         "url": "https://www.iso.org/standard/68498.html",
         "topics": [{"code": "S5", "relevance": "core"}]},
        {"organization": "ITU-T", "identifier": "Y.4999", "title": FORMULA,
         "type": "recommendation", "status": "in_development", "target": "2027",
         "topics": [{"code": "I1", "relevance": "core"}]},
        {"organization": "ITU-T", "identifier": "Y.Sup99", "title": "Not mapped yet",
         "type": "supplement", "status": "proposed"},
    ]
    document["gaps"] = [
        {"code": "GAP-01", "title": "Waste data", "statement": "No SDO covers waste data.",
         "topics": ["S6"], "priority": "high", "rnd_needed": "yes",
         "recommendation": "SG20 to start a work item on waste data.",
         "leads": [{"organization": "ITU-T", "committee": "SG20"}], "status": "open"}]
    return document


@pytest.fixture
def roadmap(session):
    importer.import_document(session, export_bundle_document(), actor=ADMIN)
    session.commit()
    return session


def export(session, fmt: str, options: dict | None = None, **args) -> bytes:
    exporter = EXPORTERS[fmt]
    options = options or {}
    data = exports.gather(session, WorkItemFilter.from_args(args),
                              parts=exporter.parts(**options), name="Test roadmap", today=TODAY)
    return exporter.render(data, **options)


def area_tables(document) -> list:
    return [t for t in document.tables if t.rows[0].cells[0].text == "Work area"]


def texts(row) -> list[str]:
    return [cell.text for cell in row.cells]


# --- Word ---------------------------------------------------------------------------------

def test_word_export_is_a4_landscape_with_a_title_block(roadmap):
    document = docx.Document(io.BytesIO(export(roadmap, "docx")))
    section = document.sections[0]
    assert section.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((297, 210), abs=0.1)
    assert document.paragraphs[0].text == "Test roadmap"
    assert document.paragraphs[0].style.name == "Title"
    assert "25 November 2026" in document.paragraphs[1].text


def test_word_export_lays_each_group_out_as_an_fg_ssc_table(roadmap):
    document = docx.Document(io.BytesIO(export(roadmap, "docx")))
    tables = area_tables(document)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == ["Table 1 – ICT infrastructure", "Table 2 – City services",
                        "Table 3 – Not mapped to a work area", "Table 4 – Gap register",
                        "Table 5 – Coverage of the work areas"]
    assert texts(tables[1].rows[0]) == ["Work area", "SDO/forum", "Document number", "Title",
                                        "Relevance", "Status", "Standardization gap",
                                        "Suggestions"]
    rows = [texts(row) for row in tables[1].rows[1:]]
    assert [r[:6] for r in rows] == [
        ["S5 Water management", "ISO", "ISO 37120:2018", "Indicators for city services",
         "Core", "Published (60.60)"],
        ["S5 Water management", "ITU-T SG20", "Y.4490",
         "Framework of water supply system monitoring for smart fire protection",
         "Core", "Published"],
        ["S6 Waste management"] + ["No SDO or forum works on this area."] * 5]
    assert rows[0][6].startswith("No gap: approved or published texts cover it.")
    assert rows[2][6:] == ["GAP-01: No SDO covers waste data.",
                           "GAP-01: SG20 to start a work item on waste data."]


def test_word_tables_repeat_their_header_and_never_split_a_row(roadmap):
    document = docx.Document(io.BytesIO(export(roadmap, "docx")))
    for table in document.tables:
        rows = table._tbl.tr_lst
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(row.trPr.find(qn("w:cantSplit")) is not None for row in rows)
        assert all(row.trPr.find(qn("w:tblHeader")) is None for row in rows[1:])


def test_word_column_widths_are_fixed_on_the_grid_and_every_cell(roadmap):
    document = docx.Document(io.BytesIO(export(roadmap, "docx")))
    table = area_tables(document)[0]._tbl
    grid = [int(col.get(qn("w:w"))) for col in table.tblGrid.iterchildren(qn("w:gridCol"))]
    assert grid == [width for _, width in area_columns("landscape", suggestions=True)]
    assert sum(grid) == word.TEXT_WIDTH
    assert table.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    for row in table.tr_lst:
        assert [int(tc.tcPr.tcW.get(qn("w:w"))) for tc in row.tc_lst] == grid


def test_word_captions_are_seq_fields_and_numbers_are_links(roadmap):
    document = docx.Document(io.BytesIO(export(roadmap, "docx")))
    caption = next(p for p in document.paragraphs if p.style.name == "Caption")
    assert "SEQ Table" in "".join(t.text for t in caption._p.iter(qn("w:instrText")))
    links = [link for table in area_tables(document) for row in table.rows
             for link in row.cells[2].paragraphs[0].hyperlinks]
    assert [(link.text, link.url) for link in links] == [
        ("ISO 37120:2018", "https://www.iso.org/standard/68498.html")]


def test_word_register_and_coverage_tables(roadmap):
    document = docx.Document(io.BytesIO(export(roadmap, "docx")))
    register, coverage = document.tables[-2:]
    assert texts(register.rows[1]) == [
        "GAP-01", "Waste data\nNo SDO covers waste data.", "High (0-2 years)", "Yes",
        "SG20 to start a work item on waste data.", "ITU-T SG20", "Open"]
    assert [texts(row) for row in coverage.rows] == [
        ["Topic", "State", "Blocked by", "Impact"],
        ["I1 Sensing layer", "Partial", "", "1"],
        ["S5 Water management", "Covered", "", "0"],
        ["S6 Waste management", "Uncovered", "", "0"]]


def test_word_export_takes_styles_from_a_template(roadmap):
    template = docx.Document()
    template.styles["Normal"].font.name = "Arial"
    template.add_paragraph("Body text of the template")
    caption = template.styles["Caption"].element
    caption.getparent().remove(caption)  # as in a Word file that never used a caption
    out = io.BytesIO()
    template.save(out)
    document = docx.Document(io.BytesIO(export(roadmap, "docx", {"template": out.getvalue()})))
    assert document.styles["Normal"].font.name == "Arial"
    assert "Body text of the template" not in [p.text for p in document.paragraphs]
    assert [p.text for p in document.paragraphs if p.style.name == "Caption"][0] \
        == "Table 1 – ICT infrastructure"


def test_word_export_refuses_a_template_that_is_not_a_docx(roadmap):
    with pytest.raises(ValueError, match="not a Word document"):
        export(roadmap, "docx", {"template": b"name,title\n"})


def test_seed_word_export_has_a_row_per_work_item_and_area(session):
    importer.import_document(session, bundle.parse(DEFAULT_SEED.read_bytes()), actor=ADMIN)
    session.commit()
    seed = json.loads(DEFAULT_SEED.read_text(encoding="utf-8"))
    seed["work_items"] = [w for w in seed["work_items"] if w["status"] in ACTIVE_STATUSES]
    document = docx.Document(io.BytesIO(export(session, "docx")))
    mapped = {t["code"] for w in seed["work_items"] for t in w.get("topics", [])}
    parents = {t.get("parent") for t in seed["topics"]}
    empty = [t for t in seed["topics"] if t["code"] not in parents and t["code"] not in mapped]
    rows = sum(len(table.rows) - 1 for table in area_tables(document))
    assert rows == sum(len(w.get("topics", [])) for w in seed["work_items"]) + len(empty)


# --- Excel --------------------------------------------------------------------------------

def workbook(session, **args):
    return openpyxl.load_workbook(io.BytesIO(export(session, "xlsx", **args)))


def test_excel_export_has_the_four_sheets_ready_to_sort_and_filter(roadmap):
    book = workbook(roadmap)
    assert book.sheetnames == ["Work items", "Topics", "Gaps", "Matrix"]
    items = book["Work items"]
    assert items.freeze_panes == "A2"
    assert items.auto_filter.ref == "A1:T6"
    assert [c.value for c in items[1]][:7] == ["Organization", "Committee", "Identifier",
                                               "Provisional name", "Title", "Type", "Status"]
    assert all(book[name].freeze_panes == "A2" for name in book.sheetnames)
    assert items.column_dimensions["E"].width > items.column_dimensions["B"].width


def test_excel_stores_formula_like_text_as_text(roadmap):
    items = workbook(roadmap)["Work items"]
    cell = next(row[4] for row in items.iter_rows(min_row=2) if row[2].value == "Y.4999")
    assert (cell.value, cell.data_type, cell.quotePrefix) == (FORMULA, "s", True)


def test_excel_stores_dates_as_dates_with_their_precision(roadmap):
    items = workbook(roadmap)["Work items"]
    rows = {row[2].value: row for row in items.iter_rows(min_row=2)}
    published, target = rows["ISO 37120:2018"][12], rows["Y.4999"][10]
    assert (published.value, published.number_format) == (dt.datetime(2018, 7, 1), "yyyy-mm")
    assert (target.value, target.number_format) == (dt.datetime(2027, 1, 1), "yyyy")
    assert rows["ISO 37120:2018"][6].value == "Published"
    assert rows["ISO 37120:2018"][15].hyperlink.target == "https://www.iso.org/standard/68498.html"


def test_excel_topics_gaps_and_matrix_sheets(roadmap):
    book = workbook(roadmap)
    topics = [[c.value for c in row] for row in book["Topics"].iter_rows()]
    assert topics[0] == ["Code", "Topic", "Group", "State", "Blocked by", "Impact", "Overlap",
                         "Gap register"]
    assert topics[3] == ["S6", "Waste management", "S City services", "Uncovered", None, 0,
                         None, "GAP-01"]
    gaps = [[c.value for c in row] for row in book["Gaps"].iter_rows()]
    assert gaps[1][:5] == ["GAP-01", "Waste data", "No SDO covers waste data.", "S6", "High"]
    matrix = [[c.value for c in row] for row in book["Matrix"].iter_rows()]
    assert matrix[0] == ["Code", "Topic", "ISO", "ITU-T", "Total"]
    assert matrix[1:] == [["I1", "Sensing layer", 1, 1, 2], ["S5", "Water management", 1, 1, 2],
                          ["S6", "Waste management", None, None, None]]


def test_excel_writes_links_past_its_limits_as_text():
    """Excel holds 65,530 links a sheet and 2,079 characters a link; past them an address
    stays in its cell as text instead of making a workbook Excel must repair."""
    long = "https://example.org/" + "a" * 2100
    rows = [(long,)] + [(f"https://example.org/{n}",) for n in range(excel.MAX_LINKS + 5)]
    body = excel.render_tables([Table("Links", (Column("url", "URL", "link"),), rows)],
                               dt.date(2026, 1, 2))
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    linked = re.findall(r'<hyperlink ref="A(\d+)"', sheet)
    assert len(linked) == excel.MAX_LINKS and linked[0] == "3" and linked[-1] == str(
        excel.MAX_LINKS + 2)  # the long one (row 2) is text; the rest until the limit link
    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    values = [row[0] for row in book["Links"].iter_rows(values_only=True)]
    assert values[1] == long and values[-1] == f"https://example.org/{excel.MAX_LINKS + 4}"
    assert len(values) == len(rows) + 1


# --- CSV, Markdown, JSON ------------------------------------------------------------------

@pytest.mark.parametrize("text", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=1", "''-2",
                                  "'quoted", "plain", "", "a=b"])
def test_formula_protection_round_trips(text):
    assert unprotect(protect(text)) == text


def test_csv_export_protects_formulas_and_imports_back_unchanged(roadmap):
    data = export(roadmap, "csv")
    assert data.startswith(b"\xef\xbb\xbforganization,")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert next(r["title"] for r in rows if r["identifier"] == "Y.4999") == "'" + FORMULA
    report = files.import_file(roadmap, "items.csv", data, actor=ADMIN)
    assert {o.action for o in report.outcomes} == {"unchanged"}


@pytest.mark.parametrize("table, header", [
    ("topics", "code,name,group,state,blocked_by,impact,overlap,register"),
    ("gaps", "code,title,statement,topics,priority,horizon,rnd_needed,recommendation,leads,"
             "status,updated,review"),
    ("matrix", "code,name,ISO,ITU-T,total")])
def test_csv_export_writes_the_other_tables(roadmap, table, header):
    lines = export(roadmap, "csv", {"table": table}).decode("utf-8-sig").splitlines()
    assert lines[0] == header
    assert len(lines) == {"topics": 4, "gaps": 2, "matrix": 4}[table]


def test_markdown_export_has_the_same_tables(roadmap):
    text = export(roadmap, "md").decode("utf-8")
    assert "**Table 2 – City services**" in text
    assert ("| S5 Water management | ISO | [ISO 37120:2018](https://www.iso.org/standard/"
            "68498.html) | Indicators for city services | Published (60.60) |") in text
    assert "| S6 Waste management | *No SDO or forum works on this area.* |" in text
    assert "**Table 5 – Coverage of the work areas**" in text


def test_unfiltered_json_export_is_the_bundle(roadmap):
    assert export(roadmap, "json").decode("utf-8") == bundle.dumps(records.roadmap_document(roadmap))


def test_filtered_json_export_imports_on_its_own(roadmap):
    document = json.loads(export(roadmap, "json", organization="ISO"))
    assert [w["identifier"] for w in document["work_items"]] == ["ISO 1", "ISO 37120:2018"]
    assert "equivalents" not in document["work_items"][0]  # its twin is not in the selection
    report = importer.import_document(roadmap, document, replace=True, actor=ADMIN)
    assert report.counts()["work_item"]["created"] == 2


# --- the same view in every format --------------------------------------------------------

def identifiers(fmt: str, data: bytes) -> set[str]:
    if fmt == "docx":
        rows = [row for table in area_tables(docx.Document(io.BytesIO(data)))
                for row in table.rows[1:]]
        return {row.cells[2].text for row in rows} - {"No SDO or forum works on this area."}
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(data))["Work items"]
        return {row[2].value for row in sheet.iter_rows(min_row=2)}
    if fmt == "csv":
        return {r["identifier"] for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
    if fmt == "md":
        areas = data.decode().split("## Gap register")[0]
        cells = [line.split(" | ")[2] for line in areas.splitlines()
                 if line.startswith("| ") and line.count(" | ") == 6]
        return {re.sub(r"\\(.)", r"\1", re.sub(r"^\[(.*)\]\(.*$", r"\1", c))
                for c in cells} - {"Document number", ""}
    return {w["identifier"] for w in json.loads(data)["work_items"]}


@pytest.mark.parametrize("args", [
    {"organization": "ISO"}, {"committee": "SG20"}, {"topic": "S"}, {"topic": "I1"},
    {"status": "published"}, {"type": "recommendation"}, {"q": "indicators"},
    {"organization": "ITU-T", "status": "in_development"}],
    ids=lambda args: "&".join(f"{k}={v}" for k, v in args.items()))
def test_filters_narrow_every_format_identically(roadmap, args):
    from roadmap.read.filters import matching_ids
    ids = matching_ids(roadmap, WorkItemFilter.from_args(args))
    expected = {r["identifier"] for r in records.work_item_records(roadmap, ids)}
    assert expected
    for fmt in EXPORTERS:
        assert identifiers(fmt, export(roadmap, fmt, **args)) == expected, fmt
