"""A real gunicorn server for the export benchmarks: start it, ask it, read its workers' memory."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start(url: str, log, **settings: str) -> tuple[str, subprocess.Popen]:
    """Start `gunicorn app:app` on `url` (gunicorn.conf.py's defaults unless `settings`
    give ROADMAP_* values, e.g. WORKERS="1"); return its base URL once it answers."""
    port = free_port()
    env = {**os.environ, "ROADMAP_DATABASE_URL": url, "ROADMAP_SECRET_KEY": "bench",
           "ROADMAP_ENV": "production", "ROADMAP_BIND": f"{HOST}:{port}",
           **{f"ROADMAP_{name}": value for name, value in settings.items()}}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "app:app"], cwd=ROOT, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode}")
        try:
            if get(base + "/login", timeout=2)[0] == 200:
                return base, server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def get(url: str, timeout: float = 600) -> tuple[int, int, float]:
    """GET `url`: (status, bytes received, seconds)."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            size = len(answer.read())
            status = answer.status
    except urllib.error.HTTPError as answer:
        size, status = len(answer.read()), answer.code
    return status, size, time.perf_counter() - start


def workers(server: subprocess.Popen) -> list[int]:
    """The pids of the server's worker processes (children of the gunicorn master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == server.pid:
                found.append(int(entry.name))
    return sorted(found)


def rss_mib(pid: int) -> float:
    """The process's resident memory now, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")
