"""The Word export's Suggestions column and gap register carry the open actions."""
import io

import docx
import pytest

from roadmap.interchange import importer
from tests.exporters.test_exports import area_tables, export, export_bundle_document, texts
from tests.factories import ADMIN


@pytest.fixture
def roadmap(session):
    document = export_bundle_document()
    document["gaps"][0]["actions"] = [
        {"code": "A1", "text": "Propose a waste data work item", "due": "2027-03-31",
         "addressed_to": [{"organization": "ITU-T", "committee": "SG20"}], "status": "agreed"},
        {"code": "A2", "text": "Ask ISO/TC 268", "status": "dropped"}]
    importer.import_document(session, document, actor=ADMIN)
    session.commit()
    return session


def test_suggestions_carry_the_recommendation_and_the_open_actions(roadmap):
    document = docx.Document(io.BytesIO(export(roadmap, "docx")))
    table = area_tables(document)[1]
    waste = [texts(row) for row in table.rows[1:]][2]
    assert texts(table.rows[0])[7] == "Suggestions"
    assert waste[7] == ("GAP-01: SG20 to start a work item on waste data.\n"
                        "GAP-01/A1: Propose a waste data work item (ITU-T SG20; due 2027-03-31)")
    register = next(t for t in document.tables if t.rows[0].cells[0].text == "Code")
    assert texts(register.rows[0])[4] == "Recommendation and open actions"
    assert "GAP-01/A1: Propose" in texts(register.rows[1])[4]
    assert "A2" not in texts(register.rows[1])[4]  # dropped: no longer open
