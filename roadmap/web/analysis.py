"""What the analysis computes: the gap report and the topic dependency graph."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_login import current_user

from .. import graph_layout, permissions
from ..db import get_session
from ..exporters.gap_list import GAP_LISTS
from ..read.gap_report import (dependency_pairs, gap_report, graph_drawing, select_gap_rows,
                                topic_groups)
from ..vocab import COVERAGE_STATES, OPEN_GAP_STATUSES
from . import edition_pages

bp = Blueprint("analysis", __name__)


def gap_filters() -> dict:
    """Read the gap report's filters from the query string, e.g. ?state=covered&blocked=1."""
    return {"states": [s for s in request.args.getlist("state") if s in COVERAGE_STATES],
            "group": request.args.get("group") or None,
            "blocked": bool(request.args.get("blocked")),
            "overlapping": bool(request.args.get("overlapping"))}


@bp.get("/gaps")
def gaps():
    filters = gap_filters()
    report = gap_report(get_session())
    rows = select_gap_rows(report, **filters)
    editor = edition_pages.editing() and permissions.may_edit_structure(current_user.account)
    registered = {c for r in report.register if r.status in OPEN_GAP_STATUSES for c in r.topics}
    return render_template("analysis/gaps.html", report=report, rows=rows, **filters,
                           groups=topic_groups(report), editor=editor, registered=registered,
                           formats=GAP_LISTS)


@bp.get("/gaps.<fmt>")
def gap_list(fmt: str):
    """Send the gap list that the same query string shows at /gaps, as CSV, Excel or Word."""
    form = GAP_LISTS.get(fmt) or abort(404)
    rows = select_gap_rows(gap_report(get_session()), **gap_filters())
    edition = edition_pages.reading()
    day = edition.date if edition else dt.date.today()
    name = f"ssc-roadmap-gaps-{day.isoformat()}.{fmt}"
    return Response(form.render(list(rows), day, current_app.config["ROADMAP_NAME"]),
                    content_type=form.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/topics/graph")
def graph():
    session = get_session()
    report = gap_report(session)
    pairs = dependency_pairs(session)
    layout = graph_drawing(session)
    focus = report.topic(request.args.get("focus", ""))  # ?focus=S5: that topic's chain
    return render_template("analysis/graph.html", layout=layout, report=report, focus=focus,
                           chain=graph_layout.chain(pairs, focus.code) if focus else None)
