"""Jinja filters shared by every page."""
from __future__ import annotations

from flask import Flask

from .vocab import label


def init_app(app: Flask) -> None:
    app.jinja_env.filters["label"] = label
