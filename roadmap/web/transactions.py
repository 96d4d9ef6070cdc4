"""The web's one write boundary.

Every request with an unsafe method begins its transaction as a writer before anything
reads (on SQLite, BEGIN IMMEDIATE: writers queue for the lock instead of failing half way).
Views write through `submit`, which commits through `db.commit`, so a save that loses a
race becomes a Conflict wherever it happens; the page handler in web/errors.py and the
API's in web/api/problems.py answer it with 409. Views keep only what is theirs: which
service to call, where its errors go, and where to go after.
"""
from __future__ import annotations

from typing import Callable, TypeVar

from flask import Flask, current_app, g, request

from ..db import begin_write, commit, get_session
from ..errors import Conflict, ValidationError

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
T = TypeVar("T")


def init_app(app: Flask) -> None:
    """Register the boundary; call it before anything else that may read the database."""
    app.before_request(_begin_writes)


_READS_FIRST: set[Callable] = set()


def reads_first(view: Callable) -> Callable:
    """Let the view read a large file before its request takes the write lock; it calls
    `start_over` before it reads what it will write (the catalogue sync parses thousands
    of records, and writers would wait for them all)."""
    _READS_FIRST.add(view)
    return view


def _begin_writes() -> None:
    if request.method not in SAFE_METHODS and \
            current_app.view_functions.get(request.endpoint) not in _READS_FIRST:
        begin_write(get_session())


def submit(write: Callable, *, invalid: Callable[[ValidationError], None] | None = None):
    """Run `write(session)` and commit it; return what it returned.

    A broken rule rolls back and goes to `invalid` (which puts the messages beside their
    fields), and then `submit` returns None; without `invalid` it propagates. A Conflict,
    however it arises, propagates to the Conflict handler.
    """
    session = get_session()
    try:
        result = write(session)
        commit(session)
    except ValidationError as error:
        session.rollback()
        if invalid is None:
            raise
        invalid(error)
        return None
    return result


def start_over() -> None:
    """Roll this request's writes back and begin again as a writer (a fresh preview, say)."""
    session = get_session()
    session.rollback()
    begin_write(session)


def on_conflict(render: Callable[[Conflict], object]) -> None:
    """Let this request's Conflict be shown by `render` (a form with both versions, say)."""
    g.render_conflict = render


def conflict_renderer() -> Callable[[Conflict], object] | None:
    return g.pop("render_conflict", None)
