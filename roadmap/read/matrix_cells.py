"""The cells of the matrix: what one organization does on one leaf topic, and its title.

Pure: counts in, frozen cells out, so the words of a cell's title are tested without a
database. A cell is *covered* when the organization has an approved or published text with
the topic as its core subject, *partial* when its active work there is only drafts or only
supporting texts, and empty otherwise: the gap analysis's states, for one organization.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..vocab import ACTIVE_STATUSES, DONE_STATUSES, STATUSES

# the words of the title, most advanced status first, e.g. "2 published, 1 in development"
STATUS_WORDS = {"published": "published", "approved": "approved",
                "in_development": "in development", "proposed": "proposed"}


@dataclass(frozen=True)
class Cell:
    count: int  # active work items; 0 for an empty cell
    status: str  # the most advanced status among them; "" for an empty cell
    state: str  # "covered", "partial" or "uncovered", for this organization alone
    title: str  # e.g. "ISO on S5 Water management: 2 published, 1 in development"


@dataclass
class _Tally:
    statuses: Counter
    covered: bool = False


def tally(counts: Iterable[tuple[str, str, str, str, int]]) -> dict[tuple[str, str], _Tally]:
    """Gather (topic code, acronym, status, relevance, count) rows by topic and organization.

    >>> t = tally([("S5", "ISO", "published", "supporting", 2), ("S5", "ISO", "proposed", "core", 1)])
    >>> t["S5", "ISO"].statuses["published"], t["S5", "ISO"].covered
    (2, False)
    """
    tallies: dict[tuple[str, str], _Tally] = defaultdict(lambda: _Tally(Counter()))
    for code, acronym, status, relevance, n in counts:
        if status not in ACTIVE_STATUSES:
            continue
        entry = tallies[(code, acronym)]
        entry.statuses[status] += n
        entry.covered |= status in DONE_STATUSES and relevance == "core"
    return dict(tallies)


def counts_words(statuses: Counter) -> str:
    """Say a cell's counts by status, most advanced first.

    >>> counts_words(Counter({"in_development": 1, "published": 2}))
    '2 published, 1 in development'
    >>> counts_words(Counter())
    'no active work'
    """
    words = [f"{statuses[s]} {STATUS_WORDS[s]}" for s in reversed(ACTIVE_STATUSES) if statuses[s]]
    return ", ".join(words) or "no active work"


def make_cell(acronym: str, code: str, name: str, entry: _Tally | None) -> Cell:
    """Return the cell of `acronym` on topic `code`, empty without active work.

    An empty cell's title names the topic by its code alone: at 50 organizations a group's
    empty cells are most of the page, and the row's own header gives the name.

    >>> make_cell("ISO", "S5", "Water", None)
    Cell(count=0, status='', state='uncovered', title='ISO on S5: no active work')
    >>> make_cell("ISO", "S5", "Water", _Tally(Counter({"proposed": 1}))).title
    'ISO on S5 Water: 1 proposed (partial)'
    """
    if entry is None:
        return Cell(0, "", "uncovered", f"{acronym} on {code}: no active work")
    status = max(entry.statuses, key=STATUSES.index)
    words = counts_words(entry.statuses)
    if not entry.covered:
        words += " (partial)"  # the legend says what partial means; 45 KiB less at 50 columns
    return Cell(sum(entry.statuses.values()), status, "covered" if entry.covered else "partial",
                f"{acronym} on {code} {name}: {words}")
