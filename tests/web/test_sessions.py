"""Sessions that end: a copied cookie is worth nothing after sign-out, deactivation, a
password change, or its idle and absolute lifetimes; sign-in renews the cookie. Both databases."""
import datetime as dt

import pytest
from sqlalchemy import select, update

from roadmap.db import get_session
from roadmap.models import AccountSession, User, WorkItem
from roadmap.services import accounts
from tests.factories import ADMIN, PASSWORD, page_csrf, signed_in_client

NEW_PASSWORD = "a quite different passphrase 2027"


def item_url(app) -> str:
    with app.app_context():
        item = get_session().scalar(select(WorkItem.id).where(WorkItem.identifier == "Y.4490"))
    return f"/api/v1/work-items/{item}"


def copy_of(app, client):
    """Another browser holding the very cookie `client` holds (a stolen cookie, say)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    thief.csrf = client.csrf
    return thief


def can_use(app, client) -> bool:
    """Whether the cookie still reads /account and writes through the API; both or neither."""
    page = client.get("/account")
    write = client.patch(item_url(app), json={"stage": "20"}, headers={"X-CSRFToken": client.csrf})
    assert (page.status_code == 200) == (write.status_code == 200), (page.status_code, write.status_code)
    assert page.status_code in (200, 302) and write.status_code in (200, 401)
    return page.status_code == 200


def sign_in(app, email: str, password: str = PASSWORD):
    client = app.test_client()
    token = page_csrf(client, "/login")
    answer = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    client.csrf = page_csrf(client) if answer.status_code == 302 else token
    client.answer = answer
    return client


def test_a_cookie_replayed_after_sign_out_is_refused_on_pages_and_api(app):
    officer = signed_in_client(app, "liaison_officer")
    thief = copy_of(app, officer)
    assert can_use(app, thief)  # the copy works while the session lives
    assert officer.post("/logout", data={"csrf_token": officer.csrf}).status_code == 302
    assert not can_use(app, thief)
    assert not can_use(app, officer)


def test_deactivating_an_account_ends_its_sessions_at_once(app):
    officer = signed_in_client(app, "liaison_officer")
    thief = copy_of(app, officer)
    with app.app_context():
        session = get_session()
        user = session.scalar(select(User).where(User.email == "liaison_officer@example.org"))
        accounts.set_active(session, user.id, False, actor=ADMIN)
        session.commit()
        accounts.set_active(session, user.id, True, actor=ADMIN)  # back: the old cookie stays dead
        session.commit()
    assert not can_use(app, thief) and not can_use(app, officer)


def test_a_password_change_ends_every_other_session_and_keeps_this_browser(app):
    officer = signed_in_client(app, "liaison_officer")
    elsewhere = sign_in(app, "liaison_officer@example.org")
    thief = copy_of(app, officer)
    answer = officer.post("/account/password", data={
        "current": PASSWORD, "new": NEW_PASSWORD, "csrf_token": officer.csrf})
    assert answer.status_code == 302
    assert not can_use(app, thief) and not can_use(app, elsewhere)
    officer.csrf = page_csrf(officer)
    assert can_use(app, officer)  # the browser that changed it goes on, in a new session
    assert sign_in(app, "liaison_officer@example.org").answer.status_code == 401
    assert sign_in(app, "liaison_officer@example.org", NEW_PASSWORD).answer.status_code == 302


def test_sign_in_renews_the_session_key_and_the_csrf_secret(app):
    signed_in_client(app, "editor")  # the roadmap and the account
    browser = app.test_client()
    planted = page_csrf(browser, "/login")  # what an attacker could have planted before
    browser.post("/login", data={"email": "editor@example.org", "password": PASSWORD,
                                 "csrf_token": planted})
    assert browser.post("/account/name", data={"display_name": "X", "csrf_token": planted}
                        ).status_code == 400  # the pre-sign-in token no longer works
    first = browser.get_cookie("session").value
    browser.post("/logout", data={"csrf_token": page_csrf(browser)})
    again = sign_in(app, "editor@example.org")
    with app.app_context():
        keys = get_session().scalars(select(AccountSession.key_hash)).all()
    assert len(set(keys)) == 3  # signed_in_client, browser, again: one key each
    assert again.get_cookie("session").value != first
    with again.session_transaction() as cookie:
        assert cookie["_user_id"] not in {"1", "2"}  # a random key, not the account's number


@pytest.mark.parametrize("column, age", [("last_seen", dt.timedelta(minutes=62)),
                                         ("created", dt.timedelta(hours=12, minutes=1))])
def test_sessions_end_when_idle_and_when_too_old(app, column, age):
    officer = signed_in_client(app, "liaison_officer")
    assert can_use(app, officer)
    with app.app_context():
        session = get_session()
        then = dt.datetime.now(dt.timezone.utc) - age
        values = {column: then} if column == "last_seen" else {"created": then, "last_seen": then
                                                                 + age - dt.timedelta(minutes=1)}
        session.execute(update(AccountSession).values(**values))
        session.commit()
    assert not can_use(app, officer)


def test_the_lifetimes_are_configurable(app):
    app.config["SESSION_IDLE_MINUTES"] = "5"
    officer = signed_in_client(app, "liaison_officer")
    with app.app_context():
        session = get_session()
        session.execute(update(AccountSession).values(
            last_seen=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=7)))
        session.commit()
    assert not can_use(app, officer)


def test_the_account_page_lists_sessions_and_ends_one(app):
    officer = signed_in_client(app, "liaison_officer")
    other = sign_in(app, "liaison_officer@example.org")
    page = officer.get("/account").get_data(as_text=True)
    assert page.count("/end\"") == 2 and "this browser" in page
    with app.app_context():
        ids = get_session().scalars(select(AccountSession.id).order_by(AccountSession.id)).all()
    assert officer.post(f"/account/sessions/{ids[1]}/end",
                        data={"csrf_token": officer.csrf}).status_code == 302
    assert not can_use(app, other) and can_use(app, officer)
    # someone else's session is not found, and stays alive
    editor = signed_in_client(app, "editor")
    assert editor.post(f"/account/sessions/{ids[0]}/end",
                       data={"csrf_token": editor.csrf}).status_code == 404
    assert can_use(app, officer)


def test_using_a_session_is_noted_at_most_once_a_minute(app):
    officer = signed_in_client(app, "liaison_officer")
    with app.app_context():
        session = get_session()
        session.execute(update(AccountSession).values(
            last_seen=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)))
        session.commit()
    officer.get("/")  # a reading request notes it beside its own transaction
    with app.app_context():
        seen = get_session().scalar(select(AccountSession.last_seen))
    seen = seen if seen.tzinfo else seen.replace(tzinfo=dt.timezone.utc)
    assert dt.datetime.now(dt.timezone.utc) - seen < dt.timedelta(seconds=30)
