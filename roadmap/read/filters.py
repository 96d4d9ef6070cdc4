"""The work-item filters shared by the list page, the exports and the API.

Filters travel in query strings by natural key (`?organization=ISO%2FIEC%20JTC%201&topic=S5`),
never by database id, so a filtered view and its exports have stable URLs.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Mapping as MappingType

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from .. import search_index
from ..errors import Errors, ValidationError
from ..models import Committee, Mapping, Organization, Topic, WorkItem
from ..sorting import natural_key
from ..vocab import ACTIVE_STATUSES, STATUSES, WORK_ITEM_TYPES

MAX_QUERY_LENGTH = 200
ACTIVE = "active"  # a status filter value: proposed, in development, approved or published


@dataclass(frozen=True)
class WorkItemFilter:
    """What a view asks for; empty fields do not filter."""

    organization: str | None = None  # acronym, e.g. "ISO/IEC JTC 1"
    committee: str | None = None  # code, e.g. "SG20" (with or without organization)
    topic: str | None = None  # a leaf code ("S5") or a group code ("S": all its leaves)
    status: str | None = None  # a status, or "active" for every live one
    type: str | None = None
    year: int | None = None  # published in, or else targeted for, that year
    q: str | None = None  # words searched in identifier, title and summary

    @classmethod
    def from_args(cls, args: MappingType[str, str]) -> "WorkItemFilter":
        """Read a filter from query-string arguments, ignoring what `unusable` names."""
        def text(name: str) -> str | None:
            value = (args.get(name) or "").strip()
            return value[:MAX_QUERY_LENGTH] or None
        unusable = cls.unusable(args)
        status, kind, year = (None if name in unusable else text(name)
                              for name in ("status", "type", "year"))
        return cls(organization=text("organization"), committee=text("committee"),
                   topic=text("topic"), status=status, type=kind,
                   year=int(year) if year else None, q=text("q"))

    @classmethod
    def checked(cls, args: MappingType[str, str]) -> "WorkItemFilter":
        """Read a filter for a program or an export: an unusable value is an error.

        >>> WorkItemFilter.checked({"status": "done", "year": "22"})
        Traceback (most recent call last):
        ...
        roadmap.errors.ValidationError: status: "done" is not one of: proposed, \
in_development, approved, published, withdrawn, superseded, active; year: "22" is not a year
        """
        problems = cls.unusable(args)
        if problems:
            raise ValidationError(problems)
        return cls.from_args(args)

    @staticmethod
    def unusable(args: MappingType[str, str]) -> dict[str, list[str]]:
        """Return what `from_args` would ignore, by argument, in words: a page says so.

        >>> WorkItemFilter.unusable({"type": "norm", "year": " 2024 "})
        {'type': ['"norm" is not one of: recommendation, international_standard, \
technical_specification, technical_report, supplement, guide, pas, other']}
        """
        errors = Errors()
        status, kind, year = ((args.get(n) or "").strip() for n in ("status", "type", "year"))
        if status and status not in (*STATUSES, ACTIVE):
            errors.add("status", f'"{status}" is not one of: {", ".join((*STATUSES, ACTIVE))}')
        if kind and kind not in WORK_ITEM_TYPES:
            errors.add("type", f'"{kind}" is not one of: {", ".join(WORK_ITEM_TYPES)}')
        if year and not (year.isascii() and year.isdecimal() and len(year) == 4):
            errors.add("year", f'"{year}" is not a year')
        for name in ("organization", "committee", "topic", "q"):
            if len(args.get(name) or "") > MAX_QUERY_LENGTH:
                errors.add(name, f"is longer than {MAX_QUERY_LENGTH} characters")
        return errors.errors

    def as_args(self) -> dict[str, str]:
        """Return the non-empty fields as query-string arguments, in a stable order."""
        return {f.name: str(getattr(self, f.name)) for f in fields(self)
                if getattr(self, f.name) not in (None, "")}

    def without(self, *names: str) -> "WorkItemFilter":
        return replace(self, **{name: None for name in names})

    def __bool__(self) -> bool:
        return bool(self.as_args())


# The fields whose every input the revision covers (roadmap/revision.py: organizations,
# topics, mappings, an item's status, organization and identifier): a count under a filter
# of these alone holds until the revision changes. An item's committee, type and dates,
# and the words searched, change without it.
BY_REVISION = ("organization", "topic", "status")


def revision_key(f: WorkItemFilter) -> tuple | None:
    """`f` as a key for what holds for a whole revision, or None when it reads more.

    >>> revision_key(WorkItemFilter(status="active", topic="S5"))
    (None, 'S5', 'active')
    >>> revision_key(WorkItemFilter(status="active", type="guide")) is None
    True
    """
    if set(f.as_args()) - set(BY_REVISION):
        return None
    return tuple(getattr(f, name) for name in BY_REVISION)


def apply(stmt: Select, f: WorkItemFilter, dialect: str = "sqlite") -> Select:
    """Narrow a statement over WorkItem (joined to Organization) to what `f` asks for."""
    if f.organization:
        stmt = stmt.where(Organization.acronym == f.organization)
    if f.committee:
        stmt = stmt.where(WorkItem.committee_id.in_(
            select(Committee.id).where(Committee.code == f.committee)))
    if f.topic:
        topic_ids = select(Topic.id).where(or_(Topic.code == f.topic, Topic.parent_id.in_(
            select(Topic.id).where(Topic.code == f.topic))))
        stmt = stmt.where(WorkItem.id.in_(
            select(Mapping.work_item_id).where(Mapping.topic_id.in_(topic_ids))))
    if f.status == ACTIVE:
        stmt = stmt.where(WorkItem.status.in_(ACTIVE_STATUSES))
    elif f.status:
        stmt = stmt.where(WorkItem.status == f.status)
    if f.type:
        stmt = stmt.where(WorkItem.type == f.type)
    if f.year:
        stmt = stmt.where(func.substr(func.coalesce(WorkItem.published, WorkItem.target), 1, 4)
                          == str(f.year))
    if f.q:
        stmt = stmt.where(search_index.condition(dialect, f.q))
    return stmt


def matching_ids(session: Session, f: WorkItemFilter) -> list[int]:
    """Return the ids of the work items that match, ordered by organization and identifier."""
    stmt = apply(select(WorkItem.id, Organization.acronym, WorkItem.identifier)
                 .join(WorkItem.organization), f, session.get_bind().dialect.name)
    rows = sorted(session.execute(stmt), key=lambda r: (natural_key(r[1]), natural_key(r[2])))
    return [row[0] for row in rows]
