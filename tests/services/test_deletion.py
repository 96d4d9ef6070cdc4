"""Deleting withdraws; an editor restores; only an admin purges."""
import pytest
from sqlalchemy import select
from roadmap.errors import NotAllowed, ValidationError
from roadmap.models import AuditRecord, WorkItem
from roadmap.services import work_items
from roadmap.permissions import Account
from tests.factories import ADMIN, EDITOR
from tests.factories import small_bundle
from roadmap.interchange import importer
from roadmap.read import gap_report, records

OFFICER = Account(7, "lo@example.org", "liaison_officer", ("ITU-T",))


@pytest.fixture
def item_id(session):
    importer.import_document(session, small_bundle(), actor=ADMIN)
    session.commit()
    return session.scalar(select(WorkItem.id).where(WorkItem.identifier == "Y.4490"))


def test_delete_withdraws_and_restore_brings_the_status_back(session, item_id):
    work_items.delete_work_item(session, item_id, actor=OFFICER)
    session.commit()
    assert session.get(WorkItem, item_id).status == "withdrawn"
    assert gap_report.analyse_roadmap(session).topics["S5"].state == "uncovered"
    with pytest.raises(NotAllowed):
        work_items.restore_work_item(session, item_id, actor=OFFICER)
    work_items.restore_work_item(session, item_id, actor=EDITOR)
    session.commit()
    assert session.get(WorkItem, item_id).status == "published"
    actions = session.scalars(select(AuditRecord.action).where(
        AuditRecord.key == "ITU-T Y.4490").order_by(AuditRecord.id)).all()
    assert actions[-2:] == ["deleted", "restored"]


def test_only_an_item_deleted_here_can_be_restored(session, item_id):
    with pytest.raises(ValidationError):
        work_items.restore_work_item(session, item_id, actor=EDITOR)


def test_only_an_admin_purges(session, item_id):
    with pytest.raises(NotAllowed):
        work_items.purge_work_item(session, item_id, actor=EDITOR)
    work_items.purge_work_item(session, item_id, actor=ADMIN)
    session.commit()
    assert session.get(WorkItem, item_id) is None
    assert [e["identifier"] for e in records.roadmap_document(session)["work_items"]] == ["ISO 1"]
    assert session.scalar(select(AuditRecord.action).where(AuditRecord.key == "ITU-T Y.4490")
                          .order_by(AuditRecord.id.desc()).limit(1)) == "purged"
