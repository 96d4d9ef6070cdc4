import pytest
from sqlalchemy import func, select
from roadmap.interchange.problems import FileRefused
from roadmap.models import WorkItem
from tests.factories import small_bundle
from tests.factories import ADMIN
from roadmap.interchange import files, importer, tabular
from roadmap.read import records

HEADER = "organization,identifier,title,type,status,published,topics,equivalents\n"


@pytest.fixture
def roadmap(session):
    importer.import_document(session, small_bundle(), actor=ADMIN)
    session.commit()
    return session


def csv_errors(session, text: bytes) -> list[str]:
    with pytest.raises(FileRefused) as error:
        files.import_file(session, "items.csv", text, actor=ADMIN)
    return error.value.errors


def test_export_then_import_changes_nothing(roadmap):
    text = tabular.write_csv(records.work_item_records(roadmap))
    assert text.splitlines()[0].split(",") == list(tabular.COLUMNS)
    assert "S5:core" in text and "ISO:ISO 1" in text
    report = files.import_file(roadmap, "items.csv", text.encode("utf-8-sig"), actor=ADMIN)
    assert {o.action for o in report.outcomes} == {"unchanged"}


def test_rows_are_imported_with_topics_and_equivalents(roadmap):
    text = HEADER + 'ITU-T,Y.4600,"Digital twin, smart cities",recommendation,published,' \
                    "2022-08,S5:core;I1:supporting,ISO:ISO 1\n"
    report = files.import_file(roadmap, "items.csv", text.encode(), actor=ADMIN)
    roadmap.commit()
    assert [(o.key, o.action) for o in report.outcomes] == [
        ("ITU-T Y.4600", "created"), ("ISO ISO 1", "updated")]  # its twin's history says so
    stored = roadmap.scalar(select(WorkItem.id).where(WorkItem.identifier == "Y.4600"))
    record = records.work_item_records(roadmap, [stored])[0]
    assert record["topics"] == [{"code": "I1", "relevance": "supporting"},
                                {"code": "S5", "relevance": "core"}]
    assert record["equivalents"] == [{"organization": "ISO", "identifier": "ISO 1"}]


def test_one_bad_row_writes_nothing_and_is_named(roadmap):
    text = HEADER + ("ITU-T,Y.1,Good,recommendation,in_development,,S5:core,\n"
                     "ITU-T,Y.2,Bad,recommendation,published,,S55:core,ISO-no-colon\n")
    errors = csv_errors(roadmap, text.encode())
    assert errors == [
        'row 3, column "equivalents": "ISO-no-colon" is not "ORGANIZATION:IDENTIFIER"',
        'row 3, column "published": is required when the status is published',
        'row 3, column "topics" (entry 1): unknown topic "S55"',
    ]
    assert roadmap.scalar(select(func.count()).select_from(WorkItem)) == 2


def test_unknown_and_missing_columns_are_refused(roadmap):
    assert csv_errors(roadmap, b"organisation,identifier,title,type,status\n") == [
        'column "organisation" is not known; the columns are: ' + ", ".join(tabular.COLUMNS),
        'column "organization" is missing']


def test_a_file_in_another_encoding_is_refused(roadmap):
    text = (HEADER + "ITU-T,Y.1,Caf\xe9,recommendation,proposed,,,\n").encode("latin-1")
    errors = csv_errors(roadmap, text)
    assert errors[0].startswith("the file is not UTF-8 text")


def test_a_broken_csv_is_refused(roadmap):
    errors = csv_errors(roadmap, (HEADER + 'ITU-T,Y.1,"unterminated\n').encode())
    assert errors[0].startswith("the file is not valid CSV")


def test_a_row_with_only_a_provisional_name_is_keyed_by_it_as_the_form_does(roadmap):
    text = ("organization,provisional_name,title,type,status\n"
            "ITU-T,Y.SSC-DT,Digital twins of cities,recommendation,in_development\n")
    report = files.import_file(roadmap, "items.csv", text.encode(), actor=ADMIN)
    assert [(o.key, o.action) for o in report.outcomes] == [("ITU-T Y.SSC-DT", "created")]
    neither = csv_errors(roadmap, b"organization,title,type,status\nITU-T,T,recommendation,"
                                  b"in_development\n")
    assert neither == ['column "identifier" is missing (or "provisional_name", for drafts '
                       "known only by it)"]
