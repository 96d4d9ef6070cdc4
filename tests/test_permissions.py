"""Who may change what, checked in the services so that no way in can skip it; every change audited."""
import pytest
from sqlalchemy import func, select
from roadmap.interchange.problems import FileRefused
from roadmap.errors import NotAllowed
from roadmap.models import AuditRecord, WorkItem
from roadmap.services import gap_register, topics, work_items
from roadmap.permissions import Account
from tests.factories import ADMIN, EDITOR
from tests.factories import small_bundle
from roadmap.interchange import files, importer

OFFICER = Account(id=7, email="lo@example.org", role="liaison_officer", organizations=("ITU-T",))
READER = Account(id=8, email="r@example.org", role="reader", organizations=())


@pytest.fixture
def roadmap(session):
    importer.import_document(session, small_bundle(), actor=ADMIN)
    session.commit()
    return session


def item(organization="ITU-T", identifier="Y.9999", **extra):
    return {"organization": organization, "identifier": identifier, "title": "A new text",
            "type": "recommendation", "status": "proposed",
            "topics": [{"code": "S5", "relevance": "core"}], **extra}


def audit_count(session) -> int:
    return session.scalar(select(func.count()).select_from(AuditRecord))


@pytest.mark.parametrize("actor, organization, allowed", [
    (OFFICER, "ITU-T", True), (OFFICER, "ISO", False), (EDITOR, "ISO", True),
    (ADMIN, "ISO", True), (READER, "ITU-T", False), (None, "ITU-T", False)])
def test_who_may_save_a_work_item(roadmap, actor, organization, allowed):
    if allowed:
        assert work_items.save_work_item(roadmap, item(organization), actor=actor).action == "created"
    else:
        with pytest.raises(NotAllowed):
            work_items.save_work_item(roadmap, item(organization), actor=actor)


@pytest.mark.parametrize("change", [
    lambda s, a: topics.save_topic(s, {"code": "S9", "name": "Safety", "parent": "S"}, actor=a),
    lambda s, a: topics.add_dependency(s, topic="I1", requires="S5", actor=a),
    lambda s, a: gap_register.save_gap(s, {"code": "GAP-01", "title": "x"}, actor=a)])
def test_only_editors_change_the_roadmap_structure(roadmap, change):
    with pytest.raises(NotAllowed) as refused:
        change(roadmap, OFFICER)
    assert "lo@example.org (liaison_officer) may not change" in str(refused.value)


def test_an_import_cannot_change_another_bodys_items(roadmap):
    document = {"format": "ssc-roadmap-bundle", "version": 1,
                "work_items": [item("ITU-T", "Y.1"), item("ISO", "ISO 2")]}
    with pytest.raises(FileRefused) as refused:
        importer.import_document(roadmap, document, actor=OFFICER)
    assert refused.value.errors == [
        "work_items[1]: lo@example.org (liaison_officer) may not change work items of ISO"]
    assert roadmap.scalar(select(func.count()).select_from(WorkItem)) == 2


def test_a_csv_import_names_the_refused_row(roadmap):
    text = ("organization,identifier,title,type,status,topics\n"
            "ITU-T,Y.1,Mine,recommendation,proposed,S5:core\n"
            "ISO,ISO 2,Not mine,international_standard,proposed,S5:core\n")
    with pytest.raises(FileRefused) as refused:
        files.import_file(roadmap, "items.csv", text.encode(), actor=OFFICER)
    assert refused.value.errors == [
        "row 3: lo@example.org (liaison_officer) may not change work items of ISO"]


def test_only_an_admin_replaces_the_whole_roadmap(roadmap):
    with pytest.raises(NotAllowed):
        importer.import_document(roadmap, small_bundle(), actor=EDITOR, replace=True)


def test_every_change_is_audited_with_its_author(roadmap):
    before = audit_count(roadmap)
    work_items.save_work_item(roadmap, item(), actor=OFFICER)
    work_items.save_work_item(roadmap, item(status="in_development"), actor=OFFICER)
    work_items.save_work_item(roadmap, item(status="in_development"), actor=OFFICER)  # no change
    roadmap.commit()
    records = roadmap.scalars(select(AuditRecord).order_by(AuditRecord.id)).all()[before:]
    assert [(r.actor, r.kind, r.key, r.action) for r in records] == [
        ("lo@example.org", "work_item", "ITU-T Y.9999", "created"),
        ("lo@example.org", "work_item", "ITU-T Y.9999", "updated")]
    assert records[0].changes["title"] == [None, "A new text"]
    assert records[0].changes["topics"] == [None, [["S5", "core", None]]]
    assert records[1].changes == {"status": ["proposed", "in_development"]}


def test_a_refused_import_leaves_no_audit_record(roadmap):
    before = audit_count(roadmap)
    document = {"format": "ssc-roadmap-bundle", "version": 1,
                "work_items": [item("ITU-T", "Y.1"), item("ITU-T", "Y.2", topics=[{"code": "Q"}])]}
    with pytest.raises(FileRefused):
        importer.import_document(roadmap, document, actor=EDITOR)
    assert audit_count(roadmap) == before


def test_the_seed_is_audited_under_the_command_line(app):
    from roadmap.cli import prepare_database
    from roadmap.db import get_session
    prepare_database(app)
    with app.app_context():
        actors = set(get_session().scalars(select(AuditRecord.actor)))
    assert actors == {"command line"}
