"""Imports of whole files (bundle, CSV, XLSX) with a preview of exactly what would change."""
from __future__ import annotations

from pathlib import PurePath

from sqlalchemy.orm import Session

from . import bundle, csvio, spreadsheet
from .bundle import BundleError, Report

KINDS = {".json": "a roadmap bundle", ".csv": "work items (CSV)", ".xlsx": "work items (XLSX)"}
MAX_BYTES = 5 * 2**20


def check_upload(filename: str, data: bytes) -> str:
    """Return the file's extension, or raise BundleError saying what is accepted."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in KINDS:
        raise BundleError([f'"{filename}" is not one of: ' + ", ".join(
            f"{ext} ({what})" for ext, what in KINDS.items())])
    if len(data) > MAX_BYTES:
        raise BundleError([f"the file has {len(data) / 2**20:.1f} MiB; at most "
                           f"{MAX_BYTES // 2**20} MiB are read at once"])
    if not data:
        raise BundleError(["the file is empty"])
    return suffix


def run(session: Session, filename: str, data: bytes, *, actor) -> Report:
    """Check and write the file's contents through the services; the caller commits."""
    suffix = check_upload(filename, data)
    if suffix == ".json":
        return bundle.import_bundle(session, bundle.load(data), actor=actor)
    if suffix == ".csv":
        return csvio.import_csv(session, data, actor=actor)
    return csvio.import_rows(session, spreadsheet.read_xlsx_rows(data), actor=actor)


def preview(session: Session, filename: str, data: bytes, *, actor) -> Report:
    """Return what importing the file would do, and write nothing."""
    try:
        return run(session, filename, data, actor=actor)
    finally:
        session.rollback()
