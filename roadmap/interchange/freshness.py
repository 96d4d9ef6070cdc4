"""Apply what was previewed, or nothing: how each record a file names stood when read.

A preview keeps the snapshot of every record its file names (its version, or for records
without one their values); the apply takes a fresh snapshot and refuses when any differs,
so that an apply never silently reverts what someone saved between the two.
"""
from __future__ import annotations

from typing import Any

from ..models import TopicDependency, dependency_codes
from ..services.lookup import Lookup

Snapshot = dict[str, str | None]


def snapshot(document: dict, lookup: Lookup) -> Snapshot:
    """`"kind key" -> state` of every record the document names (None: not stored yet)."""
    taken: Snapshot = {}
    for entry in _entries(document, "organizations"):
        org = lookup.organization(str(entry.get("acronym")))
        taken[f"organization {entry.get('acronym')}"] = org and _values(
            org.name, org.kind, org.url)
    for entry in _entries(document, "committees"):
        c = lookup.committee(str(entry.get("organization")), str(entry.get("code")))
        taken[f"committee {entry.get('organization')} {entry.get('code')}"] = c and _values(
            c.name, c.parent_id, c.url)
    for entry in _entries(document, "topics"):
        topic = lookup.topic(str(entry.get("code")))
        taken[f"topic {entry.get('code')}"] = topic and f"v{topic.version}"
    for entry in _entries(document, "work_items"):
        key = (str(entry.get("organization")),
               str(entry.get("identifier") or entry.get("provisional_name")))
        version = lookup.work_item_version(*key)
        taken[f"work item {' '.join(key)}"] = version and f"v{version}"
    for entry in _entries(document, "gaps"):
        found = lookup.register_entry(str(entry.get("code")))
        taken[f"register entry {entry.get('code')}"] = found and _values(
            found.version, len(found.updates))  # a dated update alone bumps no version
    if _entries(document, "dependencies"):
        stored = {(a, b): why for a, b, why in lookup.session.execute(
            dependency_codes(TopicDependency.rationale))}
        for entry in _entries(document, "dependencies"):
            key = (str(entry.get("topic")), str(entry.get("requires")))
            taken[f"dependency {' requires '.join(key)}"] = \
                _values(stored[key]) if key in stored else None
    return taken


def changed_since(expected: Snapshot, now: Snapshot) -> list[str]:
    """The records whose state differs from the preview's, as people name them."""
    return sorted(key for key in expected.keys() | now.keys()
                  if expected.get(key) != now.get(key))


def _entries(document: dict, section: str) -> list[dict]:
    return [e for e in document.get(section) or [] if isinstance(e, dict)]


def _values(*values: Any) -> str:
    return repr(values)
