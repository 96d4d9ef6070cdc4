"""Comparing two editions, or an edition with today: the page and its downloads."""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from ..db import get_session
from ..read import editions

bp = Blueprint("edition_compare", __name__)


@bp.get("/editions/<int:a>/compare/<b>")
def compare(a: int, b: str):
    session = get_session()
    before = editions.compared(session, a) or abort(404)
    after = editions.compared(session, None if b == "live" else int(b)) or abort(404)
    return render_template("editions/compare.html", before=before, after=after)
