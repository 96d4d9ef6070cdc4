"""The JSON API: tokens and CSRF, the error shape, ETags, filters and paging, and writes
through the same services, permissions and history as the forms."""
import hashlib

import pytest
from sqlalchemy import select
from roadmap.db import get_session
from roadmap.read.filters import WorkItemFilter
from roadmap.models import AuditRecord, WorkItem
from roadmap.services import accounts, tokens
from tests.factories import ADMIN, PASSWORD, signed_in_client
from roadmap.read import filters

ITEMS = "/api/v1/work-items"


def token_for(app, role: str, organizations=()) -> str:
    """Create an account of `role` (if need be) and return a fresh token of it."""
    email = f"api-{role}@example.org"
    with app.app_context():
        session = get_session()
        if session.scalar(select(accounts.User.id).where(accounts.User.email == email)) is None:
            accounts.create_user(session, actor=ADMIN, email=email, password=PASSWORD, role=role,
                                 organizations=list(organizations))
        _, token = tokens.create_token(session, actor=ADMIN, email=email, name="tests")
        session.commit()
    return token


@pytest.fixture
def api(app):
    """A client over the small bundle, signed in as an editor (for the CSRF tests)."""
    client = signed_in_client(app, "editor")
    client.editor = {"Authorization": f"Bearer {token_for(app, 'editor')}"}
    return client


def item_id(app, identifier: str) -> int:
    with app.app_context():
        return get_session().scalar(select(WorkItem.id).where(WorkItem.identifier == identifier))


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["message"]
    return body["error"]


# --- who may ask ----------------------------------------------------------------------------

def test_a_write_without_credentials_gets_401_in_the_error_shape(app):
    client = signed_in_client(app, "anonymous")
    response = client.patch(f"{ITEMS}/{item_id(app, 'Y.4490')}", json={"stage": "x"})
    error = error_of(response, 401)
    assert error["code"] == "unauthorized" and "Bearer" in response.headers["WWW-Authenticate"]
    assert client.get(f"{ITEMS}/{item_id(app, 'Y.4490')}").status_code == 200  # reads are open


@pytest.mark.parametrize("header", ["Bearer ssc_not-a-token", "Basic dXNlcjpwYXNz", "Bearer"])
def test_a_wrong_token_gets_401_even_for_reads(api, header):
    assert error_of(api.get(ITEMS, headers={"Authorization": header}), 401)["code"] \
        == "unauthorized"


def test_a_token_write_needs_no_csrf_token_and_a_session_write_does(api, app):
    url = f"{ITEMS}/{item_id(app, 'Y.4490')}"
    no_cookie = app.test_client()
    assert no_cookie.patch(url, json={"stage": "20"}, headers=api.editor).status_code == 200
    assert error_of(api.patch(url, json={"stage": "30"}), 400)["code"] == "bad_request"
    assert api.get(url).get_json()["stage"] == "20"
    assert api.patch(url, json={"stage": "30"},
                     headers={"X-CSRFToken": api.csrf}).get_json()["stage"] == "30"


def test_revoked_tokens_and_tokens_of_deactivated_accounts_stop_working(api, app):
    token = token_for(app, "liaison_officer", ["ITU-T"])
    headers = {"Authorization": f"Bearer {token}"}
    assert api.get(ITEMS, headers=headers).status_code == 200
    with app.app_context():
        session = get_session()
        user = session.scalar(select(accounts.User).where(
            accounts.User.email == "api-liaison_officer@example.org"))
        accounts.set_active(session, user.id, False, actor=ADMIN)
        session.commit()
    assert api.get(ITEMS, headers=headers).status_code == 401
    with app.app_context():
        session = get_session()
        accounts.set_active(session, user.id, True, actor=ADMIN)
        [row] = [t for t in tokens.list_tokens(session, user.id)]
        tokens.revoke_token(session, row.id, actor=ADMIN)
        session.commit()
    assert api.get(ITEMS, headers=headers).status_code == 401


def test_with_public_reading_off_the_api_asks_for_a_token(app):
    app.config["PUBLIC_READ"] = "0"
    client = signed_in_client(app, "anonymous")
    assert error_of(client.get(ITEMS), 401)["code"] == "unauthorized"
    token = token_for(app, "reader")
    assert client.get(ITEMS, headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_permissions_are_the_forms_permissions(api, app):
    officer = {"Authorization": f"Bearer {token_for(app, 'liaison_officer', ['ISO'])}"}
    reader = {"Authorization": f"Bearer {token_for(app, 'reader')}"}
    itu, iso = item_id(app, "Y.4490"), item_id(app, "ISO 1")
    assert error_of(api.patch(f"{ITEMS}/{itu}", json={"stage": "x"}, headers=officer),
                    403)["code"] == "forbidden"
    assert api.patch(f"{ITEMS}/{iso}", json={"stage": "40.20"}, headers=officer).status_code == 200
    assert error_of(api.post("/api/v1/topics", json={"code": "S6", "name": "x", "parent": "S"},
                             headers=officer), 403)
    assert error_of(api.patch(f"{ITEMS}/{iso}", json={"stage": "x"}, headers=reader), 403)
    assert error_of(api.delete(f"{ITEMS}/{itu}/topics/S5", headers=officer), 403)
    assert api.get(f"{ITEMS}/{itu}").get_json()["topics"] == [
        {"code": "S5", "relevance": "core", "note": None}]  # nothing was written


# --- reads ----------------------------------------------------------------------------------

def test_reads_carry_an_etag_that_changes_with_the_record(api, app):
    url = f"{ITEMS}/{item_id(app, 'Y.4490')}"
    first = api.get(url)
    tag = first.headers["ETag"]
    assert api.get(url, headers={"If-None-Match": tag}).status_code == 304
    api.patch(url, json={"topics": [{"code": "S5", "relevance": "supporting"}]},
              headers=api.editor)
    again = api.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 200 and again.headers["ETag"] != tag
    assert again.get_json()["topics"][0]["relevance"] == "supporting"


def test_an_etag_is_the_hash_of_the_body_sent_and_what_if_match_checks(api, app):
    url = f"{ITEMS}/{item_id(app, 'Y.4490')}"
    api.patch(url, json={"title": "Cité intelligente – jumeau"}, headers=api.editor)
    read = api.get(url)
    body = read.get_data()
    assert body.endswith(b"}\n") and read.is_json and "Cité" in read.get_json()["title"]
    assert read.headers["ETag"] == f'"{hashlib.sha256(body[:-1]).hexdigest()[:32]}"'
    changed = api.patch(url, json={"stage": "AAP"}, headers={**api.editor,
                                                             "If-Match": read.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != read.headers["ETag"]


def test_work_item_pages_follow_the_list_filters_in_a_stable_order(api, app, session):
    from tests.factories import make_work_item
    for n in range(7):
        make_work_item(session, f"Y.49{n:02d}", status="in_development", topic_codes=["S5"])
    session.commit()
    for args in ({}, {"status": "active"}, {"organization": "ITU-T", "topic": "S"},
                 {"q": "twin"}, {"status": "published", "type": "recommendation"}):
        seen, page = [], 1
        while True:
            response = api.get(ITEMS, query_string={**args, "page": page, "per_page": 3})
            document = response.get_json()
            seen += [(i["organization"], i["identifier"]) for i in document["items"]]
            if page >= document["pages"]:
                assert "next" not in response.headers.get("Link", "")
                break
            assert 'rel="next"' in response.headers["Link"]
            page += 1
        expected = filters.matching_ids(session, WorkItemFilter.from_args(args))
        assert len(seen) == len(set(seen)) == document["total"] == len(expected), args
        assert seen == sorted(seen, key=lambda k: (k[0], k[1])), args  # the database's order


@pytest.mark.parametrize("args,field", [({"status": "done"}, "status"), ({"type": "x"}, "type"),
                                        ({"year": "22"}, "year"), ({"page": "0"}, "page"),
                                        ({"per_page": "501"}, "per_page"),
                                        ({"page": "²"}, "page")])
def test_unusable_query_parameters_are_400_with_the_parameter_named(api, args, field):
    assert field in error_of(api.get(ITEMS, query_string=args), 400)["fields"]


def test_topics_carry_their_computed_state(api):
    topics = {t["code"]: t for t in api.get("/api/v1/topics").get_json()["items"]}
    assert topics["S5"]["state"] == "covered" and topics["S5"]["requires"] == ["I1"]
    assert topics["I1"]["state"] == "partial"  # only a draft, in support
    assert topics["S"]["state"] is None and topics["S"]["children"] == ["S5"]
    assert api.get("/api/v1/topics/S5").get_json() == topics["S5"]
    gaps = api.get("/api/v1/gaps").get_json()
    assert {t["code"]: t["state"] for t in gaps["topics"]} == {"S5": "covered", "I1": "partial"}


def test_unknown_paths_and_methods_answer_in_the_error_shape(api, app):
    assert error_of(api.get("/api/v1/nothing"), 404)["code"] == "not_found"
    assert error_of(api.get(f"{ITEMS}/999999"), 404)["code"] == "not_found"
    assert error_of(api.get(f"{ITEMS}/99999999999999999999"), 404)
    response = api.put(f"{ITEMS}/{item_id(app, 'Y.4490')}", headers=api.editor)
    assert error_of(response, 405)["code"] == "method_not_allowed"
    assert "PATCH" in response.headers["Allow"]
    assert error_of(api.get(ITEMS, query_string={"q": "a\x00b"}), 400)


# --- writes ---------------------------------------------------------------------------------

def test_a_patch_goes_through_the_service_with_its_history(api, app):
    url = f"{ITEMS}/{item_id(app, 'Y.4490')}"
    before = api.get(url)
    response = api.patch(url, json={"status": "approved", "approved": "2023-10"},
                         headers={**api.editor, "If-Match": before.headers["ETag"]})
    assert response.status_code == 200
    item = response.get_json()
    assert item["status"] == "approved" and item["version"] == before.get_json()["version"] + 1
    assert response.headers["ETag"] != before.headers["ETag"]
    with app.app_context():
        record = get_session().scalars(select(AuditRecord).where(
            AuditRecord.key == "ITU-T Y.4490").order_by(AuditRecord.id.desc())).first()
    assert record.actor == "api-editor@example.org" and record.changes["status"] == [
        "published", "approved"]


def test_a_stale_if_match_gets_412_and_changes_nothing(api, app):
    url = f"{ITEMS}/{item_id(app, 'Y.4490')}"
    stale = api.get(url).headers["ETag"]
    api.patch(url, json={"stage": "one"}, headers=api.editor)
    error = error_of(api.patch(url, json={"stage": "two"},
                               headers={**api.editor, "If-Match": stale}), 412)
    assert error["code"] == "precondition_failed"
    assert api.get(url).get_json()["stage"] == "one"
    error_of(api.delete(url, headers={**api.editor, "If-Match": stale}), 412)


def test_rules_break_as_422_with_fields_and_clashes_as_409(api, app):
    record = {"organization": "ITU-T", "identifier": "Y.4491", "title": "New", "type":
              "recommendation", "status": "published", "topics": [{"code": "S"}]}
    error = error_of(api.post(ITEMS, json=record, headers=api.editor), 422)
    assert set(error["fields"]) == {"published", "topics[0].code"}
    error = error_of(api.post(ITEMS, json={**record, "colour": "red", "id": 3},
                              headers=api.editor), 422)
    assert error["fields"] == {"colour": ["is not a field of a work item"], "id": ["is read-only"]}
    valid = {**record, "published": "2024-01", "topics": [{"code": "S5"}]}
    created = api.post(ITEMS, json=valid, headers=api.editor)
    assert created.status_code == 201 and created.headers["Location"].endswith(
        f"/work-items/{created.get_json()['id']}")
    assert error_of(api.post(ITEMS, json=valid, headers=api.editor), 409)["fields"] == {
        "identifier": ["ITU-T already has a work item Y.4491"]}
    assert error_of(api.patch(created.headers["Location"], json={"identifier": "Y.1"},
                              headers=api.editor), 422)["fields"]["identifier"]
    error_of(api.post(ITEMS, data="not json", headers=api.editor), 400)
    error_of(api.post(ITEMS, json=[record], headers=api.editor), 400)


def test_delete_withdraws_and_an_editor_can_still_see_the_item(api, app):
    url = f"{ITEMS}/{item_id(app, 'ISO 1')}"
    response = api.delete(url, headers=api.editor)
    assert response.status_code == 200 and response.get_json()["status"] == "withdrawn"
    assert error_of(api.delete(url, headers=api.editor), 422)["fields"]["status"]


def test_mappings_are_added_changed_and_removed(api, app):
    url = f"{ITEMS}/{item_id(app, 'ISO 1')}/topics"
    created = api.post(url, json={"code": "S5", "note": "fire water"}, headers=api.editor)
    assert created.status_code == 201
    assert created.get_json() == {"code": "S5", "relevance": "core", "note": "fire water"}
    assert error_of(api.post(url, json={"code": "S5"}, headers=api.editor), 409)
    assert error_of(api.post(url, json={"code": "S"}, headers=api.editor), 422)["fields"]["code"]
    tag = api.get(f"{url}/S5").headers["ETag"]
    changed = api.patch(f"{url}/S5", json={"relevance": "supporting"},
                        headers={**api.editor, "If-Match": tag})
    assert changed.get_json() == {"code": "S5", "relevance": "supporting", "note": "fire water"}
    assert error_of(api.patch(f"{url}/S5", json={"relevance": "odd"}, headers=api.editor),
                    422)["fields"] == {"relevance": ['"odd" is not one of: core, supporting']}
    assert api.delete(f"{url}/S5", headers=api.editor).status_code == 204
    assert error_of(api.get(f"{url}/S5"), 404)
    assert [m["code"] for m in api.get(url).get_json()["items"]] == ["I1"]


def test_topics_and_dependencies_are_written_through_the_same_rules(api):
    h = api.editor
    assert api.post("/api/v1/topics", json={"code": "S6", "name": "Waste", "parent": "S"},
                    headers=h).get_json()["category"] == "city_service"
    assert error_of(api.post("/api/v1/topics", json={"code": "S6", "name": "x", "parent": "S"},
                             headers=h), 409)
    renamed = api.patch("/api/v1/topics/S6", json={"name": "Waste management"}, headers=h)
    assert renamed.get_json()["name"] == "Waste management" and renamed.get_json()["version"] == 2
    dep = api.post("/api/v1/dependencies", json={"topic": "I1", "requires": "S6"}, headers=h)
    assert dep.status_code == 201 and dep.headers["Location"].endswith("/dependencies/I1/S6")
    cycle = error_of(api.post("/api/v1/dependencies", json={"topic": "S6", "requires": "S5"},
                              headers=h), 422)
    assert cycle["fields"]["requires"] == ["would close the cycle S6 -> S5 -> I1 -> S6"]
    assert error_of(api.post("/api/v1/dependencies", json={"topic": "I1", "requires": "S6"},
                             headers=h), 409)
    assert api.patch("/api/v1/dependencies/I1/S6", json={"rationale": "bins with sensors"},
                     headers=h).get_json()["rationale"] == "bins with sensors"
    assert api.patch("/api/v1/dependencies/I1/S6", json={}, headers=h).get_json()[
        "rationale"] == "bins with sensors"  # what a PATCH leaves out stays
    in_use = error_of(api.delete("/api/v1/topics/S6", headers=h), 409)
    assert "takes part in 1 dependency" in in_use["message"]
    assert api.delete("/api/v1/dependencies/I1/S6", headers=h).status_code == 204
    assert api.delete("/api/v1/topics/S6", headers=h).status_code == 204
    assert error_of(api.get("/api/v1/topics/S6"), 404)
    assert "groups S5" in error_of(api.delete("/api/v1/topics/S", headers=h), 409)["message"]


def test_a_status_change_through_the_api_is_recorded_as_that_item_alone(app, api):
    """So that every worker catches up by re-reading that one item (read/live_analysis.py)."""
    from roadmap import revision
    from roadmap.models import RevisionChange
    changed = item_id(app, "Y.4490")
    response = api.patch(f"{ITEMS}/{changed}", json={"status": "withdrawn"}, headers=api.editor)
    assert response.status_code == 200, response.get_data(as_text=True)
    with app.app_context():
        session = get_session()
        last = session.get(RevisionChange, revision.position(session))
        assert (last.full, last.register, last.items) == (False, False, [changed])


def test_one_topic_reads_as_the_list_shows_it_with_its_own_links_only(app, api):
    """A topic read alone (its dependencies and children read for it alone) equals its entry
    in the list of every topic, on a roadmap of groups and many dependencies."""
    from roadmap import synthetic
    from roadmap.interchange import importer
    from tests.budget import recorded
    with app.app_context():
        session = get_session()
        importer.import_document(session, synthetic.generate(
            leaves=30, dependencies=90, work_items=60, mappings=120, organizations=3),
            replace=True, actor=ADMIN)
        session.commit()
    listed = {t["code"]: t for t in api.get("/api/v1/topics").get_json()["items"]}
    assert any(t["requires"] and t["required_by"] for t in listed.values())
    assert any(t["children"] for t in listed.values())
    for code, entry in listed.items():
        with recorded(app) as statements:
            assert api.get(f"/api/v1/topics/{code}").get_json() == entry, code
        links = [s for s in statements if "topic_dependencies" in s]
        assert links and all("WHERE" in s for s in links), links
