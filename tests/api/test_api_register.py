"""The gap register and its actions through the API: the same rules as the forms."""
from roadmap.db import get_session
from tests.api.test_api import token_for
from tests.factories import follow_up, signed_in_client


def client_as(app, role, organizations=()):
    client = signed_in_client(app, "anonymous")  # the small bundle
    token = token_for(app, role, organizations)
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def test_an_editor_registers_a_gap_and_adds_an_action(app):
    client = client_as(app, "editor")
    created = client.post("/api/v1/register", json={"topic": "I1"})
    assert created.status_code == 201 and created.headers["Location"] == "/api/v1/register/GAP-01"
    action = client.post("/api/v1/register/GAP-01/actions", json={
        "text": "Start a sensing framework", "due": "2027-01-31",
        "addressed_to": [{"organization": "ITU-T", "committee": "SG20"}]})
    assert action.status_code == 201 and action.get_json()["code"] == "GAP-01/A1"
    entry = client.get("/api/v1/register/GAP-01").get_json()
    assert [a["code"] for a in entry["actions"]] == ["GAP-01/A1"]
    wrong = client.post("/api/v1/register/GAP-01/actions", json={"text": "x", "due": "soon"})
    assert wrong.status_code == 422 and "due" in wrong.get_json()["error"]["fields"]


def test_a_stale_if_match_leaves_the_entry_alone(app):
    client = client_as(app, "editor")
    with app.app_context():
        follow_up(get_session())
    read = client.get("/api/v1/register/GAP-01")
    client.patch("/api/v1/register/GAP-01", json={"title": "Renamed meanwhile"})
    stale = client.patch("/api/v1/register/GAP-01", json={"title": "Mine"},
                         headers={"If-Match": read.headers["ETag"]})
    assert stale.status_code == 412
    assert client.get("/api/v1/register/GAP-01").get_json()["title"] == "Renamed meanwhile"


def test_a_liaison_officer_updates_actions_of_a_body_they_follow_only(app):
    client = client_as(app, "liaison_officer", ("ITU-T",))
    with app.app_context():
        follow_up(get_session())  # A1 to ITU-T SG20, A2 to ISO
    ok = client.post("/api/v1/register/GAP-01/actions/A1/updates",
                     json={"status": "agreed", "note": "SG20 agreed", "date": "2026-03-09"})
    refused = client.post("/api/v1/register/GAP-01/actions/A2/updates",
                          json={"status": "agreed", "note": "ISO agreed"})
    assert (ok.status_code, refused.status_code) == (201, 403)
    assert ok.get_json()["status"] == "agreed"
    assert "addressed to ISO" in refused.get_json()["error"]["message"]
    assert client.post("/api/v1/register/GAP-01/actions", json={"text": "x"}).status_code == 403


def test_overdue_actions_are_listed(app):
    client = client_as(app, "reader")
    with app.app_context():
        follow_up(get_session())  # both due 2026-02-01
    listed = client.get("/api/v1/actions?overdue=1&body=ISO").get_json()
    assert [a["code"] for a in listed["items"]] == ["GAP-01/A2"]
    assert listed["items"][0]["overdue"] is True


def test_statements_by_api_keep_the_liaison_officer_to_the_bodies_they_follow(app):
    client = client_as(app, "liaison_officer", ("ITU-T",))
    with app.app_context():
        follow_up(get_session())  # ITU-T SG20-LS1 and ISO N7, both to ISO
    reply = {"organization": "ISO", "reference": "N9", "title": "Reply", "date": "2026-04-01",
             "kind": "incoming", "to": [{"organization": "ITU-T", "purpose": "information"}],
             "reply_to": {"organization": "ITU-T", "reference": "SG20-LS1"}}
    created = client.post("/api/v1/liaison-statements", json=reply)
    assert created.status_code == 201
    assert created.headers["Location"] == "/api/v1/liaison-statements/ISO/N9"
    original = client.get("/api/v1/liaison-statements/ITU-T/SG20-LS1").get_json()
    assert original["status"] == "replied"
    refused = client.patch("/api/v1/liaison-statements/ISO/N7", json={"title": "Mine"})
    assert refused.status_code == 403
    awaiting = client.get("/api/v1/liaison-statements?awaiting=1").get_json()
    assert [s["reference"] for s in awaiting["items"]] == ["N7"]


def test_a_liaison_officer_cannot_answer_by_api_a_statement_of_bodies_they_do_not_follow(app):
    client = client_as(app, "liaison_officer", ("ITU-T",))
    with app.app_context():
        follow_up(get_session())  # ISO N7, to ISO
    refused = client.post("/api/v1/liaison-statements", json={
        "organization": "ITU-T", "reference": "LS-X", "title": "Answer", "date": "2026-04-01",
        "kind": "outgoing", "to": [{"organization": "ISO", "purpose": "action"}],
        "reply_to": {"organization": "ISO", "reference": "N7"}})
    assert refused.status_code == 422
    assert "you may not record a reply to ISO N7" in str(refused.get_json()["error"]["fields"])
    assert client.get("/api/v1/liaison-statements/ISO/N7").get_json()["status"] == "open"
