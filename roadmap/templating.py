"""Jinja filters and globals shared by every page."""
from __future__ import annotations

from urllib.parse import quote

from flask import Flask, request, url_for
from markupsafe import Markup, escape

from .vocab import label, sentence

EXPORT_FORMATS = (("docx", "Word"), ("xlsx", "Excel"), ("csv", "CSV"), ("md", "Markdown"),
                  ("json", "Bundle"))


def init_app(app: Flask) -> None:
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["sentence"] = sentence
    app.jinja_env.filters["topic_links"] = topic_links
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


def topic_links(topics, href: str) -> Markup:
    """A list row's topics as links, core ones marked: `href` is the topic page's address
    without the code. Built here rather than in a template loop, which costs more than the
    rest of the row (a list page has fifty rows of them).

    >>> str(topic_links([("S5", "core"), ("K 1&2", "supporting")], "/topics/"))
    '<a href="/topics/S5" class="core" title="Core">S5</a> \
<a href="/topics/K%201%262" class="supporting" title="Supporting">K 1&amp;2</a>'
    """
    href = escape(href)
    return Markup(" ".join(
        f'<a href="{href}{quote(code, safe="/")}" class="{_CLASSES.get(relevance, "supporting")}"'
        f' title="{escape(label(relevance))}">{escape(code)}</a>' for code, relevance in topics))


_CLASSES = {"core": "core"}  # any other relevance is shown as supporting
