"""Domain errors become HTTP answers once, here, instead of in every view."""
from __future__ import annotations

from flask import Flask, current_app, g, render_template

from ..db import REFUSED_VALUE
from ..errors import NotAllowed, NotFound

TITLES = {400: "Not understood", 403: "Not allowed", 404: "Not found"}


def init_app(app: Flask) -> None:
    app.register_error_handler(NotAllowed, lambda error: _refused(str(error), 403))
    app.register_error_handler(NotFound, lambda error: _refused(str(error), 404))
    app.register_error_handler(REFUSED_VALUE, _unstorable)


def _unstorable(error):
    """A value the database refuses (a number out of range, say) slipped past the checks."""
    current_app.logger.warning("refused by the database: %s", str(error.orig).splitlines()[0])
    return _refused("the request holds a value the database cannot take", 400)


def _refused(message: str, status: int):
    session = g.get("db_session")
    if session is not None:
        session.rollback()  # nothing of a refused request is written
    return render_template("errors/refused.html", message=message, status=status,
                           title=TITLES[status]), status
