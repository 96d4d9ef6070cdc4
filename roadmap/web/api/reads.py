"""Read endpoints: every answer carries an ETag and honours If-None-Match."""
from __future__ import annotations

import functools

from flask import request, url_for

from ...read import api as representations
from ...read.gap_report import gap_report
from ...db import get_session
from ...errors import NotFound, ValidationError
from ...read.filters import WorkItemFilter
from .blueprint import bp
from .conditional import respond
from .problems import ApiError

MAX_PAGE = 1_000_000


def many(rule: str):
    """GET `rule`: the view returns a list of records, answered with their number."""
    def wrap(view):
        @functools.wraps(view)
        def endpoint(**values):
            return respond(listing(view(**values)))
        return bp.get(rule)(endpoint)
    return wrap


def one(rule: str, missing: str):
    """GET `rule`: the view returns one record, or None for a 404 saying `missing` (with
    the URL's values filled in)."""
    def wrap(view):
        @functools.wraps(view)
        def endpoint(**values):
            return respond(found(view(**values), missing.format(**values)))
        return bp.get(rule)(endpoint)
    return wrap


@bp.get("/")
def index():
    """Where things are; it reads nothing from the database."""
    return respond({"version": 1, "openapi": url_for("api.openapi"),
                    "resources": {name: url_for(endpoint) for name, endpoint in (
                        ("organizations", "api.organizations"), ("committees", "api.committees"),
                        ("topics", "api.topics"), ("dependencies", "api.dependencies"),
                        ("work_items", "api.work_items"), ("gaps", "api.gaps"),
                        ("register", "api.register"))}})


@many("/organizations")
def organizations():
    return representations.organizations(get_session())


@many("/committees")
def committees():
    return representations.committees(get_session(), request.args.get("organization") or None)


@many("/topics")
def topics():
    return representations.topics(get_session())


@one("/topics/<code>", "there is no topic {code}")
def topic(code: str):
    return representations.topic(get_session(), code)


@many("/dependencies")
def dependencies():
    return representations.dependencies(get_session())


@one("/dependencies/<topic>/<requires>", "{topic} does not require {requires}")
def dependency(topic: str, requires: str):
    return representations.dependency(get_session(), topic, requires)


@bp.get("/work-items")
def work_items():
    """The list page's filters and `q`, a page at a time, in a stable order."""
    try:
        f = WorkItemFilter.checked(request.args)
    except ValidationError as error:
        raise ApiError(400, "Some query parameters cannot be used.", error.errors) from None
    page, per_page = number("page", 1, MAX_PAGE), number(
        "per_page", 50, representations.MAX_PER_PAGE)
    document = representations.work_items(get_session(), f, page=page, per_page=per_page)
    links = {}
    if page > 1:
        links["prev"] = url_for("api.work_items", **f.as_args(), page=min(page - 1, document["pages"]),
                                per_page=per_page, _external=True)
    if page < document["pages"]:
        links["next"] = url_for("api.work_items", **f.as_args(), page=page + 1,
                                per_page=per_page, _external=True)
    headers = {"Link": ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())} \
        if links else None
    return respond(document, headers=headers)


@one("/work-items/<id:item_id>", "there is no work item {item_id}")
def work_item(item_id: int):
    return representations.work_item(get_session(), item_id)


@one("/work-items/<id:item_id>/topics", "there is no work item {item_id}")
def mappings(item_id: int):
    topics = representations.mappings(get_session(), item_id)
    return None if topics is None else listing(topics)


@one("/work-items/<id:item_id>/topics/<code>", "work item {item_id} is not mapped to topic {code}")
def mapping(item_id: int, code: str):
    return representations.mapping(get_session(), item_id, code)


@one("/work-items/<id:item_id>/equivalents", "there is no work item {item_id}")
def equivalents(item_id: int):
    found = representations.equivalents(get_session(), item_id)
    return None if found is None else listing(found)


@one("/work-items/<id:item_id>/equivalents/<id:other_id>",
     "work item {item_id} is not declared equivalent to work item {other_id}")
def equivalent(item_id: int, other_id: int):
    return representations.equivalent(get_session(), item_id, other_id)


@bp.get("/gaps")
def gaps():
    """Every leaf topic's figures, the gap list and the register: the CLI's JSON document."""
    return respond(gap_report(get_session()).as_document())


@many("/register")
def register():
    return representations.register(get_session())


@one("/register/<code>", "there is no register entry {code}")
def register_entry(code: str):
    entries = representations.register(get_session(), code)
    return entries[0] if entries else None


def listing(items: list) -> dict:
    return {"items": items, "total": len(items)}


def found(document, message: str):
    if document is None:
        raise NotFound(message)
    return document


def number(name: str, default: int, largest: int) -> int:
    value = request.args.get(name)
    if value is None or value == "":
        return default
    if not (value.isascii() and value.isdecimal()) or not 1 <= int(value) <= largest:
        raise ApiError(400, f"{name} must be a whole number from 1 to {largest}.",
                       {name: [f'"{value[:40]}" is not a whole number from 1 to {largest}']})
    return int(value)
