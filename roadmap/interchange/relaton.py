"""Relaton catalogue records in: one YAML file, a folder of them, or a zip of a folder.

The Relaton project keeps the standards bodies' catalogues as one YAML file per document
edition (relaton-data-itu, -iso, -iec, -etsi, -ogc, -w3c). Two generations of its schema
are in use: older records say `docid`, `link`, `date[].value`, `docstatus.stage.value`
and `ext.editorialgroup`; newer ones `docidentifier`, `source`, `date[].at`,
`status.stage.content` and an author contributor with the committee as a subdivision.
`read` gives both as one `CatalogueRecord`.

Why PyYAML and not the `relaton` package on PyPI: that package (0.2.x, pre-alpha) models
only the older generation with pydantic 1's API, and validates far more than the dozen
fields the roadmap takes; PyYAML's C loader (libyaml) reads both generations, fast.
BaseLoader keeps every scalar a string, as the catalogue wrote it (no dates or numbers
guessed), and is the quickest of PyYAML's loaders.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from . import relaton_files
from .problems import FileRefused
from .relaton_files import SUFFIXES

MAX_NODES = 100_000  # scalars, lists and mappings in one record


@dataclass(frozen=True)
class CatalogueRecord:
    """The facts the roadmap takes from one catalogue record, as the catalogue wrote them."""

    file: str  # where it was read, e.g. "data/itu-t-y-4903-03-2022.yaml"
    identifier: str  # the primary document identifier, e.g. "ITU-T Y.4903 (03/2022)"
    title: str | None = None  # the English main title
    doctype: str | None = None  # e.g. "recommendation", "international-standard"
    published: str | None = None  # e.g. "2022-03-09", "2018-07"
    stage: str | None = None  # e.g. "Published", "Withdrawal", "90.93", "60.60"
    committee: str | None = None  # e.g. "ITU-T Study Group 20", "ISO/TC 268/SC 1"
    edition: str | None = None
    url: str | None = None
    abstract: str | None = None
    relations: tuple[tuple[str, str], ...] = ()  # (type, identifier), e.g. ("obsoletes", "ISO 37120:2014")
    fetched: str | None = None  # when the catalogue read it from the body, if it says
    modified: str | None = None  # the file's own time, e.g. "2026-08-22T10:00:47+00:00"

    @property
    def dated(self) -> dt.datetime | None:
        """When the catalogue knew this: the day it fetched the record, else the file's time."""
        for text in ((self.fetched or "")[:10], self.modified):
            try:
                when = dt.datetime.fromisoformat(text) if text else None
            except ValueError:
                continue
            if when:
                return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)
        return None


@dataclass
class Catalogue:
    """What was read: the records, and the files that could not be read, with why."""

    records: list[CatalogueRecord] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # "data/x.yaml: line 3, column 1: ..."
    files: int = 0


def read(path: Path, *, skip_broken: bool = False) -> Catalogue:
    """Read a record, a folder of records (recursively) or a zip of them.

    Every broken file is named with what is wrong; unless `skip_broken`, any broken file
    refuses the whole catalogue (FileRefused), so that nothing is applied from half of it.
    """
    path = Path(path)
    if path.is_dir():
        sources = relaton_files.folder(path)
    elif path.suffix.lower() == ".zip":
        sources = relaton_files.archive(path.name, path)
    elif path.suffix.lower() in SUFFIXES:
        sources = relaton_files.single(path)
    elif path.exists():
        raise FileRefused([f"{path.name}: is not a Relaton record (.yaml), a folder of "
                           "them or a .zip of one"])
    else:
        raise FileRefused([f"{path}: there is no such file or folder"])
    return collect(sources, skip_broken=skip_broken)


def collect(sources: Iterable[relaton_files.Source], *, skip_broken: bool) -> Catalogue:
    """Parse (name, content, date) triples, reporting each broken one by name."""
    catalogue = Catalogue()
    for name, content, modified in sources:
        catalogue.files += 1
        if isinstance(content, str):  # a problem found before parsing (too large, say)
            catalogue.broken.append(f"{name}: {content}")
            continue
        try:
            catalogue.records.append(parse(name, content, modified))
        except RecordError as error:
            catalogue.broken.append(f"{name}: {error}")
    if not catalogue.files:
        raise FileRefused(["the catalogue holds no .yaml record"])
    if catalogue.broken and not skip_broken:
        shown = catalogue.broken[:50]
        more = len(catalogue.broken) - len(shown)
        raise FileRefused([*shown, *([f"... and {more} more broken files"] if more else []),
                           f"{len(catalogue.broken)} of {catalogue.files} files cannot be read; "
                           "nothing was changed (--skip-broken reads the rest)"])
    return catalogue


class RecordError(ValueError):
    """One file is not a readable Relaton record; the message says where and why."""


def parse(name: str, content: bytes, modified: str | None = None) -> CatalogueRecord:
    """Read one record's YAML into a CatalogueRecord, or raise RecordError in plain words."""
    try:
        data = yaml.load(content, Loader=yaml.CBaseLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise RecordError(f"{where}not valid YAML ({error.problem})") from None
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as error:
        raise RecordError(f"not valid YAML ({type(error).__name__})") from None
    if not isinstance(data, dict):
        raise RecordError("is not a Relaton record: it holds no mapping of fields")
    _check_tree(data)
    identifier = _identifier(data.get("docidentifier") or data.get("docid"))
    if not identifier:
        raise RecordError("is not a Relaton record: it has no docidentifier (or docid)")
    status = _mapping(data.get("status")) or _mapping(data.get("docstatus"))
    return CatalogueRecord(
        file=name, identifier=identifier, title=_english(data.get("title"), "main"),
        doctype=_doctype(data), published=_date(data.get("date")),
        stage=_stage(status), committee=_committee(data), edition=_content(data.get("edition")),
        url=_source(data.get("source") or data.get("link")),
        abstract=_english(data.get("abstract")), relations=_relations(data.get("relation")),
        fetched=_text(data.get("fetched")), modified=modified)


def _check_tree(data: Any) -> None:
    """Refuse YAML aliases (a record has none; an alias bomb is made of them) and trees
    too large to be one record."""
    seen: set[int] = set()
    stack, count = [data], 0
    while stack:
        node = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise RecordError(f"is not a Relaton record: it holds over {MAX_NODES} values")
        if isinstance(node, (dict, list)):
            if id(node) in seen:
                raise RecordError("uses YAML aliases (&anchor / *alias), which no Relaton "
                                  "record does; refused")
            seen.add(id(node))
            stack.extend(node.values() if isinstance(node, dict) else node)


def _list(value: Any) -> list:
    return value if isinstance(value, list) else [value] if value is not None else []


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        text = " ".join(value.split())
        return text or None
    return None


def _content(value: Any) -> str | None:
    """A field that is a string, or a mapping holding `content` (newer) or `value` (older)."""
    if isinstance(value, dict):
        return _text(value.get("content")) or _text(value.get("value"))
    return _text(value)


def _identifier(entries: Any) -> str | None:
    ids = [e for e in _list(entries) if isinstance(e, dict)]
    primary = [e for e in ids if str(e.get("primary")).lower() == "true"]
    for entry in primary + ids:
        text = _text(entry.get("content")) or _text(entry.get("id"))
        if text:
            return text
    return None


def _is_english(entry: dict) -> bool:
    language = entry.get("language")
    return language is None or "en" in _list(language)


def _english(entries: Any, kind: str | None = None) -> str | None:
    """The English text of a title or abstract list; of `kind` ("main") when there is one."""
    texts = [e for e in _list(entries) if isinstance(e, dict) and _is_english(e)]
    if kind:
        texts = [e for e in texts if e.get("type") == kind] or [
            e for e in texts if e.get("type") in (None, "title-main")]
    for entry in texts:
        text = _text(entry.get("content"))
        if text:
            return text
    return _text(entries) if isinstance(entries, str) else None


def _doctype(data: dict) -> str | None:
    ext = _mapping(data.get("ext"))
    doctype = ext.get("doctype") or data.get("doctype")
    if isinstance(doctype, dict):
        return _text(doctype.get("content")) or _text(doctype.get("type"))
    return _text(doctype)


def _date(entries: Any) -> str | None:
    dates = {}
    for entry in _list(entries):
        if isinstance(entry, dict):
            value = _text(entry.get("at")) or _text(entry.get("value"))
            if value:
                dates.setdefault(entry.get("type"), value)
    return dates.get("published") or dates.get("issued")


def _stage(status: dict) -> str | None:
    stage = _content(status.get("stage"))
    substage = _content(status.get("substage"))
    if stage and substage:
        return f"{stage}.{substage}"  # ISO's harmonized codes: "90" and "93" are "90.93"
    return stage


def _committee(data: dict) -> str | None:
    group = _mapping(_mapping(data.get("ext")).get("editorialgroup")) or _mapping(
        data.get("editorialgroup"))
    for entry in _list(group.get("technical_committee")):
        if isinstance(entry, dict):
            found = _text(entry.get("identifier")) or _text(entry.get("name"))
            if found:
                return found
    for contributor in _list(data.get("contributor")):
        contributor = _mapping(contributor)
        roles = [_mapping(r).get("type") for r in _list(contributor.get("role"))]
        if "author" not in roles:
            continue
        for sub in _list(_mapping(contributor.get("organization")).get("subdivision")):
            sub = _mapping(sub)
            for name in _list(sub.get("name")):
                found = _content(name)
                if found:
                    return found
    return None


def _source(entries: Any) -> str | None:
    links = [e for e in _list(entries) if isinstance(e, dict)]
    for entry in [e for e in links if e.get("type") == "src"] + links:
        text = _text(entry.get("content"))
        if text and text.startswith(("http://", "https://")):
            return text
    return None


def _relations(entries: Any) -> tuple[tuple[str, str], ...]:
    found = []
    for entry in _list(entries):
        entry = _mapping(entry)
        item = _mapping(entry.get("bibitem"))
        identifier = _identifier(item.get("docidentifier") or item.get("docid"))
        kind = _text(entry.get("type"))
        if kind and identifier:
            found.append((kind, identifier))
    return tuple(found)


def from_bytes(filename: str, data: bytes, *, skip_broken: bool = False) -> Catalogue:
    """Read an upload: one record, or a zip of records."""
    if filename.lower().endswith(".zip"):
        return collect(relaton_files.archive(filename, io.BytesIO(data)), skip_broken=skip_broken)
    if filename.lower().endswith(SUFFIXES):
        return collect([(filename, data, None)], skip_broken=skip_broken)
    raise FileRefused([f"{filename}: is not a Relaton record (.yaml) or a .zip of them"])
