"""Count the SQL statements a request costs, on synthetic roadmaps of two sizes."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event, func, select

from roadmap import synthetic
from roadmap.db import engine
from roadmap.models import WorkItem
from roadmap.read import live_analysis
from tests.factories import ADMIN
from roadmap.interchange import importer

SIZES = (10, 500)  # work items; a page's statement count must be the same for both


@contextmanager
def recorded(app):
    """Collect the SQL of every statement `app`'s engine runs inside the block."""
    statements: list[str] = []
    with app.app_context():
        target = engine()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(target, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(target, "before_cursor_execute", listener)


def count_statements(app, client, url: str) -> int:
    with recorded(app) as statements:
        assert client.get(url).status_code == 200, url
    return len(statements)


def counts_by_size(app, session, client, url: str) -> list[int]:
    """Load each synthetic size in turn and count the statements `url` costs on it.

    `{first_item}` in the URL is replaced by the id of a work item of that roadmap.
    """
    counts = []
    for size in SIZES:
        document = synthetic.generate(leaves=40, dependencies=60, work_items=size,
                                      mappings=size * 2, organizations=5, equivalences=3)
        importer.import_document(session, document, replace=True, actor=ADMIN)
        session.commit()
        first_item = session.scalar(select(func.min(WorkItem.id)))
        with app.app_context():  # each size from the same start: no analysis held yet
            live_analysis.forget(engine())
        counts.append(count_statements(app, client, url.format(first_item=first_item)))
    return counts
