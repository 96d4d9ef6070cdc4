"""Every API error in one shape: {"error": {"code", "message", "fields"}}, with its status."""
from __future__ import annotations

from flask import g, jsonify, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ...db import RACED, REFUSED_VALUE, UNREACHABLE, as_conflict, forget_session, lost_race
from ...errors import Clash, Conflict, NotAllowed, NotFound, ValidationError
from ..errors import http_page
from .blueprint import bp

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 412: "precondition_failed",
         413: "too_large", 415: "unsupported_media_type", 422: "invalid", 429: "too_many_requests",
         503: "unavailable"}


class ApiError(Exception):
    """An answer other than success; `fields` maps a field or parameter to its messages."""

    def __init__(self, status: int, message: str, fields: dict[str, list[str]] | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.fields, self.headers = status, message, fields, headers


def problem(status: int, message: str, fields: dict | None = None, headers: dict | None = None):
    response = jsonify({"error": {"code": CODES.get(status, "error"), "message": message,
                                  "fields": fields or {}}})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="roadmap"'
    response.headers.update(headers or {})
    return response


def _rolled_back(status: int, message: str, fields: dict | None = None, headers=None):
    session = g.get("db_session")
    if session is not None:
        session.rollback()  # nothing of a refused request is written
    return problem(status, message, fields, headers)


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    return _rolled_back(error.status, error.message, error.fields, error.headers)


@bp.errorhandler(Clash)
def _clash(error: Clash):
    return _rolled_back(409, error.describe(), error.errors)


@bp.errorhandler(ValidationError)
def _invalid(error: ValidationError):
    return _rolled_back(422, error.describe(), error.errors)


@bp.errorhandler(NotAllowed)
def _not_allowed(error: NotAllowed):
    return _rolled_back(403, str(error))


@bp.errorhandler(NotFound)
def _not_found(error: NotFound):
    return _rolled_back(404, str(error))


@bp.errorhandler(Conflict)
def _conflict(error: Conflict):
    return _rolled_back(409, f"{error}; read it again and reapply your change")


def _raced(error):
    return _conflict(as_conflict(error))


@bp.errorhandler(CSRFError)
def _csrf(error: CSRFError):
    return _rolled_back(400, f"{error.description} A request with a session cookie needs the "
                             "CSRF token in an X-CSRFToken header; programs send a token "
                             "(Authorization: Bearer) instead.")


@bp.errorhandler(REFUSED_VALUE)
def _unstorable(error):
    return _rolled_back(400, "The request holds a value the database cannot take.")


def _unavailable(error):
    if lost_race(error):  # a deadlock or serialization failure: one of two writers loses
        return _raced(error)
    forget_session(error)
    return problem(503, "The database cannot be reached just now; try again shortly.",
                   headers={"Retry-After": "5"})


def http_error(error: HTTPException):
    """Routing errors (unknown path, wrong method) happen before any blueprint is chosen:
    the API's own paths get the API's shape, the rest the site's page."""
    if not request.path.startswith(bp.url_prefix + "/") and request.path != bp.url_prefix:
        return http_page(error)
    headers = {"Allow": ", ".join(error.valid_methods)} if getattr(
        error, "valid_methods", None) else None
    message = {404: "There is no such API resource.",
               405: f"{request.method} is not allowed here."}.get(error.code, error.description)
    return _rolled_back(error.code or 500, message, headers=headers)


for _unreachable in UNREACHABLE:
    bp.register_error_handler(_unreachable, _unavailable)
for _raced_error in RACED:
    bp.register_error_handler(_raced_error, _raced)
for _status in (400, 401, 403, 404, 405, 413, 415, 429):
    # by code, so that the pages' own handlers for a code (e.g. 413) do not answer in HTML
    bp.register_error_handler(_status, http_error)


@bp.record_once
def _register_app_handlers(state) -> None:
    state.app.register_error_handler(HTTPException, http_error)
