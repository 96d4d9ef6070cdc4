"""The gap report and the topic dependency graph."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from .. import graph_layout, queries
from ..db import get_session
from ..vocab import COVERAGE_STATES

bp = Blueprint("gaps", __name__)


@bp.get("/gaps")
def report():
    states = [s for s in request.args.getlist("state") if s in COVERAGE_STATES]
    group = request.args.get("group") or None
    report = queries.gap_report(get_session())
    rows = queries.select_gap_rows(report, group=group, states=states)
    return render_template("gaps/report.html", report=report, rows=rows, group=group,
                           states=states, groups=queries.topic_groups(report))


@bp.get("/topics/graph")
def graph():
    session = get_session()
    report = queries.gap_report(session)
    layout = graph_layout.layered([(t.code, t.name, t.state) for t in report.topics],
                                  queries.list_dependency_pairs(session))
    return render_template("gaps/graph.html", layout=layout, report=report)
