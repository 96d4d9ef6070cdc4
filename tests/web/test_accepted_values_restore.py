"""Whatever a form or the API accepts, the backup keeps: a value is generated for one field
at a time (hostile text, digits of other scripts, upper-case schemes, control characters,
long text), sent the way a user would; if it is saved, the roadmap's export restores into
an empty roadmap and exports the same bytes; if it is refused, nothing stored changed.

CI runs a fixed seed; a longer, random search:
    HYPOTHESIS_PROFILE=thorough python -m pytest tests/web/test_accepted_values_restore.py
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap.db import get_session
from roadmap.interchange import bundle, importer
from roadmap.read import records
from tests.api.test_api import token_for
from tests.factories import ADMIN, signed_in_client, small_bundle

ODD_TEXT = st.sampled_from([
    "HTTPS://A.EXAMPLE/x", "Http://b.example", " https://c.example/ ", "https://d.example/a b",
    "https:/e.example", "mailto:x@y.example", "𝟚𝟘𝟚𝟜", "٢٠٢٤-01", "２０２４", "2024-02-30",
    "2024-1", "20240101", "2024-13", "0000", "9999-12-31", "x" * 501, "y" * 20001, "a\x00b",
    "\t", "\n", "line\r\nbreak", "=1+1", "@SUM(A1)", "<script>alert(1)</script>", "&amp;",
    "Ünïcödé", "中文", "emoji 🏙", "\u202eevil", "\u00a0", "ISO:ISO 1; ITU-T:Y.4490",
    "NOBODY:X", ":", ";", "SG20", "core", "published", "withdrawn", "2026-11-30"])
VALUES = st.one_of(ODD_TEXT, st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)),
                                     max_size=30))
THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"  # as in test_round_trips.py
SETTINGS = settings(max_examples=600 if THOROUGH else 60, derandomize=not THOROUGH,
                    deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

API_FIELDS = ("identifier", "provisional_name", "title", "committee", "type", "status", "stage",
              "approval_process", "registered", "target", "approved", "published", "url",
              "summary", "source", "checked", "editors", "topics", "equivalents")
FORM_FIELDS = ("identifier", "provisional_name", "title", "committee", "type", "status",
               "stage", "approval_process", "registered", "target", "approved", "published",
               "url", "summary", "source", "editors", "equivalents", "topic_S5", "topic_I1")


def stored(app) -> dict:
    with app.app_context():
        return records.roadmap_document(get_session())


def restore_from_backup(app) -> None:
    """Export, restore into an emptied roadmap, export again: the same bytes, or fail."""
    with app.app_context():
        session = get_session()
        backup = bundle.dumps(records.roadmap_document(session))
        importer.import_document(session, bundle.parse(backup.encode()), actor=ADMIN,
                                 replace=True)
        session.commit()
        assert bundle.dumps(records.roadmap_document(session)) == backup


def start_over(app) -> None:
    with app.app_context():
        session = get_session()
        importer.import_document(session, small_bundle(), actor=ADMIN, replace=True)
        session.commit()


def api_value(field: str, value: str):
    """The value in the shape the API takes for the field (lists where it takes lists)."""
    if field == "editors":
        return [value]
    if field == "topics":
        return [{"code": "S5", "relevance": "core", "note": value}]
    if field == "equivalents":
        return [{"organization": "ISO", "identifier": value}]
    return value


def check(app, response, before: dict, saved: tuple[int, ...]) -> None:
    if response.status_code in saved:
        restore_from_backup(app)
    else:
        assert response.status_code in (400, 409, 422), response.get_data(as_text=True)[:500]
        assert stored(app) == before, "a refused write changed the roadmap"
    start_over(app)


@SETTINGS
@given(field=st.sampled_from(API_FIELDS), value=VALUES)
def test_what_the_api_accepts_restores(app, field, value):
    client = editor_client(app)
    headers = {"Authorization": f"Bearer {client.token}"}
    before = stored(app)
    record = {"organization": "ITU-T", "identifier": "Y.9999", "title": "Generated",
              "type": "recommendation", "status": "in_development",
              field: api_value(field, value)}
    check(app, client.post("/api/v1/work-items", json=record, headers=headers), before, (201,))


@SETTINGS
@given(field=st.sampled_from(FORM_FIELDS), value=VALUES)
def test_what_the_work_item_form_accepts_restores(app, field, value):
    client = editor_client(app)
    before = stored(app)
    data = {"csrf_token": client.csrf, "version": "0", "organization": "ITU-T",
            "identifier": "Y.9999", "title": "Generated", "type": "recommendation",
            "status": "in_development", "topic_S5": "core", field: value}
    check(app, client.post("/work-items/new", data=data), before, (302,))


@SETTINGS
@given(form=st.sampled_from(["organization", "committee", "topic"]),
       field=st.sampled_from(["code", "name", "url", "description"]), value=VALUES)
def test_what_the_structure_forms_accept_restores(app, form, field, value):
    client = editor_client(app)
    before = stored(app)
    url, data = {
        "organization": ("/organizations/new", {"acronym": "NEW", "name": "New body",
                                                "kind": "forum", "url": ""}),
        "committee": ("/organizations/ITU-T/committees", {"code": "Q9/20", "name": "A question",
                                                         "parent": "SG20", "url": ""}),
        "topic": ("/topics/new", {"code": "S9", "name": "A topic", "parent": "S",
                                  "description": ""}),
    }[form]
    key = {"organization": "acronym"}.get(form, "code") if field == "code" else field
    if key not in data:
        return  # the form has no such field
    data = {**data, "csrf_token": client.csrf, "version": "0", key: value}
    check(app, client.post(url, data=data), before, (302,))


def editor_client(app):
    """A signed-in editor over the small bundle, made once per test and reused."""
    client = getattr(app, "_editor_client", None)
    if client is None:
        client = app._editor_client = signed_in_client(app, "editor")
        client.token = token_for(app, "editor")
    start_over(app)
    return client
