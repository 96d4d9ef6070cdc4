"""What changed between two states of the roadmap: two editions, or an edition and today.

Pure: two bundle documents (docs/bundle.md, as `read.records.roadmap_document` gives them)
and their two gap report documents (`GapReport.as_document()`) in, a `Comparison` out.
The renderers in `exporters/` print it; nothing here reads the database.

Matching work items
-------------------
An item is known by its natural key, organization and identifier; a draft with no number
yet is known by its provisional name (the roadmap stores it as the identifier until the
draft is numbered). Two items are the same item when, in this order:

1. their keys are equal;
2. of the items still unmatched, both are of one organization and carry the same
   provisional name (a draft "Y.SSC-MM" numbered "Y.4910" keeps its name beside the
   number); a numbered item that is given a new number under its kept name matches too;
3. of the items still unmatched, the earlier one is a draft (only a provisional name),
   the later one has no provisional name at all (the editor dropped it when numbering),
   and both are of one organization with the same title (case and spacing aside).

A mark (provisional name, title) that two unmatched items of one organization share on
either side matches nothing: the reader then sees a removal and an addition rather than
a guess. A matched pair whose keys differ is one changed item whose `identifier` changed
(`before_identifier` names its old key), and other items' equivalents naming the old key
are read as naming the new one, so the numbering changes nothing else.
"""
from __future__ import annotations

import copy
from dataclasses import asdict, dataclass

from .edition_diff_gaps import COVERED, gap_changes, register_changes
from .edition_diff_items import compare_items, field_changes
from .sorting import natural_key

# Sections of the bundle compared record by record, with their natural keys.
STRUCTURE = (("organizations", ("acronym",)), ("committees", ("organization", "code")),
             ("topics", ("code",)), ("dependencies", ("topic", "requires")),
             ("liaison_statements", ("organization", "reference")))


@dataclass(frozen=True)
class Side:
    """One side of a comparison, as a report names it."""

    label: str  # "Edition 2 (2027-03-01)" or "Live roadmap (2026-12-03)"
    date: str  # ISO date
    number: int | None  # None for the live roadmap
    title: str = ""


@dataclass(frozen=True)
class Comparison:
    """The changes from `before` to `after`; `as_document()` is its JSON form."""

    before: Side
    after: Side
    summary: dict  # counts of changes, and the totals of each side
    work_items: dict  # added, removed (records), changed (field by field)
    moves: dict  # move -> the items that made it: published, approved, started, ...
    gaps: list  # leaf topics whose computed figures changed
    register: dict  # added, removed, changed, unchanged entries
    structure: dict  # organizations, committees, topics, dependencies -> added, removed, changed
    topic_names: dict  # code -> {"name", "group"} of every topic on either side

    def as_document(self) -> dict:
        """Return the comparison as plain JSON values, every list in natural order."""
        return copy.deepcopy({
            "before": asdict(self.before), "after": asdict(self.after),
            "summary": self.summary, "work_items": self.work_items, "moves": self.moves,
            "gaps": self.gaps, "register": self.register, **self.structure,
            "topic_names": self.topic_names})


def compare(before: Side, after: Side, before_doc: dict, after_doc: dict,
            before_gaps: dict, after_gaps: dict) -> Comparison:
    """Compare two roadmap documents and their gap reports (see the module's matching rule)."""
    names = topic_names(before_doc, after_doc)
    work_items, moves = compare_items(before_doc.get("work_items", []),
                                      after_doc.get("work_items", []), before.date, after.date)
    gaps = gap_changes(before_gaps, after_gaps, {c: t["group"] for c, t in names.items()})
    register = register_changes(before_doc.get("gaps", []), after_doc.get("gaps", []),
                                before.date)
    structure = {name: compare_records(before_doc.get(name, []), after_doc.get(name, []), key)
                 for name, key in STRUCTURE}
    summary = {"changes": _counts(work_items, moves, gaps, register, structure),
               "before": totals(before_doc, before_gaps), "after": totals(after_doc, after_gaps)}
    return Comparison(before, after, summary, work_items, moves, gaps, register, structure, names)


def compare_records(before: list[dict], after: list[dict], key: tuple[str, ...]) -> dict:
    """Return records added, removed and changed (field by field), matched by `key`."""
    def keyed(records):
        return {tuple(r.get(k) or "" for k in key): r for r in records}

    def order(k):
        return tuple(natural_key(part) for part in k)

    old, new = keyed(before), keyed(after)
    changed = []
    for k in sorted(old.keys() & new.keys(), key=order):
        changes = field_changes(old[k], new[k], {})
        if changes:
            changed.append({**dict(zip(key, k)), "changes": changes})
    return {"added": [new[k] for k in sorted(new.keys() - old.keys(), key=order)],
            "removed": [old[k] for k in sorted(old.keys() - new.keys(), key=order)],
            "changed": changed}


def topic_names(before_doc: dict, after_doc: dict) -> dict:
    """Map every topic code of either side to its name and group; the later side wins."""
    names = {}
    for doc in (before_doc, after_doc):
        for topic in doc.get("topics", []):
            names[topic["code"]] = {"name": topic.get("name"), "group": topic.get("parent")}
    return {code: names[code] for code in sorted(names, key=natural_key)}


def totals(doc: dict, gaps: dict) -> dict:
    """The headline figures of one side."""
    items = doc.get("work_items", [])
    states = [t.get("state") for t in gaps.get("topics", [])]
    register = doc.get("gaps", [])
    return {"work_items": len(items),
            "published": sum(i.get("status") == "published" for i in items),
            "under_way": sum(i.get("status") in ("proposed", "in_development", "approved")
                             for i in items),
            "leaf_topics": len(states), "covered": states.count(COVERED),
            "partial": states.count("partial"), "uncovered": states.count("uncovered"),
            "register_entries": len(register),
            "register_open": sum(e.get("status") in ("open", "in_progress") for e in register)}


def _counts(work_items, moves, gaps, register, structure) -> dict:
    kinds = [k for g in gaps for k in g["kinds"]]
    counts = {"work_items_added": len(work_items["added"]),
              "work_items_removed": len(work_items["removed"]),
              "work_items_changed": len(work_items["changed"]),
              "work_items_numbered": sum("before_identifier" in c for c in work_items["changed"]),
              **{f"moves_{move}": len(listed) for move, listed in moves.items()},
              "gaps_closed": kinds.count("gap_closed"), "gaps_opened": kinds.count("new_gap"),
              "topics_newly_blocked": kinds.count("newly_blocked"),
              "register_added": len(register["added"]),
              "register_removed": len(register["removed"]),
              "register_changed": len(register["changed"]),
              "register_status_changes": sum(e["status_before"] != e["status_after"]
                                             for e in register["changed"]),
              "register_updates": sum(len(e["updates"]) for s in ("added", "changed")
                                      for e in register[s]),
              **_action_counts(register)}
    for name, sections in structure.items():
        counts.update({f"{name}_{what}": len(listed) for what, listed in sections.items()})
    return counts


def _action_counts(register: dict) -> dict:
    actions = [a for e in register["changed"] for a in e["actions"]]
    return {"actions_added": sum(a["status_before"] is None for a in actions),
            "actions_status_changes": sum(None not in (a["status_before"], a["status_after"])
                                          and a["status_before"] != a["status_after"]
                                          for a in actions),
            "action_updates": sum(len(a["updates"]) for a in actions)}
