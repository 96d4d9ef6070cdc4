"""Entering and editing work items through the form."""
import re

import pytest
from sqlalchemy import select
from roadmap.models import AuditRecord, WorkItem
from roadmap.services import work_items
from tests.factories import EDITOR, signed_in_client
from roadmap.read import records


@pytest.fixture
def officer_client(app):
    """A client signed in as the liaison officer of ITU-T."""
    return signed_in_client(app, "liaison_officer")


def form_fields(client, url):
    page = client.get(url).get_data(as_text=True)
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    fields.update(re.findall(r'<input[^>]*id="([^"]+)"[^>]*name="[^"]+"[^>]*value="([^"]*)"', page))
    return page, fields


def new_item(client, **overrides):
    page, fields = form_fields(client, "/work-items/new")
    data = {"csrf_token": fields["csrf_token"], "version": "0", "organization": "ITU-T",
            "identifier": "Y.4911", "title": "KPIs for smart sustainable cities", "type": "recommendation",
            "status": "in_development", "target": "2027", "topic_S5": "core", **overrides}
    return client.post("/work-items/new", data=data)


def item_id(app, identifier):
    from roadmap.db import new_session
    with app.app_context():
        with new_session() as s:
            return s.scalar(select(WorkItem.id).where(WorkItem.identifier == identifier))


def test_signing_in_is_needed_to_enter_work(client):
    response = client.get("/work-items/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_officer_enters_a_work_item_of_their_body(app, officer_client):
    page, _ = form_fields(officer_client, "/work-items/new")
    assert re.findall(r'<select[^>]*id="organization"[^>]*>(.*?)</select>', page, re.S)[0].count("<option") == 1
    response = new_item(officer_client)
    assert response.status_code == 302
    shown = officer_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Saved ITU-T Y.4911." in shown and "S5 Water management" in shown
    topic = officer_client.get("/topics/S5").get_data(as_text=True)
    assert "Y.4911" in topic
    from roadmap.db import new_session
    with app.app_context(), new_session() as s:
        assert s.scalar(select(AuditRecord.actor).where(AuditRecord.key == "ITU-T Y.4911")) \
            == "liaison_officer@example.org"


def test_errors_stand_next_to_their_field_and_keep_what_was_typed(officer_client):
    response = new_item(officer_client, published="2024-02-30", status="published",
                        title="Typed title kept")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r'id="published-errors"><li>&#34;2024-02-30&#34; is not a date[^<]*</li></ul>',
                     page)
    assert 'value="Typed title kept"' in page


def test_an_officer_cannot_use_another_bodys_name(officer_client):
    assert new_item(officer_client, organization="ISO").status_code == 422  # not offered
    iso_item = item_id(officer_client.application, "ISO 1")
    assert officer_client.get(f"/work-items/{iso_item}/edit").status_code == 403


def test_a_new_item_never_overwrites_an_existing_one(officer_client):
    response = new_item(officer_client, identifier="Y.4490")
    assert response.status_code == 422
    assert "ITU-T already has a work item Y.4490" in response.get_data(as_text=True)


def test_a_stale_save_gets_409_and_loses_nothing(app, officer_client):
    url = f"/work-items/{item_id(app, 'Y.4490')}/edit"
    page, fields = form_fields(officer_client, url)
    from roadmap.db import new_session
    with app.app_context(), new_session() as s:  # someone else saves first
        record = records.work_item_records(s, [item_id(app, "Y.4490")])[0]
        work_items.save_work_item(s, {**record, "title": "Their title"}, actor=EDITOR)
        s.commit()
    data = {"csrf_token": fields["csrf_token"], "version": fields["version"],
            "organization": "ITU-T", "identifier": "Y.4490", "title": "My title",
            "type": "recommendation", "status": "published", "published": "2023-11",
            "topic_S5": "core"}
    response = officer_client.post(url, data=data)
    assert response.status_code == 409
    conflict = response.get_data(as_text=True)
    assert "Their title" in conflict and 'value="My title"' in conflict
    newer = re.search(r'name="version" type="hidden" value="(\d+)"', conflict).group(1)
    again = officer_client.post(url, data={**data, "version": newer})
    assert again.status_code == 302  # saved knowingly over the newer version


def test_a_form_post_without_a_csrf_token_gets_400(officer_client):
    assert officer_client.post("/work-items/new", data={"title": "x"}).status_code == 400


def test_a_draft_known_by_its_provisional_name_only(app, officer_client):
    response = new_item(officer_client, identifier="", provisional_name="Y.SSC-DT")
    assert response.status_code == 302
    assert "Saved ITU-T Y.SSC-DT." in officer_client.get(response.headers["Location"]).get_data(as_text=True)
    neither = new_item(officer_client, identifier="", provisional_name="")
    assert neither.status_code == 422
    assert "give the document number, or at least the provisional name" in neither.get_data(as_text=True)


def test_editing_keeps_the_date_its_facts_were_checked(app, officer_client):
    """The form shows and sends `checked`: a hand edit of the title does not lose it."""
    from roadmap.db import new_session
    with app.app_context(), new_session() as s:
        record = records.work_item_records(s, [item_id(app, "Y.4490")])[0]
        work_items.save_work_item(s, {**record, "source": "https://www.itu.int/rec/T-REC-Y.4490",
                                      "checked": "2026-10-01"}, actor=EDITOR)
        s.commit()
    url = f"/work-items/{item_id(app, 'Y.4490')}/edit"
    page, fields = form_fields(officer_client, url)
    assert fields["checked"] == "2026-10-01"
    data = {name: value for name, value in fields.items() if name in (
        "csrf_token", "version", "identifier", "published", "source", "checked")}
    data.update(organization="ITU-T", title="Retitled", type="recommendation",
                status="published", topic_S5="core")
    assert officer_client.post(url, data=data).status_code == 302
    with app.app_context(), new_session() as s:
        assert records.work_item_records(s, [item_id(app, "Y.4490")])[0]["checked"] == "2026-10-01"
