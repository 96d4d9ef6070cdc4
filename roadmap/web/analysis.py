"""What the analysis computes: the gap report and the topic dependency graph."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from .. import graph_layout, permissions
from ..db import get_session
from ..read.gap_report import dependency_pairs, gap_report, select_gap_rows, topic_groups
from ..vocab import COVERAGE_STATES, OPEN_GAP_STATUSES
from . import edition_pages

bp = Blueprint("analysis", __name__)


@bp.get("/gaps")
def gaps():
    states = [s for s in request.args.getlist("state") if s in COVERAGE_STATES]
    group = request.args.get("group") or None
    report = gap_report(get_session())
    rows = select_gap_rows(report, group=group, states=states)
    editor = edition_pages.editing() and permissions.may_edit_structure(current_user.account)
    registered = {c for r in report.register if r.status in OPEN_GAP_STATUSES for c in r.topics}
    return render_template("analysis/gaps.html", report=report, rows=rows, group=group,
                           states=states, groups=topic_groups(report), editor=editor,
                           registered=registered)


@bp.get("/topics/graph")
def graph():
    session = get_session()
    report = gap_report(session)
    layout = graph_layout.layered([(t.code, t.name, t.state) for t in report.topics],
                                  dependency_pairs(session))
    return render_template("analysis/graph.html", layout=layout, report=report)
