"""Editions in the API: the list, one edition, publishing one, and comparing two."""
from __future__ import annotations

from flask import url_for

from ...db import commit, get_session
from ...errors import NotFound
from ...read import editions
from ...read.editions import EditionRow
from ...services import editions as edition_service
from .access import actor
from .blueprint import bp
from .conditional import respond
from .openapi import INTEGER, STRING, listing, nullable, obj, path_parameter, read, write
from . import reads
from .reads import found
from .writes import body

EDITION_INPUT = ("title", "date", "note")


def representation(row: EditionRow) -> dict:
    return {"number": row.number, "title": row.title, "date": row.date.isoformat(),
            "note": row.note or None, "published_by": row.published_by,
            "published_at": row.published_at.isoformat(), "work_items": row.work_items,
            "stored_bytes": row.stored_bytes, "sha256": row.sha256,
            "bundle": url_for("edition_pages.exports_roadmap", number=row.number, fmt="json")}


@bp.get("/editions")
def list_editions():
    return respond(reads.listing([representation(r) for r in editions.list_editions(get_session())]))


@bp.get("/editions/<id:number>")
def edition(number: int):
    row = found(editions.get_edition(get_session(), number), f"there is no edition {number}")
    return respond(representation(row))


@bp.get("/editions/<id:number>/compare/<other>")
def compare(number: int, other: str):
    """What changed from edition `number` to edition `other`, or to today (`live`): the
    JSON the command line's `edition diff --format json` prints."""
    if other != "live" and not (other.isascii() and other.isdecimal() and len(other) < 10):
        raise NotFound(f'"{other[:40]}" is neither an edition number nor "live"')
    session = get_session()
    after = None if other == "live" else int(other)
    for wanted in (number, after):
        if wanted is not None and editions.get_edition(session, wanted) is None:
            raise NotFound(f"there is no edition {wanted}")
    return respond(editions.comparison(session, number, after).as_document())


@bp.post("/editions")
def publish():
    data = body(EDITION_INPUT, "an edition", required=("title",))
    session = get_session()
    number = edition_service.publish(session, data, actor=actor()).record.number
    commit(session)
    return respond(representation(editions.get_edition(session, number)), 201,
                   {"Location": url_for("api.edition", number=number)})


NUMBER = path_parameter("number", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
                        "the edition's number")
SCHEMAS = {
    "Edition": obj({"number": INTEGER, "title": STRING, "date": STRING,
                    "note": nullable("string"), "published_by": STRING, "published_at": STRING,
                    "work_items": INTEGER, "stored_bytes": INTEGER, "sha256": STRING,
                    "bundle": STRING}),
    "EditionList": listing("Edition"),
    "Comparison": {"type": "object", "required": ["before", "after", "summary", "work_items",
                                                  "moves", "gaps", "register"],
                   "description": "docs/editions.md describes each part"},
    "EditionInput": obj({"title": {"type": "string", "minLength": 1, "maxLength": 200},
                         "date": nullable("string"), "note": nullable("string")},
                        required=("title",)),
}
PATHS = {
    "/api/v1/editions": {
        **read("Published editions, newest first", "EditionList", tag="editions"),
        **write("post", "Publish the roadmap as it stands as the next edition (editors)",
                tag="editions", body="EditionInput", answer="Edition", status=201,
                conditional=False)},
    "/api/v1/editions/{number}/compare/{other}": read(
        "What changed from edition `number` to edition `other`, or to today (`live`): work "
        "items added, removed and changed field by field, status moves, gap figures, the "
        "register, the structure", "Comparison",
        params=[NUMBER, path_parameter("other", {"type": "string", "pattern": "^(live|[0-9]{1,9})$"},
                                       'an edition number, or "live"')],
        errors=(401, 404, 503), tag="editions"),
    "/api/v1/editions/{number}": read("One edition (its frozen bundle is at `bundle`)",
                                      "Edition", params=[NUMBER], errors=(401, 404, 503),
                                      tag="editions"),
}
