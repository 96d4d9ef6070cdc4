"""Actions and liaison statements travel in the bundle: export -> import -> export."""
import datetime as dt

from roadmap.interchange import importer
from roadmap.read import gap_report, records
from roadmap.services import gap_actions, gap_register
from tests.factories import ADMIN, EDITOR, small_bundle


def follow_up(session):
    importer.import_document(session, small_bundle(), actor=ADMIN)
    result = gap_report.analyse_roadmap(session)[0].topics["I1"]
    gap_register.register_computed_gap(session, result, actor=EDITOR, today=dt.date(2026, 1, 5))
    gap_actions.save_action(session, {
        "gap": "GAP-01", "text": "Start a sensing framework", "owner": "SG20 chair",
        "due": "2027-03-31", "addressed_to": [{"organization": "ITU-T", "committee": "SG20"},
                                              {"organization": "ISO"}],
        "work_items": [{"organization": "ISO", "identifier": "ISO 1"}]}, actor=EDITOR)
    gap_actions.add_action_update(session, "GAP-01/A1", actor=EDITOR, status="agreed",
                                  note="agreed at the March meeting", date=dt.date(2026, 3, 9))
    session.commit()


def test_export_import_export_keeps_actions(session):
    follow_up(session)
    first = records.roadmap_document(session)
    importer.import_document(session, first, actor=ADMIN, replace=True)
    session.commit()
    again = records.roadmap_document(session)
    assert again == first
    action = first["gaps"][0]["actions"][0]
    assert (action["code"], action["status"], action["updates"][-1]["note"]) == (
        "A1", "agreed", "agreed at the March meeting")
