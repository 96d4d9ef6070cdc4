"""Security basics: headers with a script-free CSP, cookies, body sizes and CSRF."""
from __future__ import annotations

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

    @app.after_request
    def headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
