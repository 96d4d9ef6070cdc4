import pytest

from roadmap.errors import ValidationError
from roadmap.services import equivalences, work_items
from tests.factories import EDITOR, make_committee, make_leaves, make_organization, make_work_item


@pytest.fixture
def roadmap(session):
    make_organization(session)
    make_organization(session, "ISO")
    make_committee(session)
    make_leaves(session, "S5", "I1")
    return session


def item(**fields):
    data = {"organization": "ITU-T", "identifier": "Y.4490", "title": "Water monitoring",
            "type": "recommendation", "status": "in_development"}
    data.update(fields)
    return data


def errors_of(session, data):
    with pytest.raises(ValidationError) as error:
        work_items.save_work_item(session, data, actor=EDITOR)
    return error.value.errors


def test_save_work_item_creates_with_mappings(roadmap):
    outcome = work_items.save_work_item(roadmap, item(committee="SG20", topics=[
        {"code": "S5", "relevance": "core"}, {"code": "I1", "relevance": "supporting"}]), actor=EDITOR)
    assert outcome.action == "created"
    assert sorted((m.topic.code, m.relevance) for m in outcome.record.mappings) == [
        ("I1", "supporting"), ("S5", "core")]
    assert outcome.record.committee.code == "SG20"


def test_published_item_needs_a_publication_date(roadmap):
    assert errors_of(roadmap, item(status="published")) == {
        "published": ["is required when the status is published"]}


def test_target_date_is_not_before_registration(roadmap):
    errors = errors_of(roadmap, item(registered="2024-05-10", target="2023-12"))
    assert errors == {"target": ["2023-12 is before the registration date 2024-05-10"]}


def test_partial_dates_that_may_overlap_are_accepted(roadmap):
    outcome = work_items.save_work_item(roadmap, item(registered="2024-05-10", target="2024"), actor=EDITOR)
    assert outcome.record.target == "2024"


def test_every_bad_field_is_reported_at_once(roadmap):
    errors = errors_of(roadmap, item(type="norm", status="draft", published="2024-02-30",
                                     committee="SG99", url="ftp://x",
                                     topics=[{"code": "S55"}, {"code": "S5", "relevance": "main"}]))
    assert errors == {
        "type": ['"norm" is not one of: recommendation, international_standard, '
                 "technical_specification, technical_report, supplement, guide, pas, other"],
        "status": ['"draft" is not one of: proposed, in_development, approved, published, '
                   "withdrawn, superseded"],
        "published": ['"2024-02-30" is not a date (YYYY-MM-DD, YYYY-MM or YYYY)'],
        "url": ['"ftp://x" is not an http(s) address'],
        "committee": ['unknown committee "SG99" of ITU-T'],
        "topics[0].code": ['unknown topic "S55"'],
        "topics[1].relevance": ['"main" is not one of: core, supporting'],
    }


def test_mapping_to_a_grouping_topic_is_refused(roadmap):
    errors = errors_of(roadmap, item(topics=[{"code": "S"}]))
    assert errors == {"topics[0].code": ['"S" groups other topics; map work items to its '
                                         "sub-topics (S5, I1)"]}


def test_update_reports_changes_field_by_field(roadmap):
    make_work_item(roadmap, "Y.4490", status="in_development", topic_codes=["S5"])
    outcome = work_items.save_work_item(roadmap, item(
        title="Water monitoring", status="published", published="2023-11",
        topics=[{"code": "I1", "relevance": "core"}]), actor=EDITOR)
    assert outcome.action == "updated"
    assert outcome.changes["status"] == ("in_development", "published")
    assert outcome.changes["topics"] == ([("S5", "core", None)], [("I1", "core", None)])


def test_equivalence_is_symmetric(roadmap):
    make_work_item(roadmap, "Y.4500.1")
    other = make_work_item(roadmap, "ISO 1", organization="ISO")
    equivalences.add_equivalents(roadmap, {"organization": "ITU-T", "identifier": "Y.4500.1",
                                         "equivalents": [{"organization": "ISO",
                                                          "identifier": "ISO 1"}]}, actor=EDITOR)
    roadmap.flush()
    mine = roadmap.get(type(other), other.id)
    assert len(equivalences.equivalent_ids(roadmap, mine.id)) == 1


def test_equivalent_to_itself_is_refused(roadmap):
    make_work_item(roadmap, "Y.4500.1")
    with pytest.raises(ValidationError) as error:
        equivalences.add_equivalents(roadmap, {
            "organization": "ITU-T", "identifier": "Y.4500.1",
            "equivalents": [{"organization": "ITU-T", "identifier": "Y.4500.1"}]}, actor=EDITOR)
    assert error.value.errors == {"equivalents[0].identifier": [
        "a work item cannot be equivalent to itself"]}
