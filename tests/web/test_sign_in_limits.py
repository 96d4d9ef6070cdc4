"""Sign-in limits: per account from any address, per address across accounts, the right
password clearing an account's count, and the account page's password check counted with
sign-ins. Both databases; Redis too when ROADMAP_TEST_REDIS_URL is set."""
import os
import uuid

import pytest
from sqlalchemy import func, select

from roadmap import create_app
from roadmap.db import get_session
from roadmap.models import LimitHit
from roadmap.services import accounts
from tests.factories import ADMIN, PASSWORD, page_csrf

WRONG = "not the password at all"


def make_accounts(app, *emails: str) -> None:
    with app.app_context():
        for email in emails:
            accounts.create_user(get_session(), actor=ADMIN, email=email, password=PASSWORD,
                                 role="editor")
        get_session().commit()


def try_password(app, email: str, password: str, address: str = "192.0.2.1"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    token = page_csrf(client, "/login")
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


@pytest.fixture
def limited_app(database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "s",
                      "SIGN_IN_LIMIT_ADDRESS": "8 per 15 minutes"})
    make_accounts(app, "ed@example.org", "other@example.org")
    yield app
    app.extensions["roadmap.engine"].dispose()


def test_an_account_is_refused_after_its_limit_from_any_address(limited_app):
    tries = [try_password(limited_app, "ed@example.org", WRONG, f"192.0.2.{n}")
             for n in range(1, 6)]
    assert [t.status_code for t in tries] == [401] * 5
    refused = try_password(limited_app, "ed@example.org", PASSWORD, "198.51.100.7")
    assert refused.status_code == 429  # even the right password, from a fresh address
    assert "Too many failed sign-ins for this account; try again in 15 minutes." in \
        refused.get_data(as_text=True)
    assert 840 <= int(refused.headers["Retry-After"]) <= 900


def test_another_account_behind_the_same_address_still_signs_in(limited_app):
    for _ in range(6):
        try_password(limited_app, "ed@example.org", WRONG)
    assert try_password(limited_app, "other@example.org", PASSWORD).status_code == 302


def test_an_address_is_refused_after_its_larger_limit_across_accounts(limited_app):
    emails = [f"guess{n}@example.org" for n in range(8)]
    assert [try_password(limited_app, e, WRONG).status_code for e in emails] == [401] * 8
    refused = try_password(limited_app, "other@example.org", PASSWORD)
    assert refused.status_code == 429 and "from this address" in refused.get_data(as_text=True)
    assert int(refused.headers["Retry-After"]) > 0
    assert try_password(limited_app, "other@example.org", PASSWORD, "203.0.113.5").status_code == 302


def test_the_right_password_clears_the_account_count(limited_app):
    for round in range(3):  # each from its own address: the address limit is not at stake
        address = f"203.0.113.{round}"
        for _ in range(4):
            assert try_password(limited_app, "ed@example.org", WRONG, address).status_code == 401
        assert try_password(limited_app, "ed@example.org", PASSWORD, address).status_code == 302


def test_case_and_padding_of_the_address_typed_share_one_count(limited_app):
    for typed in ("ed@example.org", "ED@example.org", " Ed@Example.org ", "ed@EXAMPLE.ORG",
                  "eD@example.org"):
        assert try_password(limited_app, typed, WRONG).status_code == 401
    assert try_password(limited_app, "ed@example.org", PASSWORD).status_code == 429


def test_an_unknown_address_is_counted_like_a_known_one(limited_app):
    answers = [try_password(limited_app, "nobody@example.org", WRONG).status_code for _ in range(6)]
    assert answers == [401] * 5 + [429]  # the answer does not tell which addresses have accounts


def test_wrong_current_passwords_on_the_account_page_count_as_sign_ins(limited_app):
    client = limited_app.test_client()
    token = page_csrf(client, "/login")
    client.post("/login", data={"email": "ed@example.org", "password": PASSWORD, "csrf_token": token})
    token = page_csrf(client)
    answers = [client.post("/account/password", data={
        "current": WRONG, "new": "a brand new long passphrase", "csrf_token": token}).status_code
        for _ in range(6)]
    assert answers == [422] * 5 + [429]
    assert try_password(limited_app, "ed@example.org", PASSWORD).status_code == 429


def test_a_weak_new_password_is_no_failed_try(limited_app):
    client = limited_app.test_client()
    token = page_csrf(client, "/login")
    client.post("/login", data={"email": "ed@example.org", "password": PASSWORD, "csrf_token": token})
    token = page_csrf(client)
    for _ in range(7):  # the current password is right each time: the count starts again
        answer = client.post("/account/password", data={
            "current": PASSWORD, "new": "short", "csrf_token": token})
        assert answer.status_code == 422
    assert try_password(limited_app, "ed@example.org", PASSWORD).status_code == 302


@pytest.mark.skipif(not os.environ.get("ROADMAP_TEST_REDIS_URL"),
                    reason="ROADMAP_TEST_REDIS_URL is not set")
def test_with_redis_configured_the_counts_live_there(database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "s",
                      "REDIS_URL": os.environ["ROADMAP_TEST_REDIS_URL"],
                      "REDIS_KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    make_accounts(app, "ed@example.org")
    answers = [try_password(app, "ed@example.org", WRONG).status_code for _ in range(6)]
    assert answers == [401] * 5 + [429]
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(LimitHit)) == 0
    app.extensions["roadmap.engine"].dispose()


@pytest.mark.parametrize("email", ["ed@example.org", ["ed@example.org"]])
def test_a_json_body_counts_against_the_account_it_names(limited_app, email):
    client = limited_app.test_client()
    token = page_csrf(client, "/login")
    answers = [client.post("/login", json={"email": email, "password": WRONG},
                           headers={"X-CSRFToken": token}).status_code for _ in range(5)]
    assert answers == [401] * 5
    assert try_password(limited_app, "ed@example.org", PASSWORD).status_code == 429


def test_a_signed_out_post_to_the_account_page_is_sent_to_sign_in(limited_app):
    client = limited_app.test_client()
    token = page_csrf(client, "/login")
    for _ in range(7):
        answer = client.post("/account/password", data={"current": WRONG, "new": "x",
                                                         "csrf_token": token})
        assert answer.status_code == 302 and "/login" in answer.headers["Location"]


def test_an_ipv6_client_is_counted_by_its_block(limited_app):
    emails = [f"guess{n}@example.org" for n in range(8)]
    for n, email in enumerate(emails):
        assert try_password(limited_app, email, WRONG, f"2001:db8::{n + 1}").status_code == 401
    refused = try_password(limited_app, "other@example.org", PASSWORD, "2001:db8::ffff")
    assert refused.status_code == 429 and "from this address" in refused.get_data(as_text=True)
