"""Read endpoints: every answer carries an ETag and honours If-None-Match."""
from __future__ import annotations

from flask import request, url_for

from ...read import api as representations
from ...read.gap_report import gap_report
from ...db import get_session
from ...errors import NotFound, ValidationError
from ...read.filters import WorkItemFilter
from . import bp
from .conditional import respond
from .problems import ApiError

MAX_PAGE = 1_000_000


@bp.get("/")
def index():
    """Where things are; it reads nothing from the database."""
    return respond({"version": 1, "openapi": url_for("api.openapi"),
                    "resources": {name: url_for(endpoint) for name, endpoint in (
                        ("organizations", "api.organizations"), ("committees", "api.committees"),
                        ("topics", "api.topics"), ("dependencies", "api.dependencies"),
                        ("work_items", "api.work_items"), ("gaps", "api.gaps"),
                        ("register", "api.register"))}})


@bp.get("/organizations")
def organizations():
    return respond(listing(representations.organizations(get_session())))


@bp.get("/committees")
def committees():
    organization = request.args.get("organization") or None
    return respond(listing(representations.committees(get_session(), organization)))


@bp.get("/topics")
def topics():
    return respond(listing(representations.topics(get_session())))


@bp.get("/topics/<code>")
def topic(code: str):
    return respond(found(representations.topic(get_session(), code), f"there is no topic {code}"))


@bp.get("/dependencies")
def dependencies():
    return respond(listing(representations.dependencies(get_session())))


@bp.get("/dependencies/<topic>/<requires>")
def dependency(topic: str, requires: str):
    return respond(found(representations.dependency(get_session(), topic, requires),
                         f"{topic} does not require {requires}"))


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


@bp.get("/work-items/<id:item_id>")
def work_item(item_id: int):
    return respond(found(representations.work_item(get_session(), item_id),
                         f"there is no work item {item_id}"))


@bp.get("/work-items/<id:item_id>/topics")
def mappings(item_id: int):
    return respond(listing(found(representations.mappings(get_session(), item_id),
                                 f"there is no work item {item_id}")))


@bp.get("/work-items/<id:item_id>/topics/<code>")
def mapping(item_id: int, code: str):
    return respond(found(representations.mapping(get_session(), item_id, code),
                         f"work item {item_id} is not mapped to topic {code}"))


@bp.get("/gaps")
def gaps():
    """Every leaf topic's figures, the gap list and the register: the CLI's JSON document."""
    return respond(gap_report(get_session()).as_document())


@bp.get("/register")
def register():
    return respond(listing(representations.register(get_session())))


@bp.get("/register/<code>")
def register_entry(code: str):
    entries = representations.register(get_session(), code)
    return respond(found(entries[0] if entries else None, f"there is no register entry {code}"))


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
