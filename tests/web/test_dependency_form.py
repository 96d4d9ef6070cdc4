"""Editors add and remove dependencies on topic pages; a cycle is refused and named."""
import re

import pytest
from roadmap.db import get_session
from tests.factories import signed_in_client
from roadmap.read import gap_report


def token(client, url):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                     client.get(url).get_data(as_text=True)).group(1)


def test_an_editor_adds_and_removes_a_dependency(app):
    client = signed_in_client(app, "editor")
    response = client.post("/topics/I1/dependencies", data={
        "requires": "S5", "rationale": "", "csrf_token": token(client, "/topics/I1")})
    assert response.status_code == 422  # S5 already requires I1
    page = response.get_data(as_text=True)
    assert re.search(r'id="requires-errors"><li>would close the cycle I1 -&gt; S5 -&gt; I1</li>', page)
    client.post("/topics/S5/dependencies/I1/delete", data={"csrf_token": token(client, "/topics/S5")})
    added = client.post("/topics/I1/dependencies", data={
        "requires": "S5", "rationale": "now the other way", "csrf_token": token(client, "/topics/I1")})
    assert added.status_code == 302
    with app.app_context():
        assert gap_report.dependency_pairs(get_session()) == [("I1", "S5")]


@pytest.mark.parametrize("role", ["liaison_officer", "reader"])
def test_only_editors_change_dependencies(app, role):
    client = signed_in_client(app, role)
    assert 'action="/topics/S5/dependencies"' not in client.get("/topics/S5").get_data(as_text=True)
    response = client.post("/topics/I1/dependencies", data={
        "requires": "S5", "csrf_token": token(client, "/login")})
    assert response.status_code == 403
