"""Security basics: headers with a script-free CSP, cookies, CSRF and sign-in throttling."""
from __future__ import annotations

import time
from collections import defaultdict, deque

from flask import Flask, abort, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

HEADERS = {
    # nothing inline and nothing from elsewhere: every script, style and image is the app's own
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'self'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class SessionInterface(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the request came over HTTPS.

    A newcomer's `python app.py` on plain http can still sign in; behind HTTPS (with
    ProxyFix or a TLS-terminating server) the cookie never travels in clear.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


class Throttle:
    """Count failures per key in a sliding window (per process; enough for sign-in forms)."""

    def __init__(self, limit: int, window_seconds: float):
        self.limit, self.window = limit, window_seconds
        self._failures: dict[str, deque] = defaultdict(deque)

    def _recent(self, key: str) -> deque:
        failures, cutoff = self._failures[key], time.monotonic() - self.window
        while failures and failures[0] < cutoff:
            failures.popleft()
        return failures

    def blocked_for(self, *keys: str) -> float:
        """Seconds until every key may try again; 0 when none is blocked."""
        waits = [self._recent(k)[0] + self.window - time.monotonic()
                 for k in keys if len(self._recent(k)) >= self.limit]
        return max(waits, default=0.0)

    def fail(self, *keys: str) -> None:
        now = time.monotonic()
        for key in keys:
            self._recent(key).append(now)

    def clear(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)


def init_app(app: Flask) -> None:
    # Flask's defaults hold these keys already (SameSite None), so set rather than setdefault
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = app.config.get("SESSION_COOKIE_SAMESITE") or "Lax"
    app.session_interface = SessionInterface()

    @app.before_request
    def refuse_oversized_bodies():
        # before the CSRF check reads the form: an oversized upload should hear "too large",
        # not "CSRF token missing"
        limit = app.config.get("MAX_CONTENT_LENGTH")
        if limit and (request.content_length or 0) > limit:
            abort(413)

    @app.before_request
    def refuse_nul_characters():
        # no page or record has one, and PostgreSQL would refuse it in a query
        if "\x00" in request.path or any(
                "\x00" in k + v for k, v in request.args.items(multi=True)):
            abort(400)

    csrf.init_app(app)
    app.extensions["roadmap.login_throttle"] = Throttle(
        limit=int(app.config.get("LOGIN_ATTEMPTS", 5)), window_seconds=15 * 60)

    @app.after_request
    def headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
