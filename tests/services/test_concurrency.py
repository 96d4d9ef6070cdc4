"""Twenty people save the same work item from the same version at once: one wins."""
import threading

from sqlalchemy import func, select
from roadmap.db import begin_write, commit, new_session
from roadmap.errors import Conflict
from roadmap.models import AuditRecord, WorkItem
from roadmap.services import work_items
from tests.factories import ADMIN, EDITOR
from tests.factories import small_bundle
from roadmap.interchange import importer
from roadmap.read import records

SAVERS = 20


def test_twenty_concurrent_saves_one_wins_the_rest_conflict(app):
    with app.app_context(), new_session() as s:
        importer.import_document(s, small_bundle(), actor=ADMIN)
        s.commit()
        record = records.work_item_records(s)[1]  # ITU-T Y.4490
        version = s.scalar(select(WorkItem.version).where(WorkItem.identifier == "Y.4490"))
        audits_before = s.scalar(select(func.count()).select_from(AuditRecord))
    start = threading.Barrier(SAVERS)
    results: list[str] = []

    def save(n: int) -> None:
        with app.app_context(), new_session() as session:
            start.wait()  # everyone opened the same version; now all press "Save"
            try:
                begin_write(session)
                work_items.save_work_item(session, {**record, "title": f"Title {n}"},
                                          actor=EDITOR, expected_version=version)
                commit(session)
                results.append("saved")
            except Conflict:
                session.rollback()
                results.append("conflict")

    threads = [threading.Thread(target=save, args=(n,)) for n in range(SAVERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict"] * (SAVERS - 1) + ["saved"]
    with app.app_context(), new_session() as s:
        changes = s.scalars(select(AuditRecord).where(AuditRecord.key == "ITU-T Y.4490")
                            .order_by(AuditRecord.id)).all()
        assert s.scalar(select(func.count()).select_from(AuditRecord)) == audits_before + 1
        assert changes[-1].action == "updated" and changes[-1].actor == EDITOR.email
        assert s.scalar(select(WorkItem.version).where(WorkItem.identifier == "Y.4490")) == version + 1


def test_concurrent_imports_do_not_interleave(app):
    """Two imports that both add the same new work item: the second waits, then updates it."""
    with app.app_context(), new_session() as s:
        importer.import_document(s, small_bundle(), actor=ADMIN)
        s.commit()
        first_audit = s.scalar(select(func.max(AuditRecord.id)))
    start = threading.Barrier(2)
    results: dict[str, object] = {}

    def run(name: str, title: str) -> None:
        document = small_bundle()
        document["work_items"].append({"organization": "ITU-T", "identifier": "Y.NEW",
                                       "title": title, "type": "recommendation",
                                       "status": "proposed", "topics": [{"code": "S5"}]})
        for item in document["work_items"][:2]:
            item["summary"] = f"summary by {name}"
        with app.app_context(), new_session() as session:
            start.wait()
            try:
                begin_write(session)
                report = importer.import_document(session, document, actor=EDITOR)
                session.commit()
                results[name] = report.counts()["work_item"]
            except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
                session.rollback()
                results[name] = error

    threads = [threading.Thread(target=run, args=(n, f"Title by {n}")) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(not isinstance(r, Exception) for r in results.values()), results
    assert sorted(r["created"] for r in results.values()) == [0, 1]  # one created, one updated
    with app.app_context(), new_session() as s:
        actions = s.execute(select(AuditRecord.key, AuditRecord.changes).where(
            AuditRecord.id > first_audit).order_by(AuditRecord.id)).all()
    # each import's records form one block: the second import's first record follows the
    # first import's last one
    authors = ["a" if "summary by a" in str(changes) or "Title by a" in str(changes) else "b"
               for _, changes in actions]
    assert authors == sorted(authors) or authors == sorted(authors, reverse=True), authors
