"""A real Chromium (Debian's) against the app served on loopback with the seed roadmap."""
from __future__ import annotations

import shutil
import threading

import pytest
from werkzeug.serving import make_server

from roadmap import create_app
from roadmap.cli import prepare_database
from tests.factories import ADMIN

CHROMIUM = "/usr/bin/chromium"
EDITOR = ("editor@example.org", "a long enough browser-test password")
OFFICER = ("officer@example.org", "another long browser-test password")  # follows ITU-T
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def closing_body(app):
    """Close every response body, even when the browser drops the connection mid-way.

    Werkzeug's development server closes a body only after writing all of it; when Chromium
    navigates away while a stylesheet is still loading, the file would stay open until
    garbage collection. The generator's `finally` runs when the server abandons it.
    """
    def wsgi(environ, start_response):
        inner = app(environ, start_response)

        def body():
            try:
                yield from inner
            finally:
                if hasattr(inner, "close"):
                    inner.close()
        return body()
    return wsgi


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Serve a seeded roadmap on a free loopback port for the whole session."""
    folder = tmp_path_factory.mktemp("live")
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'live.sqlite'}",
                      "SECRET_KEY": "browser-tests", "EDITION_COPIES": str(folder / "editions")})
    prepare_database(app)
    with app.app_context():
        from roadmap.db import get_session
        from roadmap.services import accounts
        accounts.create_user(get_session(), email=EDITOR[0], password=EDITOR[1], role="editor", actor=ADMIN)
        accounts.create_user(get_session(), email=OFFICER[0], password=OFFICER[1],
                             role="liaison_officer", organizations=["ITU-T"], actor=ADMIN)
        get_session().commit()
    server = make_server("127.0.0.1", 0, closing_body(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    app.extensions["roadmap.engine"].dispose()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh page that fails the test on any console error or failed request.

    A test that expects an error status says so: `@pytest.mark.expect_status(401)`; one that
    injects a script of its own (axe-core) says `@pytest.mark.inject_scripts`, and the page's
    Content Security Policy, which refuses inline scripts, is then bypassed.
    """
    marker = request.node.get_closest_marker("expect_status")
    expected = set(marker.args) if marker else set()
    context = browser.new_context(base_url=live_server,
                                  bypass_csp=bool(request.node.get_closest_marker("inject_scripts")))
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and not _expected_console(m.text, expected)
            and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    # a navigation cancels what the old page still loads (net::ERR_ABORTED): not a failure
    page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "")
            and problems.append(f"failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and r.status not in expected
            and problems.append(f"{r.status}: {r.url}"))
    yield page
    context.close()
    assert not problems, problems


def _expected_console(text: str, expected: set[int]) -> bool:
    """Chromium logs an expected error status as a console error too; that one is allowed."""
    return any(f"status of {status}" in text for status in expected)
