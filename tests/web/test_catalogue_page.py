"""/catalogue: upload Relaton records, preview, tick candidates, apply; both databases."""
import io
import json
import zipfile

import pytest
from sqlalchemy import select

from roadmap.db import get_session
from roadmap.interchange import importer
from roadmap.models import WorkItem
from roadmap.services import accounts
from tests.factories import ADMIN, PASSWORD, page_csrf
from tests.interchange.test_catalogue import FIXTURES, ROADMAP


def zipped(*bodies: str) -> bytes:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as out:
        for body in bodies:
            for path in sorted((FIXTURES / body).rglob("*.yaml")):
                out.writestr(f"relaton-data-{body}-main/data/{path.name}", path.read_bytes())
    return packed.getvalue()


@pytest.fixture
def roadmap(app):
    with app.app_context():
        session = get_session()
        importer.import_document(session, json.loads(json.dumps(ROADMAP)), actor=ADMIN)
        for email, role, bodies in (("ed@example.org", "editor", []),
                                    ("lo@example.org", "liaison_officer", ["ISO"])):
            accounts.create_user(session, actor=ADMIN, email=email, password=PASSWORD,
                                 role=role, organizations=bodies)
        session.commit()
    return app


def signed_in(app, email):
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD,
                                "csrf_token": page_csrf(client, "/login")})
    return client


def upload(client, data: bytes, **form):
    return client.post("/catalogue", data={
        "csrf_token": page_csrf(client), "file": (io.BytesIO(data), "itu.zip"),
        **form}, content_type="multipart/form-data")


def status_of(app, identifier):
    with app.app_context():
        return get_session().scalar(select(WorkItem.status).where(WorkItem.identifier == identifier))


def token_of(page: str) -> str:
    import re
    return re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)


def test_an_editor_previews_ticks_a_candidate_and_applies(roadmap):
    editor = signed_in(roadmap, "ed@example.org")
    preview = upload(editor, zipped("itu", "iso"), committee=["ITU-T|SG20"])
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert ("19 files read: 12 changes to tracked work items, 0 conflicts, 1 new editions, "
            "2 candidates.") in page
    assert "<th scope=\"row\">ITU-T Y.4236</th><td>status</td><td>approved</td><td>published</td>" in page
    assert "ISO 37120:2018: Sustainable cities and communities" in page
    assert 'value="G1:core"' in page  # Y.4051's suggested topic
    assert page.count('name="add"') == 2
    applied = editor.post("/catalogue/apply", data={
        "csrf_token": page_csrf(editor), "token": token_of(page),
        "add": "ITU-T|Y.4051", "topics|ITU-T|Y.4051": "G1:core"})
    assert applied.status_code == 302
    assert status_of(roadmap, "Y.4236") == "published"
    assert status_of(roadmap, "ISO 37120:2014") == "superseded"
    assert status_of(roadmap, "Y.4051") == "published"
    assert status_of(roadmap, "Y.4052") is None


def test_a_liaison_officer_syncs_only_the_bodies_they_follow(roadmap):
    officer = signed_in(roadmap, "lo@example.org")
    preview = upload(officer, zipped("itu", "iso"), organization=["ITU-T", "ISO"])
    page = preview.get_data(as_text=True)
    assert "Y.4236" not in page and "ISO 37120:2014" in page
    applied = officer.post("/catalogue/apply", data={
        "csrf_token": page_csrf(officer), "token": token_of(page)})
    assert applied.status_code == 302
    assert status_of(roadmap, "ISO 37120:2014") == "superseded"
    assert status_of(roadmap, "Y.4236") == "approved"


def test_a_change_saved_after_the_preview_shows_the_preview_anew(roadmap):
    editor = signed_in(roadmap, "ed@example.org")
    page = upload(editor, zipped("itu")).get_data(as_text=True)
    with roadmap.app_context():  # someone else publishes Y.4236 meanwhile
        item = get_session().scalar(select(WorkItem).where(WorkItem.identifier == "Y.4236"))
        item.status, item.stage, item.published = "published", "In force", "2025-09-15"
        get_session().commit()
    again = editor.post("/catalogue/apply", data={
        "csrf_token": page_csrf(editor), "token": token_of(page)})
    assert again.status_code == 409
    assert "Changed since your preview; nothing was written" in again.get_data(as_text=True)


def test_a_broken_upload_is_refused_in_words(roadmap):
    editor = signed_in(roadmap, "ed@example.org")
    refused = upload(editor, b"not a zip")
    assert refused.status_code == 422
    assert "itu.zip: is not a readable zip" in refused.get_data(as_text=True)
