"""Conditional requests: an ETag on every read, If-None-Match (304) and If-Match (412).

The ETag is a hash of the representation itself, so it changes exactly when what a
client would read changes (a new mapping, a renamed committee), whichever worker answers.
It hashes the body as sent: a document is encoded once (the gap report's 170 KiB took
twice its time when the tag had an encoding of its own).
"""
from __future__ import annotations

import hashlib

from flask import current_app, request

from .problems import ApiError


def etag(document) -> str:
    return _tag(_encoded(document))


def _encoded(document) -> bytes:
    # the app's own JSON (sorted keys, compact): the same text on every worker
    return current_app.json.dumps(document).encode()


def _tag(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:32]


def respond(document, status: int = 200, headers: dict | None = None):
    """Answer with `document` and its ETag; a GET that has it already gets 304."""
    body = _encoded(document)
    tag = _tag(body)
    if request.method == "GET" and status == 200 and request.if_none_match.contains_weak(tag):
        response = current_app.response_class(status=304)
    else:
        response = current_app.response_class(body + b"\n", status=status,
                                              mimetype=current_app.json.mimetype)
    response.set_etag(tag)
    response.headers["Cache-Control"] = "no-cache"  # caches may keep it, but must ask first
    response.headers.update(headers or {})
    return response


def require_match(document) -> None:
    """Refuse a write whose If-Match names another state of the record than the stored one."""
    wanted = request.if_match
    if not wanted or wanted.star_tag:
        return  # If-Match is optional; "*" only asks that the record exists
    tag = etag(document)
    if not wanted.contains(tag):
        raise ApiError(412, "The record changed since you read it (If-Match does not match "
                            f'its ETag "{tag}"); read it again and reapply your change.')
