"""Jinja filters and globals shared by every page."""
from __future__ import annotations

import functools
from urllib.parse import quote

from flask import Flask, request, url_for
from markupsafe import Markup, escape

from .vocab import ACTIVE_STATUSES, label, sentence

EXPORT_FORMATS = (("docx", "Word"), ("xlsx", "Excel"), ("csv", "CSV"), ("md", "Markdown"),
                  ("json", "Bundle"))


def init_app(app: Flask) -> None:
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["sentence"] = sentence
    app.jinja_env.filters["topic_links"] = topic_links
    app.jinja_env.globals["item_rows"] = item_rows
    app.jinja_env.globals["topic_group_rows"] = topic_group_rows
    app.jinja_env.globals["matrix_cells"] = matrix_cells
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
    return Markup(" ".join(_topic_link(href, code, relevance) for code, relevance in topics))


def item_rows(rows, item_href: str, topic_href: str, show_organization: bool = True) -> Markup:
    """The rows of a table of work items (macros_items.html's items_table): `item_href` and
    `topic_href` are the addresses of an item's and a topic's page without the key. Built
    here rather than in a template loop, which took a sixth of a list page's time.

    >>> from roadmap.read.common import WorkItemRow
    >>> row = WorkItemRow(7, "ITU-T", "SG20", "Y.4900", "KPIs <for> cities", "recommendation",
    ...                   "published", None, "2016-06", None, None, (("S5", "core"),))
    >>> print(item_rows([row], "/work-items/", "/topics/").strip())
    <tr><td data-label="Organization">ITU-T <span class="muted">SG20</span></td>
    <td data-label="Document"><a href="/work-items/7">Y.4900</a></td>
    <td data-label="Title">KPIs &lt;for&gt; cities</td>
    <td data-label="Status"><span class="status status-published">Published</span></td>
    <td data-label="Published or target">2016-06</td>
    <td data-label="Topics"><a href="/topics/S5" class="core" title="Core">S5</a></td></tr>
    """
    item_href = escape(item_href)
    parts = []
    for r in rows:
        organization = ""
        if show_organization:
            committee = f' <span class="muted">{escape(r.committee)}</span>' if r.committee else ""
            organization = (f'<td data-label="Organization">{escape(r.organization)}{committee}'
                            "</td>")
        stage = f' title="stage {escape(r.stage)}"' if r.stage else ""
        date = (escape(r.published) if r.published else
                f'<span class="muted">target</span> {escape(r.target)}' if r.target else "")
        parts.append(
            f"\n<tr>{organization}\n"
            f'<td data-label="Document"><a href="{item_href}{r.id}">{escape(r.identifier)}</a></td>\n'
            f'<td data-label="Title">{escape(r.title)}</td>\n'
            f'<td data-label="Status"><span class="status status-{escape(r.status)}"{stage}>'
            f"{escape(label(r.status))}</span></td>\n"
            f'<td data-label="Published or target">{date}</td>\n'
            f'<td data-label="Topics">{topic_links(r.topics, topic_href)}</td></tr>\n')
    return Markup("".join(parts))


def topic_group_rows(groups, list_href: str) -> Markup:
    """An organization's topic groups (read.organization's GroupRow), each a <tbody> of its
    row and its covered topics' rows, linked to the list at `list_href` (the list's address
    with the organization's argument) narrowed to the topic. Built here for the reason
    `item_rows` is.

    >>> from roadmap.read.organization import GroupRow, TopicRow
    >>> group = GroupRow("K", "KPIs & indices", 1, 4, 2, 0, (0, 0, 0, 2),
    ...                  (TopicRow("K1", "City KPIs", 2, 0, (0, 0, 0, 2)),))
    >>> print(topic_group_rows([group], "/work-items?organization=ITU-T"))
    <tbody><tr class="group"><th scope="rowgroup" data-label="Topic group"><a href="/work-items?organization=ITU-T&amp;topic=K">K KPIs &amp; indices</a></th><td class="number" data-label="Topics">1 of 4</td><td class="number" data-label="Core">2</td><td class="number" data-label="Supporting"></td><td class="number" data-label="Proposed"></td><td class="number" data-label="In development"></td><td class="number" data-label="Approved"></td><td class="number" data-label="Published">2</td></tr>
    <tr><td data-label="Topic" class="leaf"><a href="/work-items?organization=ITU-T&amp;topic=K1">K1 City KPIs</a></td><td class="number" data-label="Topics"></td><td class="number" data-label="Core">2</td><td class="number" data-label="Supporting"></td><td class="number" data-label="Proposed"></td><td class="number" data-label="In development"></td><td class="number" data-label="Approved"></td><td class="number" data-label="Published">2</td></tr>
    </tbody>
    """
    href = f"{escape(list_href)}&amp;topic="
    parts = []
    for g in groups:
        parts.append(
            f'<tbody><tr class="group"><th scope="rowgroup" data-label="Topic group"><a href="'
            f'{href}{_in_url(g.code)}">{escape(g.code)} {escape(g.name)}</a></th>'
            f'<td class="number" data-label="Topics">{g.covered} of {g.leaves}</td>'
            f"{_counts(g)}</tr>\n")
        for t in g.topics:
            if t.code != g.code:
                parts.append(
                    f'<tr><td data-label="Topic" class="leaf"><a href="{href}'
                    f'{_in_url(t.code)}">{escape(t.code)} {escape(t.name)}</a></td>'
                    f'<td class="number" data-label="Topics"></td>{_counts(t)}</tr>\n')
        parts.append("</tbody>")
    return Markup("".join(parts))


def _counts(row) -> str:
    """A topic group's or topic's cells of counts: core, supporting, then per active status."""
    return "".join(f'<td class="number" data-label="{name}">{n or ""}</td>' for name, n in zip(
        _COUNT_LABELS, (row.core, row.supporting, *row.statuses)))


_COUNT_LABELS = ("Core", "Supporting", *(str(escape(label(s))) for s in ACTIVE_STATUSES))


def matrix_cells(cells, column_links, code: str) -> Markup:
    """A matrix row's cells (read.matrix_cells' Cell, one per organization), each count
    linked to the list at its column's link (ending in `&topic=`) for topic `code`. The
    matrix has a cell per topic and organization (25,000 at 500 topics and 50 bodies): in
    a template loop they took a quarter of the load mix's time.

    >>> from roadmap.read.matrix_cells import Cell
    >>> print(matrix_cells([Cell(2, "published", "partial", "ISO on S5: 2 published"),
    ...                     Cell(0, "", "uncovered", "IEC on S5: none")],
    ...                    ["/work-items?organization=ISO&topic=", "-"], "S 5"))
    <td class="s-published partial" title="ISO on S5: 2 published"><a href="/work-items?organization=ISO&amp;topic=S%205">2</a></td><td title="IEC on S5: none"></td>
    """
    topic = _in_url(code)
    return Markup("".join(
        f'<td class="{_cell_class(cell.status, cell.state)}" title="{escape(cell.title)}">'
        f'<a href="{link}{topic}">{cell.count}</a></td>'
        if cell.count else f'<td title="{escape(cell.title)}"></td>'
        for cell, link in zip(cells, _escaped(tuple(column_links)))))


@functools.lru_cache(maxsize=64)
def _escaped(texts: tuple[str, ...]) -> tuple[str, ...]:
    # every row of the matrix has the same column links: escaped once, not once per cell
    return tuple(str(escape(text)) for text in texts)


@functools.lru_cache(maxsize=64)
def _cell_class(status: str, state: str) -> str:
    return f"s-{escape(status)}{' partial' if state == 'partial' else ''}"


@functools.lru_cache(maxsize=8192)
def _topic_link(href: str, code: str, relevance: str) -> str:
    # a roadmap has a few thousand (code, relevance) pairs, and a list page repeats them:
    # each link is escaped and quoted once per process, not once per row
    return (f'<a href="{escape(href)}{_in_url(code)}" '
            f'class="{_CLASSES.get(relevance, "supporting")}" '
            f'title="{escape(label(relevance))}">{escape(code)}</a>')


def _in_url(code: str) -> str:
    """A code as part of a URL, quoted as Jinja's `urlencode` quotes it."""
    return quote(code, safe="/")


_CLASSES = {"core": "core"}  # any other relevance is shown as supporting
