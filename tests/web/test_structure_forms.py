"""Editors maintain topics, organizations and committees through forms."""
import re
from roadmap.db import new_session
from roadmap.services import topics
from tests.factories import EDITOR, signed_in_client
from roadmap.read import details


def editor_client(app):
    return signed_in_client(app, "editor")


def fields(client, url):
    page = client.get(url).get_data(as_text=True)
    return dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page)) | dict(
        re.findall(r'<input[^>]*id="([^"]+)"[^>]*name="[^"]+"[^>]*value="([^"]*)"', page))


def test_an_editor_adds_and_edits_a_topic(app):
    client = editor_client(app)
    new = fields(client, "/topics/new")
    response = client.post("/topics/new", data={"csrf_token": new["csrf_token"], "version": "0",
                                                "code": "S8", "name": "Education", "parent": "S"})
    assert response.status_code == 302 and response.headers["Location"] == "/topics/S8"
    again = client.post("/topics/new", data={"csrf_token": new["csrf_token"], "version": "0",
                                             "code": "S8", "name": "Again", "parent": "S"})
    assert again.status_code == 422 and "there is a topic S8 already" in again.get_data(as_text=True)
    edit = fields(client, "/topics/S8/edit")
    with app.app_context(), new_session() as s:  # someone else renames it first
        topics.save_topic(s, {"code": "S8", "name": "Education and skills", "parent": "S"},
                          actor=EDITOR)
        s.commit()
    stale = client.post("/topics/S8/edit", data={"csrf_token": edit["csrf_token"],
                                                 "version": edit["version"], "code": "S8",
                                                 "name": "Schools", "parent": "S"})
    assert stale.status_code == 409
    assert 'value="Schools"' in stale.get_data(as_text=True)  # nothing typed is lost
    with app.app_context(), new_session() as s:
        assert details.get_topic_page(s, "S8").name == "Education and skills"


def test_topic_rules_stand_next_to_the_field(app):
    client = editor_client(app)
    new = fields(client, "/topics/new")
    response = client.post("/topics/new", data={"csrf_token": new["csrf_token"], "version": "0",
                                                "code": "S 8", "name": "Spaces", "parent": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="code-errors"' in page and "may hold only letters" in page
    assert 'id="category-errors"' not in page  # a group without one is cross-cutting


def test_an_editor_adds_an_organization_and_a_committee(app):
    client = editor_client(app)
    new = fields(client, "/organizations/new")
    response = client.post("/organizations/new", data={
        "csrf_token": new["csrf_token"], "acronym": "ISO/IEC JTC 1",
        "name": "ISO/IEC Joint Technical Committee 1", "kind": "international_sdo"})
    assert response.status_code == 302
    taken = client.post("/organizations/new", data={
        "csrf_token": new["csrf_token"], "acronym": "ISO", "name": "x", "kind": "international_sdo"})
    assert "there is an organization ISO already" in taken.get_data(as_text=True)
    committee = client.post("/organizations/ISO/IEC JTC 1/committees", data={
        "csrf_token": new["csrf_token"], "code": "WG 11", "name": "Smart cities"})
    assert committee.status_code == 302
    assert "WG 11" in client.get("/organizations/ISO/IEC JTC 1").get_data(as_text=True)
