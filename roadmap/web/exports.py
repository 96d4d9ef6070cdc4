"""Downloads of any roadmap view: /export/roadmap.docx?organization=ITU-T&topic=S5 and so on."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request

from ..db import get_session
from ..exporters import CSV_TABLES, EXPORTERS, LAYOUTS, filename, lists
from ..read import exports
from ..read.filters import WorkItemFilter
from .edition_pages import reading

def edition_date():
    """An edition's exports carry its date, so they are the same file on every run."""
    edition = reading()
    return edition.date if edition else None


bp = Blueprint("exports", __name__)


@bp.get("/export/roadmap.<fmt>")
def roadmap(fmt: str):
    """Send the view that the query string's filters select, in format `fmt`."""
    exporter = EXPORTERS.get(fmt) or abort(404)
    options = {}
    if "table" in exporter.options:
        options["table"] = request.args.get("table") or "items"
        if options["table"] not in CSV_TABLES:
            abort(400, f"table is one of: {', '.join(CSV_TABLES)}")
    if "layout" in exporter.options and request.args.get("layout"):
        options["layout"] = request.args["layout"]
        if options["layout"] not in LAYOUTS:
            abort(400, f"layout is one of: {', '.join(LAYOUTS)}")
    data = exports.gather(get_session(), WorkItemFilter.from_args(request.args),
                         parts=exporter.parts(**options),
                         name=current_app.config["ROADMAP_NAME"], today=edition_date(),
                         include_withdrawn=request.args.get("include") == "withdrawn")
    name = filename(fmt, data.date, table=options.get("table"))
    return Response(exporter.render(data, **options), content_type=exporter.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


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
