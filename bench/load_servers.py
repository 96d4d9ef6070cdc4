"""The servers under load: a throw-away PostgreSQL schema, and one gunicorn master per
host, each on its own loopback port with its own workers, all on the same database (and
the same Redis when one is given), as several hosts behind a balancer would be."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, text

from harness import load_roadmap
from load_http import HOST, Request, send
from load_machine import children
from load_probe import PROBE_GROUP, PROBES, probe_item, probe_topic
from roadmap.db import engine, get_session
from roadmap.permissions import COMMAND_LINE
from roadmap.services import accounts, tokens

ROOT = Path(__file__).resolve().parent.parent
EMAIL = "load@example.org"
READY_TIMEOUT = 60.0
SETTLE_SECONDS = 20.0


@contextmanager
def throwaway_schema(database_url: str):
    """Yield a URL whose connections work in a new schema, dropped afterwards."""
    import uuid
    schema = f"load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in database_url else "?"  # the same quoting as conftest.py
        yield f"{database_url}{separator}options={quote(f'-csearch_path={schema}')}", schema
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def with_probes(document: dict) -> dict:
    """The roadmap plus probes: leaf topics of a group of their own, each with one work
    item, the probe item, whose status alone decides the topic's state (published:
    covered; withdrawn: uncovered, and in the gap list). No dependency touches them."""
    group = next(t for t in document["topics"] if not t.get("parent"))
    organization = document["organizations"][0]["acronym"]
    items = [{"organization": organization, "committee": "TC 1",
              "identifier": probe_item(n), "title": f"Load probe {n + 1}",
              "type": "international_standard", "status": "published", "published": "2020-01",
              "topics": [{"code": probe_topic(n), "relevance": "core"}]} for n in range(PROBES)]
    topics = [{"code": PROBE_GROUP, "name": "Load probes", "category": group["category"]}] + [
        {"code": probe_topic(n), "name": f"Load probe {n + 1}", "parent": PROBE_GROUP}
        for n in range(PROBES)]
    return {**document, "topics": document["topics"] + topics,
            "work_items": document["work_items"] + items}


@dataclass
class Prepared:
    seconds: float  # the import's
    token: str
    ids: list[int]  # every work item but the probes
    probe_ids: list[int]  # probe 0, 1, ...


def prepare(document: dict, url: str) -> Prepared:
    """Migrate, import the roadmap with its probes; make an editor with a token."""
    app, _, seconds = load_roadmap(with_probes(document), url)
    with app.app_context():
        session = get_session()
        accounts.create_user(session, actor=COMMAND_LINE, email=EMAIL,
                             password="a-long-password-for-load", role="editor")
        _, token = tokens.create_token(session, actor=COMMAND_LINE, email=EMAIL, name="load")
        session.commit()
        rows = session.execute(text("SELECT id, identifier FROM work_items ORDER BY id")).all()
        session.commit()
        with engine().connect() as conn:  # the statistics autovacuum would gather in service
            conn.execute(text("ANALYZE"))  # (as bench/pages.py); a fresh import has none
            conn.commit()
    # the servers run in other processes; this one must not hold connections meanwhile
    app.extensions["roadmap.engine"].dispose()
    probes = {identifier: i for i, identifier in rows}
    probe_ids = [probes[probe_item(n)] for n in range(PROBES)]
    return Prepared(seconds, token, [i for i, _ in rows if i not in probe_ids], probe_ids)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Host:
    port: int
    process: subprocess.Popen
    log_path: Path
    keep_log: bool = field(default=False)  # kept, and its path printed, when something failed


def start_host(url: str, workers: int, redis_url: str | None, prefix: str) -> Host:
    port = free_port()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("ROADMAP_REDIS")}
    env.update({"ROADMAP_DATABASE_URL": url, "ROADMAP_SECRET_KEY": "load-secret",
                "ROADMAP_ENV": "production", "ROADMAP_BIND": f"{HOST}:{port}",
                "ROADMAP_WORKERS": str(workers)})
    if redis_url:  # every host shares it, under keys of this run's own
        env.update({"ROADMAP_REDIS_URL": redis_url, "ROADMAP_REDIS_KEY_PREFIX": prefix})
    log_path = Path(tempfile.mkstemp(prefix="load-gunicorn-", suffix=".log")[1])
    with log_path.open("w") as log:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "app:app"], cwd=ROOT,
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
    return Host(port, process, log_path)


def wait_ready(host: Host) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if host.process.poll() is not None:
            raise RuntimeError(f"the server exited with status {host.process.returncode}")
        try:
            if send(host.port, Request("floor", "GET", "/api/v1/"), timeout=2)[0] == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer GET /api/v1/ within {READY_TIMEOUT:.0f} s")


class Fleet:
    """The hosts: `count` gunicorn masters, ready; stopped, and clean logs dropped, at the
    end. A host still busy with the queue an overloaded run left behind is restarted rather
    than waited for, so that it does not weigh on the next run's figures."""

    def __init__(self, url: str, count: int, workers: int, redis_url: str | None,
                 prefix: str):
        self.options = (url, workers, redis_url, prefix)
        self.count, self.hosts, self.restarts = count, [], 0

    @property
    def ports(self) -> tuple[int, ...]:
        return tuple(h.port for h in self.hosts)

    @property
    def masters(self) -> list[int]:
        return [h.process.pid for h in self.hosts]

    def __enter__(self) -> Fleet:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        for _ in range(self.count):
            self.hosts.append(start_host(*self.options))
        for host in self.hosts:
            try:
                wait_ready(host)
            except RuntimeError:
                print_log(host)
                raise

    def stop(self) -> None:
        for host in self.hosts:
            stop(host.process)
            if host.process.returncode not in (0, None, -signal.SIGQUIT) or host.keep_log:
                print_log(host)
            else:
                host.log_path.unlink(missing_ok=True)
        self.hosts = []

    def idle(self, seconds: float = SETTLE_SECONDS) -> None:
        """Return when every host answers the floor quickly; restart them if that takes
        longer than `seconds`."""
        if not settled(self.ports, seconds):
            print(f"  (the hosts were still busy after {seconds:.0f} s with the queue the "
                  f"last run left behind: restarted)")
            self.stop()
            self.start()
            self.restarts += 1


def settled(ports: tuple[int, ...], seconds: float) -> bool:
    """Whether every host answered the floor within 20 ms three times running, in time."""
    deadline, quick = time.monotonic() + seconds, 0
    while quick < 3 * len(ports) and time.monotonic() < deadline:
        for port in ports:
            start = time.monotonic()
            try:
                send(port, Request("floor", "GET", "/api/v1/"),
                     timeout=max(0.1, deadline - start))
                quick = quick + 1 if time.monotonic() - start < 0.02 else 0
            except OSError:
                quick = 0
        time.sleep(0.1)
    return quick >= 3 * len(ports)


def stop(process: subprocess.Popen) -> None:
    """Stop a master at once (SIGQUIT: its workers drop what they are doing)."""
    if process.poll() is None:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def print_log(host: Host, lines: int = 20) -> None:
    """Print the last lines of a server log that are not access-log lines; keep the log."""
    host.keep_log = True
    text_lines = host.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
    print(f"\nServer log ({host.log_path}), last lines other than the access log:")
    for line in [line for line in text_lines if not line.startswith(f"{HOST} - ")][-lines:]:
        print(f"  {line}")


def worker_rss(master_pid: int) -> dict[int, int]:
    """The resident memory (VmRSS, in bytes) of each child of a gunicorn master."""
    sizes = {}
    for pid in children(master_pid):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue  # exited meanwhile
        kib = next((int(line.split()[1]) for line in status.splitlines()
                    if line.startswith("VmRSS:")), None)
        if kib is not None:
            sizes[pid] = kib * 1024
    return sizes
