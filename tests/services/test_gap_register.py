import datetime as dt

import pytest
from roadmap.errors import ValidationError
from roadmap.services import gap_register, work_items
from tests.factories import ADMIN, EDITOR, make_leaves, make_organization, make_work_item
from roadmap.interchange import importer
from roadmap.read import gap_report, records
from roadmap.interchange.problems import FileRefused


@pytest.fixture
def roadmap(session):
    make_organization(session)
    make_leaves(session, "S5", "S8", "I1")
    from roadmap.services import topics
    topics.add_dependency(session, topic="S5", requires="I1", actor=EDITOR)
    topics.add_dependency(session, topic="S8", requires="I1", actor=EDITOR)
    make_work_item(session, "Y.4490", topic_codes=["S5"])
    session.commit()
    return session


def register(session, code, today=dt.date(2026, 11, 25)):
    result = gap_report.analyse_roadmap(session).topics[code]
    outcome = gap_register.register_computed_gap(session, result, today=today, actor=EDITOR)
    session.commit()
    return outcome


def test_a_computed_gap_becomes_an_open_entry_in_one_step(roadmap):
    outcome = register(roadmap, "I1")
    entry = gap_report.list_register(roadmap)[0]
    assert (outcome.key, entry.status, entry.topics, entry.priority) == (
        "GAP-01", "open", ("I1",), "medium")
    assert "2 other topic(s) depend on it" in entry.statement
    assert entry.updates == (("2026-11-25", "open",
                              "Registered from the computed gap list: state uncovered, impact 2."),)


def test_codes_count_up_and_a_topic_is_registered_once(roadmap):
    register(roadmap, "I1")
    assert register(roadmap, "S8").key == "GAP-02"
    with pytest.raises(ValidationError) as error:
        register(roadmap, "I1")
    assert error.value.errors["topic"] == ["I1 is already in the register as GAP-01"]


def test_a_covered_topic_has_no_gap_to_register(roadmap):
    with pytest.raises(ValidationError):
        register(roadmap, "S5")


def test_an_entry_asks_for_review_when_the_data_covers_it_but_stays_open(roadmap):
    register(roadmap, "I1")
    work_items.save_work_item(roadmap, {"organization": "ITU-T", "identifier": "Y.4000",
                                        "title": "IoT", "type": "recommendation",
                                        "status": "published", "published": "2012-06",
                                        "topics": [{"code": "I1"}]}, actor=EDITOR)
    roadmap.commit()
    entry = gap_report.gap_report(roadmap).register[0]
    assert entry.status == "open"
    assert entry.review.startswith("The data no longer shows this gap: I1 is now covered.")


def test_status_updates_keep_their_history(roadmap):
    register(roadmap, "I1")
    gap_register.add_update(roadmap, "GAP-01", status="in_progress", note="SG20 took it up",
                            date=dt.date(2027, 1, 10), actor=EDITOR)
    gap_register.add_update(roadmap, "GAP-01", status="closed", date=dt.date(2027, 6, 1), actor=EDITOR)
    roadmap.commit()
    entry = gap_report.list_register(roadmap)[0]
    assert entry.status == "closed"
    assert [u[:2] for u in entry.updates] == [("2026-11-25", "open"),
                                              ("2027-01-10", "in_progress"),
                                              ("2027-06-01", "closed")]


def test_register_entries_travel_in_the_bundle(roadmap):
    register(roadmap, "I1")
    document = records.roadmap_document(roadmap)
    document["gaps"][0]["leads"] = [{"organization": "ITU-T"}]
    document["gaps"][0]["updates"].append({"date": "2027-01-10", "status": "in_progress"})
    del document["gaps"][0]["status"]  # then the latest update gives it
    importer.import_document(roadmap, document, replace=True, actor=ADMIN)
    roadmap.commit()
    again = records.roadmap_document(roadmap)
    assert again["gaps"] == [{
        "code": "GAP-01", "title": "Topic I1: uncovered",
        "statement": "No published or approved standard covers Topic I1 (I1). "
                     "2 other topic(s) depend on it.", "topics": ["I1"], "priority": "medium",
        "horizon": "2-5 years", "rnd_needed": "maybe", "leads": [{"organization": "ITU-T"}],
        "status": "in_progress",
        "updates": [{"date": "2026-11-25", "status": "open",
                     "note": "Registered from the computed gap list: state uncovered, impact 2."},
                    {"date": "2027-01-10", "status": "in_progress"}]}]


def test_a_bad_register_entry_is_located(roadmap):
    document = {"format": "ssc-roadmap-bundle", "version": 1, "gaps": [
        {"code": "GAP-09", "title": "x", "topics": ["Q1"], "leads": [{"organization": "NOPE"}],
         "updates": [{"date": "2027-13-01", "status": "open"}]}]}
    with pytest.raises(FileRefused) as error:
        importer.import_document(roadmap, document, actor=ADMIN)
    assert error.value.errors == [
        'gaps[0].topics[0]: unknown topic "Q1"',
        'gaps[0].leads[0].organization: unknown organization "NOPE"',
        'gaps[0].updates[0].date: "2027-13-01" is not a date (YYYY-MM-DD)']


def test_editing_the_leads_keeps_an_unchanged_one_and_saves(roadmap):
    from tests.factories import make_committee
    make_organization(roadmap, "ISO")
    make_committee(roadmap, "ITU-T", "SG20")
    make_committee(roadmap, "ISO", "TC 268")
    record = {"code": "GAP-01", "title": "No sensing", "topics": ["I1"],  # ITU-T:SG20; ISO
              "leads": [{"organization": "ITU-T", "committee": "SG20"}, {"organization": "ISO"}]}
    gap_register.save_gap(roadmap, record, actor=EDITOR)
    roadmap.commit()
    version = gap_register.get_gap(roadmap, "GAP-01").version
    record["leads"][1]["committee"] = "TC 268"
    outcome = gap_register.save_gap(roadmap, record, actor=EDITOR, expected_version=version)
    roadmap.commit()
    assert outcome.changes["leads"] == (["ITU-T SG20", "ISO"], ["ITU-T SG20", "ISO TC 268"])
    assert [(lead.organization.acronym, lead.committee.code)
            for lead in gap_register.get_gap(roadmap, "GAP-01").leads] == [
        ("ITU-T", "SG20"), ("ISO", "TC 268")]
    record["leads"].reverse()  # the order alone is a change too
    gap_register.save_gap(roadmap, record, actor=EDITOR)
    roadmap.commit()
    assert [lead.organization.acronym
            for lead in gap_register.get_gap(roadmap, "GAP-01").leads] == ["ISO", "ITU-T"]
