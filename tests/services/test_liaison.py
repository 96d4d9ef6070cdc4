import datetime as dt

import pytest

from roadmap.errors import NotAllowed, ValidationError
from roadmap.interchange import importer
from roadmap.interchange.problems import FileRefused
from roadmap.permissions import Account
from roadmap.read import liaison as rows
from roadmap.services import liaison
from tests.factories import ADMIN, small_bundle

OFFICER = Account(id=0, email="lo@example.org", role="liaison_officer", organizations=("ITU-T",))
TO_ISO = {"organization": "ISO", "reference": "N7", "title": "Terms", "date": "2026-01-10",
          "kind": "incoming", "deadline": "2026-03-01",
          "to": [{"organization": "ISO", "purpose": "comment"}]}


@pytest.fixture
def roadmap(session):
    importer.import_document(session, small_bundle(), actor=ADMIN)
    session.commit()
    return session


def statement(**extra):
    return {"organization": "ITU-T", "committee": "SG20", "reference": "SG20-LS1",
            "title": "Sensing", "date": "2026-02-10", "kind": "outgoing",
            "deadline": "2026-05-01", "to": [{"organization": "ISO", "purpose": "action"}],
            **extra}


def test_a_reply_marks_its_statement_replied(roadmap):
    liaison.save_statement(roadmap, statement(), actor=OFFICER)
    liaison.save_statement(roadmap, {
        "organization": "ISO", "reference": "N9", "title": "Reply", "date": "2026-04-01",
        "kind": "incoming", "to": [{"organization": "ITU-T", "purpose": "information"}],
        "reply_to": {"organization": "ITU-T", "reference": "SG20-LS1"}}, actor=OFFICER)
    roadmap.commit()
    original, thread = rows.get_thread(roadmap, "ITU-T", "SG20-LS1")
    assert original.status == "replied"
    assert [(d, r.reference) for d, r in thread] == [(0, "SG20-LS1"), (1, "N9")]


def test_an_unanswered_statement_past_its_deadline_is_awaiting(roadmap):
    liaison.save_statement(roadmap, statement(), actor=OFFICER)
    roadmap.commit()
    assert [s.reference for s in rows.list_statements(roadmap, awaiting=True,
                                                      today=dt.date(2026, 6, 1))] == ["SG20-LS1"]
    assert rows.list_statements(roadmap, awaiting=True, today=dt.date(2026, 4, 1)) == ()
    assert len(rows.list_statements(roadmap, within=40, today=dt.date(2026, 4, 1))) == 1


def test_a_liaison_officer_enters_statements_of_a_body_they_follow_only(roadmap):
    with pytest.raises(NotAllowed) as refused:
        liaison.save_statement(roadmap, TO_ISO, actor=OFFICER)
    assert "ISO" in str(refused.value)


def test_a_liaison_officer_cannot_import_a_statement_of_another_body(roadmap):
    with pytest.raises(FileRefused) as refused:
        importer.import_document(roadmap, {"format": "ssc-roadmap-bundle", "version": 1,
                                           "liaison_statements": [TO_ISO]}, actor=OFFICER)
    assert "liaison_statements[0]" in str(refused.value) and "ISO" in str(refused.value)


def test_a_statement_names_its_errors_by_field(roadmap):
    with pytest.raises(ValidationError) as error:
        liaison.save_statement(roadmap, statement(date="10 Feb", kind="sideways",
                                                  to=[{"organization": "XYZ", "purpose": "x"}],
                                                  reply_to={"organization": "ISO",
                                                            "reference": "N0"}), actor=ADMIN)
    assert set(error.value.errors) == {"date", "kind", "to[0].organization", "to[0].purpose",
                                       "reply_to.reference"}


ANSWER_TO_N7 = statement(reference="SG20-LS9", reply_to={"organization": "ISO", "reference": "N7"})


def test_a_liaison_officer_cannot_mark_replied_a_statement_of_bodies_they_do_not_follow(roadmap):
    liaison.save_statement(roadmap, TO_ISO, actor=ADMIN)  # ISO N7, to ISO
    roadmap.commit()
    with pytest.raises(ValidationError) as refused:
        liaison.save_statement(roadmap, ANSWER_TO_N7, actor=OFFICER)
    assert "you may not record a reply to ISO N7" in refused.value.errors["reply_to.reference"][0]
    roadmap.rollback()
    with pytest.raises(FileRefused) as refused_file:
        importer.import_document(roadmap, {"format": "ssc-roadmap-bundle", "version": 1,
                                           "liaison_statements": [ANSWER_TO_N7]}, actor=OFFICER)
    assert "liaison_statements[0].reply_to.reference: you may not" in str(refused_file.value)
    assert rows.get_thread(roadmap, "ISO", "N7")[0].status == "open"
    liaison.save_statement(roadmap, ANSWER_TO_N7, actor=ADMIN)  # an editor may
    assert rows.get_thread(roadmap, "ISO", "N7")[0].status == "replied"


def test_an_officer_may_edit_a_statement_whose_reply_to_an_editor_recorded(roadmap):
    liaison.save_statement(roadmap, TO_ISO, actor=ADMIN)
    liaison.save_statement(roadmap, ANSWER_TO_N7, actor=ADMIN)
    roadmap.commit()
    outcome = liaison.save_statement(roadmap, {**ANSWER_TO_N7, "title": "Sensing, again"},
                                     actor=OFFICER)
    assert outcome.action == "updated"


def test_editing_the_recipients_keeps_an_unchanged_one_and_saves(roadmap):
    sg20 = {"organization": "ITU-T", "committee": "SG20", "purpose": "comment"}
    liaison.save_statement(roadmap, statement(to=[{"organization": "ISO", "purpose": "action"},
                                                  sg20]), actor=OFFICER)
    roadmap.commit()
    for to in ([{"organization": "ISO", "purpose": "comment"}, sg20],  # a new purpose
               [sg20, {"organization": "ISO", "purpose": "comment"}],  # a new order
               [{**sg20, "purpose": "action"}]):  # one left, its purpose changed
        liaison.save_statement(roadmap, statement(to=to), actor=OFFICER)
        roadmap.commit()
        assert rows.get_thread(roadmap, "ITU-T", "SG20-LS1")[0].to == tuple(
            (r["organization"], r.get("committee"), r["purpose"]) for r in to)


def test_a_statement_s_sender_and_reference_can_be_corrected(roadmap):
    liaison.save_statement(roadmap, statement(reference="SG20-LS46"), actor=OFFICER)
    liaison.save_statement(roadmap, {**TO_ISO, "reference": "N8", "to": [
        {"organization": "ITU-T", "purpose": "information"}],
        "reply_to": {"organization": "ITU-T", "reference": "SG20-LS46"}}, actor=ADMIN)
    roadmap.commit()
    version = rows.get_thread(roadmap, "ITU-T", "SG20-LS46")[0].version
    outcome = liaison.save_statement(roadmap, statement(reference="SG20-LS47"), actor=OFFICER,
                                     expected_version=version,
                                     stored_as=("ITU-T", "SG20-LS46"))
    roadmap.commit()
    assert (outcome.key, outcome.changes["reference"]) == (
        "ITU-T SG20-LS47", ("SG20-LS46", "SG20-LS47"))
    assert rows.get_thread(roadmap, "ITU-T", "SG20-LS46")[0] is None
    corrected, thread = rows.get_thread(roadmap, "ITU-T", "SG20-LS47")
    assert corrected.status == "replied" and [r.reference for _, r in thread] == [
        "SG20-LS47", "N8"]
    with pytest.raises(ValidationError) as taken:  # onto another statement's key
        liaison.save_statement(roadmap, {**TO_ISO, "reference": "N8", "to": [
            {"organization": "ITU-T", "purpose": "information"}]}, actor=ADMIN,
            stored_as=("ITU-T", "SG20-LS47"))
    assert taken.value.errors["reference"] == ["there is already a liaison statement ISO N8"]


def test_a_reply_deadline_before_the_statement_s_date_is_refused(roadmap):
    with pytest.raises(ValidationError) as error:
        liaison.save_statement(roadmap, statement(date="2026-02-10", deadline="2026-02-09"),
                               actor=OFFICER)
    assert error.value.errors == {"deadline": ["the reply deadline is before the statement's date"]}
    liaison.save_statement(roadmap, statement(date="2026-02-10", deadline="2026-02-10"),
                           actor=OFFICER)  # the same day is a deadline still
