"""Partial ISO dates: `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when a source gives no day.

Catalogues often publish only a month (ISO: "Publication date: 2018-07"); storing the
text as given keeps the roadmap from inventing days. The strings sort chronologically.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")  # ASCII digits only


def parse(text: str) -> str:
    """Return `text` if it is a valid partial date, else raise ValueError.

    >>> parse("2018-07")
    '2018-07'
    >>> parse("2018-02-30")
    Traceback (most recent call last):
    ...
    ValueError: "2018-02-30" is not a date (YYYY-MM-DD, YYYY-MM or YYYY)

    Digits are ASCII, as the bundle schema says: "٢٠٢٤" is no year here.
    """
    match = _PATTERN.match(text) if isinstance(text, str) else None
    try:
        if not match:
            raise ValueError
        earliest(text)
    except ValueError:
        raise ValueError(f'"{text}" is not a date (YYYY-MM-DD, YYYY-MM or YYYY)') from None
    return text


def earliest(text: str) -> dt.date:
    """Return the first day the partial date can mean.

    >>> earliest("2019")
    datetime.date(2019, 1, 1)
    """
    year, month, day = _PATTERN.match(text).groups()
    return dt.date(int(year), int(month or 1), int(day or 1))


def latest(text: str) -> dt.date:
    """Return the last day the partial date can mean.

    >>> latest("2024-02")
    datetime.date(2024, 2, 29)
    """
    year, month, day = _PATTERN.match(text).groups()
    y, m = int(year), int(month or 12)
    return dt.date(y, m, int(day) if day else calendar.monthrange(y, m)[1])


def can_precede(first: str, second: str) -> bool:
    """Tell whether `first` may be on or before `second` (partial dates overlap).

    >>> can_precede("2025-06-01", "2025"), can_precede("2025-06-01", "2024-12")
    (True, False)
    """
    return earliest(first) <= latest(second)


def year(text: str | None) -> int | None:
    return int(text[:4]) if text else None


def utc(moment: dt.datetime) -> dt.datetime:
    """A moment with its time zone; a naive one (SQLite hands those back) was written in UTC.

    >>> utc(dt.datetime(2026, 12, 3, 9, 0)).isoformat()
    '2026-12-03T09:00:00+00:00'
    """
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
