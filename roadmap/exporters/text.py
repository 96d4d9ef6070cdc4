"""Words and cell text shared by every exporter: cleaning, formula escape, phrasing."""
from __future__ import annotations

import re

from ..vocab import label

# A spreadsheet reads a cell that starts with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 (and so Word and Excel) cannot hold.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LINK_SCHEMES = ("http://", "https://", "ftp://", "mailto:")


def clean(text: object) -> str:
    """Return the value as text that XML can hold (control characters dropped).

    >>> clean("Smart\\x0bcity"), clean(None), clean(3)
    ('Smartcity', '', '3')
    """
    if text is None:
        return ""
    return _ILLEGAL.sub("", str(text))


def starts_formula(text: str) -> bool:
    """Tell whether a spreadsheet would take the text, past any apostrophes, for a formula.

    >>> starts_formula('=HYPERLINK("http://example.com")'), starts_formula("'-1")
    (True, True)
    >>> starts_formula("Y.4900"), starts_formula(""), starts_formula("'quoted")
    (False, False, False)
    """
    first = text.lstrip("'")[:1]
    return bool(first) and first in FORMULA_TRIGGERS


def protect(text: str) -> str:
    """Escape a CSV cell against formula injection by prefixing an apostrophe.

    A cell that already starts with apostrophes before a trigger gets one more, so
    `unprotect` gives back exactly the original text.

    >>> protect('=HYPERLINK("http://example.com")')
    '\\'=HYPERLINK("http://example.com")'
    >>> protect("'=1"), protect("Smart water")
    ("''=1", 'Smart water')
    """
    return "'" + text if starts_formula(text) else text


def unprotect(text: str) -> str:
    """Undo `protect`: strip exactly the apostrophe it adds, and nothing else.

    >>> unprotect("'=1"), unprotect("''=1"), unprotect("'quoted"), unprotect("=1")
    ('=1', "'=1", "'quoted", '=1')
    """
    return text[1:] if text.startswith("'") and starts_formula(text[1:]) else text


def is_link(url: str | None) -> bool:
    """Tell whether a URL may become a clickable link (no `javascript:` and the like)."""
    return bool(url) and url.strip().lower().startswith(LINK_SCHEMES)


def sdo_words(organization: str, committee: str | None) -> str:
    """Return the body as a report names it, without saying the acronym twice.

    >>> sdo_words("ITU-T", "SG20"), sdo_words("IEEE", "IEEE 2413 WG"), sdo_words("ISO", None)
    ('ITU-T SG20', 'IEEE 2413 WG', 'ISO')
    """
    if not committee:
        return organization
    if committee == organization or committee.startswith(f"{organization} "):
        return committee
    return f"{organization} {committee}"


def number_words(identifier: str, title: str | None) -> str:
    """Return the document number a table shows: a name that repeats the title is cut to its prefix.

    FG-SSC's reports are known by "FG-SSC TR: <title>"; the title has its own column.

    >>> number_words("FG-SSC TR: Master plan for smart sustainable cities",
    ...              "Master plan for smart sustainable cities")
    'FG-SSC TR'
    >>> number_words("ISO 37120:2018", "Indicators for city services")
    'ISO 37120:2018'
    """
    prefix, colon, rest = identifier.partition(": ")
    words = rest.casefold().split()[:3]
    if colon and words and (title or "").casefold().split()[:3] == words:
        return prefix
    return identifier


def status_words(status: str, stage: str | None) -> str:
    """Return the status in words with the body's own stage in brackets, never nested.

    A stage in words only ("In force", "PUBLISHED") says what the status says and is left
    out; one with a number is kept, its own brackets flattened to a comma.

    >>> status_words("published", "60.60"), status_words("in_development", None)
    ('Published (60.60)', 'In development')
    >>> status_words("published", "PUBLISHED"), status_words("published", "In force")
    ('Published', 'Published')
    >>> status_words("published", "Approved (version 2.0)")
    'Published (Approved, version 2.0)'
    """
    words = label(status)
    if not stage or not any(c.isdigit() for c in stage):
        return words
    flat = re.sub(r"\s*\(\s*", ", ", stage).replace(")", "").strip(" ,")
    return f"{words} ({flat})"


def priority_words(priority: str, horizon: str | None) -> str:
    """
    >>> priority_words("high", "0-2 years")
    'High (0-2 years)'
    """
    return f"{label(priority)} ({horizon})" if horizon else label(priority)


def lead_words(leads) -> str:
    """Return suggested leads, e.g. "ITU-T SG20; ISO", from (organization, committee) pairs."""
    return "; ".join(sdo_words(o, c) for o, c in leads)


def date_words(day) -> str:
    """Return a date as a report writes it.

    >>> import datetime
    >>> date_words(datetime.date(2026, 11, 5))
    '5 November 2026'
    """
    return f"{day.day} {day:%B} {day.year}"


def selection_words(selection) -> str:
    """Say which view an export shows, from its (filter, value) pairs.

    >>> selection_words([("organization", "ITU-T"), ("status", "published")])
    'organization ITU-T; status Published'
    """
    return "; ".join(f"{name} {label(value) if name in ('status', 'type') else value}"
                     for name, value in selection)
