"""The flat tables of the spreadsheet and CSV exports, defined once for both.

A CSV file names its columns by `key` and writes stored values (`in_development`), so the
work-item CSV imports back; a spreadsheet shows `header` and values in words
(`In development`), with dates as dates.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

if TYPE_CHECKING:  # the rows only; exporters never import the database side
    from ..read.exports import RoadmapExport

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    key: str  # the CSV header, e.g. "provisional_name"
    header: str  # the spreadsheet header, e.g. "Provisional name"
    kind: str = "text"  # text, label (a stored value shown in words), date, link, number


@dataclass(frozen=True)
class Table:
    title: str  # the sheet's name, e.g. "Work items"
    columns: tuple[Column, ...]
    rows: Iterable[tuple]  # one value per column: str, int or None


WORK_ITEM_COLUMNS = (
    Column("organization", "Organization"), Column("committee", "Committee"),
    Column("identifier", "Identifier"), Column("provisional_name", "Provisional name"),
    Column("title", "Title"), Column("type", "Type", "label"),
    Column("status", "Status", "label"), Column("stage", "Stage"),
    Column("approval_process", "Approval process"),
    Column("registered", "Registered", "date"), Column("target", "Target", "date"),
    Column("approved", "Approved", "date"), Column("published", "Published", "date"),
    Column("topics", "Topics"), Column("equivalents", "Equivalents"),
    Column("url", "URL", "link"), Column("summary", "Summary"), Column("editors", "Editors"),
    Column("source", "Source", "link"), Column("checked", "Checked", "date"),
)


def work_item_cell(record: dict, key: str) -> str | None:
    """Return one cell of a work-item record; list cells are `;`-separated.

    >>> work_item_cell({"topics": [{"code": "S5", "relevance": "core"}, {"code": "I1"}]},
    ...                "topics")
    'S5:core;I1:core'
    """
    value = record.get(key)
    if key == "topics":
        return LIST_SEPARATOR.join(f"{t['code']}:{t.get('relevance', 'core')}"
                                   for t in value or [])
    if key == "equivalents":
        return LIST_SEPARATOR.join(f"{e['organization']}:{e['identifier']}"
                                   for e in value or [])
    if key == "editors":
        return LIST_SEPARATOR.join(value or [])
    return None if value is None else str(value)


_LISTS = {"topics", "equivalents", "editors"}


def work_item_values(records: Iterable[dict]) -> Iterator[tuple]:
    """Yield each record's cells in the columns' order, as `work_item_cell` gives them.

    >>> next(work_item_values([{"identifier": "Y.4900", "editors": ["A. Smith"]}]))[2:4]
    ('Y.4900', None)
    """
    keys = [c.key for c in WORK_ITEM_COLUMNS]
    lists = [key in _LISTS for key in keys]
    for record in records:
        get = record.get
        yield tuple(work_item_cell(record, key) if listed else _text(get(key))
                    for key, listed in zip(keys, lists))


def _text(value) -> str | None:
    return value if value is None or value.__class__ is str else str(value)


def work_items(data: RoadmapExport) -> Table:
    return Table("Work items", WORK_ITEM_COLUMNS, work_item_values(data.items))


TOPIC_COLUMNS = (
    Column("code", "Code"), Column("name", "Topic"), Column("group", "Group"),
    Column("state", "State", "label"), Column("blocked_by", "Blocked by"),
    Column("impact", "Impact", "number"), Column("overlap", "Overlap"),
    Column("register", "Gap register"),
)


def topics(data: RoadmapExport) -> Table:
    entries: dict[str, list[str]] = {}
    for entry in data.register:
        for code in entry.topics:
            entries.setdefault(code, []).append(entry.code)
    rows = ((t.code, t.name, f"{t.group_code} {t.group_name}" if t.group_code else None,
             t.state, "; ".join(t.blocked_by), t.impact, "; ".join(t.overlap),
             "; ".join(entries.get(t.code, []))) for t in data.topics)
    return Table("Topics", TOPIC_COLUMNS, rows)


GAP_COLUMNS = (
    Column("code", "Code"), Column("title", "Title"), Column("statement", "Statement"),
    Column("topics", "Topics"), Column("priority", "Priority", "label"),
    Column("horizon", "Horizon"), Column("rnd_needed", "R&D needed", "label"),
    Column("recommendation", "Recommendation"), Column("leads", "Suggested lead"),
    Column("status", "Status", "label"), Column("updated", "Last update", "date"),
    Column("review", "Review"),
)


def gaps(data: RoadmapExport) -> Table:
    rows = ((g.code, g.title, g.statement, "; ".join(g.topics), g.priority, g.horizon,
             g.rnd_needed, g.recommendation,
             "; ".join(f"{o} {c}" if c else o for o, c in g.leads), g.status,
             g.updates[-1][0] if g.updates else None, g.review) for g in data.register)
    return Table("Gaps", GAP_COLUMNS, rows)


def matrix(data: RoadmapExport) -> Table:
    """Organizations across, leaf topics down; a cell counts the selected work items."""
    m = data.matrix
    organizations = m.organizations if m else ()
    columns = (Column("code", "Code"), Column("name", "Topic"),
               *(Column(o, o, "number") for o in organizations),
               Column("total", "Total", "number"))
    rows = ((code, name, *(n or None for n in counts), sum(counts) or None)
            for code, name, counts in (m.rows if m else ()))
    return Table("Matrix", columns, rows)


TABLES: dict[str, Callable[[RoadmapExport], Table]] = {
    "items": work_items, "topics": topics, "gaps": gaps, "matrix": matrix}
# The rows (see read.exports.PARTS) that each table is made of.
TABLE_PARTS = {"items": {"items"}, "topics": {"topics"}, "gaps": {"register"},
               "matrix": {"matrix"}}
