"""Plain-text tables for the terminal; they read rows, never the database."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..vocab import label

if TYPE_CHECKING:
    from ..read.gap_report import GapReport


def table(header: tuple[str, ...], rows: list[tuple]) -> str:
    """Return rows as an aligned plain-text table.

    >>> print(table(("Code", "State"), [("S5", "covered"), ("X4", "uncovered")]))
    Code  State
    ----  ---------
    S5    covered
    X4    uncovered
    """
    cells = [tuple(str(c) for c in header)] + [tuple(str(c) for c in row) for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def gap_report(report: GapReport) -> str:
    by_code = {t.code: t for t in report.topics}
    counts = {state: sum(t.state == state for t in report.topics)
              for state in ("uncovered", "partial", "covered")}
    parts = [f"{len(report.topics)} leaf topics: " + ", ".join(
        f"{n} {state}" for state, n in counts.items()), "", "Gap list (most pressing first)"]
    rows = [(t.code, t.name, t.state, t.impact, " ".join(t.blocked_by) or "-",
             " ".join(t.overlap) or "-") for t in (by_code[c] for c in report.gap_codes)]
    parts.append(table(("Code", "Topic", "State", "Impact", "Blocked by", "Overlap"), rows))
    overlaps = [t for t in report.topics if t.overlap]
    if overlaps:
        parts += ["", "Overlaps (several organizations, several texts)",
                  table(("Code", "Topic", "Organizations"),
                        [(t.code, t.name, ", ".join(t.overlap)) for t in overlaps])]
    parts += ["", "Gap register"]
    if report.register:
        parts.append(table(("Code", "Title", "Topics", "Priority", "Status", "Review"),
                           [(r.code, r.title, " ".join(r.topics), label(r.priority),
                             label(r.status), "review" if r.review else "")
                            for r in report.register]))
    else:
        parts.append("(empty: `roadmap register-gap TOPIC` adds a computed gap)")
    return "\n".join(parts)
