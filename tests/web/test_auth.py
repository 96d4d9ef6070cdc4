"""Accounts, signing in and the security basics."""
import re

import pytest
from argon2 import PasswordHasher

from roadmap import create_app
from roadmap.errors import ValidationError
from roadmap.models import User
from roadmap.services import accounts
from tests.factories import ADMIN, PASSWORD, make_organization


@pytest.fixture
def officer(session):
    make_organization(session, "ITU-T")
    account = accounts.create_user(session, email="Officer@Example.org", password=PASSWORD,
                                   role="liaison_officer", organizations=["ITU-T"], actor=ADMIN)
    session.commit()
    return account


def csrf_token(client, url="/login") -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                     client.get(url).get_data(as_text=True)).group(1)


def sign_in(client, email="officer@example.org", password=PASSWORD, url="/login"):
    return client.post(url, data={"email": email, "password": password,
                                  "csrf_token": csrf_token(client)})


def test_passwords_are_stored_as_argon2id_at_owasp_parameters(session, officer):
    stored = session.get(User, officer.id).password_hash
    assert stored.startswith("$argon2id$") and "m=19456,t=2,p=1" in stored
    assert PASSWORD not in stored
    assert PasswordHasher().verify(stored, PASSWORD)


def test_create_user_checks_every_field(session):
    make_organization(session, "ITU-T")
    with pytest.raises(ValidationError) as error:
        accounts.create_user(session, email="not-an-address", password="short",
                             role="liaison_officer", organizations=["NOPE"], actor=ADMIN)
    assert error.value.errors == {
        "email": ['"not-an-address" is not an e-mail address'],
        "password": ["must have at least 12 characters"],
        "organizations": ['unknown organization "NOPE"']}


def test_an_email_has_one_account(session, officer):
    with pytest.raises(ValidationError) as error:
        accounts.create_user(session, email="OFFICER@example.org", password=PASSWORD, role="editor", actor=ADMIN)
    assert error.value.errors == {"email": ["officer@example.org already has an account"]}


def test_a_liaison_officer_follows_an_organization(session):
    with pytest.raises(ValidationError) as error:
        accounts.create_user(session, email="a@example.org", password=PASSWORD,
                             role="liaison_officer", actor=ADMIN)
    assert "follows at least one organization" in error.value.errors["organizations"][0]


def test_signing_in_and_out(client, officer):
    response = sign_in(client, email="OFFICER@example.org")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "officer@example.org (Liaison officer)" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert "Sign in</a>" in client.get("/").get_data(as_text=True)


def test_a_wrong_password_is_refused_without_saying_which_part(client, officer):
    response = sign_in(client, password="wrong password, long enough")
    assert response.status_code == 401
    assert "The e-mail or the password is not right." in response.get_data(as_text=True)
    assert sign_in(client, email="nobody@example.org").status_code == 401


def test_a_post_without_a_csrf_token_gets_400(client, officer):
    response = client.post("/login", data={"email": "officer@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert client.post("/logout").status_code == 400


def test_sign_in_is_throttled_after_repeated_failures(client, officer):
    for _ in range(5):
        assert sign_in(client, password="wrong password, long enough").status_code == 401
    blocked = sign_in(client)  # even the right password waits now
    assert blocked.status_code == 429
    assert "Too many failed sign-ins" in blocked.get_data(as_text=True)


@pytest.mark.parametrize("target, landing", [("/gaps?state=partial", "/gaps?state=partial"),
                                             ("//evil.example/", "/"),
                                             ("https://evil.example/", "/")])
def test_next_only_leads_within_the_site(client, officer, target, landing):
    response = client.post(f"/login?next={target}", data={
        "email": "officer@example.org", "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert response.headers["Location"] == landing


def test_pages_carry_security_headers_and_a_script_free_csp(client):
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_the_session_cookie_is_secure_only_over_https(app):
    # no `session` fixture here: its open app context would share `g` between the clients
    with app.app_context():
        from roadmap.db import get_session
        accounts.create_user(get_session(), email="e@example.org", password=PASSWORD,
                             role="editor", actor=ADMIN)
        get_session().commit()
    for base_url, secure in (("http://localhost", False), ("https://localhost", True)):
        client = app.test_client()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(
            "/login", base_url=base_url).get_data(as_text=True)).group(1)
        response = client.post("/login", base_url=base_url,
                               headers={"Referer": f"{base_url}/login"},
                               data={"email": "e@example.org", "password": PASSWORD,
                                     "csrf_token": token})
        assert response.status_code == 302, response.get_data(as_text=True)
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert ("; Secure;" in cookie) is secure


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(RuntimeError, match="ROADMAP_SECRET_KEY must be set in production"):
        create_app({"ENV": "production", "SECRET_KEY": None,
                    "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}"})


def test_create_user_command_reads_the_password_from_the_environment(app, monkeypatch):
    with app.app_context():
        from roadmap.db import get_session
        make_organization(get_session(), "ISO")
        get_session().commit()
    monkeypatch.setenv("ROADMAP_NEW_PASSWORD", PASSWORD)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["roadmap", "create-user", "lo@example.org", "--role",
                                 "liaison_officer", "--organization", "ISO"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Created lo@example.org (liaison officer of ISO)."
    again = runner.invoke(args=["roadmap", "create-user", "lo@example.org", "--role", "editor"])
    assert again.exit_code == 1 and "already has an account" in again.output


def test_reading_can_require_an_account(tmp_path):
    from tests.conftest import create_schema
    url = f"sqlite:///{tmp_path / 'closed.sqlite'}"
    create_schema(url)
    closed = create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "PUBLIC_READ": "0"}).test_client()
    for page in ("/", "/gaps", "/work-items", "/export/roadmap.csv"):
        response = closed.get(page)
        assert response.status_code == 302 and "/login" in response.headers["Location"], page
    api = closed.get("/api/v1/gaps")  # a program gets its own answer, not a sign-in page
    assert api.status_code == 401 and api.get_json()["error"]["code"] == "unauthorized"
    assert closed.get("/login").status_code == 200
    with closed.get("/static/style.css") as asset:  # a streamed file: close it
        assert asset.status_code == 200
    closed.application.extensions["roadmap.engine"].dispose()


def test_an_admin_deactivates_an_account_and_it_can_no_longer_sign_in(app):
    from roadmap.db import get_session
    with app.app_context():
        s = get_session()
        accounts.create_user(s, actor=ADMIN, email="boss@example.org", password=PASSWORD, role="admin")
        other = accounts.create_user(s, actor=ADMIN, email="ed@example.org", password=PASSWORD,
                                     role="editor")
        s.commit()
    admin = app.test_client()
    admin.post("/login", data={"email": "boss@example.org", "password": PASSWORD,
                               "csrf_token": csrf_token(admin)})
    token = re.search(r'name="csrf_token" value="([^"]+)"', admin.get("/users").get_data(as_text=True)).group(1)
    assert admin.post(f"/users/{other.id}/deactivate", data={"csrf_token": token}).status_code == 302
    assert "ed@example.org can no longer sign in." in admin.get("/users").get_data(as_text=True)
    editor = app.test_client()
    assert sign_in(editor, email="ed@example.org").status_code == 401
    with app.app_context():
        assert accounts.authenticate(get_session(), "ed@example.org", PASSWORD) is None
