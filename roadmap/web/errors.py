"""Domain errors and database trouble become page answers once, here, not in every view.

The API answers the same errors in its own shape (web/api/problems.py).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, g, render_template, request
from werkzeug.exceptions import HTTPException

from ..db import RACED, REFUSED_VALUE, UNREACHABLE, as_conflict, forget_session, lost_race
from ..errors import Conflict, NotAllowed, NotFound
from ..vocab import sentence
from .transactions import conflict_renderer

TITLES = {400: "Not understood", 403: "Not allowed", 404: "Not found", 405: "Not allowed here"}
# HTTP errors raised before or outside a view (no such address, a method a form does not
# take): answered in the site's layout, so the visitor keeps the navigation
HTTP_PAGES = {404: (404, "there is no page at this address"),
              405: (405, "this address does not take that kind of request")}


def init_app(app: Flask) -> None:
    app.register_error_handler(NotAllowed, lambda error: _refused(str(error), 403))
    app.register_error_handler(NotFound, lambda error: _refused(str(error), 404))
    app.register_error_handler(REFUSED_VALUE, _unstorable)
    app.register_error_handler(Conflict, conflict)
    for error in RACED:
        app.register_error_handler(error, _raced)
    for error in UNREACHABLE:
        app.register_error_handler(error, _unreachable)


def conflict(error: Conflict):
    """409: the view's own rendering (a form with both versions) or a plain page."""
    _roll_back()
    render = conflict_renderer()
    if render is not None:
        return render(error)
    return render_template("errors/conflict.html", message=sentence(str(error)),
                           back=_back()), 409


def _raced(error):
    """A write that lost a race at a flush before the commit (see db.lost_race)."""
    current_app.logger.info("lost a race: %s", str(error).splitlines()[0])
    return conflict(as_conflict(error))


def _unreachable(error):
    """The database cannot be reached: say so plainly, and let the next request retry.

    The pool pre-pings connections (PostgreSQL), so once the database is back the next
    request gets a fresh connection; nothing needs restarting. A deadlock or serialization
    failure is no outage but a lost race.
    """
    if lost_race(error):
        return _raced(error)
    forget_session(error)
    return render_template("errors/unavailable.html"), 503, {"Retry-After": "5"}


def _unstorable(error):
    """A value the database refuses (a number out of range, say) slipped past the checks."""
    current_app.logger.warning("refused by the database: %s", str(error.orig).splitlines()[0])
    return _refused("the request holds a value the database cannot take", 400)


def http_page(error: HTTPException):
    """A page in the site's layout for a bare HTTP 404 or 405; any other as Werkzeug has it."""
    if error.code not in HTTP_PAGES:
        return error
    status, message = HTTP_PAGES[error.code]
    if error.description != type(error).description:  # abort(404, "what is missing")
        message = error.description
    response = _refused(message, status)
    if getattr(error, "valid_methods", None):
        return (*response, {"Allow": ", ".join(error.valid_methods)})
    return response


def _refused(message: str, status: int):
    _roll_back()
    return render_template("errors/refused.html", message=message, status=status,
                           title=TITLES[status]), status


def _roll_back() -> None:
    session = g.get("db_session")
    if session is not None:
        session.rollback()  # nothing of a refused request is written


def _back() -> str:
    """The page the request came from, when it is one of ours; else the request's own path."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return request.path if request.method == "GET" else "/"
