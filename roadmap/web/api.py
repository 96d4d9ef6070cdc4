"""The JSON API, version 1 (read endpoints; writes come with accounts and tokens)."""
from __future__ import annotations

from flask import Blueprint, jsonify

from .. import queries
from ..db import get_session

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/gaps")
def gaps():
    """Every leaf topic's figures, the gap list and the register: the CLI's JSON document."""
    return jsonify(queries.gap_report(get_session()).as_document())
