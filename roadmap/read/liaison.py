"""Liaison statements as rows: the list, a thread, and those of a topic, item or entry."""
from __future__ import annotations


def list_statements(session, **filters) -> tuple:
    return ()
