"""The read side of the exports: gather, for one filtered view, the rows an exporter renders.

Every format reads the same rows for the same filter, so a Word table, a spreadsheet and a
CSV file of one view list the same work items. Exporters get these frozen rows (and plain
bundle records), never ORM objects.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Iterable

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..models import Mapping, Organization, Topic, WorkItem
from ..sorting import natural_key
from ..vocab import ACTIVE_STATUSES, DONE_STATUSES, OPEN_GAP_STATUSES, codes_words
from . import filters
from .filters import WorkItemFilter
from .gap_report import GapTopicRow, RegisterEntryRow, gap_report
from .records import roadmap_document, work_item_records

PARTS = ("items", "groups", "topics", "register", "matrix", "bundle")
NO_AREA = "Not mapped to a work area"


@dataclass(frozen=True)
class AreaItem:
    """A work item as a row of the FG-SSC table of one work area."""

    organization: str
    committee: str | None
    identifier: str
    title: str
    status: str
    stage: str | None
    url: str | None
    relevance: str


@dataclass(frozen=True)
class WorkArea:
    """A leaf topic with its matching work items; no items means no SDO works on it."""

    code: str | None  # None for the items mapped to no topic
    name: str
    gap: str  # the register's statement, or the computed state in words
    suggestions: str | None  # the register's recommendation
    items: tuple[AreaItem, ...]

    @property
    def title(self) -> str:
        """Return the area as the table names it, e.g. "S5 Water management"."""
        return f"{self.code} {self.name}" if self.code else self.name


@dataclass(frozen=True)
class AreaGroup:
    """A top-level topic: one table of the Word and Markdown exports."""

    code: str | None
    name: str
    areas: tuple[WorkArea, ...]


@dataclass(frozen=True)
class CoverageMatrix:
    """How many of the selected work items each organization has on each leaf topic."""

    organizations: tuple[str, ...]
    rows: tuple[tuple[str, str, tuple[int, ...]], ...]  # (code, name, count per organization)


@dataclass(frozen=True)
class RoadmapExport:
    """Everything one export of one view may render; parts not asked for stay empty."""

    name: str
    date: dt.date
    selection: tuple[tuple[str, str], ...] = ()  # the filter, e.g. (("organization", "ISO"),)
    items: tuple[dict, ...] = ()  # bundle records of the selected work items, sorted
    groups: tuple[AreaGroup, ...] = ()
    topics: tuple[GapTopicRow, ...] = ()  # leaf topics in the selection's scope
    register: tuple[RegisterEntryRow, ...] = ()
    matrix: CoverageMatrix | None = None
    bundle: dict = field(default_factory=dict)
    include_withdrawn: bool = False  # withdrawn and superseded items are listed too


def gather(session: Session, f: WorkItemFilter, *, parts: Iterable[str], name: str,
           today: dt.date | None = None, include_withdrawn: bool = False) -> RoadmapExport:
    """Read the rows of `parts` (see PARTS) for the view that `f` describes.

    A view lists active work items unless it includes withdrawn ones (`include_withdrawn`)
    or asks for a status itself; the bundle (a backup) holds whatever the filter selects.
    """
    parts = set(parts)
    unknown = parts - set(PARTS)
    if unknown:
        raise ValueError(f"unknown export parts: {sorted(unknown)}")
    include_withdrawn = include_withdrawn or bool(f.status)
    listed = f if include_withdrawn else replace(f, status=filters.ACTIVE)
    ids = _selected_ids(session, listed) if listed else None
    data: dict = {"name": name, "date": today or dt.date.today(),
                  "selection": tuple(f.as_args().items()),
                  "include_withdrawn": include_withdrawn}
    if parts & {"groups", "topics", "register", "matrix"}:
        report = gap_report(session)
        scope = in_scope(report.topics, f.topic)
        codes = {t.code for t in scope}
        register = tuple(r for r in report.register if not f.topic or codes & set(r.topics))
        data.update(topics=scope, register=register)
    if parts & {"items", "groups", "matrix"}:
        data["items"] = tuple(work_item_records(session, ids))
    if "groups" in parts:
        data["groups"] = work_area_groups(scope, data["items"], register,
                                          _mapped_statuses(session),
                                          keep_empty=not f.without("topic"))
    if "matrix" in parts:
        data["matrix"] = coverage_matrix(scope, data["items"])
    if "bundle" in parts:
        data["bundle"] = bundle_document(session, f, filters.matching_ids(session, f)
                                         if f else None)
    return RoadmapExport(**data)


def _selected_ids(session: Session, f: WorkItemFilter) -> Select:
    """The ids of the view's work items, as a select the database narrows by itself."""
    return filters.apply(select(WorkItem.id).join(WorkItem.organization), f,
                         session.get_bind().dialect.name)


def in_scope(topics: Iterable[GapTopicRow], topic: str | None) -> tuple[GapTopicRow, ...]:
    """Return the leaf topics a topic filter covers: a leaf, a group's leaves, or all."""
    return tuple(t for t in topics if not topic or topic in (t.code, t.group_code))


def _mapped_statuses(session: Session) -> dict[str, set[tuple[str, str]]]:
    """Map each topic code to the (status, relevance) pairs of all its work items."""
    rows = session.execute(select(Topic.code, WorkItem.status, Mapping.relevance)
                           .join(Mapping.topic).join(Mapping.work_item))
    result: dict[str, set[tuple[str, str]]] = {}
    for code, status, relevance in rows:
        result.setdefault(code, set()).add((status, relevance))
    return result


def gap_words(row: GapTopicRow, mapped: Iterable[tuple[str, str]] = ()) -> str:
    """Say in words what the data shows of a work area's gap.

    `mapped` holds the (status, relevance) of every work item on the topic.

    >>> row = GapTopicRow("S8", "Education", "S", "City services", "partial", ("I3",), 0, ())
    >>> gap_words(row, [("in_development", "core")])
    'Partial: only drafts. Blocked by uncovered I3.'
    >>> gap_words(GapTopicRow("S8", "Education", "S", "City services", "uncovered", (), 2, ()))
    'Uncovered: no active work.'
    """
    mapped = set(mapped)
    if row.state == "uncovered":
        text = "Uncovered: no active work."
    elif row.state == "partial":
        drafts = any(s in ACTIVE_STATUSES and s not in DONE_STATUSES for s, _ in mapped)
        supporting = any(s in DONE_STATUSES and r == "supporting" for s, r in mapped)
        text = ("Partial: only drafts, and texts that treat it as a supporting subject."
                if drafts and supporting else
                "Partial: only texts that treat it as a supporting subject." if supporting
                else "Partial: only drafts.")
    else:
        text = "No gap: approved or published texts cover it."
    if row.blocked_by:
        text += f" Blocked by uncovered {codes_words(row.blocked_by)}."
    if row.overlap:
        text += f" Parallel work to coordinate: {', '.join(row.overlap)}."
    return text


def _area_item(record: dict, relevance: str) -> AreaItem:
    return AreaItem(record["organization"], record.get("committee"), record["identifier"],
                    record["title"], record["status"], record.get("stage"), record.get("url"),
                    relevance)


def work_area_groups(scope: Iterable[GapTopicRow], records: Iterable[dict],
                     register: Iterable[RegisterEntryRow], mapped: dict[str, set[tuple[str, str]]],
                     *, keep_empty: bool) -> tuple[AreaGroup, ...]:
    """Lay the selected work items out as the FG-SSC gap tables: groups of work areas.

    A work area lists each selected item mapped to it, core before supporting. With
    `keep_empty` (a view narrowed by topic at most) every area of the scope appears, an
    empty one saying that no SDO works on it; otherwise only areas with items appear.
    """
    by_area: dict[str, list[AreaItem]] = {}
    unmapped = []
    for record in records:
        for topic in record.get("topics", []):
            by_area.setdefault(topic["code"], []).append(
                _area_item(record, topic.get("relevance", "core")))
        if not record.get("topics"):
            unmapped.append(_area_item(record, "core"))
    entries: dict[str, list[RegisterEntryRow]] = {}
    for entry in register:
        if entry.status in OPEN_GAP_STATUSES:
            for code in entry.topics:
                entries.setdefault(code, []).append(entry)
    groups: dict[str | None, tuple[str, list[WorkArea]]] = {}
    for row in scope:
        items = sorted(by_area.get(row.code, []), key=lambda i: (
            i.relevance != "core", natural_key(i.organization), natural_key(i.identifier)))
        if not items and not keep_empty:
            continue
        area = WorkArea(row.code, row.name, _gap(row, entries.get(row.code, []), mapped),
                        _suggestions(entries.get(row.code, [])), tuple(items))
        key = row.group_code or row.code
        groups.setdefault(key, (row.group_name or row.name, []))[1].append(area)
    result = [AreaGroup(code, name, tuple(areas)) for code, (name, areas)
              in sorted(groups.items(), key=lambda pair: natural_key(pair[0]))]
    if unmapped:
        result.append(AreaGroup(None, NO_AREA, (WorkArea(None, NO_AREA, "", None,
                                                         tuple(unmapped)),)))
    return tuple(result)


def _gap(row: GapTopicRow, entries: list[RegisterEntryRow], mapped) -> str:
    if entries:
        return "\n".join(f"{e.code}: {e.statement or e.title}" for e in entries)
    return gap_words(row, mapped.get(row.code, ()))


def _suggestions(entries: list[RegisterEntryRow]) -> str | None:
    lines = [f"{e.code}: {e.suggestions()}" for e in entries if e.suggestions()]
    return "\n".join(lines) or None


def coverage_matrix(scope: Iterable[GapTopicRow], records: Iterable[dict]) -> CoverageMatrix:
    """Count the selected active work items of each organization on each leaf topic.

    Withdrawn and superseded items are not counted, whatever the view lists: the matrix
    page counts active items, and the export of that view says the same.
    """
    records = [r for r in records if r["status"] in ACTIVE_STATUSES]
    organizations = tuple(sorted({r["organization"] for r in records}, key=natural_key))
    column = {o: i for i, o in enumerate(organizations)}
    counts: dict[str, list[int]] = {}
    for record in records:
        for topic in record.get("topics", []):
            cells = counts.setdefault(topic["code"], [0] * len(organizations))
            cells[column[record["organization"]]] += 1
    return CoverageMatrix(organizations, tuple(
        (t.code, t.name, tuple(counts.get(t.code, [0] * len(organizations)))) for t in scope))


def bundle_document(session: Session, f: WorkItemFilter, ids: list[int] | None) -> dict:
    """Return the roadmap bundle; a filtered view keeps only its work items and gaps.

    The taxonomy, organizations and dependencies stay whole, and equivalents that point
    outside the selection are left out, so the document still imports on its own. A record
    that loses one says nothing of equivalents: imported back, a record that lists them
    states the whole set, and would end the pairs left out.
    """
    document = roadmap_document(session)
    if ids is None:
        return document
    keys = {(acronym, identifier) for acronym, identifier in session.execute(
        select(Organization.acronym, WorkItem.identifier).join(WorkItem.organization)
        .where(WorkItem.id.in_(ids)))}
    items = []
    for record in document["work_items"]:
        if (record["organization"], record["identifier"]) in keys:
            every = record.get("equivalents", [])
            equivalents = [e for e in every if (e["organization"], e["identifier"]) in keys]
            items.append({k: v for k, v in {**record, "equivalents": equivalents}.items()
                          if v != [] and (k != "equivalents" or len(v) == len(every))})
    document["work_items"] = items
    if f.topic:
        codes = {t["code"] for t in document["topics"]
                 if f.topic in (t["code"], t.get("parent"))}
        document["gaps"] = [g for g in document["gaps"] if codes & set(g.get("topics", []))]
    return document

