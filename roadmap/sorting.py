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


def code_key(code: str) -> tuple:
    """Natural order, then the code itself: "S1" and "s1" rank equal naturally, so a
    total order is needed wherever two processes must agree.

    >>> sorted(["s1", "S1", "S01"], key=code_key)
    ['S01', 'S1', 's1']
    """
    return natural_key(code), code
