"""An import writes new work items in bulk; what it stores and the history it keeps are
those of `save_work_item`, item for item, whatever the values and across chunks."""
from __future__ import annotations

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import event, select

from roadmap.errors import Conflict
from roadmap.interchange import bundle, importer
from roadmap.interchange.problems import FileRefused
from roadmap.models import AuditRecord, WorkItem
from roadmap.read import records
from roadmap.services import work_item_batch, work_items
from roadmap.services.lookup import Lookup
from tests.factories import ADMIN, make_committee, make_leaves, make_organization
from tests.interchange.test_round_trips import partial_dates, words

RECORDS = st.fixed_dictionaries({
    "organization": st.just("ITU-T"), "title": words(6),
    "type": st.sampled_from(["recommendation", "technical_report"]),
    "status": st.sampled_from(["proposed", "in_development"]),
}, optional={
    "provisional_name": words(1), "committee": st.just("SG20"), "stage": words(2),
    "approval_process": st.sampled_from(["AAP", "TAP"]), "registered": partial_dates(),
    "url": st.sampled_from(["https://a.example/x", "HTTP://B.example/"]),
    "summary": words(12), "editors": st.lists(words(2), max_size=3),
    "source": st.just("https://source.example/"), "checked": st.just("2026-11-30"),
    "topics": st.lists(st.fixed_dictionaries(
        {"code": st.sampled_from(["S5", "I1"]),
         "relevance": st.sampled_from(["core", "supporting"])},
        optional={"note": words(3)}), max_size=2, unique_by=lambda t: t["code"]),
})


@pytest.fixture
def roadmap(session):
    make_organization(session)
    make_committee(session)
    make_leaves(session, "S5", "I1")
    session.commit()
    return session


def stored(session, identifier: str) -> tuple[dict, dict]:
    """The item as a record and its creation's history, both without the identifier."""
    item_id = session.scalar(select(WorkItem.id).where(WorkItem.identifier == identifier))
    record = records.work_item_records(session, [item_id])[0]
    history = session.scalar(select(AuditRecord.changes).where(
        AuditRecord.key == f"ITU-T {identifier}", AuditRecord.action == "created"))
    history.pop("identifier")
    return {k: v for k, v in record.items() if k != "identifier"}, history


@settings(max_examples=25, derandomize=True, deadline=None)
@given(record=RECORDS)
def test_a_batch_stores_what_one_save_stores(roadmap, record):
    record = {k: v for k, v in record.items() if k != "provisional_name"}
    one, many = {**record, "identifier": "Y.ONE"}, {**record, "identifier": "Y.MANY"}
    try:
        work_items.save_work_item(roadmap, one, actor=ADMIN)
        lookup = Lookup(roadmap).preload()
        batch = work_item_batch.WorkItemBatch(roadmap, actor=ADMIN, lookup=lookup)
        outcome = batch.save(roadmap, many, actor=ADMIN, lookup=lookup)
        batch.finish()
        roadmap.flush()
        assert outcome.action == "created"
        assert stored(roadmap, "Y.MANY") == stored(roadmap, "Y.ONE")
    finally:
        roadmap.rollback()  # each example starts from the same roadmap


def document(count: int, equivalents: dict[int, int] | None = None) -> dict:
    items = [{"organization": "ITU-T", "identifier": f"Y.{n}", "title": f"Item {n}",
              "type": "recommendation", "status": "in_development",
              "topics": [{"code": "S5", "relevance": "core"}]} for n in range(count)]
    for a, b in (equivalents or {}).items():
        items[a]["equivalents"] = [{"organization": "ITU-T", "identifier": f"Y.{b}"}]
    return {"format": bundle.FORMAT, "version": bundle.VERSION, "work_items": items}


def test_items_of_several_chunks_and_equivalents_across_them(roadmap, monkeypatch):
    monkeypatch.setattr(work_item_batch, "CHUNK", 3)
    importer.import_document(roadmap, document(8, {0: 7, 5: 1}), actor=ADMIN)
    roadmap.commit()
    by_key = {r["identifier"]: r for r in records.work_item_records(roadmap)}
    assert sorted(by_key) == [f"Y.{n}" for n in range(8)]
    assert by_key["Y.7"]["equivalents"] == [{"organization": "ITU-T", "identifier": "Y.0"}]
    assert by_key["Y.1"]["equivalents"] == [{"organization": "ITU-T", "identifier": "Y.5"}]
    assert all(r["topics"] == [{"code": "S5", "relevance": "core"}] for r in by_key.values())


def test_a_refusal_in_a_later_chunk_leaves_nothing_written(roadmap, monkeypatch):
    monkeypatch.setattr(work_item_batch, "CHUNK", 2)
    broken = document(7, {1: 6})
    broken["work_items"][5]["status"] = "draft"
    broken["work_items"].append(dict(broken["work_items"][0]))  # Y.0 twice
    with pytest.raises(FileRefused) as refused:
        importer.import_document(roadmap, broken, actor=ADMIN)
    said = " ".join(refused.value.errors)
    assert "work_items[5]" in said and "Y.0" in said
    assert roadmap.scalars(select(WorkItem)).all() == []


def statements_of(roadmap, count: int) -> int:
    said = []
    listener = lambda *args: said.append(args[2])  # noqa: E731
    engine = roadmap.get_bind()
    event.listen(engine, "before_cursor_execute", listener)
    try:
        importer.import_document(roadmap, document(count, {0: 1}), actor=ADMIN)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
        roadmap.rollback()
    return len(said)


def test_new_items_cost_statements_by_the_chunk_not_by_the_item(roadmap, monkeypatch):
    monkeypatch.setattr(work_item_batch, "CHUNK", 50)
    # a chunk more: its highest id, its items, their ids, their mappings, their history
    assert statements_of(roadmap, 100) == statements_of(roadmap, 30) + 5


def test_a_reimport_updates_what_changed_and_holds_a_chunk_of_items(roadmap, monkeypatch):
    monkeypatch.setattr(work_item_batch, "CHUNK", 2)
    importer.import_document(roadmap, document(7, {0: 6}), actor=ADMIN)
    roadmap.commit()
    roadmap.expunge_all()
    again = document(7, {0: 6})
    again["work_items"][1]["title"] = "Renamed"
    again["work_items"][4]["topics"] = [{"code": "I1", "relevance": "supporting"}]
    held, release = [], work_item_batch.WorkItemBatch.release

    def counted(batch, entries):
        release(batch, entries)
        gc.collect()
        held.append(sum(isinstance(o, WorkItem) for o in roadmap.identity_map.values()))
    monkeypatch.setattr(work_item_batch.WorkItemBatch, "release", counted)
    report = importer.import_document(roadmap, again, actor=ADMIN)
    assert len(held) == 4 and max(held) <= 2  # a chunk's items at most, not the roadmap's
    roadmap.commit()
    assert {o.key: o.action for o in report.outcomes if o.action != "unchanged"} == {
        "ITU-T Y.1": "updated", "ITU-T Y.4": "updated"}
    by_key = {r["identifier"]: r for r in records.work_item_records(roadmap)}
    assert by_key["Y.1"]["title"] == "Renamed"
    assert by_key["Y.4"]["topics"] == [{"code": "I1", "relevance": "supporting"}]
    assert by_key["Y.6"]["equivalents"] == [{"organization": "ITU-T", "identifier": "Y.0"}]


@pytest.mark.parametrize("change", ["edit", "delete"])
def test_an_item_changed_during_an_import_is_not_written_over(roadmap, app, change,
                                                              monkeypatch):
    if roadmap.get_bind().dialect.name == "sqlite":
        pytest.skip("on SQLite the import holds the write lock and reads one snapshot")
    from roadmap.db import new_session
    monkeypatch.setattr(work_item_batch, "CHUNK", 2)
    importer.import_document(roadmap, document(6), actor=ADMIN)
    roadmap.commit()
    again = document(6)
    for entry in again["work_items"]:
        entry["title"] = "From the file"
    release = work_item_batch.WorkItemBatch.release

    def meanwhile(batch, entries):  # after the first chunk, a colleague saves Y.4
        release(batch, entries)
        if not getattr(batch, "raced", False):
            batch.raced = True
            with new_session() as other:
                item = other.scalar(select(WorkItem).where(WorkItem.identifier == "Y.4"))
                if change == "edit":
                    item.title = "A colleague's edit"
                else:
                    other.delete(item)
                other.commit()
    monkeypatch.setattr(work_item_batch.WorkItemBatch, "release", meanwhile)
    with pytest.raises(Conflict, match="ITU-T Y.4 was (changed|deleted) by someone else"):
        importer.import_document(roadmap, again, actor=ADMIN)
    roadmap.rollback()
    titles = dict(roadmap.execute(select(WorkItem.identifier, WorkItem.title)).all())
    assert "From the file" not in titles.values()
    assert titles.get("Y.4", "deleted") in ("A colleague's edit", "deleted")
