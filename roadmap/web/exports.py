"""Downloads of any roadmap view: /export/roadmap.docx?organization=ITU-T&topic=S5 and so on."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request

from ..db import get_session
from ..exporters import CSV_TABLES, EXPORTERS, filename
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
    data = exports.gather(get_session(), WorkItemFilter.from_args(request.args),
                         parts=exporter.parts(**options),
                         name=current_app.config["ROADMAP_NAME"], today=edition_date())
    name = filename(fmt, data.date, table=options.get("table"))
    return Response(exporter.render(data, **options), content_type=exporter.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
