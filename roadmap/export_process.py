"""One export of a roadmap view, read and rendered in a short-lived child process.

A Word export of 50,000 work items builds an lxml tree of more than a gigabyte, and a
process that built one keeps most of that memory after it is freed. So a web worker does
not make a large export itself: a child process forked from a small server that imported
this module once (multiprocessing's `forkserver`) opens its own connection, reads the
rows, renders the file into a temporary file and exits, giving all its memory back. The
worker's thread waits without holding the GIL, so the worker's other threads serve pages
meanwhile, and the child runs at a lower CPU priority (`nice`), so pages come first.

`produce` is the export itself, the same in the child and in a process that makes it
inline (the command line, a test, `EXPORT_PROCESS=inline`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import multiprocessing
import os
import resource
import tempfile
import threading
import time
from typing import BinaryIO

from sqlalchemy.orm import Session, configure_mappers

from . import collector, shared_results
from .db import make_engine, make_read_only_engine
from .exporters import EXPORTERS
from .read import exports
from .read.filters import WorkItemFilter

configure_mappers()  # once in the forkserver that imports this module, not in every child

TIMEOUT = 300.0  # seconds an export may take, waiting for its turn included
NICE = 10  # how much lower the child's CPU priority is than the worker's
CHILDREN = 1  # exports one worker makes at a time (a 50,000-item Word export takes 1.9 GiB); more wait their turn
STOPPED = "the process making it stopped unexpectedly"


@dataclasses.dataclass(frozen=True)
class ExportJob:
    """What to export: a format, its options and one view of the roadmap."""

    fmt: str
    view: WorkItemFilter
    name: str
    options: dict = dataclasses.field(default_factory=dict)  # e.g. {"table": "topics"}
    today: dt.date | None = None  # an edition's date; None for today
    include_withdrawn: bool = False


@dataclasses.dataclass(frozen=True)
class Database:
    """Where the child reads: the live database, or the read-only copy of an edition."""

    url: str  # e.g. "postgresql+psycopg://roadmap:secret@db/roadmap", password included
    copy: str | None = None  # the path of an edition's copy (edition_copies), read only
    sharing: dict | None = None  # the app's shared results: the child loads the gap report


def sharing_of(engine) -> dict | None:
    """How the app shares its whole-roadmap results, for a child to do the same."""
    return shared_results.settings_of(engine)


class ExportFailed(Exception):
    """The export could not be made; the message says why in plain words."""


@dataclasses.dataclass(frozen=True)
class Made:
    """An export a child made: its file, open for reading, and what making it took."""

    file: BinaryIO  # already unlinked: it goes away when closed
    seconds: float
    peak_mib: float  # the child's largest memory (resident set)


def produce(session: Session, job: ExportJob) -> bytes:
    """Read the view's rows and render them: the bytes of the export.

    The garbage collector is paused meanwhile: the rows are tens of thousands of tuples
    and dicts that hold no cycles, and a full collection each time a few thousand are made
    took a third of the time.
    """
    exporter = EXPORTERS[job.fmt]
    with collector.paused():
        data = exports.gather(session, job.view, parts=exporter.parts(**job.options),
                              name=job.name, today=job.today,
                              include_withdrawn=job.include_withdrawn)
        return exporter.render(data, **job.options)


def in_child(database: Database, job: ExportJob, *, timeout: float = TIMEOUT,
             nice: int = NICE, children: int = CHILDREN) -> Made:
    """Make the export in a child process; return the file it wrote, open for reading.

    Raise `ExportFailed` when the child fails (its error in words), dies, or outlives
    `timeout`; at most `children` exports of this process run at once, the others wait
    their turn within `timeout`.
    """
    slots = _slots(children)
    if not slots.acquire(timeout=timeout):
        raise ExportFailed("the server is busy with other exports; try again in a minute")
    try:
        return _run(database, job, timeout, nice)
    finally:
        slots.release()


def _run(database: Database, job: ExportJob, timeout: float, nice: int) -> Made:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    fd, path = tempfile.mkstemp(prefix="roadmap-export-")
    os.close(fd)
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(database, job, path, writer, nice),
                              daemon=True, name=f"roadmap export {job.fmt}")
    started, start = False, time.perf_counter()
    try:
        process.start()
        started = True
        writer.close()
        if not reader.poll(timeout):
            raise ExportFailed(f"it took longer than {timeout:g} seconds and was stopped")
        try:
            failure, peak_mib = reader.recv()
        except EOFError:
            failure = STOPPED
        if failure:
            raise ExportFailed(failure)
        return Made(open(path, "rb"), time.perf_counter() - start, peak_mib)
    finally:
        if started:
            if process.is_alive():
                process.kill()
            process.join()
        writer.close()
        reader.close()
        os.unlink(path)  # a file opened above stays readable until it is closed


def _child(database: Database, job: ExportJob, path: str, writer, nice: int) -> None:
    """Run in the child: make the export into `path`; send (None or the error in words,
    the child's peak memory in MiB)."""
    try:
        os.nice(nice)
        gc.disable()  # the process ends soon; its memory goes back to the system with it
        engine = (make_read_only_engine(database.copy) if database.copy
                  else make_engine(database.url))
        if database.sharing and not database.copy:  # the report the workers computed
            shared_results.configure(engine, **database.sharing)
        with Session(engine) as session:
            body = produce(session, job)
        with open(path, "wb") as out:
            out.write(body)
        writer.send((None, _peak_mib()))
    except BaseException as error:  # noqa: BLE001 - every failure is told to the parent
        writer.send((_words(error), _peak_mib()))
    finally:
        writer.close()


def _words(error: BaseException) -> str:
    """The first line of an error's message, or its kind when it has none."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else f"{type(error).__name__} in the process making it"


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


_lock = threading.Lock()
_semaphores: dict[int, threading.BoundedSemaphore] = {}


def _slots(children: int) -> threading.BoundedSemaphore:
    with _lock:
        return _semaphores.setdefault(children, threading.BoundedSemaphore(max(children, 1)))
