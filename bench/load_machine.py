"""How busy the machine was during a run, and with what: the figures of a loaded run mean
little without it when other programs share the CPUs (read from /proc, Linux only)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Snapshot:
    busy: int  # clock ticks of all CPUs not idle (steal included)
    total: int
    servers: int  # ticks of the gunicorn masters and their workers
    client: int  # ticks of this process and its waited-for children
    postgres: int  # ticks of every PostgreSQL process on the machine, whoever it serves


def _ticks(pid: int | str) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0  # exited meanwhile
    return sum(int(f) for f in fields[11:15])  # utime stime cutime cstime


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(p) for p in path.read_text().split()]
    except OSError:
        return []


def snapshot(masters: list[int]) -> Snapshot:
    try:
        numbers = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return Snapshot(0, 0, 0, 0, 0)
    idle = numbers[3] + numbers[4]  # idle, iowait
    total = sum(numbers[:8])  # user nice system idle iowait irq softirq steal (not guests)
    servers = sum(_ticks(p) for m in masters for p in [m, *children(m)])
    return Snapshot(total - idle, total, servers, _ticks(os.getpid()), _postgres())


def _postgres() -> int:
    ticks = 0
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and (proc / "comm").read_text().startswith("postgres"):
                ticks += _ticks(proc.name)
        except OSError:
            continue  # exited meanwhile
    return ticks


def describe(before: Snapshot, after: Snapshot) -> str:
    """One line: how busy the CPUs were and whose work it was, over the interval."""
    total = after.total - before.total
    if total <= 0:
        return "machine: no /proc figures"
    cpus = os.cpu_count() or 1

    def share(ticks: int) -> str:
        return f"{100 * ticks / total * cpus:.0f}%"
    servers, client = after.servers - before.servers, after.client - before.client
    postgres = after.postgres - before.postgres
    others = (after.busy - before.busy) - servers - client - postgres
    load = os.getloadavg()[0]
    return (f"machine ({cpus} CPUs, 100% = one CPU): busy {share(after.busy - before.busy)} "
            f"of {cpus * 100}%: the app's gunicorn processes {share(servers)}, this client "
            f"{share(client)}, PostgreSQL (for everyone) {share(postgres)}, other programs "
            f"{share(others)}; load average {load:.1f}")
