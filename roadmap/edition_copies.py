"""Each published edition as a read-only SQLite database of its own, built on first use.

Every reading page and export of the live roadmap runs unchanged on an edition's copy:
the copy is the edition's frozen bundle imported by the one importer into an empty
database at the newest schema. It is built once per host (a file under the instance
folder, named by the edition's digest and the schema's revision, so a new schema builds
afresh) and opened read-only by every worker. Editions never change, so a copy never
goes stale; deleting an edition leaves an unused file that `prune` removes.
"""
from __future__ import annotations

import os
import sqlite3
import threading
import uuid
from collections import OrderedDict
from pathlib import Path
from typing import Callable

from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from . import migrate, permissions, revision
from .db import begin_write, make_engine, make_read_only_engine
from .interchange.importer import import_document
from .interchange.problems import FileRefused
from .models import AuditRecord
from .read import editions
from .read.editions import EditionRow

KEPT_OPEN = 8  # engines per process; a copy's engine holds a few file handles
_open: "OrderedDict[Path, sessionmaker]" = OrderedDict()
_broken: dict[Path, str] = {}  # copies that cannot be built, and why


class EditionUnreadable(Exception):
    """An edition whose frozen roadmap this version cannot import (the web answers 503)."""
_lock = threading.Lock()


def folder(app) -> Path:
    """Where this host keeps the copies: EDITION_COPIES, or the instance folder's editions/."""
    return Path(app.config.get("EDITION_COPIES") or Path(app.instance_path) / "editions")


def open_edition(app, live: Session, number: int) -> tuple[EditionRow, Session] | None:
    """Edition `number` and a session on its copy; None when there is no such edition."""
    edition = editions.get_edition(live, number)
    if edition is None:
        return None
    return edition, session_for(folder(app), number, edition.sha256,
                                lambda: editions.frozen(live, number)[0])


def session_for(folder: Path, number: int, digest: str,
                content: Callable[[], dict]) -> Session:
    """A session on the copy of edition `number`, building the copy if this host has none.

    `content` gives the edition's bundle document; it is read only to build the copy.
    """
    path = folder / f"edition-{number}-{digest[:16]}-{migrate.head()}.sqlite"
    with _lock:
        maker = _open.get(path)
        if maker is not None:
            _open.move_to_end(path)
            return maker()
    if path in _broken:
        raise EditionUnreadable(_broken[path])
    if not path.exists():
        try:
            _build(path, content())
        except FileRefused as error:  # content this version's rules refuse: say so, once
            _broken[path] = (f"Edition {number} cannot be shown by this version of the "
                             f"roadmap: its content is refused ({'; '.join(error.errors[:3])})")
            raise EditionUnreadable(_broken[path]) from None
    with _lock:
        maker = _open.get(path) or sessionmaker(make_read_only_engine(str(path)))
        _open[path] = maker
        while len(_open) > KEPT_OPEN:
            _open.popitem(last=False)[1].kw["bind"].dispose()
        return maker()


def _build(path: Path, document: dict) -> None:
    """Import `document` into a new database beside `path`, then move it into place.

    Two workers building the same copy at once each write their own file; the rename is
    atomic and both files are the same, so either may win.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    url = f"sqlite:///{building}"
    try:
        migrate.upgrade(url)
        engine = make_engine(url)
        maker = sessionmaker(engine)
        revision.watch(maker)
        with maker() as session:
            begin_write(session)
            import_document(session, document, actor=permissions.COMMAND_LINE)
            session.execute(delete(AuditRecord))  # the import's own history is not the edition's
            session.commit()
        engine.dispose()
        with sqlite3.connect(building) as conn:  # one file, no write-ahead log beside it
            conn.execute("PRAGMA journal_mode=DELETE")
        os.replace(building, path)
    finally:
        for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
            leftover.unlink(missing_ok=True)


def prune(app, live: Session) -> None:
    """Remove this host's copies of editions no longer stored (after a delete)."""
    keep = {e.sha256[:16] for e in editions.list_editions(live)}
    for path in folder(app).glob("edition-*.sqlite"):
        if path.name.split("-")[2] not in keep:
            with _lock:
                maker = _open.pop(path, None)
            if maker is not None:
                maker.kw["bind"].dispose()
            path.unlink(missing_ok=True)
