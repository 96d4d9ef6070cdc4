"""Work items of two roadmap documents: which is which, what changed, how statuses moved.

Pure: bundle records (docs/bundle.md) in, plain dicts out. `roadmap.edition_diff` puts
the parts together; its docstring states the matching rule this module implements.
"""
from __future__ import annotations

from typing import Callable, Iterable

from .sorting import natural_key

# The order a field-by-field list follows; fields a bundle adds later come after, by name.
ITEM_FIELDS = ("organization", "committee", "identifier", "provisional_name", "title", "type",
               "status", "stage", "approval_process", "registered", "target", "approved",
               "published", "url", "summary", "editors", "source", "checked", "topics",
               "equivalents")
MOVES = ("published", "approved", "started", "withdrawn", "superseded", "other")
STARTING = ("proposed", "in_development")

Key = tuple[str, str]  # (organization, identifier), or the provisional name of a draft


def item_key(record: dict) -> Key:
    """Return the natural key: organization and identifier, a draft's provisional name."""
    return (record.get("organization") or "",
            record.get("identifier") or record.get("provisional_name") or "")


def sort_key(key: Key) -> tuple:
    return natural_key(key[0]), natural_key(key[1])


def _is_draft(record: dict) -> bool:
    """A draft known only by its provisional name (stored as its identifier until numbered)."""
    name = record.get("provisional_name")
    return bool(name) and record.get("identifier") in (None, "", name)


def _title(record: dict) -> str:
    return " ".join((record.get("title") or "").casefold().split())


def match_items(before: list[dict], after: list[dict]) -> tuple[list, list, list]:
    """Return (pairs, removed, added): matched (before, after) records and the rest."""
    old = {item_key(r): r for r in before}
    new = {item_key(r): r for r in after}
    pairs = [(old.pop(k), new.pop(k)) for k in sorted(old.keys() & new.keys(), key=sort_key)]
    pairs += _pair_unique(old, new, lambda r: r.get("provisional_name") or None,
                          lambda r: r.get("provisional_name") or None)
    pairs += _pair_unique(old, new, lambda r: _title(r) if _is_draft(r) else None,
                          lambda r: None if r.get("provisional_name") else _title(r) or None)
    removed = [old[k] for k in sorted(old, key=sort_key)]
    added = [new[k] for k in sorted(new, key=sort_key)]
    return sorted(pairs, key=lambda p: sort_key(item_key(p[1]))), removed, added


def _pair_unique(old: dict, new: dict, mark_old: Callable, mark_new: Callable) -> list:
    """Pair the records left whose organization and mark agree, where the pairing is unique.

    Two drafts of one body under one mark are ambiguous: neither side is paired, so the
    reader sees a removal and an addition rather than a guess.
    """
    def index(records: dict, mark: Callable) -> dict:
        found: dict = {}
        for key, record in records.items():
            value = mark(record)
            if value:
                found.setdefault((key[0], value), []).append(key)
        return found

    olds, news = index(old, mark_old), index(new, mark_new)
    pairs = []
    for sign in sorted(olds.keys() & news.keys(), key=sort_key):
        if len(olds[sign]) == 1 and len(news[sign]) == 1:
            pairs.append((old.pop(olds[sign][0]), new.pop(news[sign][0])))
    return pairs


def renames(pairs: Iterable[tuple[dict, dict]]) -> dict[Key, Key]:
    """Map each before key to its after key where the two differ (a draft that got its number)."""
    return {item_key(b): item_key(a) for b, a in pairs if item_key(b) != item_key(a)}


def field_changes(before: dict, after: dict, renamed: dict[Key, Key]) -> list[dict]:
    """Return each field that differs: {field, before, after}, lists with added and removed.

    The before side's equivalents are read through `renamed`, so an item whose twin got
    its number is not changed by that.
    """
    before = {**before, "equivalents": [_renamed(e, renamed) for e in before.get("equivalents", [])]}
    fields = [f for f in ITEM_FIELDS if f in before or f in after]
    fields += sorted((before.keys() | after.keys()) - set(ITEM_FIELDS))
    changes = []
    for field in fields:
        old, new = _norm(field, before.get(field)), _norm(field, after.get(field))
        if old != new:
            changes.append({"field": field, "before": old, "after": new, **_listed(field, old, new)})
    return changes


def _renamed(equivalent: dict, renamed: dict[Key, Key]) -> dict:
    key = renamed.get((equivalent.get("organization"), equivalent.get("identifier")))
    return {"organization": key[0], "identifier": key[1]} if key else equivalent


def _norm(field: str, value):
    """An empty value is no value; topics and equivalents are sets, in their natural order."""
    if value in (None, "", []):
        return None
    if field == "topics":
        return sorted(value, key=lambda t: natural_key(t.get("code")))
    if field == "equivalents":
        unique = {(e.get("organization"), e.get("identifier")): e for e in value}
        return [unique[k] for k in sorted(unique, key=sort_key)]
    return value


def _listed(field: str, old, new) -> dict:
    """What a list field gained and lost; topics also say which kept their code but changed."""
    if field == "topics":
        was = {t["code"]: t for t in old or []}
        now = {t["code"]: t for t in new or []}
        return {"added": [now[c] for c in now if c not in was],
                "removed": [was[c] for c in was if c not in now],
                "changed": [{"code": c, "before": was[c], "after": now[c]}
                            for c in now if c in was and was[c] != now[c]]}
    if field in ("equivalents", "editors"):
        return {"added": [v for v in new or [] if v not in (old or [])],
                "removed": [v for v in old or [] if v not in (new or [])]}
    return {}


def status_move(before: str | None, after: str | None) -> str | None:
    """Name a status move as people say it; None when the status stayed.

    >>> status_move("in_development", "published"), status_move("proposed", "in_development")
    ('published', 'started')
    >>> status_move("published", "in_development"), status_move("approved", "approved")
    ('other', None)
    """
    if before == after or after is None:
        return None
    if after in ("published", "withdrawn", "superseded"):
        return after
    if after == "approved" and before in STARTING:
        return "approved"
    if after == "in_development" and before == "proposed":
        return "started"
    return "other"


def added_move(record: dict, start: str, end: str) -> str | None:
    """Name the move of an item first listed now: a text published or approved within the
    period, or a project under way; an old text entered late is no news."""
    status = record.get("status")
    if status in STARTING:
        return "started"
    if status in ("published", "approved") and in_period(record.get(status), start, end):
        return status
    return None


def in_period(day: str | None, start: str, end: str) -> bool:
    """Tell whether a full or reduced ISO date can fall after `start` and by `end`.

    An undated event counts: the item's status says it happened, the date is unknown.

    >>> in_period("2027-03", "2027-03-15", "2027-09-01"), in_period("2026", "2027-01-01", "2027-09-01")
    (True, False)
    """
    if not day:
        return True
    latest = day + "-12-31"[len(day) - 4:] if len(day) < 10 else day
    earliest = day + "-01-01"[len(day) - 4:] if len(day) < 10 else day
    return latest > start and earliest <= end


def compare_items(before: list[dict], after: list[dict], start: str, end: str) -> tuple[dict, dict]:
    """Return the work-item section (added, removed, changed) and the status moves by name."""
    pairs, removed, added = match_items(before, after)
    renamed = renames(pairs)
    changed, moves = [], {move: [] for move in MOVES}
    for old, new in pairs:
        changes = field_changes(old, new, renamed)
        if not changes:
            continue
        entry = {"organization": new.get("organization"), "identifier": item_key(new)[1],
                 "title": new.get("title"), "changes": changes}
        if item_key(old) != item_key(new):
            entry["before_identifier"] = item_key(old)[1]
        changed.append(entry)
        move = status_move(old.get("status"), new.get("status"))
        if move:
            moves[move].append(_moved(new, move, old.get("status")))
    for new in added:
        move = added_move(new, start, end)
        if move:
            moves[move].append(_moved(new, move, None))
    for listed in moves.values():
        listed.sort(key=lambda m: sort_key((m["organization"], m["identifier"])))
    return {"added": added, "removed": removed, "changed": changed}, moves


def _moved(record: dict, move: str, before: str | None) -> dict:
    """The facts a report prints of a moved item; `date` is the move's own, where known."""
    date_field = {"published": "published", "approved": "approved",
                  "started": "registered"}.get(move)
    return {"move": move, "organization": record.get("organization"),
            "committee": record.get("committee"), "identifier": item_key(record)[1],
            "title": record.get("title"), "type": record.get("type"),
            "status_before": before, "status_after": record.get("status"),
            "stage": record.get("stage"), "date": record.get(date_field) if date_field else None,
            "target": record.get("target"), "url": record.get("url"),
            "topics": [t["code"] for t in _norm("topics", record.get("topics")) or []]}
