"""Pure renderers: the rows of one roadmap view in, the bytes of a file out.

`EXPORTERS` maps each format to its renderer. Renderers import neither Flask nor the
database; the rows come from `roadmap.read.exports.gather`, whose `parts` argument is the
exporter's `parts(**options)`. `COMPARISONS` does the same for the comparison of two
editions (`roadmap.edition_diff`): text, Markdown and JSON, and the progress report in
Word and Excel.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from . import (bundle_json, comparison_text, delimited, excel, markdown, progress_excel,
               progress_word, word)

if TYPE_CHECKING:
    from ..edition_diff import Comparison


@dataclass(frozen=True)
class Exporter:
    extension: str
    media_type: str
    render: Callable[..., bytes]  # render(data, **options) -> bytes
    parts: Callable[..., set[str]]  # parts(**options): which rows it reads
    options: tuple[str, ...] = ()  # e.g. ("table",) for CSV
    binary: bool = False  # not text: never echoed to a terminal


EXPORTERS: dict[str, Exporter] = {
    "docx": Exporter("docx", word.MEDIA_TYPE, word.render, word.parts, ("template", "layout"),
                     True),
    "xlsx": Exporter("xlsx", excel.MEDIA_TYPE, excel.render, excel.parts, (), True),
    "csv": Exporter("csv", delimited.MEDIA_TYPE, delimited.render, delimited.parts, ("table",)),
    "md": Exporter("md", markdown.MEDIA_TYPE, markdown.render, markdown.parts),
    "json": Exporter("json", bundle_json.MEDIA_TYPE, bundle_json.render, bundle_json.parts),
}
CSV_TABLES = tuple(delimited.tables.TABLES)
LAYOUTS = tuple(word.LAYOUTS)  # docx: the page's orientation


def filename(fmt: str, date: dt.date, *, table: str | None = None) -> str:
    """Return the download's file name, e.g. "ssc-roadmap-topics-2026-11-25.csv".

    >>> filename("docx", dt.date(2026, 11, 25))
    'ssc-roadmap-2026-11-25.docx'
    """
    middle = f"-{table}" if table and table != "items" else ""
    return f"ssc-roadmap{middle}-{date.isoformat()}.{EXPORTERS[fmt].extension}"


@dataclass(frozen=True)
class ComparisonFormat:
    extension: str
    media_type: str
    render: Callable[..., bytes]  # render(comparison) -> bytes
    binary: bool = False


COMPARISONS: dict[str, ComparisonFormat] = {
    "text": ComparisonFormat("txt", "text/plain; charset=utf-8", comparison_text.render_text),
    "md": ComparisonFormat("md", markdown.MEDIA_TYPE, comparison_text.render_markdown),
    "json": ComparisonFormat("json", bundle_json.MEDIA_TYPE, comparison_text.render_json),
    "docx": ComparisonFormat("docx", progress_word.MEDIA_TYPE, progress_word.render, True),
    "xlsx": ComparisonFormat("xlsx", progress_excel.MEDIA_TYPE, progress_excel.render, True),
}


def render_comparison(comparison: Comparison, fmt: str, *,
                      name: str = progress_word.DEFAULT_NAME) -> bytes:
    """Return the comparison in `fmt` (text, md, json, docx, xlsx); `name` titles the Word report."""
    if fmt not in COMPARISONS:
        raise ValueError(f'unknown format "{fmt}"; the formats are: {", ".join(COMPARISONS)}')
    if fmt == "docx":
        return progress_word.render(comparison, name=name)
    return COMPARISONS[fmt].render(comparison)


def comparison_filename(fmt: str, before_number: int | None, after_number: int | None,
                        after_date: str) -> str:
    """Return the download's file name, e.g. "ssc-roadmap-progress-2-to-live-2027-09-01.docx".

    >>> comparison_filename("md", 2, 3, "2027-09-01")
    'ssc-roadmap-progress-2-to-3-2027-09-01.md'
    """
    sides = "-to-".join("live" if n is None else str(n) for n in (before_number, after_number))
    return f"ssc-roadmap-progress-{sides}-{after_date}.{COMPARISONS[fmt].extension}"
