"""The gap report every reader shares: each leaf topic's computed gap, and the register.

"Gap" here is what the analysis computes for a topic (roadmap/gaps.py); a "register entry"
is what editors curate about a gap (roadmap/services/gap_register.py).
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from .. import gaps, graph_layout
from ..models import dependency_codes
from ..sorting import natural_key
from . import live_analysis
from .gap_rows import GapReport, GapTopicRow, RegisterEntryRow
from .register_rows import list_register
from .revision_cache import per_revision

__all__ = ["GapReport", "GapTopicRow", "RegisterEntryRow", "analyse_roadmap", "gap_report",
           "compute_gap_report", "list_register", "get_register_row", "select_gap_rows",
           "topic_groups", "dependency_pairs", "graph_drawing"]


def analyse_roadmap(session: Session) -> gaps.Analysis:
    """The gap analysis of the stored roadmap, from this process's live analysis (one
    topic's figures, as registering its gap reads them)."""
    return live_analysis.current_analysis(session)


def gap_report(session: Session) -> GapReport:
    """Return the computed figures of every leaf topic, the gap list and the register.

    Kept per revision (read/revision_cache.py); a new revision is reached from the
    process's live analysis, item by item when only work items changed since
    (read/live_analysis.py).
    """
    return per_revision(session, "gap_report", lambda: live_analysis.current_report(session),
                        shared=True)


def compute_gap_report(session: Session) -> GapReport:
    """`gap_report` built afresh from the database, sharing nothing."""
    return live_analysis.build(session).report()


def get_register_row(session: Session, code: str) -> RegisterEntryRow | None:
    """One entry as the register shows it, with its review note and actions."""
    return next((r for r in gap_report(session).register if r.code == code), None)


def select_gap_rows(report: GapReport, *, group: str | None = None,
                    states: list[str] | None = None, blocked: bool = False,
                    overlapping: bool = False) -> tuple[GapTopicRow, ...]:
    """Return the rows the gap report shows: the gap list by default, in its order.

    With `states`, topics in those states (covered ones included when asked for), still
    most pressing first; with `group`, only that group's topics; with `blocked`, only
    those waiting on an uncovered topic; with `overlapping`, only those with overlap.
    """
    by_code = {t.code: t for t in report.topics}
    listed = set(report.gap_codes)
    ordered = [by_code[c] for c in report.gap_codes] + [t for t in report.topics
                                                         if t.code not in listed]
    wanted = set(states or ("uncovered", "partial"))
    return tuple(t for t in ordered if t.state in wanted
                 and (group is None or t.group_code == group)
                 and (t.blocked_by or not blocked) and (t.overlap or not overlapping))


def topic_groups(report: GapReport) -> tuple[tuple[str, str], ...]:
    """Return the (code, name) of every group that has leaf topics, in code order."""
    seen = {t.group_code: t.group_name for t in report.topics if t.group_code}
    return tuple(sorted(seen.items(), key=lambda pair: natural_key(pair[0])))


def dependency_pairs(session: Session) -> list[tuple[str, str]]:
    """Return every (topic, requires) pair by code: the edges the graph page draws."""
    return [tuple(row) for row in session.execute(dependency_codes())]


def graph_drawing(session: Session):
    """The dependency graph's layered drawing, made once per revision (the layout of 500
    topics takes a few hundred milliseconds; topics, states and edges are all it reads)."""
    def draw():
        report = gap_report(session)
        return graph_layout.layered([(t.code, t.name, t.state) for t in report.topics],
                                    dependency_pairs(session))
    return per_revision(session, "graph", draw, shared=True)
