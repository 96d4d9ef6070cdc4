import pytest

from roadmap.errors import ValidationError
from roadmap.services import topics
from tests.factories import EDITOR, make_leaves, make_organization, make_topic, make_work_item


def test_add_dependency_rejects_a_cycle_and_names_it(session):
    make_leaves(session, "S5", "I1", "I3")
    topics.add_dependency(session, topic="S5", requires="I1", actor=EDITOR)
    topics.add_dependency(session, topic="I1", requires="I3", actor=EDITOR)
    with pytest.raises(ValidationError) as error:
        topics.add_dependency(session, topic="I3", requires="S5", actor=EDITOR)
    assert error.value.errors["requires"] == ["would close the cycle I3 -> S5 -> I1 -> I3"]


def test_add_dependency_rejects_a_self_loop(session):
    make_leaves(session, "S5")
    with pytest.raises(ValidationError) as error:
        topics.add_dependency(session, topic="S5", requires="S5", actor=EDITOR)
    assert "cannot require itself" in error.value.errors["requires"][0]


def test_add_dependency_refuses_a_parent_topic(session):
    make_leaves(session, "S5")
    make_leaves(session, "I1", group="I")
    with pytest.raises(ValidationError) as error:
        topics.add_dependency(session, topic="S5", requires="I", actor=EDITOR)
    assert "only leaf topics" in error.value.errors["requires"][0]


def test_add_dependency_refuses_an_unknown_topic(session):
    make_leaves(session, "S5")
    with pytest.raises(ValidationError) as error:
        topics.add_dependency(session, topic="S5", requires="Q9", actor=EDITOR)
    assert error.value.errors["requires"] == ['unknown topic "Q9"']


def test_save_dependencies_locates_every_cycle_in_input_order(session):
    make_leaves(session, "A", "B", "C")
    with pytest.raises(ValidationError) as error:
        topics.save_dependencies(session, [{"topic": "A", "requires": "B"},
                                           {"topic": "B", "requires": "A"},
                                           {"topic": "B", "requires": "C"},
                                           {"topic": "C", "requires": "A"}], actor=EDITOR)
    assert error.value.errors == {"[1].requires": ["would close the cycle B -> A -> B"],
                                  "[3].requires": ["would close the cycle C -> A -> B -> C"]}


def test_save_topic_keeps_the_taxonomy_at_two_levels(session):
    make_leaves(session, "S5")
    with pytest.raises(ValidationError) as error:
        make_topic(session, "S5.1", parent="S5")
    assert "two levels" in error.value.errors["parent"][0]


def test_save_topic_refuses_to_group_under_a_topic_with_work(session):
    make_organization(session)
    make_topic(session, "Q1", category="governance")
    make_work_item(session, topic_codes=["Q1"])
    session.flush()
    with pytest.raises(ValidationError) as error:
        make_topic(session, "Q1a", parent="Q1")
    assert "has work items or dependencies" in error.value.errors["parent"][0]


def test_save_topic_inherits_the_parent_category(session):
    make_topic(session, "K", category="measurement")
    leaf = make_topic(session, "K1", parent="K", category=None)
    assert leaf.category == "measurement"


def test_a_group_without_a_category_is_cross_cutting_as_documented(session):
    """The rule every way in shares: a bundle written after the example may leave it out."""
    group = topics.save_topic(session, {"code": "Z", "name": "Z"}, actor=EDITOR).record
    assert group.category == "cross_cutting"
    assert topics.save_topic(session, {"code": "Z1", "name": "Z1", "parent": "Z"},
                             actor=EDITOR).record.category == "cross_cutting"


def test_save_topic_reports_the_changed_fields(session):
    make_topic(session, "S")
    outcome = topics.save_topic(session, {"code": "S", "name": "City services",
                                          "category": "city_service"}, actor=EDITOR)
    assert outcome.action == "updated"
    assert outcome.changes == {"name": ("Topic S", "City services")}
