"""Who may use which route: a table of role x route x method, on both databases."""
import re

import pytest
from sqlalchemy import select

from roadmap import bundle
from roadmap.db import get_session
from roadmap.models import WorkItem
from roadmap.services import accounts
from tests.factories import ADMIN
from tests.test_auth import PASSWORD
from tests.test_bundle import small_bundle

ROLES = ("anonymous", "reader", "liaison_officer", "editor", "admin")
LOGIN = "login"  # expected: sent to the sign-in page

# (method, route, {role: expected status}); {itu} is an ITU-T item, {iso} an ISO one
TABLE = [
    ("GET", "/work-items/new", (LOGIN, 403, 200, 200, 200)),
    ("GET", "/work-items/{itu}/edit", (LOGIN, 403, 200, 200, 200)),
    ("GET", "/work-items/{iso}/edit", (LOGIN, 403, 403, 200, 200)),
    ("POST", "/work-items/{itu}/delete", (LOGIN, 403, 302, 302, 302)),
    ("POST", "/work-items/{iso}/delete", (LOGIN, 403, 403, 302, 302)),
    ("POST", "/work-items/{itu}/restore", (LOGIN, 403, 403, 302, 302)),
    ("POST", "/work-items/{itu}/purge", (LOGIN, 403, 403, 403, 302)),
    ("GET", "/topics/new", (LOGIN, 403, 403, 200, 200)),
    ("GET", "/topics/S5/edit", (LOGIN, 403, 403, 200, 200)),
    ("POST", "/topics/S5/edit", (LOGIN, 403, 403, 302, 302)),  # fields left out keep their values
    ("GET", "/organizations/new", (LOGIN, 403, 403, 200, 200)),
    ("GET", "/organizations/ITU-T/edit", (LOGIN, 403, 403, 200, 200)),
    ("POST", "/organizations/ITU-T/committees", (LOGIN, 403, 403, 422, 422)),
    ("GET", "/import", (LOGIN, 200, 200, 200, 200)),
    ("GET", "/users", (LOGIN, 403, 403, 403, 200)),
    ("POST", "/users/1/deactivate", (LOGIN, 403, 403, 403, 302)),
    ("GET", "/work-items/{itu}", (200, 200, 200, 200, 200)),
    ("GET", "/gaps", (200, 200, 200, 200, 200)),
]
CASES = [(method, route, role, expected[i]) for method, route, expected in TABLE
         for i, role in enumerate(ROLES)]


@pytest.mark.parametrize("method, route, role, expected", CASES,
                         ids=[f"{m} {r} as {who}" for m, r, who, _ in CASES])
def test_role_route_method(app, method, route, role, expected):
    with app.app_context():
        session = get_session()
        bundle.import_bundle(session, small_bundle(), actor=ADMIN)
        if role != "anonymous":
            accounts.create_user(session, actor=ADMIN, email=f"{role}@example.org",
                                 password=PASSWORD, role=role,
                                 organizations=["ITU-T"] if role == "liaison_officer" else [])
        session.commit()
        ids = {k: session.scalar(select(WorkItem.id).where(WorkItem.identifier == i))
               for k, i in (("itu", "Y.4490"), ("iso", "ISO 1"))}
    client = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/login").get_data(as_text=True)).group(1)
    if role != "anonymous":
        client.post("/login", data={"email": f"{role}@example.org", "password": PASSWORD,
                                    "csrf_token": token})
    url = route.format(**ids)
    response = (client.get(url) if method == "GET"
                else client.post(url, data={"csrf_token": token}))
    if expected == LOGIN:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == expected, response.get_data(as_text=True)[:500]
