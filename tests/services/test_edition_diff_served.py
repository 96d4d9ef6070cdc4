"""Two real editions of a roadmap edited in between: the comparison lists exactly the edits.

The pure comparison is tested on documents (tests/test_edition_diff.py); this runs the same
generated edits through the app: the edited roadmap is imported, both editions are
published from the database, and the comparison read back from them must list the edits,
no more and no fewer (a numbered draft and an added equivalence among them).
"""
import copy

from hypothesis import given, settings, strategies as st

from roadmap.interchange import importer
from roadmap.read import editions
from roadmap.read.gap_report import compute_gap_report
from roadmap.read.records import roadmap_document
from roadmap.services import editions as edition_service
from tests.edition_samples import base_document
from tests.factories import ADMIN, EDITOR
from tests.test_edition_diff import EDITS, Edits, listed


class StoredEdits(Edits):
    """The same edits; a text moved to "published" gets the date the roadmap requires."""

    def status(self):
        before = {id(w): w["status"] for w in self.items()}
        super().status()
        for w in self.items(lambda w: w["status"] == "published" and not w.get("published")):
            if before.get(id(w)) != "published":
                w["published"] = "2027-05"
                self.changed(w, "published")


def replace_roadmap(session, document):
    importer.import_document(session, document, actor=ADMIN, replace=True)
    session.commit()


@settings(max_examples=6)
@given(data=st.data())
def test_the_comparison_of_two_published_editions_lists_exactly_the_edits(session, data):
    for edition in editions.list_editions(session):  # a fresh start for each example
        edition_service.delete(session, edition.number, actor=ADMIN)
    replace_roadmap(session, base_document())
    first = edition_service.publish(session, {"title": "March", "date": "2027-03-01"},
                                    actor=EDITOR).record.number
    session.commit()
    document = copy.deepcopy(roadmap_document(session))
    edits = StoredEdits(data, document)
    for name in data.draw(st.lists(st.sampled_from(EDITS), min_size=1, max_size=6)):
        getattr(edits, name)()
    replace_roadmap(session, document)
    second = edition_service.publish(session, {"title": "September", "date": "2027-09-01"},
                                     actor=EDITOR).record.number
    session.commit()
    between = editions.comparison(session, first, second).as_document()
    assert listed(between) == edits.expected
    assert listed(editions.comparison(session, first, None).as_document()) == edits.expected
    then = {t["code"]: t for t in editions.frozen(session, first)[1]["topics"]}
    moved = {t["code"] for t in compute_gap_report(session).as_document()["topics"]
             if then.get(t["code"]) != t}
    assert {g["code"] for g in between["gaps"]} == moved
