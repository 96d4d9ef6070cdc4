"""Editions: publishing freezes the roadmap; nothing the live roadmap goes through changes one."""
import datetime as dt

import pytest
from sqlalchemy import select

from roadmap.errors import NotAllowed, ValidationError
from roadmap.interchange import importer
from roadmap.interchange.problems import FileRefused
from roadmap.models import AuditRecord, Edition, WorkItem
from roadmap.permissions import Account
from roadmap.read import editions
from roadmap.read.gap_report import compute_gap_report
from roadmap.read.records import roadmap_document
from roadmap.services import editions as edition_service
from roadmap.services import gap_register, topics, work_items
from tests.factories import ADMIN, EDITOR, small_bundle

READER = Account(id=0, email="reader@example.org", role="reader", organizations=())
OFFICER = Account(id=0, email="lo@example.org", role="liaison_officer", organizations=("ITU-T",))


@pytest.fixture
def roadmap(session):
    importer.import_document(session, small_bundle(), actor=ADMIN)
    session.commit()
    return session


def publish(session, title="Edition", actor=EDITOR, **fields) -> int:
    outcome = edition_service.publish(session, {"title": title, **fields}, actor=actor)
    session.commit()
    return outcome.record.number


def item(session, identifier):
    return session.scalar(select(WorkItem).where(WorkItem.identifier == identifier))


def test_publishing_freezes_the_roadmap_and_the_gap_report_of_that_moment(roadmap):
    number = publish(roadmap, "Edition 1 (2027-03)", date="2027-03-01", note="SG5 meeting")
    document, gaps = editions.frozen(roadmap, number)
    assert document == roadmap_document(roadmap)
    assert gaps == compute_gap_report(roadmap).as_document()
    row = editions.get_edition(roadmap, number)
    assert (row.number, row.title, row.date, row.note, row.published_by, row.work_items) == \
        (1, "Edition 1 (2027-03)", dt.date(2027, 3, 1), "SG5 meeting", "a former account", 2)
    assert row.label == "Edition 1 (2027-03-01)"  # who: named as history names, no address
    assert editions.backup_records(roadmap)[0]["published_by"] == EDITOR.email  # kept whole
    assert publish(roadmap, "Next") == 2
    assert editions.get_edition(roadmap, 2).date == dt.date.today()


def test_an_edition_stays_as_published_whatever_the_live_roadmap_goes_through(roadmap):
    number = publish(roadmap)
    before = editions.backup_records(roadmap)
    y4490 = item(roadmap, "Y.4490")
    work_items.save_work_item(roadmap, {**_record(roadmap, "Y.4490"), "status": "withdrawn"},
                              actor=EDITOR, expected_version=y4490.version)
    work_items.delete_work_item(roadmap, item(roadmap, "ISO 1").id, actor=EDITOR)
    topics.save_topic(roadmap, {"code": "S5", "name": "Water, renamed", "parent": "S"},
                      actor=EDITOR)
    importer.import_document(roadmap, {"format": "ssc-roadmap-bundle", "version": 1,
                                       "work_items": [{"organization": "ISO", "identifier": "ISO 2",
                                                       "title": "New", "type": "other",
                                                       "status": "proposed"}]}, actor=ADMIN)
    gap_register.save_gap(roadmap, {"code": "GAP-01", "title": "Sensing", "topics": ["I1"]},
                          actor=EDITOR)
    roadmap.commit()
    assert roadmap_document(roadmap) != before[0]["content"]  # the live roadmap did change
    assert editions.backup_records(roadmap) == before
    assert editions.frozen(roadmap, number)[0] == before[0]["content"]


def _record(session, identifier):
    from roadmap.read.records import stored_records
    return next(iter(stored_records(session, [("ITU-T", identifier)]).values()))


def test_no_write_changes_a_stored_edition(roadmap):
    publish(roadmap)
    edition = roadmap.scalar(select(Edition))
    edition.title = "Rewritten"
    with pytest.raises(PermissionError, match="an edition is never changed"):
        roadmap.flush()


def test_readers_and_liaison_officers_do_not_publish_editors_do(roadmap):
    for actor in (READER, OFFICER, None):
        with pytest.raises(NotAllowed, match="editors do"):
            edition_service.publish(roadmap, {"title": "No"}, actor=actor)
    roadmap.rollback()
    assert editions.list_editions(roadmap) == []


def test_only_admins_delete_an_edition_and_its_number_is_never_given_again(roadmap):
    publish(roadmap, "One")
    publish(roadmap, "Two")
    with pytest.raises(NotAllowed, match="admins do"):
        edition_service.delete(roadmap, 2, actor=EDITOR)
    edition_service.delete(roadmap, 2, actor=ADMIN)
    roadmap.commit()
    audit = roadmap.scalars(select(AuditRecord).where(AuditRecord.kind == "edition")).all()
    assert [(a.key, a.action) for a in audit] == [("Edition 1", "created"),
                                                 ("Edition 2", "created"),
                                                 ("Edition 2", "deleted")]
    assert audit[-1].changes["title"] == ["Two", None]
    assert publish(roadmap, "Three") == 3


@pytest.mark.parametrize("fields, errors", [
    ({"title": " "}, {"title": ["is required"]}),
    ({"title": "T", "date": "2027-02-30"}, {"date": ['"2027-02-30" is not a date (YYYY-MM-DD)']}),
    ({"title": "T" * 201}, {"title": ["is longer than 200 characters"]}),
    ({"title": "T", "note": "n" * 5001}, {"note": ["is longer than 5000 characters"]}),
])
def test_publishing_names_each_wrong_field(roadmap, fields, errors):
    with pytest.raises(ValidationError) as raised:
        edition_service.publish(roadmap, fields, actor=EDITOR)
    assert raised.value.errors == errors


def _backup(session) -> dict:
    return {**roadmap_document(session), "editions": editions.backup_records(session)}


def test_a_backup_with_its_editions_restores_them_unchanged(roadmap):
    publish(roadmap, "One", date="2027-03-01")
    work_items.delete_work_item(roadmap, item(roadmap, "ISO 1").id, actor=EDITOR)
    roadmap.commit()
    publish(roadmap, "Two")
    backup = _backup(roadmap)
    importer.import_document(roadmap, backup, actor=ADMIN, replace=True)  # stored: unchanged
    for edition in roadmap.scalars(select(Edition)):
        roadmap.delete(edition)
    roadmap.commit()
    importer.import_document(roadmap, backup, actor=ADMIN, replace=True)
    roadmap.commit()
    assert editions.backup_records(roadmap) == backup["editions"]
    assert _backup(roadmap) == backup


def test_a_backup_whose_edition_was_altered_or_clashes_is_refused_whole(roadmap):
    publish(roadmap)
    backup = _backup(roadmap)
    altered = {**backup, "editions": [{**backup["editions"][0], "content": {
        **backup["editions"][0]["content"], "work_items": []}}]}
    with pytest.raises(FileRefused) as raised:
        importer.import_document(roadmap, altered, actor=ADMIN)
    assert raised.value.errors == ["editions[0].sha256: does not match the content: "
                                   "Edition 1 was changed after it was published"]
    other = {**backup["editions"][0], "content": {**backup["editions"][0]["content"],
                                                  "work_items": []}}
    other["sha256"] = edition_service.digest(other["content"], other["gaps"])
    with pytest.raises(FileRefused) as raised:
        importer.import_document(roadmap, {**backup, "editions": [other]}, actor=ADMIN)
    assert raised.value.errors == ["editions[0].number: Edition 1 is already stored with other "
                                   "content, or was deleted; an edition is never replaced"]
    with pytest.raises(FileRefused, match="may not restore editions from a backup; admins do"):
        importer.import_document(roadmap, backup, actor=EDITOR)


def test_a_backup_edition_whose_roadmap_does_not_read_is_refused(roadmap):
    publish(roadmap)
    record = _backup(roadmap)["editions"][0]
    broken = {**record["content"], "work_items": [{"organization": "ITU-T", "title": 7}]}
    forged = {**record, "number": 2, "content": broken,
              "sha256": edition_service.digest(broken, record["gaps"])}  # a digest that matches
    with pytest.raises(FileRefused) as raised:
        importer.import_document(roadmap, {"format": "ssc-roadmap-bundle", "version": 1,
                                           "editions": [forged]}, actor=ADMIN)
    assert raised.value.errors[0].startswith("editions[0].content.work_items[0]")
    assert editions.list_editions(roadmap)[0].number == 1 and len(editions.list_editions(roadmap)) == 1


def test_a_backup_cannot_alter_a_gap_report_or_bring_back_a_deleted_number(roadmap):
    publish(roadmap)
    record = _backup(roadmap)["editions"][0]
    for gaps in ({**record["gaps"], "gaps": ["S5"]}, {}):
        with pytest.raises(FileRefused) as raised:
            importer.import_document(roadmap, {"format": "ssc-roadmap-bundle", "version": 1,
                                               "editions": [{**record, "gaps": gaps}]},
                                     actor=ADMIN)
        assert raised.value.errors[0].startswith(("editions[0].sha256: does not match",
                                                  "editions[0].gaps: is not a gap report"))
    edition_service.delete(roadmap, 1, actor=ADMIN)
    roadmap.commit()
    with pytest.raises(FileRefused, match="or was deleted"):
        importer.import_document(roadmap, {"format": "ssc-roadmap-bundle", "version": 1,
                                           "editions": [record]}, actor=ADMIN)
