"""Reading pages."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from .. import queries
from ..db import get_session

bp = Blueprint("pages", __name__)


@bp.route("/")
def index():
    groups = queries.list_work_items_by_topic(get_session())
    return render_template("pages/index.html", groups=groups,
                           roadmap_name=current_app.config["ROADMAP_NAME"])


@bp.get("/topics/<code>")
def topic(code: str):
    page = queries.get_topic_page(get_session(), code)
    if page is None:
        abort(404)
    return render_template("pages/topic.html", topic=page)
