"""An edition comparison as an outline of headings, paragraphs, lists and tables.

The plain-text and Markdown renderings print the same outline, so they cannot drift apart.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, NamedTuple

from ..sorting import natural_key
from ..vocab import label
from .comparison_words import (MOVE_WORDS, NONE, change_words, count_lines, document_words,
                               figures_words, gap_change_words, status_change_words,
                               total_rows, value_words)
from .text import sdo_words

if TYPE_CHECKING:
    from ..edition_diff import Comparison

STRUCTURE_WORDS = (("organizations", "Organizations", ("acronym",)),
                   ("committees", "Committees", ("organization", "code")),
                   ("topics", "Topics", ("code",)),
                   ("dependencies", "Dependencies", ("topic", "requires")),
                   ("liaison_statements", "Liaison statements", ("organization", "reference")))
ITEM_HEADERS = ("Document", "SDO/forum", "Title", "Status", "Topics")
MOVE_HEADERS = ("Document", "SDO/forum", "Title", "Status", "Date", "Topics")
CHANGE_HEADERS = ("Document", "Field", "Before", "After")
GAP_HEADERS = ("Topic", "Change", "State", "Blocked by", "Impact", "Overlap")
REGISTER_HEADERS = ("Code", "Gap", "Status then", "Status now", "Changes and updates since")


class Block(NamedTuple):
    kind: str  # heading, paragraph, bullets, table
    text: str = ""  # a heading's or paragraph's text, a table's caption
    level: int = 1
    items: tuple = ()  # bullets' texts, or a table's rows
    headers: tuple = ()


def outline(comparison: Comparison) -> Iterator[Block]:
    """Yield the blocks of the comparison, summary first."""
    doc = comparison.as_document()
    before, after = doc["before"], doc["after"]
    yield Block("heading", f"Changes from {before['label']} to {after['label']}")
    yield Block("table", "Summary", items=tuple(total_rows(doc["summary"])),
                headers=("Figure", before["label"], after["label"]))
    counts = count_lines(doc["summary"])
    yield Block("bullets", items=tuple(f"{words}: {n}" for words, n in counts)) if counts else \
        Block("paragraph", "Nothing changed between the two.")
    yield from _moves(doc)
    yield from _items(doc)
    yield from _gaps(doc)
    yield from _register(doc)
    yield from _structure(doc)


def _moves(doc: dict) -> Iterator[Block]:
    for move, words in MOVE_WORDS.items():
        moved = doc["moves"][move]
        if moved:
            yield Block("heading", f"{words} ({len(moved)})", 2)
            yield Block("table", words, items=tuple(
                (m["identifier"], sdo_words(m["organization"], m["committee"]), m["title"] or "",
                 status_change_words(m["status_before"], m["status_after"]),
                 m["date"] or NONE, ", ".join(m["topics"]) or NONE) for m in moved),
                headers=MOVE_HEADERS)


def item_row(record: dict) -> tuple[str, ...]:
    return (record.get("identifier") or record.get("provisional_name") or "",
            sdo_words(record.get("organization"), record.get("committee")),
            record.get("title") or "", label(record.get("status")),
            value_words("topics", record.get("topics")))


def _items(doc: dict) -> Iterator[Block]:
    items = doc["work_items"]
    for what, words in (("added", "Work items added"), ("removed", "Work items removed")):
        if items[what]:
            yield Block("heading", f"{words} ({len(items[what])})", 2)
            yield Block("table", words, items=tuple(item_row(r) for r in items[what]),
                        headers=ITEM_HEADERS)
    if items["changed"]:
        yield Block("heading", f"Work items changed ({len(items['changed'])})", 2)
        yield Block("table", "Work items changed, field by field", items=tuple(
            (f"{c['organization']} {document_words(c)}" if first else "", *change_words(change))
            for c in items["changed"] for first, change in
            ((i == 0, ch) for i, ch in enumerate(c["changes"]))), headers=CHANGE_HEADERS)


def _gaps(doc: dict) -> Iterator[Block]:
    if not doc["gaps"]:
        return
    yield Block("heading", f"Gaps: leaf topics whose figures changed ({len(doc['gaps'])})", 2)
    yield Block("table", "Gaps before and after", items=tuple(
        (f"{g['code']} {g['name'] or ''}".strip(), gap_change_words(g),
         *(_then_now(g, field) for field in ("state", "blocked_by", "impact", "overlap")))
        for g in doc["gaps"]), headers=GAP_HEADERS)


def _then_now(gap: dict, field: str) -> str:
    was, now = figures_words(gap["before"], field), figures_words(gap["after"], field)
    return now if was == now else f"{was} → {now}"


def register_notes(entry: dict) -> str:
    """The entry's changed fields and its updates since, one to a line."""
    lines = [f"{field}: {was} → {now}" for field, was, now in map(change_words, entry["changes"])
             if field != "Status"]
    lines += [_update_words(u) for u in entry["updates"]]
    for a in entry.get("actions", []):
        status = (f"new, {label(a['status_after'])}" if a["status_before"] is None else
                  "removed" if a["status_after"] is None else
                  status_change_words(a["status_before"], a["status_after"]))
        lines.append(f"Action {a['code']} ({status}): {a['text']}")
        lines += [f"  {_update_words(u)}" for u in a["updates"]]
    return "\n".join(lines)


def _update_words(u: dict) -> str:
    return f"{u.get('date')}: {label(u.get('status'))}" + (f". {u['note']}" if u.get("note") else "")


def _register(doc: dict) -> Iterator[Block]:
    rows = [(e["code"], e["title"] or "", label(e["status_before"]) or NONE,
             label(e["status_after"]) or NONE, register_notes(e) or NONE)
            for what in ("added", "removed", "changed") for e in doc["register"][what]]
    if rows:
        rows.sort(key=lambda r: natural_key(r[0]))
        yield Block("heading", f"Gap register: entries added, removed or changed ({len(rows)})", 2)
        yield Block("table", "Gap register entries", items=tuple(rows), headers=REGISTER_HEADERS)


def _structure(doc: dict) -> Iterator[Block]:
    for name, words, key in STRUCTURE_WORDS:
        section = doc[name]
        lines = [f"Added: {_record_words(r, key)}" for r in section["added"]]
        lines += [f"Removed: {_record_words(r, key)}" for r in section["removed"]]
        lines += [f"Changed: {_record_words(r, key)}: " + "; ".join(
            f"{f} {was} → {now}" for f, was, now in map(change_words, r["changes"]))
            for r in section["changed"]]
        if lines:
            yield Block("heading", words, 2)
            yield Block("bullets", items=tuple(lines))


def _record_words(record: dict, key: tuple[str, ...]) -> str:
    named = " requires " if key == ("topic", "requires") else " "
    words = named.join(str(record.get(k)) for k in key)
    return f"{words} ({record['name']})" if record.get("name") else words
