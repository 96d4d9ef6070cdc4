"""Atom feeds of what changes: the roadmap, a topic, an organization and the register.

Rendered by feedgen from the audit log's rows (read/feeds.py). With ROADMAP_PUBLIC_READ=0
a feed needs a signed-in account or a personal token (Authorization: Bearer), since feed
readers seldom keep a session cookie.
"""
from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, abort, current_app, request, url_for
from flask_login import current_user

from ..dates import utc
from ..db import get_session
from ..exporters.text import clean
from ..read import feeds
from ..read import organization as organization_page
from ..read.details import get_topic_page
from ..services import tokens
from .auth import reading_is_public

bp = Blueprint("feeds", __name__)
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)  # the update time of an empty feed


@bp.before_request
def _readers_only():
    if reading_is_public() or current_user.is_authenticated:
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and tokens.authenticate_token(get_session(), token.strip()):
        return None
    return Response("This feed needs an account: sign in, or send a personal token as "
                    "\"Authorization: Bearer TOKEN\".\n", 401,
                    {"WWW-Authenticate": 'Bearer realm="roadmap"',
                     "Content-Type": "text/plain; charset=utf-8"})


@bp.get("/feed.atom")
def roadmap():
    return _feed("Changes to the roadmap", url_for("pages.index"),
                 feeds.list_changes(get_session()))


@bp.get("/topics/<code>/feed.atom")
def topic(code: str):
    page = get_topic_page(get_session(), code) or abort(404)
    return _feed(f"Changes on {code} {page.name}", url_for("pages.topic", code=code),
                 feeds.list_changes(get_session(), topic=code))


@bp.get("/organizations/<path:acronym>/feed.atom")
def organization(acronym: str):
    organization_page.exists(get_session(), acronym) or abort(404)
    return _feed(f"Changes concerning {acronym}",
                 url_for("pages.organization", acronym=acronym),
                 feeds.list_changes(get_session(), organization=acronym))


@bp.get("/register/feed.atom")
def register():
    return _feed("Changes to the gap register", url_for("register.index"),
                 feeds.list_changes(get_session(), register=True))


def _feed(title: str, page: str, entries) -> Response:
    fg = FeedGenerator()
    fg.id(request.url_root.rstrip("/") + request.path)
    fg.title(clean(f"{current_app.config['ROADMAP_NAME']}: {title}"))  # XML holds no \x0b
    fg.link(href=request.url_root.rstrip("/") + page, rel="alternate")
    fg.link(href=request.url, rel="self")
    fg.language("en")
    fg.updated(utc(entries[0].at) if entries else EPOCH)
    for change in reversed(entries):  # feedgen puts the last added first
        entry = fg.add_entry()
        entry.id(f"{request.url_root}audit/{change.id}")
        entry.title(clean(change.title))
        entry.summary(clean(change.summary))
        entry.updated(utc(change.at))
        entry.link(href=request.url_root.rstrip("/") + _link(change))
        entry.author(name=current_app.config["ROADMAP_NAME"])
    return Response(fg.atom_str(pretty=True), content_type=MEDIA_TYPE)


def _link(change) -> str:
    if change.kind == "gap":
        return url_for("register.entry", code=change.key)
    if change.kind == "action":
        gap = change.key.split("/", 1)[0]
        return url_for("actions.of_entry", code=gap) + f"#{change.key}"
    if change.kind == "liaison_statement":
        organization, _, reference = change.key.rpartition(" ")
        return url_for("liaison.statement", organization=organization, reference=reference)
    return url_for("pages.work_items", q=change.key.split(" ", 1)[-1])

