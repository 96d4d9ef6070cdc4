"""Pure renderers: the rows of one roadmap view in, the bytes of a file out.

`EXPORTERS` maps each format to its renderer. Renderers import neither Flask nor the
database; the rows come from `roadmap.read.exports.gather`, whose `parts` argument is the
exporter's `parts(**options)`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from . import bundle_json, delimited, excel, markdown, word


@dataclass(frozen=True)
class Exporter:
    extension: str
    media_type: str
    render: Callable[..., bytes]  # render(data, **options) -> bytes
    parts: Callable[..., set[str]]  # parts(**options): which rows it reads
    options: tuple[str, ...] = ()  # e.g. ("table",) for CSV
    binary: bool = False  # not text: never echoed to a terminal


EXPORTERS: dict[str, Exporter] = {
    "docx": Exporter("docx", word.MEDIA_TYPE, word.render, word.parts, ("template",), True),
    "xlsx": Exporter("xlsx", excel.MEDIA_TYPE, excel.render, excel.parts, (), True),
    "csv": Exporter("csv", delimited.MEDIA_TYPE, delimited.render, delimited.parts, ("table",)),
    "md": Exporter("md", markdown.MEDIA_TYPE, markdown.render, markdown.parts),
    "json": Exporter("json", bundle_json.MEDIA_TYPE, bundle_json.render, bundle_json.parts),
}
CSV_TABLES = tuple(delimited.tables.TABLES)


def filename(fmt: str, date: dt.date, *, table: str | None = None) -> str:
    """Return the download's file name, e.g. "ssc-roadmap-topics-2026-11-25.csv".

    >>> filename("docx", dt.date(2026, 11, 25))
    'ssc-roadmap-2026-11-25.docx'
    """
    middle = f"-{table}" if table and table != "items" else ""
    return f"ssc-roadmap{middle}-{date.isoformat()}.{EXPORTERS[fmt].extension}"
