"""Cases a hostile review of the importer found; each failed before its fix."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from roadmap.interchange import files, importer, tabular, xlsx
from roadmap.interchange.problems import FileRefused
from roadmap.models import Equivalence
from roadmap.read import records
from roadmap.services import equivalences, topics, work_items
from tests.factories import ADMIN, EDITOR, small_bundle
from tests.interchange.test_hostile_files import HEADER, ROW, with_sheet, workbook


@pytest.fixture
def roadmap(session):
    importer.import_document(session, small_bundle(), actor=ADMIN)
    session.commit()
    return session


def refused(session, document) -> list[str]:
    with pytest.raises(FileRefused) as error:
        importer.import_document(session, document, actor=ADMIN)
    session.rollback()
    return error.value.errors


def test_a_bundle_of_a_hundred_thousand_non_records_is_refused_quickly_in_few_lines(session):
    start = time.monotonic()
    errors = refused(session, {"format": "ssc-roadmap-bundle", "version": 1,
                               "work_items": [0] * 100_000})
    assert time.monotonic() - start < 10
    assert len(errors) <= 201 and errors[-1].startswith("... and ")


def test_a_section_past_any_roadmap_is_refused_before_it_is_checked(session):
    errors = refused(session, {"format": "ssc-roadmap-bundle", "version": 1,
                               "work_items": [{}] * 250_001})
    assert errors == ["work_items: has 250001 entries; at most 250000 are read"]


def test_a_sheet_of_countless_empty_cells_is_refused():
    row = b"".join(f'<c r="{chr(65 + n % 26)}{chr(65 + n // 26 % 26)}3" s="{n % 9}"/>'.encode()
                   for n in range(650_000))
    data = with_sheet(workbook([HEADER, ROW]), lambda sheet: sheet.replace(
        b"</sheetData>", b'<row r="3">' + row + b"</row></sheetData>"))
    with pytest.raises(FileRefused) as error:
        xlsx.read_xlsx_rows(data)
    assert "more than 600,000 cells" in error.value.errors[0]


def test_a_cell_whose_reference_is_not_its_first_attribute_is_read():
    data = with_sheet(workbook([HEADER, ROW]), lambda sheet: sheet.replace(
        b"</sheetData>", b'<row r="3"><c t="inlineStr" r="A3"><is><t>ISO</t></is></c></row>'
                         b"</sheetData>"))
    assert len(xlsx.read_xlsx_rows(data)) == 3


def test_a_draft_known_by_its_provisional_name_keeps_its_equivalents(roadmap):
    data = {"organization": "ITU-T", "provisional_name": "Y.SSC-MM", "title": "Draft",
            "type": "recommendation", "status": "in_development",
            "equivalents": [{"organization": "ISO", "identifier": "ISO 1"}]}
    work_items.save_work_item(roadmap, data, actor=EDITOR)
    assert equivalences.add_equivalents(roadmap, data, actor=EDITOR).action == "updated"
    roadmap.commit()
    assert roadmap.scalar(select(func.count()).select_from(Equivalence)) == 2


def test_the_apps_own_csv_imports_back_without_losing_mapping_notes(roadmap):
    record = records.work_item_records(roadmap)[1]  # ITU-T Y.4490
    record["topics"][0]["note"] = "fire hydrants"
    work_items.save_work_item(roadmap, record, actor=EDITOR)
    roadmap.commit()
    text = tabular.write_csv(records.work_item_records(roadmap))
    report = files.import_file(roadmap, "items.csv", text.encode(), actor=ADMIN)
    assert {o.action for o in report.outcomes} == {"unchanged"}


@pytest.mark.parametrize("section, entry", [
    ("committees", {"organization": "ITU-T", "code": ["x"], "name": "n"}),
    ("topics", {"code": {"a": 1}, "name": "n"}),
    ("gaps", {"code": "GAP-09", "title": "t", "priority": "high", "rnd_needed": "no",
              "topics": [{"a": 1}, ["x"]]}),
])
def test_values_of_the_wrong_kind_are_refused_in_words(roadmap, section, entry):
    errors = refused(roadmap, {"format": "ssc-roadmap-bundle", "version": 1, section: [entry]})
    assert errors and not any("{'" in e or "['" in e for e in errors), errors


def test_a_bundle_takes_values_with_spaces_around_them_as_every_way_in_does(roadmap):
    document = small_bundle()
    document["work_items"][1].update(type="international_standard ", registered="2020 ")
    document["organizations"][1]["url"] = " https://www.iso.org/"
    importer.import_document(roadmap, document, actor=ADMIN)


def test_a_table_names_the_right_row_after_blank_lines(roadmap):
    text = (b"organization,identifier,title,type,status,url\n,,,,,\n,,,,,\n"
            b"ITU-T,Y.1,T,recommendation,proposed,ftp://x\n")
    with pytest.raises(FileRefused) as error:
        files.import_file(roadmap, "items.csv", text, actor=ADMIN)
    assert error.value.errors == ['row 4, column "url": "ftp://x" is not an http(s) address']


def test_a_preview_sees_a_dependency_change(roadmap):
    document = small_bundle()
    before = importer.import_document(roadmap, document, actor=ADMIN).snapshot
    roadmap.rollback()
    topics.update_dependency(roadmap, actor=EDITOR, topic="S5", requires="I1",
                             rationale="saved meanwhile")
    roadmap.commit()
    with pytest.raises(importer.StalePreview) as stale:
        importer.import_document(roadmap, document, actor=ADMIN, expected=before)
    roadmap.rollback()
    assert stale.value.changed == ["dependency S5 requires I1"]


def test_a_register_entry_whose_topics_changed_is_a_new_version(roadmap):
    from roadmap.models import RegisterEntry
    from roadmap.services import gap_register
    entry = {"code": "GAP-01", "title": "t", "priority": "high", "rnd_needed": "no",
             "topics": ["S5"]}
    gap_register.save_gap(roadmap, entry, actor=EDITOR)
    roadmap.commit()
    gap_register.save_gap(roadmap, {**entry, "topics": ["S5", "I1"]}, actor=EDITOR)
    roadmap.commit()
    assert roadmap.scalar(select(RegisterEntry.version)) == 2
