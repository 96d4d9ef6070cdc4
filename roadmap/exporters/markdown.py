"""Markdown: the Word export's tables as pipe tables, for wikis."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable, Iterator

from ..vocab import codes_words, label
from .text import (clean, date_words, is_link, lead_words, priority_words,
                   sdo_words, selection_words, status_words)

if TYPE_CHECKING:
    from ..read.exports import RoadmapExport, WorkArea

MEDIA_TYPE = "text/markdown; charset=utf-8"
PARTS = {"groups", "topics", "register"}
AREA_HEADERS = ("Work area", "SDO/forum", "Document number", "Title", "Status",
                "Standardization gap", "Suggestions")
REGISTER_HEADERS = ("Code", "Gap", "Priority", "R&D needed", "Recommendation",
                    "Suggested lead", "Status")
COVERAGE_HEADERS = ("Topic", "State", "Blocked by", "Impact")
_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def parts(**options) -> set[str]:
    """Return the rows (see read.exports.PARTS) this format renders."""
    return set(PARTS)


def render(data: RoadmapExport) -> bytes:
    """Return the export as a Markdown document (UTF-8)."""
    return "\n".join(_lines(data)).encode("utf-8")


def _lines(data: RoadmapExport) -> Iterator[str]:
    yield f"# {cell(data.name)}"
    yield ""
    yield f"Roadmap tables, status of {date_words(data.date)}."
    if data.selection:
        yield f"Selection: {cell(selection_words(data.selection))}."
    yield ""
    yield "## Standardization activities and gaps by work area"
    yield ""
    number = 0
    for group in data.groups:
        number += 1
        yield from _table(f"Table {number} – {group.name}", AREA_HEADERS,
                          (row for area in group.areas for row in _area_rows(area)))
    yield "## Gap register"
    yield ""
    if data.register:
        number += 1
        yield from _table(f"Table {number} – Gap register", REGISTER_HEADERS, (
            (cell(g.code), cell("\n".join(filter(None, (g.title, g.statement)))),
             cell(priority_words(g.priority, g.horizon)), cell(label(g.rnd_needed)),
             cell(g.recommendation), cell(lead_words(g.leads)),
             cell("\n".join(filter(None, (label(g.status), g.review)))))
            for g in data.register))
    else:
        yield ("No entry of the gap register concerns this selection." if data.selection
               else "The gap register has no entries yet.")
        yield ""
    yield "## Coverage summary"
    yield ""
    number += 1
    yield from _table(f"Table {number} – Coverage of the work areas", COVERAGE_HEADERS, (
        (cell(f"{t.code} {t.name}"), cell(label(t.state)),
         cell(codes_words(t.blocked_by, limit=12)), str(t.impact)) for t in data.topics))


def _table(caption: str, headers: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> Iterator[str]:
    yield f"**{cell(caption)}**"
    yield ""
    yield "| " + " | ".join(headers) + " |"
    yield "|" + "---|" * len(headers)
    for row in rows:
        yield "| " + " | ".join(row) + " |"
    yield ""


def _area_rows(area: WorkArea) -> Iterator[tuple[str, ...]]:
    gap, suggestions = cell(area.gap), cell(area.suggestions)
    if not area.items:
        yield (cell(area.title), "*No SDO or forum works on this area.*", "", "", "", gap,
               suggestions)
        return
    for index, item in enumerate(area.items):
        first = index == 0
        number = cell(item.identifier)
        if is_link(item.url):
            number = f"[{number}](<{_url(item.url)}>)"
        yield (cell(area.title) if first else "", cell(sdo_words(item.organization, item.committee)),
               number, cell(item.title), cell(status_words(item.status, item.stage)),
               gap if first else "", suggestions if first else "")


def _url(url: str) -> str:
    return url.strip().replace(">", "%3E").replace("|", "%7C").replace("\n", "")


def cell(text: str | None) -> str:
    """Return text safe inside a pipe-table cell: markup escaped, line breaks as <br>.

    >>> cell("Smart | *water*\\nmanagement")
    'Smart \\\\| \\\\*water\\\\*<br>management'
    """
    text = _SPECIAL.sub(r"\\\1", clean(text))
    return "<br>".join(line.strip() for line in text.splitlines())
