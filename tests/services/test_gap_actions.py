import datetime as dt

import pytest

from roadmap.errors import Conflict, NotAllowed, ValidationError
from roadmap.permissions import Account
from roadmap.read import gap_report
from roadmap.services import gap_actions, gap_register
from tests.factories import EDITOR, make_leaves, make_organization, make_work_item

OFFICER = Account(id=0, email="lo@example.org", role="liaison_officer", organizations=("ITU-T",))


@pytest.fixture
def entry(session):
    make_organization(session)
    make_organization(session, "ISO")
    make_leaves(session, "S5", "S8")
    make_work_item(session, "Y.4490", topic_codes=["S5"])
    result = gap_report.analyse_roadmap(session).topics["S8"]
    gap_register.register_computed_gap(session, result, actor=EDITOR, today=dt.date(2026, 1, 5))
    session.commit()
    return session


def add(session, **data):
    outcome = gap_actions.save_action(session, {"gap": "GAP-01", "text": "Start a work item",
                                                **data}, actor=EDITOR)
    session.commit()
    return outcome


def test_actions_are_numbered_under_their_entry(entry):
    first = add(entry, addressed_to=[{"organization": "ITU-T", "committee": None}])
    second = add(entry, due="2027-03-31", work_items=[{"organization": "ITU-T",
                                                        "identifier": "Y.4490"}])
    assert (first.key, second.key) == ("GAP-01/A1", "GAP-01/A2")
    action = gap_actions.get_action(entry, "GAP-01/A2")
    assert (action.status, action.due, [w.identifier for w in action.work_items]) == (
        "proposed", dt.date(2027, 3, 31), ["Y.4490"])


def test_an_action_names_its_errors_by_field(entry):
    with pytest.raises(ValidationError) as error:
        gap_actions.save_action(entry, {"gap": "GAP-01", "due": "31/03/2027",
                                        "addressed_to": [{"organization": "XYZ"}],
                                        "work_items": [{"organization": "ITU-T",
                                                        "identifier": "Y.9"}]}, actor=EDITOR)
    assert set(error.value.errors) == {"text", "due", "addressed_to[0].organization",
                                       "work_items[0].identifier"}


def test_a_liaison_officer_updates_only_actions_addressed_to_a_body_they_follow(entry):
    add(entry, addressed_to=[{"organization": "ITU-T"}])
    add(entry, addressed_to=[{"organization": "ISO"}])
    gap_actions.add_action_update(entry, "GAP-01/A1", actor=OFFICER, status="agreed",
                                  note="SG20 agreed", date=dt.date(2026, 2, 1))
    with pytest.raises(NotAllowed) as refused:
        gap_actions.add_action_update(entry, "GAP-01/A2", actor=OFFICER, note="ISO said yes")
    entry.commit()
    assert "addressed to ISO" in str(refused.value)
    action = gap_actions.get_action(entry, "GAP-01/A1")
    assert action.status == "agreed" and action.updates[0].note == "SG20 agreed"


def test_a_liaison_officer_does_not_write_actions(entry):
    with pytest.raises(NotAllowed):
        gap_actions.save_action(entry, {"gap": "GAP-01", "text": "x"}, actor=OFFICER)


def test_a_stale_version_is_a_conflict_and_writes_nothing(entry):
    add(entry)
    add(entry, code="A1", text="Changed meanwhile")
    with pytest.raises(Conflict):
        gap_actions.save_action(entry, {"gap": "GAP-01", "code": "A1", "text": "Mine"},
                                actor=EDITOR, expected_version=1)


def test_editing_the_addressees_keeps_an_unchanged_one_and_saves(entry):
    from tests.factories import make_committee
    make_committee(entry, "ITU-T", "SG20")
    make_committee(entry, "ISO", "TC 268")
    sg20 = {"organization": "ITU-T", "committee": "SG20"}
    add(entry, addressed_to=[sg20, {"organization": "ISO"}])
    version = gap_actions.get_action(entry, "GAP-01/A1").version
    outcome = add(entry, code="A1", addressed_to=[sg20, {"organization": "ISO",
                                                         "committee": "TC 268"}])
    assert outcome.changes["addressed_to"] == (["ITU-T SG20", "ISO"],
                                               ["ITU-T SG20", "ISO TC 268"])
    add(entry, code="A1", addressed_to=[{"organization": "ISO", "committee": "TC 268"}, sg20])
    action = gap_actions.get_action(entry, "GAP-01/A1")
    assert action.version == version + 2
    assert [(a.organization.acronym, a.committee.code) for a in action.addressees] == [
        ("ISO", "TC 268"), ("ITU-T", "SG20")]
