"""The dependency graph's drawing is made once per revision and again after a change."""
from roadmap.read.gap_report import graph_drawing
from roadmap.services import topics
from tests.factories import EDITOR, make_leaves, make_organization


def test_the_drawing_is_kept_until_the_roadmap_changes(session):
    make_organization(session)
    make_leaves(session, "S5", "I1")
    session.commit()
    first = graph_drawing(session)
    assert graph_drawing(session) is first
    topics.add_dependency(session, topic="S5", requires="I1", actor=EDITOR)
    session.commit()
    again = graph_drawing(session)
    assert again is not first and len(again.edges) == len(first.edges) + 1
