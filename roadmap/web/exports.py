"""Downloads of any roadmap view: /export/roadmap.docx?organization=ITU-T&topic=S5 and so on."""
from __future__ import annotations

import datetime as dt
import os

from flask import Blueprint, Response, abort, current_app, render_template, request

from .. import export_process
from ..db import get_session
from ..errors import ValidationError
from ..export_process import ExportJob
from ..exporters import CSV_TABLES, EXPORTERS, LAYOUTS, filename, lists
from ..read.filters import WorkItemFilter
from .edition_pages import reading

def edition_date():
    """An edition's exports carry its date, so they are the same file on every run."""
    edition = reading()
    return edition.date if edition else None


bp = Blueprint("exports", __name__)


@bp.get("/export/roadmap.<fmt>")
def roadmap(fmt: str):
    """Send the view that the query string's filters select, in format `fmt`.

    The export is made in a child process (export_process.py), so that the worker's
    memory stays as it was and its other threads serve pages meanwhile; the file is sent
    from disk. `EXPORT_PROCESS=inline` makes it in the worker instead.
    """
    exporter = EXPORTERS.get(fmt) or abort(404)
    options = _options(exporter)
    try:  # a mistyped filter must not export the whole roadmap unnoticed
        chosen = WorkItemFilter.checked(request.args)
    except ValidationError as error:
        return render_template("errors/refused.html", title="Export not made", status=400,
                               message=f"the export was not made: {error.describe()}"), 400
    job = ExportJob(fmt, chosen,
                    current_app.config["ROADMAP_NAME"], options, edition_date(),
                    request.args.get("include") == "withdrawn")
    name = filename(fmt, job.today or dt.date.today(), table=options.get("table"))
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if current_app.config.get("EXPORT_PROCESS", "child") == "inline":
        return Response(export_process.produce(get_session(), job),
                        content_type=exporter.media_type, headers=headers)
    try:
        made = export_process.in_child(_database(), job, **_limits())
    except export_process.ExportFailed as error:
        current_app.logger.error("export %s failed: %s", request.full_path, error)
        return render_template("errors/refused.html", title="Export failed", status=500,
                               message=f"the export could not be made: {error}"), 500
    size = os.fstat(made.file.fileno()).st_size
    current_app.logger.info("export %s: %.1f s, %d bytes, %.0f MiB at most in its process",
                            request.full_path, made.seconds, size, made.peak_mib)
    return Response(_chunks(made.file), content_type=exporter.media_type,
                    headers={**headers, "Content-Length": str(size)})


def _options(exporter) -> dict:
    """The format's own options from the query string: a CSV's table, a Word file's layout."""
    options = {}
    if "table" in exporter.options:
        options["table"] = request.args.get("table") or "items"
        if options["table"] not in CSV_TABLES:
            abort(400, f"table is one of: {', '.join(CSV_TABLES)}")
    if "layout" in exporter.options and request.args.get("layout"):
        options["layout"] = request.args["layout"]
        if options["layout"] not in LAYOUTS:
            abort(400, f"layout is one of: {', '.join(LAYOUTS)}")
    return options


def _chunks(made, size: int = 1 << 16):
    """Send the file a piece at a time, closing it (and so freeing its disk) at the end."""
    with made:
        while chunk := made.read(size):
            yield chunk


def _database() -> export_process.Database:
    """Where the child reads: this request's database, live or an edition's copy.

    The request's own transaction ends first, so that no connection is held while the
    child works.
    """
    session = get_session()
    url = session.get_bind().url
    sharing = export_process.sharing_of(session.get_bind())
    session.rollback()
    copy = url.database.removeprefix("file:") if reading() else None
    return export_process.Database(url.render_as_string(hide_password=False), copy, sharing)


def _limits() -> dict:
    config = current_app.config
    return {"timeout": float(config.get("EXPORT_TIMEOUT", export_process.TIMEOUT)),
            "nice": int(config.get("EXPORT_NICE", export_process.NICE)),
            "children": int(config.get("EXPORT_CHILDREN", export_process.CHILDREN))}


@bp.get("/actions.<fmt>")
def actions(fmt: str):
    """The action list, filtered as /actions is, as CSV or as a workbook."""
    from ..read.actions import list_actions
    from .actions import list_filters
    if fmt not in lists.MEDIA_TYPES:
        abort(404)
    args = list_filters()
    table = lists.action_table(list_actions(get_session(), **args), args["today"])
    return _download(table, fmt, "actions", args["today"])


@bp.get("/liaison-statements.<fmt>")
def statements(fmt: str):
    """The statement list, filtered as /liaison-statements is, as CSV or as a workbook."""
    from ..read.liaison import list_statements
    from .liaison import list_filters
    if fmt not in lists.MEDIA_TYPES:
        abort(404)
    args = list_filters()
    table = lists.statement_table(list_statements(get_session(), **args), args["today"])
    return _download(table, fmt, "liaison-statements", args["today"])


def _download(table, fmt: str, what: str, today):
    name = f"ssc-roadmap-{what}-{today.isoformat()}.{fmt}"
    return Response(lists.render(table, fmt, today), content_type=lists.MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
