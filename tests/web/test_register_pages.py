"""Editors follow the gap register on the web: register, edit, update; actions and their lists."""
import html

from roadmap.db import new_session
from roadmap.services import gap_register
from tests.factories import EDITOR, follow_up, signed_in_client
from tests.web.test_structure_forms import fields


def test_an_editor_registers_a_gap_from_its_topic_page_in_one_step(app):
    client = signed_in_client(app, "editor")
    page = client.get("/topics/I1").get_data(as_text=True)
    assert "Register this gap" in page
    response = client.post("/register", data={"csrf_token": client.csrf, "topic": "I1"})
    assert response.status_code == 302 and response.headers["Location"] == "/register/GAP-01"
    entry = client.get("/register/GAP-01").get_data(as_text=True)
    assert "Sensing layer: partial" in entry and "Registered from the computed gap list" in entry
    assert "Register this gap" not in client.get("/topics/I1").get_data(as_text=True)
    again = client.post("/register", data={"csrf_token": client.csrf, "topic": "I1"})
    assert again.status_code == 303  # back, with the reason as a message
    assert "already in the register as GAP-01" in client.get("/gaps").get_data(as_text=True)


def test_an_edit_that_lost_a_race_shows_both_versions_and_keeps_the_text(app):
    client = signed_in_client(app, "editor")
    with app.app_context(), new_session() as s:
        follow_up(s)
    form = fields(client, "/register/GAP-01/edit")
    with app.app_context(), new_session() as s:
        gap_register.save_gap(s, {"code": "GAP-01", "title": "Sensing, renamed",
                                  "topics": ["I1"]}, actor=EDITOR)
        s.commit()
    stale = client.post("/register/GAP-01/edit", data={
        "csrf_token": client.csrf, "version": form["version"], "title": "My title",
        "priority": "high", "rnd_needed": "yes", "topics": "I1"})
    page = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert 'value="My title"' in page and "Sensing, renamed" in page
    saved = client.post("/register/GAP-01/edit", data={
        "csrf_token": client.csrf, "version": fields(client, "/register/GAP-01/edit")["version"],
        "title": "My title", "priority": "high", "rnd_needed": "yes", "topics": "I1, X9",
        "leads": "ITU-T:SG20; XYZ"})
    page = html.unescape(saved.get_data(as_text=True))
    assert saved.status_code == 422
    assert 'unknown topic "X9"' in page and 'unknown organization "XYZ"' in page


def test_a_dated_update_moves_the_entry_and_a_wrong_date_is_named(app):
    client = signed_in_client(app, "editor")
    with app.app_context(), new_session() as s:
        follow_up(s)
    wrong = client.post("/register/GAP-01/updates", data={
        "csrf_token": client.csrf, "status": "in_progress", "note": "drafting", "date": "3/4/26"})
    assert wrong.status_code == 422 and "is not a date (YYYY-MM-DD)" in wrong.get_data(as_text=True)
    done = client.post("/register/GAP-01/updates", data={
        "csrf_token": client.csrf, "status": "in_progress", "note": "drafting",
        "date": "2026-04-03"})
    assert done.status_code == 302
    page = client.get("/register/GAP-01").get_data(as_text=True)
    assert "2026-04-03</time> In progress: drafting" in page


def test_an_overdue_action_shows_on_the_lists(app):
    client = signed_in_client(app, "reader")
    with app.app_context(), new_session() as s:
        follow_up(s)  # due 2026-02-01
    page = client.get("/actions?overdue=1&body=ITU-T").get_data(as_text=True)
    assert "GAP-01/A1" in page and "GAP-01/A2" not in page and "overdue" in page
    assert "GAP-01/A1" in client.get("/register").get_data(as_text=True)
    assert "No action matches" in client.get("/actions?status=done").get_data(as_text=True)


def test_a_liaison_officer_updates_an_action_of_a_body_they_follow_only(app):
    client = signed_in_client(app, "liaison_officer")  # follows ITU-T
    with app.app_context(), new_session() as s:
        follow_up(s)
    page = client.get("/register/GAP-01/actions").get_data(as_text=True)
    assert page.count("Record the update") == 1  # A1 only
    ok = client.post("/register/GAP-01/actions/A1/updates", data={
        "csrf_token": client.csrf, "status": "agreed", "note": "SG20 agreed"})
    refused = client.post("/register/GAP-01/actions/A2/updates", data={
        "csrf_token": client.csrf, "status": "agreed", "note": "ISO agreed"})
    assert (ok.status_code, refused.status_code) == (302, 403)
    assert "addressed to iso" in refused.get_data(as_text=True).lower()
    assert "SG20 agreed" in client.get("/register/GAP-01/actions").get_data(as_text=True)


def test_the_action_list_downloads_as_csv_and_excel_with_its_filters(app):
    import csv
    import io

    import openpyxl
    client = signed_in_client(app, "reader")
    with app.app_context(), new_session() as s:
        follow_up(s)
    text = client.get("/actions.csv?body=ISO").get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["code"], r["addressed_to"], r["overdue"]) for r in rows] == [
        ("GAP-01/A2", "ISO", "yes")]
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/actions.xlsx").get_data())).active
    assert [c.value for c in sheet[1]][:3] == ["Action", "Register entry", "Text"]
    assert sheet.max_row == 3


def test_the_action_list_ignores_hostile_query_keys_and_keeps_its_filters(app):
    client = signed_in_client(app, "reader")
    for key in ("fmt", "_method", "_external", "_anchor", "_scheme"):
        page = client.get(f"/actions?{key}=x&body=ISO")
        assert page.status_code == 200, key
        assert "/actions.csv?body=ISO" in page.get_data(as_text=True), key


def test_a_linked_work_item_without_a_colon_is_explained(app):
    client = signed_in_client(app, "editor")
    with app.app_context(), new_session() as s:
        follow_up(s)
    refused = client.post("/register/GAP-01/actions/new", data={
        "csrf_token": client.csrf, "text": "Start a work item", "status": "proposed",
        "work_items": "ITU-T:Y.4490; garbage"})
    page = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 422
    assert '"garbage": write ORGANIZATION:IDENTIFIER, e.g. ITU-T:Y.4903' in page
    assert "is required" not in page
