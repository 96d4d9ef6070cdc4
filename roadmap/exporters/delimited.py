"""CSV: one table per file, UTF-8 with a byte-order mark, protected against formulas."""
from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Iterable

from . import tables
from .tables import Column
from .text import FORMULA_TRIGGERS, protect

if TYPE_CHECKING:
    from ..read.exports import RoadmapExport

MEDIA_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"  # tells Excel that the file is UTF-8


def parts(table: str = "items", **options) -> set[str]:
    """Return the rows (see read.exports.PARTS) the table is made of."""
    return set(tables.TABLE_PARTS[_known(table)])


def render(data: RoadmapExport, *, table: str = "items") -> bytes:
    """Return one table of the export (`items`, `topics`, `gaps` or `matrix`) as CSV."""
    chosen = tables.TABLES[_known(table)](data)
    return (BOM + write(chosen.columns, chosen.rows)).encode("utf-8")


def write(columns: tuple[Column, ...], rows: Iterable[tuple]) -> str:
    """Return the rows as CSV text (no BOM), headed by the columns' keys.

    Text that a spreadsheet would run as a formula gets an apostrophe in front.

    >>> write((Column("title", "Title"),), [('=HYPERLINK("http://example.com")',), (None,)])
    'title\\r\\n"\\'=HYPERLINK(""http://example.com"")"\\r\\n""\\r\\n'
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.key for c in columns])
    first = _FIRST_OF_FORMULA
    for row in rows:  # plain text, most cells, goes as it is without a call per cell
        writer.writerow([value if value.__class__ is str and value[:1] not in first
                         else _cell(value) for value in row])
    return out.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return protect(text) if text[:1] in _FIRST_OF_FORMULA else text


_FIRST_OF_FORMULA = frozenset(("'", *FORMULA_TRIGGERS))  # protect changes nothing else


def _known(table: str) -> str:
    if table not in tables.TABLES:
        raise ValueError(f'unknown table "{table}"; the tables are: {", ".join(tables.TABLES)}')
    return table
