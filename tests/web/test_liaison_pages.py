"""Liaison statements on the web: the list, threads, replies, and where statements show."""
import csv
import html
import io
import re

from roadmap.db import new_session
from tests.factories import follow_up, signed_in_client


def new_statement(client, **fields):
    data = {"csrf_token": client.csrf, "organization": "ISO", "reference": "N9",
            "title": "Reply on sensing", "date": "2026-04-01", "kind": "incoming",
            "status": "open", "to": "information: ITU-T:SG20", **fields}
    return client.post("/liaison-statements/new", data=data)


def test_an_unanswered_statement_past_its_deadline_shows_on_the_list(app):
    client = signed_in_client(app, "reader")
    with app.app_context(), new_session() as s:
        follow_up(s)  # deadline 2026-03-01
    page = client.get("/liaison-statements?awaiting=1&body=ITU-T").get_data(as_text=True)
    assert "SG20-LS1" in page and "N7" not in page and "unanswered, past its deadline" in page
    for url in ("/topics/I1", "/register/GAP-01"):
        assert "ITU-T SG20-LS1" in client.get(url).get_data(as_text=True), url
    rows = list(csv.DictReader(io.StringIO(
        client.get("/liaison-statements.csv?topic=I1").get_data().decode("utf-8-sig"))))
    assert sorted((r["reference"], r["awaiting"]) for r in rows) == [("N7", "yes"),
                                                                    ("SG20-LS1", "yes")]


def test_a_reply_entered_by_form_marks_the_statement_replied(app):
    client = signed_in_client(app, "liaison_officer")  # follows ITU-T
    with app.app_context(), new_session() as s:
        follow_up(s)
    form = client.get("/liaison-statements/new?reply_to=ITU-T:SG20-LS1").get_data(as_text=True)
    assert 'value="ITU-T:SG20-LS1"' in form
    saved = new_statement(client, reply_to="ITU-T:SG20-LS1")
    assert saved.status_code == 302 and saved.headers["Location"] == "/liaison-statements/ISO/N9"
    thread = client.get("/liaison-statements/ITU-T/SG20-LS1").get_data(as_text=True)
    assert "Replied" in thread and "ISO N9" in thread


def test_a_liaison_officer_cannot_enter_a_statement_of_bodies_they_do_not_follow(app):
    client = signed_in_client(app, "liaison_officer")  # follows ITU-T
    refused = new_statement(client, to="action: ISO")
    assert refused.status_code == 403
    wrong = new_statement(client, date="1 April", to="action: XYZ")
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 422 and "is not a date" in page and "XYZ" in page


def test_a_liaison_officer_cannot_answer_by_form_a_statement_of_bodies_they_do_not_follow(app):
    client = signed_in_client(app, "liaison_officer")  # follows ITU-T
    with app.app_context(), new_session() as s:
        follow_up(s)  # ISO N7, to ISO
    refused = new_statement(client, organization="ITU-T", reference="LS-X", to="action: ISO",
                            reply_to="ISO:N7")
    assert refused.status_code == 422
    assert "you may not record a reply to ISO N7" in refused.get_data(as_text=True)
    assert "<dd>Open" in client.get("/liaison-statements/ISO/N7").get_data(as_text=True)


def test_a_statement_s_reference_is_corrected_on_its_edit_form(app):
    client = signed_in_client(app, "liaison_officer")  # follows ITU-T
    with app.app_context(), new_session() as s:
        follow_up(s)  # ITU-T SG20-LS1
    form = client.get("/liaison-statements/ITU-T/SG20-LS1/edit").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', form).group(1)
    saved = client.post("/liaison-statements/ITU-T/SG20-LS1/edit", data={
        "csrf_token": client.csrf, "organization": "ITU-T", "committee": "SG20",
        "reference": "SG20-LS46", "title": "Statement SG20-LS1", "date": "2026-01-10",
        "kind": "outgoing", "status": "open", "to": "action: ISO", "version": version})
    assert saved.status_code == 302
    assert saved.headers["Location"] == "/liaison-statements/ITU-T/SG20-LS46"
    assert client.get("/liaison-statements/ITU-T/SG20-LS1").status_code == 404


def test_a_reply_deadline_before_the_date_is_refused_beside_the_field(app):
    client = signed_in_client(app, "liaison_officer")  # follows ITU-T
    refused = new_statement(client, date="2026-04-01", deadline="2026-03-01")
    assert refused.status_code == 422
    assert "the reply deadline is before the statement&#39;s date" in refused.get_data(as_text=True)


def test_the_statement_list_ignores_hostile_query_keys_and_keeps_its_filters(app):
    client = signed_in_client(app, "reader")
    for key in ("fmt", "_method", "_external", "_anchor", "_scheme"):
        page = client.get(f"/liaison-statements?{key}=x&awaiting=1&topic=I1")
        assert page.status_code == 200, key
        assert "/liaison-statements.csv?awaiting=1&amp;topic=I1" in page.get_data(as_text=True)


def test_a_new_statement_is_from_the_first_body_the_officer_follows(app):
    client = signed_in_client(app, "liaison_officer")  # follows ITU-T; ISO is first in the list
    form = client.get("/liaison-statements/new").get_data(as_text=True)
    assert re.search(r'<option selected value="ITU-T">', form)


def test_record_a_reply_prefills_the_bodies_swapped_and_the_topics(app):
    client = signed_in_client(app, "liaison_officer")  # follows ITU-T
    with app.app_context(), new_session() as s:
        follow_up(s)  # ITU-T SG20-LS1 to ISO, on I1
    form = client.get("/liaison-statements/new?reply_to=ITU-T:SG20-LS1").get_data(as_text=True)
    assert re.search(r'<option selected value="ISO">', form)
    assert 'name="to" type="text" value="information: ITU-T"' in form
    assert 'name="topics" type="text" value="I1"' in form


def test_an_unknown_purpose_and_a_work_item_without_a_colon_are_explained(app):
    client = signed_in_client(app, "liaison_officer")  # follows ITU-T
    refused = new_statement(client, to="information: ITU-T; bogus: IEC", work_items="garbage")
    page = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 422
    assert 'unknown purpose "bogus": write action, comment or information' in page
    assert '"garbage": write ORGANIZATION:IDENTIFIER, e.g. ITU-T:Y.4903' in page
    assert 'unknown organization' not in page
