"""The columns of the Word export's tables, for a landscape and a portrait A4 page.

Widths are in twips (1/20 pt) and add up to the page's text width, so no table is wider
than its section. The portrait widths, with narrower cell margins (`CELL_MARGINS`), give
each header word and the longest short value ("Supporting", "Published") room on one line
at the tables' 9 pt, even in a wider font than Times New Roman.
"""
from __future__ import annotations

from .word_setup import A4_LONG, A4_SHORT, MARGIN

Columns = tuple[tuple[str, int], ...]

TEXT_WIDTHS = {"landscape": A4_LONG - 2 * MARGIN, "portrait": A4_SHORT - 2 * MARGIN}
SUGGESTIONS = "Suggestions"
CELL_MARGINS = {"landscape": None, "portrait": 57}  # twips left and right; None: the style's

AREA_COLUMNS: dict[str, Columns] = {
    "landscape": (("Work area", 1700), ("SDO/forum", 1500), ("Document number", 1700),
                  ("Title", 2750), ("Relevance", 1250), ("Status", 1500),
                  ("Standardization gap", 2270), (SUGGESTIONS, 1900)),
    "portrait": (("Work area", 1250), ("SDO/forum", 1000), ("Document number", 1150),
                 ("Title", 1400), ("Relevance", 1170), ("Status", 1100),
                 ("Standardization gap", 1418), (SUGGESTIONS, 1150)),
}
REGISTER_COLUMNS: dict[str, Columns] = {
    "landscape": (("Code", 1000), ("Gap", 4000), ("Priority", 1400), ("R&D needed", 1100),
                  ("Recommendation and open actions", 3870), ("Suggested lead", 1900),
                  ("Status", 1300)),
    "portrait": (("Code", 900), ("Gap", 2400), ("Priority", 1000), ("R&D needed", 900),
                 ("Recommendation and open actions", 2338), ("Suggested lead", 1100),
                 ("Status", 1000)),
}
COVERAGE_COLUMNS: dict[str, Columns] = {
    "landscape": (("Topic", 5200), ("State", 1800), ("Blocked by", 6170), ("Impact", 1400)),
    "portrait": (("Topic", 3400), ("State", 1300), ("Blocked by", 3938), ("Impact", 1000)),
}


def area_columns(layout: str, *, suggestions: bool) -> Columns:
    """Return the work-area table's columns; without suggestions, Title and gap share its width.

    >>> sum(w for _, w in area_columns("portrait", suggestions=False)) == TEXT_WIDTHS["portrait"]
    True
    """
    columns = AREA_COLUMNS[layout]
    if suggestions:
        return columns
    spare = dict(columns)[SUGGESTIONS]
    share = {"Title": spare // 2, "Standardization gap": spare - spare // 2}
    return tuple((name, width + share.get(name, 0)) for name, width in columns
                 if name != SUGGESTIONS)
