"""Actions and liaison statements travel in the bundle: export -> import -> export."""
import datetime as dt

from roadmap.interchange import importer
from roadmap.read import gap_report, records
from roadmap.services import gap_actions, gap_register
from tests.factories import ADMIN, EDITOR, small_bundle


def follow_up(session):
    importer.import_document(session, small_bundle(), actor=ADMIN)
    result = gap_report.analyse_roadmap(session).topics["I1"]
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


def statements(session):
    from roadmap.services import liaison
    for record in (
            {"organization": "ITU-T", "committee": "SG20", "reference": "SG20-LS1",
             "title": "Smart sensing framework", "date": "2026-02-10", "kind": "outgoing",
             "deadline": "2026-05-01", "url": "https://www.itu.int/md/T22-SG20-LS1",
             "to": [{"organization": "ISO", "purpose": "action"}], "topics": ["I1"],
             "gaps": ["GAP-01"], "work_items": [{"organization": "ISO", "identifier": "ISO 1"}]},
            {"organization": "ISO", "reference": "N42", "title": "Reply on sensing",
             "date": "2026-04-20", "kind": "incoming",
             "to": [{"organization": "ITU-T", "committee": "SG20", "purpose": "information"}],
             "reply_to": {"organization": "ITU-T", "reference": "SG20-LS1"}}):
        liaison.save_statement(session, record, actor=EDITOR)
    session.commit()


def test_export_import_export_keeps_statements_and_their_thread(session):
    follow_up(session)
    statements(session)
    first = records.roadmap_document(session)
    first["liaison_statements"].reverse()  # the reply first: the importer orders them
    importer.import_document(session, first, actor=ADMIN, replace=True)
    session.commit()
    first["liaison_statements"].reverse()
    assert records.roadmap_document(session) == first
    original = next(s for s in first["liaison_statements"] if s["reference"] == "SG20-LS1")
    assert original["status"] == "replied"


def test_a_backup_with_a_statement_naming_a_register_entry_restores_into_an_empty_roadmap(session):
    from tests.factories import follow_up as with_follow_up
    importer.import_document(session, small_bundle(), actor=ADMIN)
    with_follow_up(session)
    backup = records.roadmap_document(session)
    assert backup["liaison_statements"][0]["gaps"] == ["GAP-01"]
    importer.clear(session)
    session.commit()
    importer.import_document(session, backup, actor=ADMIN)  # no replace: nothing stored
    session.commit()
    assert records.roadmap_document(session) == backup
