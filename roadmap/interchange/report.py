"""What an import did, or on a preview would do, in words people read."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from ..services.common import Outcome
from ..vocab import label

PLURALS = {"organization": "organizations", "committee": "committees", "topic": "topics",
           "dependency": "dependencies", "work_item": "work items", "gap": "register entries",
           "edition": "editions"}


@dataclass
class ImportReport:
    """The outcome of every record; `snapshot` says how each stood when the import read it."""

    outcomes: list[Outcome] = field(default_factory=list)
    snapshot: dict[str, str | None] = field(default_factory=dict)
    new_fields: dict[tuple[str, str], str] = field(default_factory=dict)  # a new record's gist
    _by_key: dict[tuple[str, str], Outcome] = field(default_factory=dict, repr=False)

    def add(self, outcome: Outcome) -> None:
        """Record an outcome; a second one for the same record (its equivalents) merges in."""
        first = self._by_key.get((outcome.kind, outcome.key))
        if outcome.action == "created" and outcome.record is not None:
            self.new_fields[(outcome.kind, outcome.key)] = gist(outcome.record)
        outcome = replace(outcome, record=None)  # words, not records: 50,000 of them add up
        if first is None:
            self._by_key[(outcome.kind, outcome.key)] = outcome
            self.outcomes.append(outcome)
        elif outcome.changes:
            said = first.changes.get("equivalents")
            first.changes.update(outcome.changes)
            if said and "equivalents" in outcome.changes:  # several records change its pairs
                both = f"{said[1]}; {outcome.changes['equivalents'][1]}"
                first.changes["equivalents"] = (None, both)
            if first.action == "unchanged":
                first.action = "updated"

    def counts(self) -> dict[str, Counter]:
        result: dict[str, Counter] = {}
        for outcome in self.outcomes:
            result.setdefault(outcome.kind, Counter())[outcome.action] += 1
        return result

    def summary(self) -> str:
        lines = []
        for kind, counter in self.counts().items():
            parts = ", ".join(f"{counter[a]} {a}" for a in ("created", "updated", "unchanged")
                              if counter[a])
            lines.append(f"{PLURALS.get(kind, kind)}: {parts}")
        return "\n".join(lines) or "nothing to import"


def gist(record) -> str:
    """A new record's main fields in words, read while it is still in the session.

    The preview rolls back afterwards, so the page gets these words, not the record.
    `record` may be a dict of those fields (an item written as a plain row).
    """
    field = record.get if isinstance(record, dict) else lambda name: getattr(record, name, None)
    text = next((p for p in map(field, ("title", "name")) if p), "")
    status = field("status")
    return f"{text} ({label(status).lower()})" if status else text


def change_words(name: str, before, after) -> tuple[str, str, str]:
    """Return a change as (now, after the import, what it means), each in words.

    >>> change_words("topics", [("I5", "core", None)], [("I5", "core", None), ("S10", "supporting", None)])
    ('I5 (core)', 'I5 (core), S10 (supporting)', '')
    >>> change_words("url", "https://a.example", None)
    ('https://a.example', '', 'will be cleared')
    >>> change_words("topics", [("I5", "core", None)], [])[2]
    'removes the mapping to I5'
    >>> change_words("equivalents", None, "+ ISO 37120:2018; - IEC 1; - IEC 2")[1:]
    ('+ ISO 37120:2018; - IEC 1; - IEC 2', 'removes the equivalences to IEC 1, IEC 2')
    """
    if name == "equivalents":  # services/equivalences.py: "+ added; - removed"
        gone = [part[2:] for part in str(after or "").split("; ") if part.startswith("- ")]
        remark = f"removes the equivalence{'s' if len(gone) > 1 else ''} to {', '.join(gone)}" \
            if gone else ""
        return "", _text(after), remark
    if name == "topics":
        old, new = _topics(before), _topics(after)
        gone = [code for code, *_ in before or () if code not in {c for c, *_ in after or ()}]
        remark = f"removes the mapping{'s' if len(gone) > 1 else ''} to {', '.join(gone)}" \
            if gone else ""
        return old, new, remark
    now, then = _text(before), _text(after)
    return now, then, "will be cleared" if now and not then else ""


def _topics(mappings) -> str:
    return ", ".join(f"{code} ({relevance})" for code, relevance, *_ in mappings or ())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)
