"""Equivalences through the API: named by id, ended by DELETE, with the right to change both
items; the other item's ETag and version move with every change."""
import pytest
from sqlalchemy import select

from roadmap.db import get_session
from roadmap.models import AuditRecord
from tests.api.test_api import ITEMS, error_of, item_id, token_for
from tests.factories import signed_in_client

ISO_2 = {"organization": "ISO", "identifier": "ISO 2", "title": "Another text",
         "type": "international_standard", "status": "in_development"}


@pytest.fixture
def api(app):
    """The small bundle (ITU-T Y.4490 is equivalent to ISO 1), ISO 2, and an editor's token."""
    client = signed_in_client(app, "anonymous")
    client.editor = {"Authorization": f"Bearer {token_for(app, 'editor')}"}
    assert client.post(ITEMS, json=ISO_2, headers=client.editor).status_code == 201
    return client


def bearer(app, *organizations) -> dict:
    return {"Authorization": f"Bearer {token_for(app, 'liaison_officer', organizations)}"}


def equivalents(api, identifier: str) -> list:
    return api.get(f"{ITEMS}/{item_id(api.application, identifier)}").get_json()["equivalents"]


def history(app, key: str) -> list:
    with app.app_context():
        return [r.changes for r in get_session().scalars(
            select(AuditRecord).where(AuditRecord.key == key).order_by(AuditRecord.id))]


def test_a_work_item_names_its_equivalents_by_id(api, app):
    iso = item_id(app, "ISO 1")
    assert equivalents(api, "Y.4490") == [{"id": iso, "organization": "ISO",
                                           "identifier": "ISO 1"}]
    url = f"{ITEMS}/{item_id(app, 'Y.4490')}/equivalents"
    assert api.get(url).get_json() == {"items": equivalents(api, "Y.4490"), "total": 1}
    assert api.get(f"{url}/{iso}").get_json()["identifier"] == "ISO 1"
    assert error_of(api.get(f"{url}/{item_id(app, 'ISO 2')}"), 404)


def test_an_officer_of_one_body_may_neither_declare_nor_end_an_equivalence(api, app):
    officer = bearer(app, "ITU-T")
    mine = f"{ITEMS}/{item_id(app, 'Y.4490')}"
    error = error_of(api.patch(mine, json={"equivalents": [
        {"organization": "ISO", "identifier": "ISO 2"}]}, headers=officer), 403)
    assert "changing an ISO text needs an editor or a liaison officer of ISO" in error["message"]
    error_of(api.delete(f"{mine}/equivalents/{item_id(app, 'ISO 1')}", headers=officer), 403)
    assert [e["identifier"] for e in equivalents(api, "Y.4490")] == ["ISO 1"]
    assert equivalents(api, "ISO 2") == []


def test_an_editor_ends_one_and_a_client_holding_the_other_item_gets_412(api, app):
    other = f"{ITEMS}/{item_id(app, 'ISO 1')}"
    held = api.get(other)
    url = f"{ITEMS}/{item_id(app, 'Y.4490')}/equivalents/{item_id(app, 'ISO 1')}"
    tag = api.get(url).headers["ETag"]
    assert api.delete(url, headers={**api.editor, "If-Match": tag}).status_code == 204
    assert error_of(api.delete(url, headers=api.editor), 404)
    assert equivalents(api, "ISO 1") == [] and equivalents(api, "Y.4490") == []
    assert api.get(other).get_json()["version"] == held.get_json()["version"] + 1
    error_of(api.patch(other, json={"stage": "DIS"},
                       headers={**api.editor, "If-Match": held.headers["ETag"]}), 412)
    assert history(app, "ISO ISO 1")[-1] == {"equivalents": [None, "- ITU-T Y.4490"]}


def test_an_officer_of_both_bodies_declares_and_ends_one(api, app):
    officer = bearer(app, "ITU-T", "ISO")
    mine = f"{ITEMS}/{item_id(app, 'Y.4490')}"
    answer = api.patch(mine, json={"equivalents": [{"organization": "ISO",
                                                    "identifier": "ISO 2"}]}, headers=officer)
    assert answer.status_code == 200
    assert [e["identifier"] for e in answer.get_json()["equivalents"]] == ["ISO 1", "ISO 2"]
    assert history(app, "ISO ISO 2")[-1] == {"equivalents": [None, "+ ITU-T Y.4490"]}
    iso_2 = item_id(app, "ISO 2")
    assert api.delete(f"{mine}/equivalents/{iso_2}", headers=officer).status_code == 204
    assert equivalents(api, "ISO 2") == []
