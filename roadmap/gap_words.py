"""The sentences that say why a topic is, or is not, a gap (pure words, no layer)."""
from __future__ import annotations

from typing import Iterable

from .gaps import COVERED, PARTIAL, UNCOVERED
from .vocab import ACTIVE_STATUSES, DONE_STATUSES


def state_reason(state: str, items: Iterable[tuple[str, str, str]]) -> str:
    """Explain a leaf topic's state from its (label, status, relevance) work items.

    Examples
    --------
    >>> state_reason("partial", [("ISO/DIS 1", "in_development", "core"),
    ...                          ("Y.1", "published", "supporting")])
    'Partial: no approved or published text has it as its core subject; active work: ISO/DIS 1 (in development), Y.1 (published, supporting).'
    """
    items = list(items)
    if state == COVERED:
        done = [label for label, status, relevance in items
                if status in DONE_STATUSES and relevance == "core"]
        return f"Covered: approved or published core text(s): {', '.join(done)}."
    if state == PARTIAL:
        active = [f"{label} ({status.replace('_', ' ')}"
                  f"{', supporting' if relevance == 'supporting' else ''})"
                  for label, status, relevance in items if status in ACTIVE_STATUSES]
        return ("Partial: no approved or published text has it as its core subject; "
                f"active work: {', '.join(active)}.")
    inactive = [f"{label} ({status})" for label, status, _ in items]
    return "Uncovered: no active work item is mapped to it" + (
        f"; only {', '.join(inactive)}." if inactive else ".")


def why(state: str, name: str, code: str, blocked_by: tuple[str, ...] = (),
        impact: int = 0) -> str:
    """Say in one sentence why a topic is a gap, as its register statement begins.

    >>> why("uncovered", "Water", "S5", ("G1",), 2)
    'No published or approved standard covers Water (S5). It also waits on uncovered topics: G1. 2 other topic(s) depend on it.'
    >>> why("covered", "Water", "S5")
    'Published or approved standards cover Water (S5).'
    """
    what = {UNCOVERED: "No published or approved standard covers",
            COVERED: "Published or approved standards cover"}.get(
                state, "Only drafts or supporting texts cover")
    sentence = f"{what} {name} ({code})."
    if blocked_by:
        sentence += f" It also waits on uncovered topics: {', '.join(blocked_by)}."
    if impact:
        sentence += f" {impact} other topic(s) depend on it."
    return sentence
