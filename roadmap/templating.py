"""Jinja filters and globals shared by every page."""
from __future__ import annotations

from flask import Flask, request, url_for

from .vocab import label

EXPORT_FORMATS = (("docx", "Word"), ("xlsx", "Excel"), ("csv", "CSV"), ("md", "Markdown"),
                  ("json", "Bundle"))


def init_app(app: Flask) -> None:
    app.jinja_env.filters["label"] = label
    app.jinja_env.globals["url_with"] = url_with

    @app.context_processor
    def exports():
        # the export links appear once the exports blueprint is registered
        return {"export_formats": EXPORT_FORMATS if "exports" in app.blueprints else ()}


def url_with(**changes) -> str:
    """Return this page's URL with some query arguments changed (None removes one)."""
    args = {k: v for k, v in request.args.items()}
    args.update(changes)
    return url_for(request.endpoint, **(request.view_args or {}),
                   **{k: v for k, v in args.items() if v not in (None, "")})
