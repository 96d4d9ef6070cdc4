"""Passwords: the rule, a change with the current password, an admin's one-time reset link,
and display names. Both databases."""
import datetime as dt
import re

import pytest
from hypothesis import given, strategies as st
from sqlalchemy import select, update

from roadmap.db import get_session
from roadmap.errors import NotAllowed, NotFound, ValidationError
from roadmap.models import AuditRecord, PasswordReset, User
from roadmap.services import accounts, passwords
from roadmap.services.passwords import _COMMON, password_problem
from tests.factories import ADMIN, PASSWORD, page_csrf, signed_in_client

NEW = "a quite different passphrase 2027"
WHITESPACE = st.text(alphabet=" \t\n\r\u00a0\u2003\u3000", min_size=0, max_size=40)


@given(WHITESPACE)
def test_blank_and_all_space_passwords_are_refused(password):
    assert password_problem(password) == "must not be blank or only spaces"


@given(st.sampled_from(sorted(_COMMON)), st.sampled_from(["", " ", "  "]))
def test_the_commonest_passwords_are_refused_whatever_their_case_or_padding(common, pad):
    problem = password_problem(pad + common.upper() + pad)
    assert problem is not None and len(problem) > 10


@given(st.text(min_size=0, max_size=200))
def test_an_accepted_password_is_long_and_not_common(password):
    if password_problem(password) is None:
        assert len(password) >= 12 and password.strip()
        assert password.strip().lower() not in _COMMON


def test_a_password_made_of_the_account_s_own_address_is_refused():
    for own in ("ana.silva@example.org", "examplesilva", "Ana.Silva@Example.org"):
        assert "easy to guess" in password_problem(own, email="ana.silva@example.org")


def test_create_user_refuses_twelve_spaces(session):
    with pytest.raises(ValidationError) as error:
        accounts.create_user(session, actor=ADMIN, email="ed@example.org", password=" " * 12,
                             role="editor")
    assert error.value.errors == {"password": ["must not be blank or only spaces"]}
    assert session.scalar(select(User.id)) is None


def test_the_command_line_refuses_twelve_spaces(app, monkeypatch):
    monkeypatch.setenv("ROADMAP_NEW_PASSWORD", " " * 12)
    result = app.test_cli_runner().invoke(args=["roadmap", "create-user", "ed@example.org",
                                                "--role", "editor"])
    assert result.exit_code != 0 and "must not be blank or only spaces" in result.output
    monkeypatch.setenv("ROADMAP_NEW_PASSWORD", "")  # set but empty: refused, not prompted for
    result = app.test_cli_runner().invoke(args=["roadmap", "create-user", "ed@example.org",
                                                "--role", "editor"])
    assert result.exit_code != 0 and "must not be blank" in result.output


def form_errors(answer) -> list[str]:
    return re.findall(r"<li>([^<]+)</li>", answer.get_data(as_text=True).split("<main")[1])


@pytest.mark.parametrize("current, new, expected", [
    ("wrong password, long enough", NEW, "is not your current password"),
    (PASSWORD, "            ", "must not be blank or only spaces"),
    (PASSWORD, "password1234", "is one of the most common passwords; choose another"),
    (PASSWORD, PASSWORD, "is your current password; choose a new one"),
])
def test_a_refused_change_says_why_and_changes_nothing(app, current, new, expected):
    client = signed_in_client(app, "editor")
    answer = client.post("/account/password", data={"current": current, "new": new,
                                                     "csrf_token": client.csrf})
    assert answer.status_code == 422 and [expected] == form_errors(answer)
    with app.app_context():
        stored = get_session().scalar(select(User.password_hash))
        assert accounts.HASHER.verify(stored, PASSWORD)
    assert client.get("/account").status_code == 200  # still signed in


def reset_link(app, admin) -> str:
    answer = admin.post("/users/1/reset-password", data={"csrf_token": admin.csrf})
    assert answer.status_code == 201 and answer.headers["Cache-Control"] == "no-store"
    return re.search(r'<code class="token">http://localhost(/password-reset/[^<]+)</code>',
                     answer.get_data(as_text=True)).group(1)


def test_an_admin_s_reset_link_works_once_and_ends_every_session(app):
    admin = signed_in_client(app, "admin")  # account 1: an admin resets their own, for brevity
    link = reset_link(app, admin)
    visitor = app.test_client()
    form = visitor.get(link)
    assert form.status_code == 200 and "admin@example.org" in form.get_data(as_text=True)
    assert form.headers["Referrer-Policy"] == "no-referrer"
    token = page_csrf(visitor, link)
    weak = visitor.post(link, data={"new": "qwerty123456", "csrf_token": token})
    assert weak.status_code == 422 and "most common" in weak.get_data(as_text=True)
    assert visitor.post(link, data={"new": NEW, "csrf_token": token}).status_code == 302
    assert admin.get("/account").status_code == 302  # signed out everywhere
    assert visitor.get(link).status_code == 404  # used
    with app.app_context():
        user = get_session().scalar(select(User))
        assert accounts.HASHER.verify(user.password_hash, NEW)
        history = get_session().scalars(select(AuditRecord.changes).where(
            AuditRecord.kind == "user")).all()
    assert {"password": [None, "reset"]} in history


def test_a_newer_link_or_its_expiry_ends_the_old_one(app):
    admin = signed_in_client(app, "admin")
    first, second = reset_link(app, admin), reset_link(app, admin)
    assert app.test_client().get(first).status_code == 404
    with app.app_context():
        session = get_session()
        session.execute(update(PasswordReset).values(
            expires=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)))
        session.commit()
    assert app.test_client().get(second).status_code == 404


def test_only_admins_make_reset_links(session):
    from tests.factories import EDITOR
    user = accounts.create_user(session, actor=ADMIN, email="ed@example.org", password=PASSWORD,
                                role="editor")
    with pytest.raises(NotAllowed):
        passwords.make_reset_link(session, user.id, actor=EDITOR)
    with pytest.raises(NotFound):
        passwords.make_reset_link(session, 999, actor=ADMIN)


def test_the_reset_page_opens_when_reading_needs_an_account(app):
    admin = signed_in_client(app, "admin")
    link = reset_link(app, admin)
    app.config["PUBLIC_READ"] = "0"
    assert app.test_client().get(link).status_code == 200
    assert app.test_client().get("/gaps").status_code == 302


def test_a_display_name_is_kept_and_may_not_be_an_address(app):
    client = signed_in_client(app, "editor")
    answer = client.post("/account/name", data={"display_name": "  Ana   Silva ",
                                                "csrf_token": client.csrf})
    assert answer.status_code == 302
    assert 'value="Ana Silva"' in client.get("/account").get_data(as_text=True)
    refused = client.post("/account/name", data={"display_name": "ana@example.org",
                                                 "csrf_token": client.csrf})
    assert refused.status_code == 422 and form_errors(refused) == [
        "is shown to everyone, so it may not be an e-mail address"]
    with app.app_context():
        assert get_session().scalar(select(User.display_name)) == "Ana Silva"
