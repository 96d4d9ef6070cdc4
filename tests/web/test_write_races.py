"""Several people press the same button at once, on every page write route: each hears
409 or a plain refusal, never a server error, and the data stays whole.

Each race runs for real: one signed-in client per thread, all released together by a
barrier, against the same database (both backends; PostgreSQL is where writers truly
overlap, SQLite queues them).
"""
from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select

from roadmap.db import new_session
from roadmap.models import ApiToken, AuditRecord, Committee, Organization, Topic, User, WorkItem
from roadmap.services import accounts
from tests.factories import ADMIN, PASSWORD, page_csrf, signed_in_client

RACERS = 6
REFUSALS = {302, 409, 422}  # a redirect with a message, a conflict, a refused form


def sign_in(app, email: str):
    client = app.test_client()
    client.csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                            client.get("/login").get_data(as_text=True)).group(1)
    answer = client.post("/login", data={"email": email, "password": PASSWORD,
                                         "csrf_token": client.csrf})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    client.csrf = page_csrf(client)  # signing in renewed the CSRF secret
    return client


def racers(app, role: str = "editor", n: int = RACERS):
    """The small roadmap, one account of `role`, and `n` clients signed in as it."""
    first = signed_in_client(app, role)
    return [first] + [sign_in(app, f"{role}@example.org") for _ in range(n - 1)]


def race(clients, url: str, data) -> list:
    """Post to `url` from every client at the same moment; `data(n)` is client n's form."""
    start = threading.Barrier(len(clients))
    answers: list = [None] * len(clients)

    def press(n: int, client) -> None:
        form = {"csrf_token": client.csrf, **data(n)}
        start.wait()
        try:
            answers[n] = client.post(url, data=form)
        except Exception as error:  # noqa: BLE001 - under TESTING a server error is raised
            answers[n] = error

    threads = [threading.Thread(target=press, args=(n, c)) for n, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    errors = [repr(a) for a in answers if isinstance(a, Exception)]
    assert not errors, errors
    assert 500 not in [a.status_code for a in answers]
    return answers


def count(app, stmt) -> int:
    with app.app_context(), new_session() as s:
        return s.scalar(stmt)


def item(app, identifier="Y.4490") -> tuple[int, int]:
    with app.app_context(), new_session() as s:
        row = s.execute(select(WorkItem.id, WorkItem.version)
                        .where(WorkItem.identifier == identifier)).one()
        return row.id, row.version


WORK_ITEM_FORM = {"organization": "ITU-T", "committee": "SG20", "identifier": "Y.4490",
                  "type": "recommendation", "status": "published", "published": "2023-11",
                  "topic_S5": "core"}


def test_saving_one_work_item_at_once_one_wins_the_rest_see_both_versions(app):
    clients = racers(app)
    item_id, version = item(app)
    answers = race(clients, f"/work-items/{item_id}/edit", lambda n: {
        **WORK_ITEM_FORM, "version": str(version), "title": f"Title {n}"})
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [302] + [409] * (RACERS - 1)
    assert all("Title" in a.get_data(as_text=True) for a in answers if a.status_code == 409)
    assert item(app)[1] == version + 1


@pytest.mark.parametrize("action, before, after", [("delete", "published", "withdrawn"),
                                                     ("restore", "withdrawn", "published")])
def test_withdrawing_or_restoring_at_once_happens_once(app, action, before, after):
    clients = racers(app)
    item_id, _ = item(app)
    if action == "restore":
        clients[0].post(f"/work-items/{item_id}/delete", data={"csrf_token": clients[0].csrf})
    answers = race(clients, f"/work-items/{item_id}/{action}", lambda n: {})
    assert {a.status_code for a in answers} <= REFUSALS
    with app.app_context(), new_session() as s:
        assert s.scalar(select(WorkItem.status).where(WorkItem.id == item_id)) == after
        done = {"delete": "deleted", "restore": "restored"}[action]
        assert s.scalar(select(func.count()).select_from(AuditRecord).where(
            AuditRecord.key == "ITU-T Y.4490", AuditRecord.action == done)) == 1


def test_adding_one_topic_at_once_makes_one(app):
    answers = race(racers(app), "/topics/new", lambda n: {
        "version": "0", "code": "S9", "name": f"Mobility {n}", "parent": "S"})
    assert sorted(a.status_code for a in answers)[0] == 302
    assert {a.status_code for a in answers} <= REFUSALS
    assert count(app, select(func.count()).select_from(Topic).where(Topic.code == "S9")) == 1


def test_editing_one_topic_at_once_one_wins(app):
    clients = racers(app)
    version = count(app, select(Topic.version).where(Topic.code == "S5"))
    answers = race(clients, "/topics/S5/edit", lambda n: {
        "version": str(version), "code": "S5", "name": f"Water {n}", "parent": "S"})
    assert sorted(a.status_code for a in answers) == [302] + [409] * (RACERS - 1)


def test_adding_one_organization_at_once_makes_one(app):
    answers = race(racers(app), "/organizations/new", lambda n: {
        "acronym": "ETSI", "name": f"European Telecommunications Standards Institute {n}",
        "kind": "regional_sdo"})
    assert sorted(a.status_code for a in answers)[0] == 302
    assert {a.status_code for a in answers} <= REFUSALS
    assert count(app, select(func.count()).select_from(Organization)
                 .where(Organization.acronym == "ETSI")) == 1


def test_adding_one_committee_at_once_makes_one(app):
    answers = race(racers(app), "/organizations/ITU-T/committees", lambda n: {
        "code": "SG5", "name": f"Environment, climate change and circular economy {n}"})
    assert {a.status_code for a in answers} <= REFUSALS
    assert count(app, select(func.count()).select_from(Committee)
                 .where(Committee.code == "SG5")) == 1


def test_deactivating_one_account_at_once_is_said_plainly(app):
    clients = racers(app, "admin")
    with app.app_context(), new_session() as s:
        officer = accounts.create_user(s, actor=ADMIN, email="lo@example.org",
                                       password=PASSWORD, role="liaison_officer",
                                       organizations=["ITU-T"])
        s.commit()
    answers = race(clients, f"/users/{officer.id}/deactivate", lambda n: {})
    assert {a.status_code for a in answers} <= REFUSALS
    assert count(app, select(User.active).where(User.id == officer.id)) is False


def test_making_tokens_at_once_makes_each_one(app):
    answers = race(racers(app), "/account/tokens", lambda n: {"name": f"sync {n}"})
    assert [a.status_code for a in answers] == [201] * RACERS
    assert count(app, select(func.count()).select_from(ApiToken)) == RACERS


def test_revoking_one_token_at_once_is_said_plainly(app):
    clients = racers(app)
    clients[0].post("/account/tokens", data={"csrf_token": clients[0].csrf, "name": "sync"})
    token_id = count(app, select(ApiToken.id))
    answers = race(clients, f"/account/tokens/{token_id}/revoke", lambda n: {})
    assert {a.status_code for a in answers} <= REFUSALS
    assert count(app, select(ApiToken.revoked).where(ApiToken.id == token_id)) is not None


CSV = ("organization,identifier,title,type,status,topics\n"
       "ITU-T,Y.4999,A text entered by two at once,recommendation,in_development,S5:core\n")


def test_applying_one_preview_at_once_imports_it_once(app):
    clients = racers(app)
    preview = clients[0].post("/import", data={
        "csrf_token": clients[0].csrf, "file": (__import__("io").BytesIO(CSV.encode()),
                                                "items.csv")})
    token = re.search(r'name="token" value="([^"]+)"', preview.get_data(as_text=True)).group(1)
    answers = race(clients, "/import/apply", lambda n: {"token": token,
                                                        "filename": "items.csv"})
    assert {a.status_code for a in answers} <= REFUSALS
    assert count(app, select(func.count()).select_from(WorkItem)
                 .where(WorkItem.identifier == "Y.4999")) == 1


def test_two_people_applying_the_same_new_item_at_once_both_hear_plainly(app):
    clients = racers(app, n=2)
    tokens = []
    for client in clients:
        preview = client.post("/import", data={
            "csrf_token": client.csrf, "file": (__import__("io").BytesIO(CSV.encode()),
                                                "items.csv")})
        tokens.append(re.search(r'name="token" value="([^"]+)"',
                                preview.get_data(as_text=True)).group(1))
    answers = race(clients, "/import/apply", lambda n: {"token": tokens[n],
                                                        "filename": "items.csv"})
    assert {a.status_code for a in answers} <= REFUSALS
    assert count(app, select(func.count()).select_from(WorkItem)
                 .where(WorkItem.identifier == "Y.4999")) == 1
