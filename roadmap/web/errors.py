"""Domain errors become HTTP answers once, here, instead of in every view."""
from __future__ import annotations

from flask import Flask, g, render_template

from ..errors import NotAllowed, NotFound


def init_app(app: Flask) -> None:
    app.register_error_handler(NotAllowed, lambda error: _refused(error, 403))
    app.register_error_handler(NotFound, lambda error: _refused(error, 404))


def _refused(error: Exception, status: int):
    session = g.get("db_session")
    if session is not None:
        session.rollback()  # nothing of a refused request is written
    return render_template("errors/refused.html", message=str(error), status=status), status
