"""The README's first command: `python app.py` migrates, seeds once and serves."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, text

from roadmap import create_app
from roadmap.cli import prepare_database

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"app.py exited: {process.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in {seconds} s")


def test_python_app_py_serves_the_seeded_roadmap(tmp_path):
    port = free_port()
    env = {**os.environ, "PORT": str(port),
           "ROADMAP_DATABASE_URL": f"sqlite:///{tmp_path / 'quickstart.sqlite'}"}
    process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        html = wait_for(f"http://127.0.0.1:{port}/", process)
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    assert "Loaded the seed roadmap" in output and "Create the first admin" in output
    assert "S5 Water management" in html and "organization=ISO&amp;topic=K1" in html


def test_a_second_start_leaves_the_data_alone(tmp_path):
    url = f"sqlite:///{tmp_path / 'roadmap.sqlite'}"
    app = create_app({"DATABASE_URL": url})
    first = prepare_database(app)
    assert first.startswith("Loaded the seed roadmap")
    assert "roadmap create-user you@example.org --role admin" in first
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM work_items WHERE identifier = 'ISO 37120:2018'"))
    assert "Loaded the seed roadmap" not in prepare_database(app)
    with engine.connect() as conn:
        gone = conn.execute(text("SELECT count(*) FROM work_items "
                                 "WHERE identifier = 'ISO 37120:2018'")).scalar()
    engine.dispose()
    app.extensions["roadmap.engine"].dispose()
    assert gone == 0
