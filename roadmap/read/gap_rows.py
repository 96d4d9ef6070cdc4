"""The gap report's rows: each leaf topic's computed figures, the register's entries, the
report that holds both (frozen values, shared by every reader and kept per revision)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .. import gap_words
from .actions import ActionRow


@dataclass(frozen=True)
class GapTopicRow:
    """A leaf topic with its computed figures, as the gap report shows it."""

    code: str
    name: str
    group_code: str | None
    group_name: str | None
    state: str
    blocked_by: tuple[str, ...]
    impact: int
    overlap: tuple[str, ...]
    reason: str | None = None  # the topic page's sentence, e.g. "Uncovered: no active ..."

    @property
    def why(self) -> str:
        """Say why the topic is (or is not) a gap: the topic page's sentence, from its texts."""
        return self.reason or gap_words.why(self.state, self.name, self.code, self.blocked_by,
                                       self.impact)

    def as_record(self) -> dict:
        return {"code": self.code, "name": self.name, "state": self.state,
                "blocked_by": list(self.blocked_by), "impact": self.impact,
                "overlap": list(self.overlap)}


@dataclass(frozen=True)
class RegisterEntryRow:
    """An entry of the curated gap register, with what the data says of it now."""

    code: str
    title: str
    statement: str | None
    topics: tuple[str, ...]
    priority: str
    horizon: str | None
    rnd_needed: str
    recommendation: str | None
    leads: tuple[tuple[str, str | None], ...]  # (organization, committee or None)
    status: str
    updates: tuple[tuple[str, str, str | None], ...]  # (date, status, note), oldest first
    review: str | None = None  # set when the data no longer shows the gap
    actions: tuple[ActionRow, ...] = ()  # by number; in the bundle inside the entry
    version: int = 0

    def open_actions(self) -> tuple[ActionRow, ...]:
        return tuple(a for a in self.actions if a.is_open)

    def suggestions(self) -> str | None:
        """The recommendation and the open actions, as the Word tables give them."""
        lines = [self.recommendation] + [a.words() for a in self.open_actions()]
        return "\n".join(filter(None, lines)) or None

    def as_record(self) -> dict:
        """Return the entry as a bundle record, its actions inside it (`review` is derived,
        so it is not kept)."""
        record = {"code": self.code, "title": self.title, "statement": self.statement,
                  "topics": list(self.topics), "priority": self.priority,
                  "horizon": self.horizon, "rnd_needed": self.rnd_needed,
                  "recommendation": self.recommendation,
                  "leads": [{"organization": o, **({"committee": c} if c else {})}
                            for o, c in self.leads],
                  "status": self.status,
                  "updates": [{"date": d, "status": s, **({"note": n} if n else {})}
                              for d, s, n in self.updates],
                  "actions": [a.as_record() for a in self.actions]}
        return {k: v for k, v in record.items() if v not in (None, "", [])}


@dataclass(frozen=True)
class GapReport:
    topics: tuple[GapTopicRow, ...]  # every leaf topic, in code order
    gap_codes: tuple[str, ...]  # codes of the topics with a gap, most pressing first
    register: tuple[RegisterEntryRow, ...]

    def topic(self, code: str) -> GapTopicRow | None:
        return next((t for t in self.topics if t.code == code), None)

    def state_counts(self) -> Counter:
        """How many leaf topics are in each state (a template's filter over 500 topics
        took a fifth of the gap page)."""
        return Counter(t.state for t in self.topics)

    def as_document(self) -> dict:
        """Return the document that the API and `roadmap gaps --format json` give."""
        return {"topics": [t.as_record() for t in self.topics], "gaps": list(self.gap_codes),
                "register": [{**r.as_record(), "review": r.review} for r in self.register]}
