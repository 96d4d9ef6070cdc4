"""Twenty people save the same work item from the same version at once: one wins."""
import threading

from sqlalchemy import func, select

from roadmap import bundle
from roadmap.db import begin_write, commit, new_session
from roadmap.errors import Conflict
from roadmap.models import AuditRecord, WorkItem
from roadmap.services import work_items
from tests.factories import ADMIN, EDITOR
from tests.test_bundle import small_bundle

SAVERS = 20


def test_twenty_concurrent_saves_one_wins_the_rest_conflict(app):
    with app.app_context(), new_session() as s:
        bundle.import_bundle(s, small_bundle(), actor=ADMIN)
        s.commit()
        record = bundle.work_item_records(s)[1]  # ITU-T Y.4490
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
