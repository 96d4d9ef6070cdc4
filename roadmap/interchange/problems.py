"""The one error a file can get: refused, with every problem found and its place."""
from __future__ import annotations


class FileRefused(Exception):
    """The file was refused; `errors` lists every problem as "place: message"."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s):\n" + "\n".join(errors))
