"""The reading pages and exports as they stood in a published edition: /editions/<n>/...

Each page here is the live page's own view, run on the edition's read-only copy
(roadmap/edition_copies.py) instead of the live database: the same queries, the same
templates, so an edition's page cannot drift from its live twin. Links between the pages
stay inside the edition; a banner says which edition this is and links to the live page.
"""
from __future__ import annotations

import datetime as dt
import functools

from flask import Blueprint, Flask, abort, current_app, g, request, url_for
from flask_login import current_user

from .. import edition_copies
from ..db import get_session
from ..read import editions
from ..read.editions import EditionRow

# live endpoint -> its rule inside an edition; these pages read only what a bundle holds
TWINS = {"pages.index": "/matrix", "analysis.gaps": "/gaps", "analysis.gap_list": "/gaps.<fmt>",
         "analysis.graph": "/topics/graph",
         "pages.topic": "/topics/<code>", "pages.organizations": "/organizations",
         "pages.organization": "/organizations/<path:acronym>",
         "pages.work_items": "/work-items", "pages.work_item": "/work-items/<id:item_id>",
         "pages.timeline": "/timeline", "exports.roadmap": "/export/roadmap.<fmt>"}


def init_app(app: Flask) -> None:
    """Register the twins of the live views; call it after their blueprints."""
    bp = Blueprint("edition_pages", __name__, url_prefix="/editions/<id:number>")
    for endpoint, rule in TWINS.items():
        bp.add_url_rule(rule, twin_name(endpoint), _in_edition(app.view_functions[endpoint], endpoint))
    app.register_blueprint(bp)
    app.jinja_env.globals["url_for"] = edition_url_for
    app.context_processor(lambda: {"edition": g.get("edition"), "editing": editing()})


def live_work_item(number: int, item_id: int) -> str:
    """Where an edition's work item is today: its live page, found by its key, or a search."""
    try:
        edition, session = edition_copies.open_edition(current_app, get_session(), number) \
            or abort(404)
    except edition_copies.EditionUnreadable as error:
        abort(503, str(error))
    try:
        key = editions.work_item_key(session, item_id) or abort(404)
    finally:
        session.close()
    found = editions.work_item_id(get_session(), *key)
    return url_for("pages.work_item", item_id=found) if found else \
        url_for("pages.work_items", organization=key[0], q=key[1])


def today():
    """The day a page is read as of: an edition's date inside it (what was overdue then)."""
    edition = g.get("edition")
    return edition.date if edition is not None else dt.date.today()


def editing() -> bool:
    """Whether a page may offer its forms: to someone signed in, and never in an edition."""
    return current_user.is_authenticated and g.get("edition") is None


def twin_name(endpoint: str) -> str:
    return endpoint.replace(".", "_")


def reading() -> EditionRow | None:
    """The edition this request reads, or None for the live roadmap."""
    return g.get("edition")


def edition_url_for(endpoint: str, **values) -> str:
    """url_for that keeps a page's links inside the edition it shows."""
    edition = g.get("edition")
    if edition is not None and endpoint in TWINS:
        values["number"] = edition.number
        endpoint = f"edition_pages.{twin_name(endpoint)}"
    if values:
        return url_for(endpoint, **values)
    # the layout's two dozen links name an endpoint alone: each address is built once per
    # process (and mount point), not once per page
    key = (endpoint, request.script_root)
    found = _BARE_URLS.get(key)
    if found is None:
        found = _BARE_URLS[key] = url_for(endpoint)
    return found


_BARE_URLS: dict[tuple[str, str], str] = {}  # (endpoint, script root) -> its address


def _in_edition(view, endpoint: str):
    @functools.wraps(view)
    def twin(number: int, **kwargs):
        live = get_session()
        current_user.is_authenticated  # who asks is read from the live database, first
        try:
            edition, session = edition_copies.open_edition(current_app, live, number) or abort(404)
        except edition_copies.EditionUnreadable as error:
            abort(503, str(error))
        g.edition, g.db_session = edition, session
        g.live_url = _live_url(endpoint, kwargs)
        try:
            return view(**kwargs)
        finally:
            session.close()
            g.db_session = live
    return twin


def _live_url(endpoint: str, values: dict) -> str:
    """The live twin of an edition page."""
    if endpoint == "exports.roadmap":
        return url_for("pages.index")
    if endpoint == "pages.work_item":  # by its key, found when asked: ids differ
        return url_for("editions.live_work_item", number=g.edition.number, **values)
    return url_for(endpoint, **values, **query_args(values))


def query_args(values: dict) -> dict:
    """This request's query arguments that can go on into another URL: none that names a
    part of the path or one of url_for's own options (_external, _anchor, ...)."""
    return {k: v for k, v in request.args.to_dict().items()
            if k not in values and k != "number" and not k.startswith("_")}
