"""Equivalences belong to both texts: the right to change both, both histories, both versions."""
import pytest
from sqlalchemy import select

from roadmap import revision
from roadmap.errors import NotAllowed, NotFound
from roadmap.models import AuditRecord, Equivalence, WorkItem
from roadmap.permissions import Account
from roadmap.read.gap_report import gap_report
from roadmap.services import equivalences
from tests.factories import EDITOR, make_leaves, make_organization, make_work_item

ITU_OFFICER = Account(id=0, email="lo@example.org", role="liaison_officer",
                      organizations=("ITU-T",))
BOTH_OFFICER = Account(id=0, email="both@example.org", role="liaison_officer",
                       organizations=("ITU-T", "ISO"))


@pytest.fixture
def roadmap(session):
    make_organization(session)
    make_organization(session, "ISO")
    make_leaves(session, "S5")
    mine = make_work_item(session, "Y.4903", topic_codes=["S5"])
    theirs = make_work_item(session, "ISO 37120:2018", organization="ISO",
                            topic_codes=["S5"])
    session.commit()
    return session, mine.id, theirs.id


def declare(session, actor, equivalents=({"organization": "ISO",
                                          "identifier": "ISO 37120:2018"},)):
    return equivalences.add_equivalents(session, {
        "organization": "ITU-T", "identifier": "Y.4903", "equivalents": list(equivalents)},
        actor=actor)


def pairs(session) -> int:
    return len(session.scalars(select(Equivalence)).all())


def history(session, key: str) -> list:
    return [(r.action, r.changes) for r in session.scalars(
        select(AuditRecord).where(AuditRecord.key == key).order_by(AuditRecord.id))]


def version(session, item_id: int) -> int:
    return session.scalar(select(WorkItem.version).where(WorkItem.id == item_id))


def test_a_liaison_officer_may_not_declare_another_bodys_text_equivalent(roadmap):
    session, _, _ = roadmap
    with pytest.raises(NotAllowed) as refused:
        declare(session, ITU_OFFICER)
    assert str(refused.value) == (
        "lo@example.org (liaison_officer) may not declare ITU-T Y.4903 equivalent to "
        "ISO ISO 37120:2018: changing an ISO text needs an editor or a liaison officer of ISO")
    session.rollback()
    assert pairs(session) == 0


def test_a_liaison_officer_may_not_remove_an_equivalence_with_another_bodys_text(roadmap):
    session, mine, theirs = roadmap
    declare(session, EDITOR)
    session.commit()
    with pytest.raises(NotAllowed, match="may not remove the equivalence of ITU-T Y.4903 and "
                                         "ISO ISO 37120:2018: changing an ISO text"):
        equivalences.remove_equivalent(session, mine, theirs, actor=ITU_OFFICER)
    session.rollback()
    assert pairs(session) == 1


@pytest.mark.parametrize("actor", [EDITOR, BOTH_OFFICER], ids=["editor", "officer of both"])
def test_who_may_change_both_texts_declares_and_removes(roadmap, actor):
    session, mine, theirs = roadmap
    declare(session, actor)
    session.commit()
    assert pairs(session) == 1
    equivalences.remove_equivalent(session, theirs, mine, actor=actor)  # either way round
    session.commit()
    assert pairs(session) == 0


def test_both_histories_show_a_declaration_and_a_removal_and_both_versions_move(roadmap):
    session, mine, theirs = roadmap
    before = version(session, mine), version(session, theirs)
    declare(session, EDITOR)
    session.commit()
    equivalences.remove_equivalent(session, mine, theirs, actor=EDITOR)
    session.commit()
    assert history(session, "ITU-T Y.4903")[1:] == [
        ("updated", {"equivalents": [None, "+ ISO ISO 37120:2018"]}),
        ("updated", {"equivalents": [None, "- ISO ISO 37120:2018"]})]
    assert history(session, "ISO ISO 37120:2018")[1:] == [
        ("updated", {"equivalents": [None, "+ ITU-T Y.4903"]}),
        ("updated", {"equivalents": [None, "- ITU-T Y.4903"]})]
    assert (version(session, mine), version(session, theirs)) == (before[0] + 2, before[1] + 2)


def test_removing_what_was_never_declared_is_not_found(roadmap):
    session, mine, theirs = roadmap
    with pytest.raises(NotFound, match="is not declared equivalent"):
        equivalences.remove_equivalent(session, mine, theirs, actor=EDITOR)


def test_a_stated_set_removes_what_it_leaves_out_and_a_record_without_it_changes_nothing(
        roadmap):
    session, mine, theirs = roadmap
    declare(session, EDITOR)
    session.commit()
    record = {"organization": "ITU-T", "identifier": "Y.4903"}
    assert equivalences.state_equivalents(session, record, actor=ITU_OFFICER) == []
    outcomes = equivalences.state_equivalents(session, {**record, "equivalents": []},
                                              actor=EDITOR)
    assert [(o.key, o.changes) for o in outcomes] == [
        ("ITU-T Y.4903", {"equivalents": (None, "- ISO ISO 37120:2018")}),
        ("ISO ISO 37120:2018", {"equivalents": (None, "- ITU-T Y.4903")})]
    session.commit()
    assert pairs(session) == 0


def test_a_removal_changes_the_revision_and_the_overlap_it_hid(roadmap):
    session, mine, theirs = roadmap
    declare(session, EDITOR)
    session.commit()
    before = revision.current(session)
    assert {t.code: t.overlap for t in gap_report(session).topics}["S5"] == ()  # one text
    session.commit()
    equivalences.remove_equivalent(session, mine, theirs, actor=EDITOR)
    session.commit()
    assert revision.current(session) != before
    assert {t.code: t.overlap for t in gap_report(session).topics}["S5"] == ("ISO", "ITU-T")
