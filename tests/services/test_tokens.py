"""API tokens: shown once, stored as a hash, revocable, made on the account page or the CLI."""
import re

import pytest
from sqlalchemy import select

from roadmap.db import get_session
from roadmap.errors import NotAllowed, NotFound
from roadmap.models import ApiToken, AuditRecord
from roadmap.services import accounts, tokens
from tests.factories import ADMIN, PASSWORD, signed_in_client


def test_the_command_line_prints_the_token_alone_on_its_last_line(app):
    client = signed_in_client(app, "editor")  # editor@example.org
    result = app.test_cli_runner().invoke(args=["roadmap", "create-token", "editor@example.org",
                                                "--name", "status sync"])
    assert result.exit_code == 0, result.output
    token = result.output.rstrip("\n").splitlines()[-1]
    assert re.fullmatch(r"ssc_[A-Za-z0-9_-]{43}", token)
    response = client.get("/api/v1/work-items", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    with app.app_context():
        stored = get_session().scalars(select(ApiToken)).one()
        assert token not in (stored.token_hash, stored.prefix) and token.startswith(stored.prefix)
        assert stored.token_hash == tokens.digest(token) and stored.name == "status sync"
    unknown = app.test_cli_runner().invoke(args=["roadmap", "create-token", "no@example.org"])
    assert unknown.exit_code != 0 and "there is no account no@example.org" in unknown.output


def test_the_account_page_shows_a_new_token_once_and_revokes_it(app):
    client = signed_in_client(app, "liaison_officer")
    page = client.get("/account")
    assert page.status_code == 200 and "You have no tokens." in page.get_data(as_text=True)
    made = client.post("/account/tokens", data={"name": "tracker", "csrf_token": client.csrf})
    html = made.get_data(as_text=True)
    assert made.status_code == 201 and made.headers["Cache-Control"] == "no-store"
    token = re.search(r'<code class="token">(ssc_[^<]+)</code>', html).group(1)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/work-items", headers=headers).status_code == 200
    later = client.get("/account").get_data(as_text=True)
    assert token not in later and token[:9] in later and "tracker" in later
    token_id = re.search(r'/account/tokens/(\d+)/revoke', later).group(1)
    revoked = client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": client.csrf})
    assert revoked.status_code == 302
    assert client.get("/api/v1/work-items", headers=headers).status_code == 401
    assert "revoked" in client.get("/account").get_data(as_text=True)
    assert client.post("/account/tokens", data={"name": ""}).status_code == 400  # no CSRF token
    empty = client.post("/account/tokens", data={"name": " ", "csrf_token": client.csrf})
    assert empty.status_code == 422 and "This field is required." in empty.get_data(as_text=True)


def test_the_account_page_needs_signing_in(app):
    client = signed_in_client(app, "anonymous")
    assert client.get("/account").status_code == 302


def test_people_make_and_revoke_only_their_own_tokens_unless_admin(app, session):
    one = accounts.create_user(session, actor=ADMIN, email="one@example.org", password=PASSWORD,
                               role="editor")
    two = accounts.create_user(session, actor=ADMIN, email="two@example.org", password=PASSWORD,
                               role="editor")
    with pytest.raises(NotAllowed):
        tokens.create_token(session, actor=one, email="two@example.org")
    row, _ = tokens.create_token(session, actor=two, email="two@example.org")
    with pytest.raises(NotFound):
        tokens.revoke_token(session, row.id, actor=one)
    assert tokens.revoke_token(session, row.id, actor=ADMIN).revoked
    session.commit()
    actions = session.scalars(select(AuditRecord.action).where(
        AuditRecord.kind == "api_token")).all()
    assert actions == ["created", "revoked"]


def test_a_token_finds_its_account_with_its_organizations_in_two_statements(app, session):
    from tests.budget import recorded
    from tests.factories import make_organization
    for acronym in ("ISO", "IEC", "ITU-T"):
        make_organization(session, acronym)
    officer = accounts.create_user(session, actor=ADMIN, email="lo@example.org",
                                   password=PASSWORD, role="liaison_officer",
                                   organizations=["ITU-T", "ISO"], display_name="LO")
    _, token = tokens.create_token(session, actor=officer, email="lo@example.org")
    session.commit()
    with recorded(app) as statements:
        with app.app_context():
            found = tokens.authenticate_token(get_session(), token)
    assert (found.id, found.email, found.role, found.organizations, found.display_name) == (
        officer.id, "lo@example.org", "liaison_officer", ("ISO", "ITU-T"), "LO")
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 2
    with app.app_context():
        assert tokens.authenticate_token(get_session(), token + "x") is None
