"""Markdown: the Word export's tables as pipe tables, for wikis."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..vocab import codes_words, label
from .text import (
    clean,
    date_words,
    lead_words,
    priority_words,
    sdo_words,
    selection_words,
    status_words,
)

if TYPE_CHECKING:
    from ..read.exports import RoadmapExport, WorkArea

MEDIA_TYPE = "text/markdown; charset=utf-8"
PARTS = {"groups", "topics", "register"}
AREA_HEADERS = ("Work area", "SDO/forum", "Document number", "Title", "Status",
                "Standardization gap", "Suggestions")
REGISTER_HEADERS = ("Code", "Gap", "Priority", "R&D needed", "Recommendation",
                    "Suggested lead", "Status")
COVERAGE_HEADERS = ("Topic", "State", "Blocked by", "Impact")
# What CommonMark (and GitHub's tables, strikethrough and math) reads as markup inside a
# line: emphasis, code, links and images, raw HTML and autolinks, entities, cell breaks.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|&#!~$])")
# What opens a list, a setext underline or a thematic break at the start of a line.
_BLOCK_START = re.compile(r"^(?:(\d{1,9})([.)])(?!\S)|([-+=]))")
# Only web addresses become links; `javascript:`, `data:`, `file:` and the rest stay text.
_WEB_URL = re.compile(r"https?://[^/?#]", re.IGNORECASE)
# Left as they are in a link target: RFC 3986's delimiters but those Markdown reads there
# (parentheses, brackets, quotes); `%` only where it starts an escape (see link_target).
_URL_SAFE = "/:?#@!$&+,;=*%"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_ENTITY_AMPERSAND = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


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
        number, target = cell(item.identifier), link_target(item.url)
        if target:
            number = f"[{number}]({target})"
        yield (cell(area.title) if first else "", cell(sdo_words(item.organization, item.committee)),
               number, cell(item.title), cell(status_words(item.status, item.stage)),
               gap if first else "", suggestions if first else "")


def link_target(url: str | None) -> str | None:
    """Return an http(s) URL percent-encoded as a Markdown link target, or None.

    Nothing that Markdown or HTML reads survives raw: spaces, quotes, angle brackets,
    parentheses, backslashes, pipes, control characters and every non-ASCII character
    are escaped, and so is an `&` that would start an entity. Escapes already in the URL
    are kept, so the target names the same resource.

    >>> link_target("https://example.com/a b(1)?x=<y>&z=1")
    'https://example.com/a%20b%281%29?x=%3Cy%3E&z=1'
    >>> link_target("javascript:alert(1)"), link_target("https:relative"), link_target(None)
    (None, None, None)
    """
    text = clean(url).strip()
    if not _WEB_URL.match(text):
        return None
    target = _LONE_PERCENT.sub("%25", quote(text, safe=_URL_SAFE))
    return _ENTITY_AMPERSAND.sub("%26", target)


def cell(text: str | None) -> str:
    """Return text that Markdown shows as it is: markup escaped, line breaks as <br>.

    Every line of the document starts with the exporter's own text ("| ", "# ", "**"),
    so data never opens a block; a first character that would still is escaped.

    >>> cell("Smart | *water*\\nmanagement & <b>")
    'Smart \\\\| \\\\*water\\\\*<br>management \\\\& \\\\<b\\\\>'
    >>> cell("- 1. item"), cell("2026) plan"), cell("1.0")
    ('\\\\- 1. item', '2026\\\\) plan', '1.0')
    """
    text = _SPECIAL.sub(r"\\\1", clean(text).strip())
    text = "<br>".join(line.strip() for line in text.splitlines())
    return _BLOCK_START.sub(_escape_block_start, text)


def _escape_block_start(match: re.Match) -> str:
    digits, delimiter, marker = match.groups()
    return f"{digits}\\{delimiter}" if digits else f"\\{marker}"
