"""Exports as gunicorn serves them: made in a child process, beside the pages.

A worker's thread that waits on an export's child leaves the worker's other threads
serving pages; an export that fails or takes too long becomes an error page."""
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from roadmap import create_app
from roadmap.interchange import importer
from tests.exporters.test_exports import export_bundle_document
from tests.factories import ADMIN
from tests.test_quickstart import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def roadmap(app, session):
    importer.import_document(session, export_bundle_document(), actor=ADMIN)
    session.commit()
    return app


def test_an_export_made_in_a_child_is_sent_as_the_inline_one_is(roadmap, client):
    child = client.get("/export/roadmap.csv?table=topics")
    roadmap.config["EXPORT_PROCESS"] = "inline"
    inline = client.get("/export/roadmap.csv?table=topics")
    assert child.status_code == inline.status_code == 200
    assert child.data == inline.data
    assert child.headers["Content-Length"] == str(len(inline.data))
    assert child.headers["Content-Disposition"] == inline.headers["Content-Disposition"]


def test_an_export_that_takes_too_long_is_an_error_page(roadmap, client):
    roadmap.config["EXPORT_TIMEOUT"] = "0.01"
    response = client.get("/export/roadmap.docx")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "<h1>Export failed</h1>" in page
    assert "took longer than 0.01 seconds and was stopped" in page


def processes() -> dict[int, tuple[int, bytes]]:
    """Every process: pid -> (parent pid, command line), read from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                found[int(entry.name)] = (parent, (entry / "cmdline").read_bytes())
            except OSError:
                continue  # gone meanwhile
    return found


def export_children(server: int) -> list[int]:
    """The export children under a gunicorn server: children of a worker's forkserver."""
    table = processes()
    workers = {pid for pid, (parent, _) in table.items() if parent == server}
    forkservers = {pid for pid, (parent, command) in table.items()
                   if parent in workers and b"forkserver" in command}
    return [pid for pid, (parent, _) in table.items() if parent in forkservers]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.read()


@pytest.fixture
def server(roadmap, database_url):
    roadmap.extensions["roadmap.engine"].dispose()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "app:app"], cwd=ROOT,
        env={**os.environ, "ROADMAP_DATABASE_URL": database_url, "ROADMAP_SECRET_KEY": "x",
             "ROADMAP_ENV": "production", "ROADMAP_BIND": f"127.0.0.1:{port}",
             "ROADMAP_WORKERS": "1", "ROADMAP_THREADS": "4"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/login", process)
    yield base, process
    process.terminate()
    process.communicate(timeout=30)


def held_export(base: str, process: subprocess.Popen, path: str):
    """Start downloading `path` and stop its child process; return (thread, answers, pid)."""
    answers = []
    download = threading.Thread(target=lambda: answers.append(fetch(base + path)))
    download.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = export_children(process.pid)
        if children:
            os.kill(children[0], signal.SIGSTOP)
            return download, answers, children[0]
        time.sleep(0.005)
    raise AssertionError("no export child appeared")


def test_one_worker_serves_a_page_while_its_export_is_held(server):
    base, process = server
    download, answers, child = held_export(base, process, "/export/roadmap.xlsx")
    try:
        start = time.monotonic()
        status, page = fetch(f"{base}/work-items")
        assert status == 200 and b"ISO 37120:2018" in page
        assert time.monotonic() - start < 10
        assert not answers  # the export waits on its stopped child meanwhile
    finally:
        os.kill(child, signal.SIGCONT)
    download.join(60)
    status, body = answers[0]
    assert status == 200 and body.startswith(b"PK")  # a whole workbook, once let go


def test_an_export_whose_child_dies_is_an_error_page_and_the_worker_goes_on(server):
    base, process = server
    download, answers, child = held_export(base, process, "/export/roadmap.docx")
    os.kill(child, signal.SIGKILL)
    download.join(60)
    status, page = answers[0]
    assert status == 500
    assert b"The export could not be made: the process making it stopped unexpectedly." in page
    status, body = fetch(f"{base}/export/roadmap.csv?table=topics")
    assert status == 200 and body.startswith(b"\xef\xbb\xbfcode,name,")
