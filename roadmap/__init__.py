"""SSC Roadmap: the standardization roadmap for smart sustainable cities."""
from __future__ import annotations

import os

from flask import Flask

from . import config, db, revision, shared_results


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: configuration, database, command line and pages."""
    app = Flask(__name__, instance_relative_config=True,
                template_folder=str(config.ROOT / "templates"),
                static_folder=str(config.ROOT / "static"))
    app.config.from_mapping(config.from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    if app.config["DATABASE_URL"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        if app.config["ENV"] == "production":
            raise RuntimeError("ROADMAP_SECRET_KEY must be set in production "
                               "(a long random value, the same for every worker)")
        app.config["SECRET_KEY"] = config.development_secret(app.instance_path)
    # Flask's defaults hold the key already (None), so set rather than setdefault
    app.config["MAX_CONTENT_LENGTH"] = app.config.get("MAX_CONTENT_LENGTH") or 6 * 2**20
    if str(app.config.get("PROXY_FIX", "0")) == "1":
        # behind one TLS-terminating proxy: trust its X-Forwarded-Proto and -For, so that
        # request.is_secure is true and the session cookie is marked Secure
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    db.init_app(app)
    revision.watch(app.extensions["roadmap.sessionmaker"])
    shared_results.configure(  # whole-roadmap results, shared by every worker and host
        app.extensions["roadmap.engine"],
        enabled=str(app.config.get("SHARED_RESULTS", "on")).lower() not in ("off", "0", "no")
        and bool(app.config.get("REDIS_URL")
                 or app.extensions["roadmap.engine"].dialect.name == "postgresql"),
        secret=str(app.config.get("SECRET_KEY") or "").encode(),
        redis_url=app.config.get("REDIS_URL"),
        prefix=app.config.get("REDIS_KEY_PREFIX") or "roadmap",
        worth=float(app.config.get("SHARED_RESULTS_AFTER_MS", 50)) / 1000)
    _init_web(app)
    return app


def _init_web(app: Flask) -> None:
    """Command line, templates, then the request hooks in the order requests meet them."""
    from . import cli, templating
    from .web import (account, actions, analysis, api, auth, catalogue, converters,
                      edition_compare, edition_pages, editions, entry, errors, exports, feeds,
                      imports, json_text, liaison, pages, passwords, register, security,
                      structure, throttle, transactions, users)
    cli.init_app(app)
    json_text.init_app(app)
    converters.init_app(app)
    templating.init_app(app)
    security.init_app(app)  # refuses oversized bodies, then checks CSRF, reading nothing
    throttle.init_app(app)  # then counts sign-ins, on the limits' own connection
    transactions.init_app(app)  # then an unsafe request begins as a writer, before any read
    errors.init_app(app)
    auth.login_manager.init_app(app)
    app.before_request(auth.require_sign_in_to_read)
    for blueprint in (structure.bp, pages.bp, analysis.bp, api.bp, exports.bp, auth.bp, entry.bp,
                      imports.bp, users.bp, account.bp, passwords.bp, catalogue.bp, register.bp,
                      actions.bp, liaison.bp, feeds.bp, editions.bp, edition_compare.bp):
        app.register_blueprint(blueprint)
    edition_pages.init_app(app)  # after the live views it runs on an edition's copy
