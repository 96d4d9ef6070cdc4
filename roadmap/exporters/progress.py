"""The progress report's content, after ANSI's standardization roadmap progress reports.

Each register entry restated with its status then and now, the updates in between and the
texts published or started on its topics; then the texts newly published by topic group,
the new projects, and the gaps closed and opened. Word and Excel print these same rows.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..sorting import natural_key
from ..vocab import label
from .comparison_words import (NONE, count_lines, document_words, status_change_words,
                               value_words)
from .text import sdo_words

if TYPE_CHECKING:
    from ..edition_diff import Comparison

NEWS = ("published", "approved", "started")  # what a reader wants listed under a gap
UNMAPPED = "Texts on no topic of the roadmap"
TEXT_COLUMNS = (("Document", 1500), ("SDO/forum", 1450), ("Title", 2588), ("Status", 1500),
                ("Date", 1300), ("Target", 1300))  # twips, 9638 in all: portrait A4's text width
GAP_COLUMNS = (("Topic", 3000), ("State then", 1300), ("State now", 1300),
               ("Blocked by now", 2538), ("Impact", 1500))


class EntryReport(NamedTuple):
    code: str
    title: str
    statement: str
    topics: str
    status_then: str
    status_now: str
    updates: tuple[str, ...]  # "2027-04-10: In progress. Note", oldest first
    texts: tuple[dict, ...]  # moves on its topics: published, approved, started


class Progress(NamedTuple):
    before: dict  # Side as a dict
    after: dict
    summary: dict
    counts: tuple[tuple[str, int], ...]
    register: tuple[EntryReport, ...]
    published: tuple[tuple[str, tuple[dict, ...]], ...]  # (group heading, moves)
    started: tuple[dict, ...]
    closed: tuple[dict, ...]
    opened: tuple[dict, ...]
    approved: tuple[dict, ...] = ()
    ended: tuple[dict, ...] = ()  # withdrawn or superseded


def progress(comparison: Comparison) -> Progress:
    """Gather what the progress report prints, from the comparison."""
    doc = comparison.as_document()
    news = [m for move in NEWS for m in doc["moves"][move]]
    return Progress(doc["before"], doc["after"], doc["summary"], tuple(count_lines(doc["summary"])),
                    tuple(_entry(e, news) for e in _entries(doc["register"])),
                    _by_group(doc["moves"]["published"], doc["topic_names"]),
                    tuple(doc["moves"]["started"]),
                    tuple(g for g in doc["gaps"] if "gap_closed" in g["kinds"]),
                    tuple(g for g in doc["gaps"] if "new_gap" in g["kinds"]),
                    tuple(doc["moves"]["approved"]),
                    tuple(doc["moves"]["withdrawn"] + doc["moves"]["superseded"]))


def _entries(register: dict) -> list[dict]:
    entries = [e for what in ("added", "changed", "unchanged", "removed") for e in register[what]]
    return sorted(entries, key=lambda e: natural_key(e["code"]))


def _entry(entry: dict, news: list[dict]) -> EntryReport:
    topics = set(entry["topics"])
    texts = tuple(m for m in news if topics & set(m["topics"]))
    updates = tuple(f"{u.get('date')}: {label(u.get('status'))}"
                    + (f". {u['note']}" if u.get("note") else "") for u in entry["updates"])
    return EntryReport(entry["code"], entry["title"] or "", entry["statement"] or "",
                       ", ".join(entry["topics"]),
                       label(entry["status_before"]) or "not in the register",
                       label(entry["status_after"]) or "removed from the register",
                       updates, texts)


def _by_group(moved: list[dict], names: dict) -> tuple:
    """Group the texts by the topic group of each of their topics; a text may sit in two."""
    groups: dict[str | None, list[dict]] = {}
    for m in moved:
        found = {names.get(t, {}).get("group") or t for t in m["topics"]} or {None}
        for group in found:
            groups.setdefault(group, []).append(m)
    order = sorted(groups, key=lambda g: (g is None, natural_key(g)))
    return tuple((f"{g} {names.get(g, {}).get('name') or ''}".strip() if g else UNMAPPED,
                  tuple(groups[g])) for g in order)


def text_row(m: dict) -> tuple[str, ...]:
    """A text as the report's tables show it: number, body, title, status, date, target.

    The target is a project's; a text published or approved is dated by that.
    """
    target = m.get("target") if m["move"] == "started" else None
    return (document_words(m), sdo_words(m["organization"], m["committee"]), m["title"] or "",
            status_change_words(m["status_before"], m["status_after"]), m["date"] or NONE,
            target or NONE)


def gap_row(g: dict) -> tuple[str, ...]:
    was, now = g["before"] or {}, g["after"] or {}
    return (f"{g['code']} {g['name'] or ''}".strip(), label(was.get("state")) or "New topic",
            label(now.get("state")) or "Removed", value_words("blocked_by", now.get("blocked_by")),
            str(now.get("impact", NONE)))
