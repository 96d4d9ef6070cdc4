"""Jinja filters and globals shared by every page."""
from __future__ import annotations

from flask import Flask, request, url_for

from .vocab import label, sentence

EXPORT_FORMATS = (("docx", "Word"), ("xlsx", "Excel"), ("csv", "CSV"), ("md", "Markdown"),
                  ("json", "Bundle"))


def init_app(app: Flask) -> None:
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["sentence"] = sentence
    app.jinja_env.globals["url_with"] = url_with

    @app.context_processor
    def exports():
        # the export links appear once the exports blueprint is registered
        return {"export_formats": EXPORT_FORMATS if "exports" in app.blueprints else ()}


def url_with(**changes) -> str:
    """Return this page's URL with some query arguments changed (None removes one)."""
    path = request.view_args or {}
    # a query key naming a part of the path, or one of url_for's own options, is dropped
    args = {k: v for k, v in request.args.items() if k not in path and not k.startswith("_")}
    args.update(changes)
    return url_for(request.endpoint, **path,
                   **{k: v for k, v in args.items() if v not in (None, "")})
