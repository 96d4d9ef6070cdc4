"""The controlled vocabularies of the roadmap, spelled as stored and as the bundle writes them."""
from __future__ import annotations

ORGANIZATION_KINDS = ("international_sdo", "regional_sdo", "national_body",
                      "consortium_forum", "un_initiative", "coordination_group")

WORK_ITEM_TYPES = ("recommendation", "international_standard", "technical_specification",
                   "technical_report", "supplement", "guide", "pas", "other")

# Ordered from the earliest to the most advanced stage of a live text.
STATUSES = ("proposed", "in_development", "approved", "published", "withdrawn", "superseded")
ACTIVE_STATUSES = ("proposed", "in_development", "approved", "published")
INACTIVE_STATUSES = ("withdrawn", "superseded")
DONE_STATUSES = ("approved", "published")

RELEVANCES = ("core", "supporting")

TOPIC_CATEGORIES = ("governance", "city_service", "ict_infrastructure",
                    "cross_cutting", "measurement")
DEFAULT_CATEGORY = "cross_cutting"  # a group's category when none is given (docs/bundle.md)

GAP_PRIORITIES = ("high", "medium", "low")
# The usual time horizon of each priority in standardization roadmaps (ANSI's practice).
DEFAULT_HORIZONS = {"high": "0-2 years", "medium": "2-5 years", "low": "5+ years"}
RND_NEEDED = ("yes", "no", "maybe")
GAP_STATUSES = ("open", "in_progress", "closed", "wont_fix")
OPEN_GAP_STATUSES = ("open", "in_progress")
ACTION_STATUSES = ("proposed", "agreed", "in_progress", "done", "dropped")
OPEN_ACTION_STATUSES = ("proposed", "agreed", "in_progress")
LIAISON_KINDS = ("incoming", "outgoing")
LIAISON_STATUSES = ("open", "replied", "closed")
LIAISON_PURPOSES = ("action", "comment", "information")
COVERAGE_STATES = ("uncovered", "partial", "covered")

ROLES = ("reader", "liaison_officer", "editor", "admin")

LABELS = {
    "international_sdo": "International SDO", "regional_sdo": "Regional SDO",
    "national_body": "National body", "consortium_forum": "Consortium or forum",
    "un_initiative": "UN initiative", "coordination_group": "Coordination group",
    "recommendation": "Recommendation", "international_standard": "International Standard",
    "technical_specification": "Technical Specification", "technical_report": "Technical Report",
    "supplement": "Supplement", "guide": "Guide", "pas": "PAS", "other": "Other",
    "active": "Active (any live status)", "proposed": "Proposed", "in_development": "In development", "approved": "Approved",
    "published": "Published", "withdrawn": "Withdrawn", "superseded": "Superseded",
    "core": "Core", "supporting": "Supporting",
    "governance": "Governance", "city_service": "City services",
    "ict_infrastructure": "ICT infrastructure", "cross_cutting": "Cross-cutting",
    "measurement": "Measurement",
    "high": "High", "medium": "Medium", "low": "Low", "yes": "Yes", "no": "No", "maybe": "Maybe",
    "open": "Open", "in_progress": "In progress", "closed": "Closed", "wont_fix": "Won't fix",
    "agreed": "Agreed", "done": "Done", "dropped": "Dropped", "incoming": "Incoming",
    "outgoing": "Outgoing", "replied": "Replied", "action": "For action",
    "comment": "For comment", "information": "For information",
    "uncovered": "Uncovered", "partial": "Partial", "covered": "Covered",
    "reader": "Reader", "liaison_officer": "Liaison officer", "editor": "Editor", "admin": "Admin",
}


def label(value: str | None) -> str:
    """Return the words a page shows for a stored value."""
    return LABELS.get(value or "", value or "")


def sentence(message: str) -> str:
    """A message as a sentence: a capital first letter, the rest as written (codes and
    names keep their case, unlike str.capitalize), one full stop at the end.

    >>> sentence('there is no leaf topic "S1"'), sentence("Expired; ask an admin.")
    ('There is no leaf topic "S1".', 'Expired; ask an admin.')
    """
    message = message.strip()
    return message[:1].upper() + message[1:] + ("" if message.endswith((".", "?", "!")) else ".")


def codes_words(codes, limit: int = 8) -> str:
    """Return topic codes as a short list; a long one ends with how many more there are.

    >>> codes_words(["I3", "X5"]), codes_words([f"T{i}" for i in range(10)], limit=3)
    ('I3, X5', 'T0, T1, T2 and 7 more')
    """
    codes = list(codes)
    shown = ", ".join(codes[:limit])
    return f"{shown} and {len(codes) - limit} more" if len(codes) > limit else shown
