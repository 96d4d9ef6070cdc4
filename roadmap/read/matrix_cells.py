"""The cells of the matrix: what one organization does on one leaf topic, and its title.

Pure: counts in, frozen cells out, so the words of a cell's title are tested without a
database. A cell is *covered* when the organization has an approved or published text with
the topic as its core subject, *partial* when its active work there is only drafts or only
supporting texts, and empty otherwise: the gap analysis's states, for one organization.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from ..vocab import ACTIVE_STATUSES, DONE_STATUSES, STATUSES

# the words of the title, most advanced status first, e.g. "2 published, 1 in development"
STATUS_WORDS = {"published": "published", "approved": "approved",
                "in_development": "in development", "proposed": "proposed"}


class Cell(NamedTuple):  # a tuple: 25,000 of them per revision, made at a tuple's cost
    count: int  # active work items; 0 for an empty cell
    status: str  # the most advanced status among them; "" for an empty cell
    state: str  # "covered", "partial" or "uncovered", for this organization alone
    title: str  # e.g. "ISO on S5 Water management: 2 published, 1 in development"


@dataclass(slots=True)
class _Tally:
    statuses: dict[str, int]  # active work items by status
    covered: bool = False


_ACTIVE, _DONE = frozenset(ACTIVE_STATUSES), frozenset(DONE_STATUSES)
_RANK = {status: rank for rank, status in enumerate(STATUSES)}.__getitem__
_WORDS = tuple((s, STATUS_WORDS[s]) for s in reversed(ACTIVE_STATUSES))  # most advanced first


def tally(counts: Iterable[tuple[str, str, str, str, int]]) -> dict[tuple[str, str], _Tally]:
    """Gather (topic code, acronym, status, relevance, count) rows by topic and organization.

    >>> t = tally([("S5", "ISO", "published", "supporting", 2), ("S5", "ISO", "proposed", "core", 1)])
    >>> t["S5", "ISO"].statuses["published"], t["S5", "ISO"].covered
    (2, False)
    """
    tallies: dict[tuple[str, str], _Tally] = {}
    for code, acronym, status, relevance, n in counts:
        if status not in _ACTIVE:
            continue
        entry = tallies.get((code, acronym))
        if entry is None:
            entry = tallies[code, acronym] = _Tally({})
        entry.statuses[status] = entry.statuses.get(status, 0) + n
        entry.covered = entry.covered or (status in _DONE and relevance == "core")
    return tallies


def counts_words(statuses: dict[str, int]) -> str:
    """Say a cell's counts by status, most advanced first.

    >>> counts_words({"in_development": 1, "published": 2})
    '2 published, 1 in development'
    >>> counts_words({})
    'no active work'
    """
    words = [f"{n} {word}" for s, word in _WORDS if (n := statuses.get(s))]
    return ", ".join(words) or "no active work"


def make_cell(acronym: str, code: str, name: str, entry: _Tally | None) -> Cell:
    """Return the cell of `acronym` on topic `code`, empty without active work.

    An empty cell's title names the topic by its code alone: at 50 organizations a group's
    empty cells are most of the page, and the row's own header gives the name.

    >>> make_cell("ISO", "S5", "Water", None)
    Cell(count=0, status='', state='uncovered', title='ISO on S5: no active work')
    >>> make_cell("ISO", "S5", "Water", _Tally({"proposed": 1})).title
    'ISO on S5 Water: 1 proposed (partial)'
    """
    if entry is None:
        return Cell(0, "", "uncovered", f"{acronym} on {code}: no active work")
    status = max(entry.statuses, key=_RANK)
    words = counts_words(entry.statuses)
    if not entry.covered:
        words += " (partial)"  # the legend says what partial means; 45 KiB less at 50 columns
    return Cell(sum(entry.statuses.values()), status, "covered" if entry.covered else "partial",
                f"{acronym} on {code} {name}: {words}")
