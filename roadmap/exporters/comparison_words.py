"""The words every rendering of an edition comparison uses: moves, gap changes, fields, values."""
from __future__ import annotations

from ..vocab import codes_words, label
from .tables import WORK_ITEM_COLUMNS
from .text import sdo_words

MOVE_WORDS = {"published": "Newly published", "approved": "Newly approved",
              "started": "New projects started", "withdrawn": "Withdrawn",
              "superseded": "Superseded", "other": "Other status changes"}
GAP_WORDS = {"gap_closed": "gap closed", "new_gap": "new gap",
             "gap_narrowed": "now partly covered", "gap_widened": "no longer partly covered",
             "newly_blocked": "newly blocked", "no_longer_blocked": "no longer blocked",
             "blocked_by_changed": "blocked by other topics", "impact_up": "impact up",
             "impact_down": "impact down", "new_overlap": "new overlap",
             "overlap_ended": "overlap ended", "overlap_changed": "overlap changed",
             "topic_added": "new topic", "topic_removed": "topic removed"}
FIELD_WORDS = {**{c.key: c.header for c in WORK_ITEM_COLUMNS},
               "acronym": "Acronym", "name": "Name", "kind": "Kind", "code": "Code",
               "parent": "Within", "category": "Category", "description": "Description",
               "rationale": "Rationale", "statement": "Statement", "priority": "Priority",
               "horizon": "Horizon", "rnd_needed": "R&D needed",
               "recommendation": "Recommendation", "leads": "Suggested leads"}
LABELLED = {"type", "status", "kind", "category", "priority", "rnd_needed", "state"}
# (key of summary.changes, words), in the order a reader asks
COUNT_WORDS = (
    ("moves_published", "Texts newly published"), ("moves_approved", "Texts newly approved"),
    ("moves_started", "New projects started"), ("moves_withdrawn", "Texts withdrawn"),
    ("moves_superseded", "Texts superseded"), ("moves_other", "Other status changes"),
    ("work_items_added", "Work items added"), ("work_items_removed", "Work items removed"),
    ("work_items_changed", "Work items changed"),
    ("work_items_numbered", "Drafts that got their number"),
    ("gaps_closed", "Gaps closed"), ("gaps_opened", "New gaps"),
    ("topics_newly_blocked", "Topics newly blocked"),
    ("register_added", "Register entries added"), ("register_removed", "Register entries removed"),
    ("register_status_changes", "Register entries whose status changed"),
    ("register_updates", "Register updates"),
    ("actions_added", "Actions added"), ("actions_status_changes", "Actions whose status changed"),
    ("action_updates", "Action updates"),
    ("liaison_statements_added", "Liaison statements added"),
    ("liaison_statements_removed", "Liaison statements removed"),
    ("liaison_statements_changed", "Liaison statements changed"),
    ("organizations_added", "Organizations added"), ("organizations_removed", "Organizations removed"),
    ("organizations_changed", "Organizations changed"), ("committees_added", "Committees added"),
    ("committees_removed", "Committees removed"), ("committees_changed", "Committees changed"),
    ("topics_added", "Topics added"), ("topics_removed", "Topics removed"),
    ("topics_changed", "Topics changed"), ("dependencies_added", "Dependencies added"),
    ("dependencies_removed", "Dependencies removed"),
    ("dependencies_changed", "Dependencies changed"))
TOTAL_WORDS = (("work_items", "Work items"), ("published", "Published texts"),
               ("under_way", "Texts under way (proposed, in development, approved)"),
               ("covered", "Leaf topics covered"), ("partial", "Leaf topics partly covered"),
               ("uncovered", "Leaf topics uncovered"), ("register_open", "Open register entries"))
NONE = "–"


def count_lines(summary: dict) -> list[tuple[str, int]]:
    """The non-zero counts of changes, in words."""
    changes = summary["changes"]
    return [(words, changes[key]) for key, words in COUNT_WORDS if changes.get(key)]


def total_rows(summary: dict) -> list[tuple[str, str, str]]:
    return [(words, str(summary["before"][key]), str(summary["after"][key]))
            for key, words in TOTAL_WORDS]


def field_words(field: str) -> str:
    return FIELD_WORDS.get(field, field.replace("_", " ").capitalize())


def value_words(field: str, value) -> str:
    """Return a stored value as a report prints it.

    >>> value_words("status", "in_development"), value_words("topics", [{"code": "S5"}])
    ('In development', 'S5 (core)')
    >>> value_words("equivalents", [{"organization": "ISO", "identifier": "ISO 37120:2018"}])
    'ISO ISO 37120:2018'
    """
    if value in (None, "", []):
        return NONE
    if field in LABELLED:
        return label(value)
    if field == "topics" and isinstance(value, list):
        return ", ".join(topic_words(t) for t in value)
    if field == "equivalents":
        return "; ".join(f"{e.get('organization')} {e.get('identifier')}" for e in value)
    if field == "leads":
        return "; ".join(sdo_words(lead.get("organization"), lead.get("committee")) for lead in value)
    if field in ("blocked_by", "overlap") or isinstance(value, list):
        return codes_words(value, limit=12) if field == "blocked_by" else ", ".join(map(str, value))
    return str(value)


def topic_words(topic: dict) -> str:
    note = f"; {topic['note']}" if topic.get("note") else ""
    return f"{topic.get('code')} ({label(topic.get('relevance') or 'core').lower()}{note})"


def change_words(change: dict) -> tuple[str, str, str]:
    """Return (field, before, after) in words; a list says what it gained and lost."""
    field = change["field"]
    if "added" in change:
        gained = [*change["added"], *(c["after"] for c in change.get("changed", []))]
        lost = change["removed"]
        parts = ([f"added {value_words(field, gained)}"] if gained else []) + (
            [f"removed {value_words(field, lost)}"] if lost else [])
        if parts:
            return field_words(field), value_words(field, change["before"]), "; ".join(parts)
    return (field_words(field), value_words(field, change["before"]),
            value_words(field, change["after"]))


def status_change_words(before: str | None, after: str | None) -> str:
    """E.g. "In development → Published"; "Proposed (newly listed)" for an item first listed now."""
    if before is None:
        return f"{label(after)} (newly listed)"
    return f"{label(before)} → {label(after)}"


def document_words(entry: dict) -> str:
    """An item's number; a draft that got its number says which it had."""
    was = entry.get("before_identifier")
    return f"{entry['identifier']} (was {was})" if was else entry["identifier"]


def gap_change_words(gap: dict) -> str:
    return ", ".join(GAP_WORDS.get(k, k) for k in gap["kinds"]) or "figures changed"


def figures_words(figures: dict | None, field: str) -> str:
    if figures is None:
        return NONE
    return value_words(field, figures[field]) if field != "impact" else str(figures["impact"])
