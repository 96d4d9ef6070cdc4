"""The comparison's renderings: text, Markdown, JSON, and the progress report in Word and Excel."""
from __future__ import annotations

import copy
import io
import json
import re
import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook

from roadmap.edition_diff import compare
from roadmap.exporters import COMPARISONS, comparison_filename, render_comparison
from tests.edition_samples import AFTER, BEFORE, base_document, gap_document, sample_comparison

SOFFICE = shutil.which("soffice")
PORTRAIT_TEXT_WIDTH = 11906 - 2 * 1134  # twips across A4 portrait within 2 cm margins
RAW_CODES = re.compile(r"\b(in_development|in_progress|gap_closed|new_gap|wont_fix|rnd_needed|"
                       r"provisional_name|moves_\w+|international_sdo)\b")


@pytest.fixture(scope="module")
def comparison():
    return sample_comparison()


def unchanged():
    doc = base_document()
    return compare(BEFORE, AFTER, doc, copy.deepcopy(doc), gap_document(doc), gap_document(doc))


@pytest.mark.parametrize("fmt", list(COMPARISONS))
def test_every_format_gives_the_same_bytes_on_every_run(comparison, fmt):
    assert render_comparison(comparison, fmt) == render_comparison(sample_comparison(), fmt)


@pytest.mark.parametrize("fmt", list(COMPARISONS))
def test_a_comparison_without_changes_renders(fmt):
    assert render_comparison(unchanged(), fmt)


def test_an_unknown_format_is_refused(comparison):
    with pytest.raises(ValueError, match="the formats are: text, md, json, docx, xlsx"):
        render_comparison(comparison, "pdf")


def test_the_file_name_says_which_sides():
    assert comparison_filename("docx", 2, None, "2027-09-01") == \
        "ssc-roadmap-progress-2-to-live-2027-09-01.docx"


def test_text_lists_the_changes_in_words(comparison):
    text = render_comparison(comparison, "text").decode()
    assert "Changes from Edition 2 (2027-03-01) to Live roadmap (2027-09-01)" in text
    assert "Y.4904-Rev" in text and "In development → Published" in text
    assert "Y.4910 (was Y.SSC-MM)" in text
    assert "gap closed" in text and "Open         In progress" in text
    assert not RAW_CODES.search(text)


def test_markdown_has_headings_and_pipe_tables(comparison):
    text = render_comparison(comparison, "md").decode()
    assert text.startswith("# Changes from Edition 2")
    assert "## Newly published (1)" in text
    assert "| Y.4904-Rev | ITU-T SG20 | Smart sustainable cities maturity model |" in text


def test_json_is_canonical(comparison):
    body = render_comparison(comparison, "json")
    assert body.endswith(b"}\n") and "Überwachung".encode() in body
    doc = json.loads(body)
    assert body == (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()
    assert doc == json.loads(json.dumps(comparison.as_document()))


def word(comparison) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_comparison(comparison, "docx")))


def test_the_progress_report_has_its_sections(comparison):
    document = word(comparison)
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Subtitle", "Progress since Edition 2 (2027-03-01)") in styled
    headings = [text for style, text in styled if style.startswith("Heading")]
    assert headings == ["Summary", "Gaps of the register", "GAP-1 Water quality sensing",
                        "GAP-2 Circular economy indicators", "GAP-10 Mobility data exchange",
                        "Newly published texts by topic group", "Newly approved texts",
                        "New projects", "Texts withdrawn or superseded", "Gaps closed and opened"]
    text = "\n".join(t for _, t in styled)
    assert "Status then: Open. Status now: In progress." in text
    assert "2027-04-10: In progress. Y.SSC-MM under way in Q7/20." in text


def test_the_progress_report_tables_hold_the_changes(comparison):
    tables = word(comparison).tables
    cells = {c.text for t in tables for row in t.rows for c in row.cells}
    assert {"Y.4904-Rev", "Y.AI-city", "In development → Published", "Proposed (newly listed)",
            "S5 Water management", "S12 Tourism"} <= cells
    assert not RAW_CODES.search(" ".join(cells))


def test_the_progress_report_fits_a_portrait_page(comparison):
    document = word(comparison)
    section = document.sections[0]
    assert section.page_width.twips < section.page_height.twips
    for table in document.tables:
        widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(widths) <= PORTRAIT_TEXT_WIDTH
        first = table._tbl.tr_lst[0]
        assert first.trPr.find(qn("w:tblHeader")) is not None
        body = [[c.text for c in row.cells] for row in table.rows[1:]]
        assert all(any(row[i] not in ("", "–") for row in body) for i in range(len(widths)))


def test_the_progress_report_is_dated_by_the_later_side(comparison):
    core = word(comparison).core_properties
    assert core.created.date().isoformat() == core.modified.date().isoformat() == "2027-09-01"


def test_the_workbook_has_a_sheet_per_part(comparison):
    book = load_workbook(io.BytesIO(render_comparison(comparison, "xlsx")))
    assert book.sheetnames == ["Summary", "Changes", "Register", "Published", "New projects",
                               "Gaps", "Item changes"]
    register = list(book["Register"].values)
    assert register[0][:6] == ("Code", "Gap", "Statement", "Topics", "Status then", "Status now")
    assert register[1][0] == "GAP-1" and register[1][4:6] == ("Open", "In progress")
    published = list(book["Published"].values)
    assert {row[1] for row in published[1:]} == {"Y.4904-Rev"}
    assert book["Summary"]["B1"].value == "Edition 2 (2027-03-01)"
    assert book["Summary"]["C2"].value == 17  # work items now, a number


def test_the_workbook_keeps_formula_like_text_as_text():
    before = base_document()
    after = copy.deepcopy(before)
    after["work_items"].append({"organization": "ITU-T", "identifier": "Y.4999",
                                "title": '=HYPERLINK("http://example.com")',
                                "type": "recommendation", "status": "in_development"})
    found = compare(BEFORE, AFTER, before, after, gap_document(before), gap_document(after))
    book = load_workbook(io.BytesIO(render_comparison(found, "xlsx")))
    title = book["New projects"]["C2"]
    assert title.value == '=HYPERLINK("http://example.com")' and title.data_type == "s"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_progress_report_to_pdf(comparison, tmp_path):
    files = []
    for fmt in ("docx", "xlsx"):
        path = tmp_path / f"progress-{fmt}.{fmt}"
        path.write_bytes(render_comparison(comparison, fmt))
        files.append(str(path))
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), *files],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    for fmt in ("docx", "xlsx"):
        pdf = tmp_path / "pdf" / f"progress-{fmt}.pdf"
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), result.stdout


def test_approved_withdrawn_and_superseded_texts_have_their_tables(comparison):
    document = word(comparison)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert any(c.endswith("Texts newly approved") for c in captions)
    assert any(c.endswith("Texts withdrawn or superseded") for c in captions)
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert {"Y.4910", "Y.4472"} <= cells
