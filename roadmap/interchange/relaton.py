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
import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from .. import dates
from . import relaton_fields as fields
from . import relaton_files
from .problems import FileRefused
from .relaton_files import SUFFIXES

MAX_NODES = 100_000  # values in one record, far more than any real record holds
CHUNK = 500  # files parsed at a time; a catalogue of more is parsed on every core
MAX_WORKERS = 8
UPLOAD_TOTAL = 50 * 2**20  # what an uploaded zip may unpack to


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
                return dates.utc(when)
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


def collect(sources: Iterable[relaton_files.Source], *, skip_broken: bool,
            parallel: bool = True) -> Catalogue:
    """Parse (name, content, date) triples, reporting each broken one by name."""
    catalogue = Catalogue()
    for name, outcome in _parsed(sources, parallel):
        catalogue.files += 1
        if isinstance(outcome, str):
            catalogue.broken.append(f"{name}: {outcome}")
        else:
            catalogue.records.append(outcome)
    if not catalogue.files:
        raise FileRefused(["the catalogue holds no .yaml record"])
    if catalogue.broken and not skip_broken:
        shown = catalogue.broken[:50]
        more = len(catalogue.broken) - len(shown)
        raise FileRefused([*shown, *([f"... and {more} more broken files"] if more else []),
                           f"{len(catalogue.broken)} of {catalogue.files} files cannot be read; "
                           "nothing was changed (--skip-broken reads the rest)"])
    return catalogue


def _parsed(sources: Iterable[relaton_files.Source], parallel: bool) -> Iterator[tuple[str, Any]]:
    """Each file's record, or what is wrong with it, in the order read. A large catalogue
    (more than one chunk) is parsed on every core: PyYAML spends its time in Python."""
    chunks = _chunks(sources)
    first = next(chunks, [])
    workers = min(os.cpu_count() or 1, MAX_WORKERS) if parallel else 1
    if len(first) < CHUNK or workers < 2:
        for chunk in (first, *chunks):
            yield from parse_chunk(chunk)
        return
    # spawned, not forked: a forked child would share the parent's database connections
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: deque = deque()
        for chunk in (first, *chunks):
            pending.append(pool.submit(parse_chunk, chunk))
            if len(pending) > 2 * workers:  # a bounded window: memory stays flat
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _chunks(sources: Iterable[relaton_files.Source]) -> Iterator[list]:
    iterator = iter(sources)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def parse_chunk(chunk: list[relaton_files.Source]) -> list[tuple[str, Any]]:
    """Parse one chunk of sources (in this process or a worker)."""
    found = []
    for name, source, modified in chunk:
        content = relaton_files.contents(source)
        if isinstance(content, str):  # a problem found before parsing (too large, say)
            found.append((name, content))
            continue
        try:
            found.append((name, parse(name, content, modified)))
        except RecordError as error:
            found.append((name, str(error)))
    return found


class RecordError(ValueError):
    """One file is not a readable Relaton record; the message says where and why."""


def parse(name: str, content: bytes, modified: str | None = None) -> CatalogueRecord:
    """Read one record's YAML into a CatalogueRecord, or raise RecordError in plain words."""
    data = _load(content)
    if not isinstance(data, dict):
        raise RecordError("is not a Relaton record: it holds no mapping of fields")
    identifier = fields.identifier(data.get("docidentifier") or data.get("docid"))
    if not identifier:
        raise RecordError("is not a Relaton record: it has no docidentifier (or docid)")
    status = fields.as_mapping(data.get("status")) or fields.as_mapping(data.get("docstatus"))
    return CatalogueRecord(
        file=name, identifier=identifier, title=fields.english(data.get("title"), "main"),
        doctype=fields.doctype(data), published=fields.date(data.get("date")),
        stage=fields.stage(status), committee=fields.committee(data),
        edition=fields.content_of(data.get("edition")),
        url=fields.source(data.get("source") or data.get("link")),
        abstract=fields.english(data.get("abstract")),
        relations=fields.relations(data.get("relation")),
        fetched=fields.plain(data.get("fetched")), modified=modified)


def _load(content: bytes) -> Any:
    """The YAML document as plain dicts, lists and strings, as the catalogue wrote them.

    libyaml composes the nodes; turning them into values here rather than through PyYAML's
    constructor is a fifth quicker, and sees every alias (a node met twice) on the way:
    no Relaton record has one, and an alias bomb is made of them.
    """
    loader = yaml.CBaseLoader(content)
    try:
        node = loader.get_single_node()
        return _value(node, set()) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise RecordError(f"{where}not valid YAML ({error.problem})") from None
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as error:
        raise RecordError(f"not valid YAML ({type(error).__name__})") from None
    finally:
        loader.dispose()


def _value(node: yaml.Node, seen: set[int]) -> Any:
    if id(node) in seen:
        raise RecordError("uses YAML aliases (&anchor / *alias), which no Relaton record "
                          "does; refused")
    seen.add(id(node))  # scalars too: the count bounds the work, whatever the shape
    if len(seen) > MAX_NODES:
        raise RecordError(f"is not a Relaton record: it holds over {MAX_NODES} values")
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, seen) for item in node.value]
    return {_key(key): _value(value, seen) for key, value in node.value}


def _key(node: yaml.Node) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise RecordError("is not a Relaton record: it has a key that is not a name")
    return node.value


def from_bytes(filename: str, data: bytes, *, skip_broken: bool = False) -> Catalogue:
    """Read an upload: one record, or a zip of records unpacking to at most 50 MiB, in this
    process (a web worker starts no others)."""
    if filename.lower().endswith(".zip"):
        sources = relaton_files.archive(filename, io.BytesIO(data), max_total=UPLOAD_TOTAL)
        return collect(sources, skip_broken=skip_broken, parallel=False)
    if filename.lower().endswith(SUFFIXES):
        return collect([(filename, data, None)], skip_broken=skip_broken, parallel=False)
    raise FileRefused([f"{filename}: is not a Relaton record (.yaml) or a .zip of them"])
