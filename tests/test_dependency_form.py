"""Editors add and remove dependencies on topic pages; a cycle is refused and named."""
import re

import pytest

from roadmap import bundle, queries
from roadmap.db import get_session
from roadmap.services import accounts
from tests.factories import ADMIN
from tests.test_auth import PASSWORD, csrf_token
from tests.test_bundle import small_bundle


def signed_in(app, role):
    with app.app_context():
        session = get_session()
        bundle.import_bundle(session, small_bundle(), actor=ADMIN)
        accounts.create_user(session, actor=ADMIN, email=f"{role}@example.org", password=PASSWORD,
                             role=role, organizations=["ITU-T"] if role == "liaison_officer" else [])
        session.commit()
    client = app.test_client()
    client.post("/login", data={"email": f"{role}@example.org", "password": PASSWORD,
                                "csrf_token": csrf_token(client)})
    return client


def token(client, url):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                     client.get(url).get_data(as_text=True)).group(1)


def test_an_editor_adds_and_removes_a_dependency(app):
    client = signed_in(app, "editor")
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
        assert queries.list_dependency_pairs(get_session()) == [("I1", "S5")]


@pytest.mark.parametrize("role", ["liaison_officer", "reader"])
def test_only_editors_change_dependencies(app, role):
    client = signed_in(app, role)
    assert 'action="/topics/S5/dependencies"' not in client.get("/topics/S5").get_data(as_text=True)
    response = client.post("/topics/I1/dependencies", data={
        "requires": "S5", "csrf_token": token(client, "/login")})
    assert response.status_code == 403
