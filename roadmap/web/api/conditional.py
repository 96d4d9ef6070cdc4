"""Conditional requests: an ETag on every read, If-None-Match (304) and If-Match (412).

The ETag is a hash of the representation itself, so it changes exactly when what a
client would read changes (a new mapping, a renamed committee), whichever worker answers.
"""
from __future__ import annotations

import hashlib
import json

from flask import current_app, jsonify, request

from .problems import ApiError


def etag(document) -> str:
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def respond(document, status: int = 200, headers: dict | None = None):
    """Answer with `document` and its ETag; a GET that has it already gets 304."""
    tag = etag(document)
    if request.method == "GET" and status == 200 and request.if_none_match.contains_weak(tag):
        response = current_app.response_class(status=304)
    else:
        response = jsonify(document)
        response.status_code = status
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
