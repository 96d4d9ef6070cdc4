"""A file of any kind in: which kinds are read, and the one dispatch every way in uses.

The web's /import and `flask --app app roadmap import` call `import_file` and `preview`, so
both accept the same files and refuse the others in the same words.
"""
from __future__ import annotations

from pathlib import PurePath

from sqlalchemy.orm import Session

from . import bundle, tabular, xlsx
from .freshness import Snapshot
from .importer import import_document
from .report import ImportReport
from .problems import FileRefused

KINDS = {".json": "a roadmap bundle", ".csv": "work items (CSV)", ".xlsx": "work items (XLSX)"}
MAX_BYTES = 5 * 2**20


def check_upload(filename: str, data: bytes, *, limit: int | None = MAX_BYTES) -> str:
    """Return the file's extension, or raise FileRefused saying what is accepted.

    `limit` bounds an upload; the command line reads files of any size (a backup).
    """
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in KINDS:
        raise FileRefused([f'"{filename}" is not one of: ' + ", ".join(
            f"{ext} ({what})" for ext, what in KINDS.items())])
    if limit is not None and len(data) > limit:
        raise FileRefused([f"the file has {len(data) / 2**20:.1f} MiB; at most "
                           f"{limit // 2**20} MiB are read at once"])
    if not data:
        raise FileRefused(["the file is empty"])
    return suffix


def import_file(session: Session, filename: str, data: bytes, *, actor, replace: bool = False,
                limit: int | None = MAX_BYTES, expected: Snapshot | None = None) -> ImportReport:
    """Check and write the file's contents through the services; the caller commits.

    With `expected`, the snapshot of a preview, records changed since are refused
    (StalePreview) rather than overwritten.
    """
    suffix = check_upload(filename, data, limit=limit)
    if suffix == ".json":
        return import_document(session, bundle.parse(data), actor=actor, replace=replace,
                               expected=expected)
    rows = tabular.read_csv_rows(data) if suffix == ".csv" else xlsx.read_xlsx_rows(data)
    return tabular.import_rows(session, rows, actor=actor, replace=replace, expected=expected)


def preview(session: Session, filename: str, data: bytes, *, actor,
            limit: int | None = MAX_BYTES) -> ImportReport:
    """Return what importing the file would do, and write nothing."""
    try:
        return import_file(session, filename, data, actor=actor, limit=limit)
    finally:
        session.rollback()
