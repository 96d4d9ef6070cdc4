"""The work item form's equivalents field states the whole set, with the right to change both
texts: a liaison officer of one body is refused beside the field, and nothing changes."""
from sqlalchemy import select

from roadmap.db import new_session
from roadmap.models import AuditRecord, Equivalence, WorkItem
from roadmap.services import work_items
from tests.factories import EDITOR, signed_in_client
from tests.web.test_entry import form_fields, item_id


def with_iso_2(app) -> None:
    with app.app_context(), new_session() as s:
        work_items.save_work_item(s, {"organization": "ISO", "identifier": "ISO 2",
                                      "title": "Another text", "type": "international_standard",
                                      "status": "in_development"}, actor=EDITOR)
        s.commit()


def save(app, client, equivalents: str):
    url = f"/work-items/{item_id(app, 'Y.4490')}/edit"
    _, fields = form_fields(client, url)
    assert fields["equivalents"] == "ISO:ISO 1"  # the stored set, filled in
    return client.post(url, data={
        "csrf_token": fields["csrf_token"], "version": fields["version"], "organization": "ITU-T",
        "identifier": "Y.4490", "committee": "SG20", "title": fields["title"],
        "type": "recommendation", "status": "published", "published": "2023-11",
        "topic_S5": "core", "equivalents": equivalents})


def stored(app) -> tuple[set, dict]:
    """The stored pairs by identifier, and each item's version and last history line."""
    with app.app_context(), new_session() as s:
        names = dict(s.execute(select(WorkItem.id, WorkItem.identifier)).all())
        pairs = {(names[a], names[b]) for a, b in s.execute(
            select(Equivalence.low_id, Equivalence.high_id))}
        items = {}
        for item_id_, identifier, version in s.execute(
                select(WorkItem.id, WorkItem.identifier, WorkItem.version)):
            last = s.scalars(select(AuditRecord.changes).where(AuditRecord.key.endswith(
                f" {identifier}")).order_by(AuditRecord.id.desc())).first()
            items[identifier] = (version, last)
        return pairs, items


def test_an_officer_of_one_body_can_neither_drop_nor_add_another_bodys_text(app):
    client = signed_in_client(app, "liaison_officer")
    with_iso_2(app)
    before = stored(app)
    for typed in ("", "ISO:ISO 1; ISO:ISO 2"):
        answer = save(app, client, typed)
        assert answer.status_code == 422
        assert "changing an ISO text needs an editor or a liaison officer of ISO" in \
            answer.get_data(as_text=True)
    assert stored(app) == before


def test_an_editor_drops_one_and_adds_another_and_both_histories_say_so(app):
    client = signed_in_client(app, "editor")
    with_iso_2(app)
    _, before = stored(app)
    assert save(app, client, "ISO:ISO 2").status_code == 302
    pairs, after = stored(app)
    assert pairs == {("Y.4490", "ISO 2")}
    assert after["ISO 1"] == (before["ISO 1"][0] + 1, {"equivalents": [None, "- ITU-T Y.4490"]})
    assert after["ISO 2"] == (before["ISO 2"][0] + 1, {"equivalents": [None, "+ ITU-T Y.4490"]})
    assert after["Y.4490"][1] == {"equivalents": [None, "+ ISO ISO 2; - ISO ISO 1"]}


def test_an_officer_of_both_bodies_ends_an_equivalence_by_leaving_it_out(app):
    client = signed_in_client(app, "liaison_officer", organizations=("ITU-T", "ISO"))
    assert save(app, client, "").status_code == 302
    assert stored(app)[0] == set()


def test_an_entry_that_is_not_organization_colon_identifier_is_refused_not_dropped(app):
    client = signed_in_client(app, "editor")
    answer = save(app, client, "ISO 1")
    assert answer.status_code == 422
    assert "write each as ORGANIZATION:IDENTIFIER; &#34;ISO 1&#34; is not" in \
        answer.get_data(as_text=True)
    assert stored(app)[0] == {("Y.4490", "ISO 1")}
