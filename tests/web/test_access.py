"""Who may use which route: a table of role x route x method, on both databases."""
import pytest
from sqlalchemy import select

from roadmap.db import get_session
from roadmap.models import WorkItem
from tests.factories import follow_up, signed_in_client

ROLES = ("anonymous", "reader", "liaison_officer", "editor", "admin")
LOGIN = "login"  # expected: sent to the sign-in page

# (method, route, {role: expected status}); {itu} is an ITU-T item, {iso} an ISO one
TABLE = [
    ("GET", "/work-items/new", (LOGIN, 403, 200, 200, 200)),
    ("GET", "/work-items/{itu}/edit", (LOGIN, 403, 200, 200, 200)),
    ("GET", "/work-items/{iso}/edit", (LOGIN, 403, 403, 200, 200)),
    ("GET", "/work-items/{itu}/withdraw", (LOGIN, 403, 200, 200, 200)),  # asks first
    ("GET", "/work-items/{iso}/withdraw", (LOGIN, 403, 403, 200, 200)),
    ("GET", "/work-items/{itu}/purge", (LOGIN, 403, 403, 403, 200)),  # asks first, admins only
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
    ("GET", "/import", (LOGIN, 403, 200, 200, 200)),
    ("POST", "/import", (LOGIN, 403, 422, 422, 422)),  # no file: refused with a message
    ("POST", "/import/apply", (LOGIN, 403, 400, 400, 400)),  # no upload token
    ("POST", "/topics/I1/dependencies", (LOGIN, 403, 403, 422, 422)),  # an empty form
    ("POST", "/topics/S5/dependencies/I1/delete", (LOGIN, 403, 403, 302, 302)),
    ("POST", "/organizations/new", (LOGIN, 403, 403, 422, 422)),
    ("POST", "/topics/new", (LOGIN, 403, 403, 422, 422)),
    ("POST", "/work-items/new", (LOGIN, 403, 422, 422, 422)),
    ("GET", "/users", (LOGIN, 403, 403, 403, 200)),
    ("POST", "/users/1/deactivate", (LOGIN, 403, 403, 403, 302)),
    ("POST", "/users/1/reset-password", (LOGIN, 403, 403, 403, 201)),  # the link, shown once
    ("POST", "/users/1/activate", (LOGIN, 403, 403, 403, 302)),
    ("POST", "/import/cancel", (LOGIN, 403, 400, 400, 400)),  # no upload token
    ("GET", "/catalogue", (LOGIN, 403, 200, 200, 200)),
    ("POST", "/catalogue", (LOGIN, 403, 422, 422, 422)),  # no file: refused with a message
    ("POST", "/catalogue/apply", (LOGIN, 403, 400, 400, 400)),  # no upload token
    ("POST", "/catalogue/cancel", (LOGIN, 403, 400, 400, 400)),
    ("POST", "/work-items/{itu}/edit", (LOGIN, 403, 302, 302, 302)),  # fields left out stay
    ("POST", "/work-items/{iso}/edit", (LOGIN, 403, 403, 302, 302)),
    ("POST", "/organizations/ITU-T/edit", (LOGIN, 403, 403, 302, 302)),
    ("GET", "/organizations/ITU-T/committees", (LOGIN, 403, 403, 200, 200)),
    ("GET", "/account", (LOGIN, 200, 200, 200, 200)),
    ("POST", "/account/name", (LOGIN, 302, 302, 302, 302)),  # empty: history shows the role
    ("POST", "/account/password", (LOGIN, 422, 422, 422, 422)),  # no current password
    ("POST", "/account/sessions/999/end", (LOGIN, 404, 404, 404, 404)),  # not theirs
    ("POST", "/account/tokens", (LOGIN, 422, 422, 422, 422)),  # no name
    ("POST", "/account/tokens/999/revoke", (LOGIN, 404, 404, 404, 404)),
    ("GET", "/password-reset/not-a-link", (404, 404, 404, 404, 404)),
    ("POST", "/password-reset/not-a-link", (404, 404, 404, 404, 404)),
    ("GET", "/login", (200, 200, 200, 200, 200)),
    ("POST", "/login", (400, 400, 400, 400, 400)),  # an empty form
    ("POST", "/logout", (302, 302, 302, 302, 302)),
    ("GET", "/work-items/{itu}/history", (200, 200, 200, 200, 200)),
    ("GET", "/work-items/{itu}", (200, 200, 200, 200, 200)),
    ("GET", "/gaps", (200, 200, 200, 200, 200)),
    # the gap register and its actions; GAP-01/A1 is addressed to ITU-T, A2 to ISO
    ("GET", "/register", (200, 200, 200, 200, 200)),
    ("GET", "/register/GAP-01", (200, 200, 200, 200, 200)),
    ("POST", "/register", (LOGIN, 403, 403, 404, 404)),  # no topic named
    ("GET", "/register/GAP-01/edit", (LOGIN, 403, 403, 200, 200)),
    ("POST", "/register/GAP-01/edit", (LOGIN, 403, 403, 302, 302)),  # fields left out stay
    ("POST", "/register/GAP-01/updates", (LOGIN, 403, 403, 400, 400)),  # no status
    ("GET", "/actions", (200, 200, 200, 200, 200)),
    ("GET", "/register/GAP-01/actions", (200, 200, 200, 200, 200)),
    ("GET", "/register/GAP-01/actions/new", (LOGIN, 403, 403, 200, 200)),
    ("POST", "/register/GAP-01/actions/new", (LOGIN, 403, 403, 422, 422)),  # no text
    ("GET", "/register/GAP-01/actions/A1/edit", (LOGIN, 403, 403, 200, 200)),
    ("POST", "/register/GAP-01/actions/A1/edit", (LOGIN, 403, 403, 302, 302)),
    ("POST", "/register/GAP-01/actions/A1/updates", (LOGIN, 403, 422, 422, 422)),  # no status
    ("POST", "/register/GAP-01/actions/A2/updates", (LOGIN, 403, 403, 422, 422)),
    # liaison statements: ITU-T SG20-LS1 is sent to ISO, ISO N7 too
    ("GET", "/liaison-statements", (200, 200, 200, 200, 200)),
    ("GET", "/liaison-statements/ITU-T/SG20-LS1", (200, 200, 200, 200, 200)),
    ("GET", "/liaison-statements/new", (LOGIN, 403, 200, 200, 200)),
    ("POST", "/liaison-statements/new", (LOGIN, 403, 422, 422, 422)),  # an empty form
    ("GET", "/liaison-statements/ITU-T/SG20-LS1/edit", (LOGIN, 403, 200, 200, 200)),
    ("GET", "/liaison-statements/ISO/N7/edit", (LOGIN, 403, 403, 200, 200)),
    ("POST", "/liaison-statements/ITU-T/SG20-LS1/edit", (LOGIN, 403, 302, 302, 302)),
    ("POST", "/liaison-statements/ISO/N7/edit", (LOGIN, 403, 403, 302, 302)),
    ("GET", "/feed.atom", (200, 200, 200, 200, 200)),
    ("GET", "/topics/S5/feed.atom", (200, 200, 200, 200, 200)),
    ("GET", "/organizations/ITU-T/feed.atom", (200, 200, 200, 200, 200)),
    ("GET", "/register/feed.atom", (200, 200, 200, 200, 200)),
    ("GET", "/editions", (200, 200, 200, 200, 200)),
    ("GET", "/editions/1", (404, 404, 404, 404, 404)),  # none published in this roadmap
    ("GET", "/editions/new", (LOGIN, 403, 403, 200, 200)),
    ("POST", "/editions/new", (LOGIN, 403, 403, 422, 422)),  # no title
    ("POST", "/editions/999/delete", (LOGIN, 403, 403, 403, 404)),
    ("GET", "/editions/1/work-items/1/today", (404, 404, 404, 404, 404)),
]
CASES = [(method, route, role, expected[i]) for method, route, expected in TABLE
         for i, role in enumerate(ROLES)]


@pytest.mark.parametrize("method, route, role, expected", CASES,
                         ids=[f"{m} {r} as {who}" for m, r, who, _ in CASES])
def test_role_route_method(app, method, route, role, expected):
    client = signed_in_client(app, role)
    with app.app_context():
        session = get_session()
        follow_up(session)
        ids = {k: session.scalar(select(WorkItem.id).where(WorkItem.identifier == i))
               for k, i in (("itu", "Y.4490"), ("iso", "ISO 1"))}
    url = route.format(**ids)
    response = (client.get(url) if method == "GET"
                else client.post(url, data={"csrf_token": client.csrf}))
    if expected == LOGIN:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == expected, response.get_data(as_text=True)[:500]


# reading pages everyone may see, whose own tests cover them
PUBLIC_BLUEPRINTS = ("pages.", "analysis.", "exports.", "api.", "edition_pages.",
                     "edition_compare.")


def test_the_table_covers_every_route_that_is_not_a_public_reading_page(app):
    adapter = app.url_map.bind("localhost")
    covered = {(adapter.match(route.format(itu=1, iso=2), method)[0], method)
               for method, route, _ in TABLE}
    every = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
             for method in rule.methods - {"HEAD", "OPTIONS"}
             if rule.endpoint != "static" and not rule.endpoint.startswith(PUBLIC_BLUEPRINTS)}
    assert every - covered == set()
