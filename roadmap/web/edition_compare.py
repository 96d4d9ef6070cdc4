"""Comparing two editions, or an edition with today: the page and its downloads.

The page prints the same outline as the text and Markdown downloads
(exporters/comparison_outline.py), so what a reader sees is what they download.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from ..db import get_session
from ..exporters.comparison_outline import outline
from ..read import editions

bp = Blueprint("edition_compare", __name__)


@bp.get("/editions/<int:a>/compare/<b>")
def compare(a: int, b: str):
    if b != "live" and not (b.isascii() and b.isdecimal() and len(b) < 10):
        abort(404)
    comparison = editions.comparison(get_session(), a, None if b == "live" else int(b))
    if comparison is None:
        abort(404)
    return render_template("editions/compare.html", comparison=comparison,
                           blocks=list(outline(comparison)), a=a, b=b)
