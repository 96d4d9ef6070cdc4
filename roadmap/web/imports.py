"""Bulk import in the browser: upload, preview every change, then apply all or nothing."""
from __future__ import annotations

import secrets
from pathlib import Path

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_login import current_user, login_required

from ..db import get_session
from ..interchange import files
from ..interchange.problems import FileRefused
from .transactions import submit

bp = Blueprint("imports", __name__)


@bp.before_request
@login_required
def _writers_only():
    if current_user.account.role == "reader":
        abort(403, "A reader's account imports nothing; liaison officers and editors do.")


def _uploads() -> Path:
    folder = Path(current_app.instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _stored(token: str) -> Path:
    """The upload kept between preview and apply, private to the person who sent it."""
    if not token.isalnum():
        abort(400, "That upload is not known.")
    return _uploads() / f"{current_user.account.id}-{token}"


@bp.get("/import")
@login_required
def upload():
    return render_template("imports/upload.html", kinds=files.KINDS)


@bp.post("/import")
@login_required
def preview():
    file = request.files.get("file")
    data = file.read(files.MAX_BYTES + 1) if file else b""
    name = file.filename if file else ""
    try:
        report = files.preview(get_session(), name, data, actor=current_user.account)
    except FileRefused as error:
        return render_template("imports/upload.html", kinds=files.KINDS, filename=name,
                               errors=error.errors), 422
    token = secrets.token_hex(16)
    _stored(token).write_bytes(data)
    return render_template("imports/preview.html", report=report, filename=name, token=token)


@bp.post("/import/apply")
@login_required
def apply():
    token, name = request.form.get("token", ""), request.form.get("filename", "")
    path = _stored(token)
    if not path.exists():
        flash("That upload has already been applied or has expired; upload the file again.")
        return redirect(url_for("imports.upload"))
    try:
        report = submit(lambda session: files.import_file(session, name, path.read_bytes(),
                                                          actor=current_user.account))
    except FileRefused as error:  # the roadmap changed since the preview
        return render_template("imports/upload.html", kinds=files.KINDS, filename=name,
                               errors=error.errors), 422
    finally:
        path.unlink(missing_ok=True)
    flash(f"Imported {name}: " + report.summary().replace("\n", "; ") + ".")
    return redirect(url_for("pages.work_items"))


@bp.app_errorhandler(413)
def too_large(_error):
    limit = current_app.config["MAX_CONTENT_LENGTH"] // 2**20
    return render_template("imports/upload.html", kinds=files.KINDS, filename="The upload",
                           errors=[f"the request is larger than {limit} MiB; files of at most "
                                   f"{files.MAX_BYTES // 2**20} MiB are read"]), 413
