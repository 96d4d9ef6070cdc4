"""URL converters shared by the pages and the API."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter


class RowId(IntegerConverter):
    """A database id: 1 to 2**31 - 1, so a longer number is a 404, not a database error."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=2**31 - 1)


def init_app(app) -> None:
    app.url_map.converters["id"] = RowId
