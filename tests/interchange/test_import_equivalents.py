"""What an import does to equivalences: a record that carries `equivalents` states its item's
whole set, a pair named by either side's record stays, a record without the key leaves its
item's pairs alone, and every declaration or removal needs the right to change both texts."""
import pytest
from sqlalchemy import select

from roadmap.interchange import files, freshness, importer
from roadmap.interchange.importer import StalePreview
from roadmap.interchange.problems import FileRefused
from roadmap.interchange.report import change_words
from roadmap.models import AuditRecord, Equivalence, WorkItem
from roadmap.permissions import Account
from roadmap.read import records
from roadmap.read.exports import bundle_document
from roadmap.read.filters import WorkItemFilter
from roadmap.services import equivalences
from roadmap.services.lookup import Lookup
from tests.factories import EDITOR, make_organization, make_work_item

ITU_OFFICER = Account(id=0, email="lo@example.org", role="liaison_officer",
                      organizations=("ITU-T",))
BOTH_OFFICER = Account(id=0, email="both@example.org", role="liaison_officer",
                       organizations=("ITU-T", "ISO", "IEC"))
HEADER = "organization,identifier,title,type,status,published,equivalents\n"


@pytest.fixture
def roadmap(session):
    """ITU-T Y.1 is equivalent to ISO 1; IEC 1 stands alone."""
    for acronym in ("ITU-T", "ISO", "IEC"):
        make_organization(session, acronym)
    for organization, identifier in (("ITU-T", "Y.1"), ("ISO", "ISO 1"), ("IEC", "IEC 1")):
        make_work_item(session, identifier, organization=organization)
    equivalences.add_equivalents(session, record("ITU-T", "Y.1", ("ISO", "ISO 1")), actor=EDITOR)
    session.commit()
    return session


def record(organization, identifier, *equivalents) -> dict:
    """A stored item's record as exported, with `equivalents` stated."""
    return {"organization": organization, "identifier": identifier,
            "title": f"Title of {identifier}", "type": "recommendation", "status": "published",
            "published": "2022-08-29",
            "equivalents": [{"organization": o, "identifier": i} for o, i in equivalents]}


def document(*items) -> dict:
    return {"format": "ssc-roadmap-bundle", "version": 1, "work_items": list(items)}


def pairs(session) -> set:
    names = dict(session.execute(select(WorkItem.id, WorkItem.identifier)).all())
    return {frozenset((names[a], names[b])) for a, b in session.execute(
        select(Equivalence.low_id, Equivalence.high_id))}


def state(session) -> tuple:
    """Everything an equivalence change touches: the pairs, the versions, the history."""
    return (pairs(session), sorted(session.execute(select(WorkItem.identifier, WorkItem.version))),
            len(session.scalars(select(AuditRecord)).all()))


@pytest.mark.parametrize("stated", [(), (("ISO", "ISO 1"), ("IEC", "IEC 1"))],
                         ids=["removes ISO 1", "adds IEC 1"])
def test_an_officer_of_one_body_cannot_change_another_bodys_pairs_by_import(roadmap, stated):
    before = state(roadmap)
    with pytest.raises(FileRefused) as refused:
        importer.import_document(roadmap, document(record("ITU-T", "Y.1", *stated)),
                                 actor=ITU_OFFICER)
    assert "changing an I" in " ".join(refused.value.errors)
    assert state(roadmap) == before


@pytest.mark.parametrize("actor", [EDITOR, BOTH_OFFICER], ids=["editor", "officer of all"])
def test_a_stated_set_removes_and_declares_and_both_sides_see_it(roadmap, actor):
    versions = dict(roadmap.execute(select(WorkItem.identifier, WorkItem.version)).all())
    report = importer.import_document(roadmap, document(record("ITU-T", "Y.1", ("IEC", "IEC 1"))),
                                      actor=actor)
    roadmap.commit()
    assert pairs(roadmap) == {frozenset(("Y.1", "IEC 1"))}
    said = {o.key: o.changes.get("equivalents") for o in report.outcomes}
    assert said["ITU-T Y.1"] == (None, "+ IEC IEC 1; - ISO ISO 1")
    assert said["ISO ISO 1"] == (None, "- ITU-T Y.1") and said["IEC IEC 1"] == (None, "+ ITU-T Y.1")
    after = dict(roadmap.execute(select(WorkItem.identifier, WorkItem.version)).all())
    assert {k: after[k] - versions[k] for k in after} == {"Y.1": 1, "ISO 1": 1, "IEC 1": 1}


def test_a_pair_named_by_either_record_stays_and_a_record_without_the_key_changes_nothing(
        roadmap):
    one_side = document(record("ITU-T", "Y.1"), record("ISO", "ISO 1", ("ITU-T", "Y.1")))
    silent = document({k: v for k, v in record("ITU-T", "Y.1").items() if k != "equivalents"})
    for file in (one_side, silent):
        report = importer.import_document(roadmap, file, actor=ITU_OFFICER if file is silent
                                          else EDITOR)
        assert {o.action for o in report.outcomes} == {"unchanged"}
    assert pairs(roadmap) == {frozenset(("Y.1", "ISO 1"))}


def test_a_table_without_the_column_leaves_pairs_alone_and_an_empty_cell_removes_them(roadmap):
    row = "ITU-T,Y.1,Title of Y.1,recommendation,published,2022-08-29"
    without = HEADER.replace(",equivalents", "") + row + "\n"
    files.import_file(roadmap, "items.csv", without.encode(), actor=ITU_OFFICER)
    assert pairs(roadmap) == {frozenset(("Y.1", "ISO 1"))}
    with pytest.raises(FileRefused, match="changing an ISO text"):
        files.import_file(roadmap, "items.csv", (HEADER + row + ",\n").encode(),
                          actor=ITU_OFFICER)
    report = files.import_file(roadmap, "items.csv", (HEADER + row + ",\n").encode(),
                               actor=EDITOR)
    assert pairs(roadmap) == set()
    changes = next(o.changes for o in report.outcomes if o.key == "ITU-T Y.1")
    assert change_words("equivalents", *changes["equivalents"])[2] == \
        "removes the equivalence to ISO ISO 1"


def test_an_apply_after_an_equivalence_changed_meanwhile_is_stale(roadmap):
    file = document(record("ITU-T", "Y.1", ("IEC", "IEC 1")))
    expected = freshness.snapshot(file, Lookup(roadmap).preload())
    roadmap.rollback()
    ids = dict(roadmap.execute(select(WorkItem.identifier, WorkItem.id)).all())
    equivalences.remove_equivalent(roadmap, ids["ISO 1"], ids["Y.1"], actor=EDITOR)
    roadmap.commit()
    with pytest.raises(StalePreview) as stale:
        importer.import_document(roadmap, file, actor=EDITOR, expected=expected)
    assert stale.value.changed == ["work item ITU-T Y.1"]


def test_an_organizations_own_bundle_export_imports_back_unchanged(roadmap):
    make_work_item(roadmap, "Y.2")
    equivalences.add_equivalents(roadmap, record("ITU-T", "Y.1", ("ITU-T", "Y.2")),
                                 actor=EDITOR)
    roadmap.commit()
    ids = list(roadmap.scalars(select(WorkItem.id).where(WorkItem.identifier.in_(["Y.1", "Y.2"]))))
    exported = bundle_document(roadmap, WorkItemFilter(organization="ITU-T"), ids)
    by_key = {r["identifier"]: r for r in exported["work_items"]}
    assert "equivalents" not in by_key["Y.1"]  # ISO 1 is outside the view: it cannot say all
    assert by_key["Y.2"]["equivalents"] == [{"organization": "ITU-T", "identifier": "Y.1"}]
    before = records.roadmap_document(roadmap)
    report = importer.import_document(roadmap, exported, actor=EDITOR)
    assert {o.action for o in report.outcomes} == {"unchanged"}
    assert records.roadmap_document(roadmap) == before
