"""Work items as a table (CSV, or a sheet of an XLSX workbook), for liaison officers who
live in spreadsheets.

The columns are those of the work-item export; `topics` reads `S5:core;I1:supporting`,
`equivalents` reads `ISO:ISO 37120:2018;oneM2M:TS-0001` (organization, colon, identifier)
and `editors` is a `;`-separated list. A cell that a spreadsheet would run as a formula
(it starts with =, +, -, @, a tab or a carriage return) is written with an apostrophe in
front, and reading strips exactly that apostrophe again.
"""
from __future__ import annotations

import csv
import io
import re

from sqlalchemy.orm import Session

from ..exporters import delimited, tables
from ..exporters.text import unprotect
from ..read.records import stored_records
from ..vocab import STATUSES, WORK_ITEM_TYPES, label
from .bundle import FORMAT, VERSION
from .importer import import_document
from .report import ImportReport
from .problems import FileRefused

COLUMNS = tuple(column.key for column in tables.WORK_ITEM_COLUMNS)
REQUIRED = ("organization", "title", "type", "status")  # and identifier or provisional_name
LIST_SEPARATOR = ";"
MAX_ROWS = 20000


def write_csv(records: list[dict]) -> str:
    """Return work-item bundle records as CSV text (no BOM; writers add it)."""
    return delimited.write(tables.WORK_ITEM_COLUMNS, tables.work_item_values(records))


def import_rows(session: Session, rows: list[list[str]], *, actor, replace: bool = False,
                expected=None) -> ImportReport:
    """Import a table of work items whose first row names the columns (CSV or a sheet).

    A column the table leaves out leaves that field of a stored item alone; an empty cell
    of a column it has clears the field (an empty `topics` cell removes every mapping).
    """
    header, records, problems = parse_rows(rows)
    numbers = [record.pop(ROW) for record in records]  # blank lines are skipped
    records = _onto_stored(session, records, header)
    try:
        report = import_document(session, {"format": FORMAT, "version": VERSION,
                                           "work_items": records}, actor=actor,
                                 replace=replace, place=lambda p: _place(p, numbers),
                                 expected=expected)
    except FileRefused as error:
        raise FileRefused(_by_row(problems + error.errors)) from None
    if problems:
        session.rollback()
        raise FileRefused(_by_row(problems))
    return report


def _onto_stored(session: Session, rows: list[dict], header: list[str]) -> list[dict]:
    """Fill the columns the table leaves out from the stored items it names; without an
    `equivalents` column the records say nothing of equivalents, which leaves them alone."""
    absent = set(COLUMNS) - set(header) - {"organization", "identifier", "equivalents"}
    if not absent and "topics" not in header:
        return rows
    stored = stored_records(session, [(r.get("organization"), r.get("identifier")
                                       or r.get("provisional_name")) for r in rows])
    merged = []
    for row in rows:
        key = (row.get("organization"), row.get("identifier") or row.get("provisional_name"))
        before = stored.get(key, {})
        merged.append({**{name: before[name] for name in absent if name in before}, **row})
        notes = {t["code"]: t["note"] for t in before.get("topics", []) if t.get("note")}
        for topic in merged[-1].get("topics", []) if "topics" in row else []:
            topic.setdefault("note", notes.get(topic["code"]))  # a table has no note column
    return merged


def read_csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused([f"the file is not UTF-8 text (byte {error.start}: {error.reason}); "
                           "save it as \"CSV UTF-8\""]) from None
    try:
        return list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise FileRefused([f"the file is not valid CSV: {error}"]) from None


def parse_rows(rows: list[list[str]]) -> tuple[list[str], list[dict], list[str]]:
    """Turn a header row and data rows into work-item records, listing what is wrong.

    The header may name a column by its key (`provisional_name`, as the CSV export does)
    or by its heading (`Provisional name`, as the Excel export does); a status or type may
    be its code or its words (`in_development`, `In development`).
    """
    if not rows:
        raise FileRefused(["the file is empty; the first row names the columns"])
    header = [_column(name) for name in rows[0]]
    problems = _header_problems(header)
    if problems:
        raise FileRefused(problems)
    if len(rows) - 1 > MAX_ROWS:
        raise FileRefused([f"the file has {len(rows) - 1} rows; at most {MAX_ROWS} are read at once"])
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            problems.append(f"row {number}: {len(row)} cells but {len(header)} columns")
        cells = [unprotect(cell.strip()) for cell in row[:len(header)]]
        if any(cells):  # a blank line of a spreadsheet is not a work item
            cells += [""] * (len(header) - len(cells))  # a short row's last cells are empty
            records.append({**_record(dict(zip(header, cells)), number, problems), ROW: number})
    return header, records, problems


def _column(name: str) -> str:
    name = name.strip()
    return _HEADINGS.get(name.lower(), name)


_HEADINGS = {**{c.header.lower(): c.key for c in tables.WORK_ITEM_COLUMNS},
             **{c.key: c.key for c in tables.WORK_ITEM_COLUMNS}}
_WORDS = {field: {label(code).lower(): code for code in codes}
          for field, codes in (("status", STATUSES), ("type", WORK_ITEM_TYPES))}


def _header_problems(header: list[str]) -> list[str]:
    problems = [f'column "{name}" is not known; the columns are: {", ".join(COLUMNS)}'
                for name in header if name not in COLUMNS]
    problems += [f'column "{name}" is missing' for name in REQUIRED if name not in header]
    if "identifier" not in header and "provisional_name" not in header:
        problems.append('column "identifier" is missing (or "provisional_name", for drafts '
                        "known only by it)")
    problems += [f'column "{name}" appears twice' for name in set(header) if header.count(name) > 1]
    return problems


def _record(cells: dict[str, str], row: int, problems: list[str]) -> dict:
    """The row as a record: every column it has, an empty cell as None (cleared)."""
    record: dict = {k: (_WORDS.get(k, {}).get(v.lower(), v) or None) for k, v in cells.items()
                    if k not in ("topics", "equivalents", "editors")}
    if "editors" in cells:
        record["editors"] = _split(cells["editors"])
    if "topics" in cells:
        record["topics"] = []
        for entry in _split(cells["topics"]):
            code, _, relevance = entry.partition(":")
            record["topics"].append({"code": code.strip(),
                                     "relevance": relevance.strip() or "core"})
    if "equivalents" in cells:
        record["equivalents"] = []
        for entry in _split(cells["equivalents"]):
            organization, sep, identifier = entry.partition(":")
            if not sep or not organization.strip() or not identifier.strip():
                problems.append(f'row {row}, column "equivalents": "{entry}" is not '
                                '"ORGANIZATION:IDENTIFIER"')
                continue
            record["equivalents"].append({"organization": organization.strip(),
                                          "identifier": identifier.strip()})
    return record


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split(LIST_SEPARATOR) if part.strip()]


_PATH = re.compile(r"^work_items\[(\d+)\](?:\.(\w+))?(?:\[(\d+)\])?")


ROW = "(row)"  # a record's row number in the table, taken off before the import


def _place(path: str, numbers: list[int]) -> str:
    """Turn `work_items[3].topics[1].code` into `row 5, column "topics" (entry 2)`."""
    match = _PATH.match(path)
    if not match:
        return path
    index, column, entry = match.groups()
    place = f"row {numbers[int(index)] if int(index) < len(numbers) else int(index) + 2}"
    if column:
        place += f', column "{column}"'
    if entry is not None:
        place += f" (entry {int(entry) + 1})"
    return place


def _by_row(problems: list[str]) -> list[str]:
    def row(problem: str) -> int:
        match = re.match(r"row (\d+)", problem)
        return int(match.group(1)) if match else 0
    return sorted(problems, key=row)
