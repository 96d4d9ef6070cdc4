"""The sign-in limit holds for the whole service: two gunicorn servers of two workers each
(two hosts, as far as the limit can tell) on one database, or with Redis, take twelve
wrong passwords at once and check exactly the configured five."""
import http.cookiejar
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from roadmap import create_app
from tests.factories import PASSWORD
from tests.test_quickstart import free_port, wait_for
from tests.web.test_sign_in_limits import WRONG, make_accounts

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("ROADMAP_TEST_REDIS_URL")


def start_server(env: dict) -> tuple[str, subprocess.Popen]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "app:app", "--workers", "2",
         "--access-logformat", "%(p)s %(r)s %(s)s"],
        cwd=ROOT, env={**env, "ROADMAP_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/login", server)
    return base, server


def try_password(base: str, email: str, password: str) -> tuple[int, str | None]:
    """A browser of its own: fetch the form, then post it; (status, Retry-After)."""
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())
    with browser.open(f"{base}/login", timeout=30) as page:
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                          page.read().decode()).group(1)
    body = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token})
    try:
        with browser.open(f"{base}/login", data=body.encode(), timeout=60) as answer:
            return answer.status, answer.headers.get("Retry-After")
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers.get("Retry-After")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 after sign-in is the answer itself


@pytest.mark.parametrize("store", ["database", "redis"])
def test_twelve_wrong_passwords_over_two_servers_check_only_five(database_url, store):
    if store == "redis" and not REDIS_URL:
        pytest.skip("ROADMAP_TEST_REDIS_URL is not set")
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x"})
    make_accounts(app, "ed@example.org", "colleague@example.org")
    app.extensions["roadmap.engine"].dispose()
    env = {**os.environ, "ROADMAP_DATABASE_URL": database_url, "ROADMAP_SECRET_KEY": "a-secret",
           "ROADMAP_ENV": "production"}
    if store == "redis":
        env.update(ROADMAP_REDIS_URL=REDIS_URL, ROADMAP_REDIS_KEY_PREFIX=f"test-{uuid.uuid4().hex}")
    servers = [start_server(env) for _ in range(2)]
    try:
        answers, start = [], threading.Barrier(12)

        def attack(base: str) -> None:
            start.wait()
            answers.append(try_password(base, "ed@example.org", WRONG))

        threads = [threading.Thread(target=attack, args=(servers[n % 2][0],)) for n in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        colleague = try_password(servers[1][0], "colleague@example.org", PASSWORD)
    finally:
        logs = []
        for _, server in servers:
            server.terminate()
            logs.append(server.communicate(timeout=30)[0])
    statuses = sorted(status for status, _ in answers)
    assert statuses == [401] * 5 + [429] * 7, logs
    assert all(0 < int(wait) <= 900 for status, wait in answers if status == 429)
    assert colleague[0] == 302  # the same address, another account: signs in
    workers = {line.split()[0] for log in logs for line in log.splitlines()
               if "POST /login" in line}
    assert len(workers) >= 2  # two servers: at least two processes answered
