"""Orders people expect: "S2" before "S10", "Y.4200" before "Y.41000"."""
from __future__ import annotations

import re

_PARTS = re.compile(r"(\d+)")


def natural_key(text: str | None) -> tuple:
    """Return a sort key that compares digit runs as numbers.

    >>> sorted(["S10", "S2", "s1", "I1"], key=natural_key)
    ['I1', 's1', 'S2', 'S10']
    """
    return tuple((0, int(part), "") if part.isdecimal() else (1, 0, part.casefold())
                 for part in _PARTS.split(text or "") if part)
