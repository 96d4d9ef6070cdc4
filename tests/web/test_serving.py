"""The production server: gunicorn with the repository's configuration serves the app."""
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from roadmap import create_app
from roadmap.cli import prepare_database
from tests.test_quickstart import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_gunicorn_serves_the_app_with_two_workers(tmp_path):
    url = f"sqlite:///{tmp_path / 'served.sqlite'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x"})
    prepare_database(app)
    app.extensions["roadmap.engine"].dispose()
    port = free_port()
    env = {**os.environ, "ROADMAP_DATABASE_URL": url, "ROADMAP_SECRET_KEY": "a-test-secret",
           "ROADMAP_ENV": "production", "ROADMAP_BIND": f"127.0.0.1:{port}"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "app:app"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline, body = time.monotonic() + 60, None
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/gaps", timeout=5) as r:
                    body = r.read().decode()
            except OSError:
                assert server.poll() is None, server.stdout.read()
                time.sleep(0.3)
        assert body and "Gap report" in body
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert output.count("Booting worker") == 2


def test_behind_a_tls_proxy_the_session_cookie_is_secure(tmp_path):
    from tests.conftest import create_schema
    url = f"sqlite:///{tmp_path / 'proxied.sqlite'}"
    create_schema(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "PROXY_FIX": "1"})
    response = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "; Secure;" in response.headers["Set-Cookie"]
    app.extensions["roadmap.engine"].dispose()


def test_a_worker_freezes_what_loading_made_and_collects_young_objects_less_often():
    probe = ("import gc, runpy; from roadmap import create_app; "
             "create_app({'DATABASE_URL': 'sqlite://', 'SECRET_KEY': 'x'}); "
             "runpy.run_path('gunicorn.conf.py')['post_worker_init'](None); "
             "print(gc.get_threshold()[0], gc.get_freeze_count())")
    found = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split()
    threshold, frozen = int(found[0]), int(found[1])
    assert threshold == 20_000 and frozen > 50_000  # the app's modules, mappers, templates
