"""The work-item list's filter choices as <option> markup, rendered once per set of choices.

The topic choice alone holds an option per topic (a thousand on a large roadmap); the
choices change only with the roadmap's revision (read/editing.filter_choices), so their
markup is kept beside them and each request only marks the option it has selected.
"""
from __future__ import annotations

import threading

from markupsafe import Markup, escape

from ..read.editing import FilterChoices

_last: tuple[FilterChoices, dict[str, str]] | None = None
_lock = threading.Lock()
INDENT = "\u00a0\u00a0"  # a leaf topic under its group


def _render(choices: FilterChoices) -> dict[str, str]:
    return {
        "organization": "".join(f"<option>{escape(a)}</option>" for a in choices.organizations),
        "committee": "".join(f'<option value="{escape(code)}">{escape(org)} {escape(code)}</option>'
                             for org, code in choices.committees),
        "topic": "".join(f'<option value="{escape(code)}">{"" if is_group else INDENT}'
                         f"{escape(code)} {escape(name)}</option>"
                         for code, name, is_group in choices.topics)}


def options(choices: FilterChoices, name: str, selected: str | None) -> Markup:
    """The options of the choice `name`, with every option of value `selected` selected.

    >>> from roadmap.read.editing import FilterChoices
    >>> choices = FilterChoices(("ISO", "ITU-T"), (("ITU-T", "SG20"),), (("S", "City", True),))
    >>> str(options(choices, "organization", "ITU-T"))
    '<option>ISO</option><option selected>ITU-T</option>'
    >>> str(options(choices, "topic", None))
    '<option value="S">S City</option>'
    """
    global _last
    kept = _last
    if kept is None or kept[0] is not choices:
        kept = (choices, _render(choices))
        with _lock:
            _last = kept
    markup = kept[1][name]
    if selected:
        value = escape(selected)
        markup = (markup.replace(f"<option>{value}</option>", f"<option selected>{value}</option>")
                  if name == "organization" else
                  markup.replace(f'<option value="{value}">', f'<option value="{value}" selected>'))
    return Markup(markup)
