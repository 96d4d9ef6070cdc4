"""Bulk import in the browser: upload, preview every change, then apply all or nothing."""
from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_login import current_user, login_required

from ..db import get_session
from ..interchange import files
from ..interchange.importer import StalePreview
from ..interchange.problems import FileRefused
from ..interchange.report import change_words
from . import uploads
from .transactions import start_over, submit

bp = Blueprint("imports", __name__)


@bp.before_request
@login_required
def _writers_only():
    if current_user.account.role == "reader":
        abort(403, "A reader's account imports nothing; liaison officers and editors do.")


@bp.get("/import")
@login_required
def upload():
    uploads.sweep()
    return render_template("imports/upload.html", kinds=files.KINDS)


@bp.post("/import")
@login_required
def preview():
    uploads.sweep()
    file = request.files.get("file")
    data = file.read(files.MAX_BYTES + 1) if file else b""
    name = file.filename if file else ""
    try:
        report = files.preview(get_session(), name, data, actor=current_user.account)
    except FileRefused as error:
        return _refused(name, error.errors)
    return _preview_page(name, data, report)


def _preview_page(name: str, data: bytes, report, *, changed: list[str] = (), status=200):
    token = uploads.keep(data, report.snapshot)
    return render_template("imports/preview.html", report=report, filename=name, token=token,
                           changed=changed, change_words=change_words), status


def _refused(name: str, errors: list[str]):
    return render_template("imports/upload.html", kinds=files.KINDS, filename=name,
                           errors=errors), 422


@bp.post("/import/apply")
@login_required
def apply():
    token, name = request.form.get("token", ""), request.form.get("filename", "")
    kept = uploads.load(token)
    if kept is None:
        flash("That upload has already been applied, was cancelled or has expired; upload the "
              "file again.")
        return redirect(url_for("imports.upload"))
    data, snapshot = kept
    uploads.remove(token)
    try:
        report = submit(lambda session: files.import_file(
            session, name, data, actor=current_user.account, expected=snapshot))
    except FileRefused as error:
        return _refused(name, error.errors)
    except StalePreview as stale:  # show what the file would do now, to apply knowingly
        start_over()
        try:
            fresh = files.preview(get_session(), name, data, actor=current_user.account)
        except FileRefused as error:  # what changed meanwhile makes the file wrong now
            return _refused(name, [f"changed since your preview: {', '.join(stale.changed)}",
                                   *error.errors])
        return _preview_page(name, data, fresh, changed=stale.changed, status=409)
    flash(f"Imported {name}: " + report.summary().replace("\n", "; ") + ".")
    return redirect(url_for("pages.work_items"))


@bp.post("/import/cancel")
@login_required
def cancel():
    uploads.remove(request.form.get("token", ""))
    flash("Nothing was imported; the upload is removed.")
    return redirect(url_for("imports.upload"))


@bp.app_errorhandler(413)
def too_large(_error):
    limit = current_app.config["MAX_CONTENT_LENGTH"] // 2**20
    return render_template("imports/upload.html", kinds=files.KINDS, filename="The upload",
                           errors=[f"the request is larger than {limit} MiB; files of at most "
                                   f"{files.MAX_BYTES // 2**20} MiB are read"]), 413
