"""Comparing two editions, or an edition with today: the page and its downloads.

The page prints the same outline as the text and Markdown downloads
(exporters/comparison_outline.py), so what a reader sees is what they download.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request

from ..db import get_session
from ..exporters import COMPARISONS, comparison_filename, render_comparison
from ..exporters.comparison_outline import outline
from ..read import editions

# what the page offers for download, in the order editors want them
FORMATS = (("docx", "Progress report (Word)"), ("xlsx", "Excel"), ("md", "Markdown"),
           ("text", "Text"), ("json", "JSON"))

bp = Blueprint("edition_compare", __name__)


@bp.get("/editions/<id:a>/compare/<b>")
def compare(a: int, b: str):
    if b != "live" and not (b.isascii() and b.isdecimal() and len(b) < 10):
        abort(404)
    fmt = request.args.get("format")
    if fmt is not None and fmt not in COMPARISONS:
        abort(404)
    comparison = editions.comparison(get_session(), a, None if b == "live" else int(b))
    if comparison is None:
        abort(404)
    if fmt is not None:
        return download(comparison, fmt)
    return render_template("editions/compare.html", comparison=comparison,
                           blocks=list(outline(comparison)), a=a, b=b, formats=FORMATS)


def download(comparison, fmt: str) -> Response:
    name = comparison_filename(fmt, comparison.before.number, comparison.after.number,
                               comparison.after.date)
    body = render_comparison(comparison, fmt, name=current_app.config["ROADMAP_NAME"])
    return Response(body, content_type=COMPARISONS[fmt].media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
