"""The Markdown export read by a real renderer, with raw HTML allowed, as a wiki may be.

markdown-it-py renders the export as CommonMark with pipe tables and raw HTML on, and with
its own link check switched off, so that nothing but the export's escaping stands between
the data and the page. The page may hold only the elements the export itself makes, its
links only the http(s) targets it means, and each cell must read exactly as its data:
hostile text (HTML, Markdown, entities, autolinks, comments, CDATA, pipes, new lines) in
every text and URL field, from fixed fragments and from Hypothesis.

CI runs a fixed seed; a longer search:
    HYPOTHESIS_PROFILE=thorough python -m pytest tests/exporters/test_markdown_rendering.py
"""
from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from roadmap.exporters import markdown
from roadmap.exporters.text import (
    clean,
    date_words,
    lead_words,
    priority_words,
    sdo_words,
    selection_words,
    status_words,
)
from roadmap.interchange import importer
from roadmap.read import exports
from roadmap.read.exports import AreaGroup, AreaItem, RoadmapExport, WorkArea
from roadmap.read.filters import WorkItemFilter
from roadmap.read.gap_report import GapTopicRow, RegisterEntryRow
from roadmap.vocab import codes_words, label
from tests.factories import ADMIN, small_bundle

# The export is pure and fast (some 15 ms an example), so it spends 25 times the budget of
# the profile (tests/conftest.py).
BUDGET = settings.default.max_examples * 25

TODAY = dt.date(2026, 11, 25)
PLAIN_URL = "https://www.iso.org/standard/68498.html?lang=en&x=1#top"
IMG = "<img src=x onerror=alert(1)>"
FRAGMENTS = [
    IMG, "<img/src=x/onerror=alert(1)>", "<script>alert(1)</script>", "<iframe src=//x>",
    "</td></tr></table>", "<br>", '" onmouseover="alert(1)', "' onerror='x", "<a href=x>",
    "](javascript:alert(1))", "[a](b)", "![x](y)", "[a]: http://x", "[^1]", "[[wiki]]",
    "<http://a>", "<mailto:a@b.c>", "<a@b.c>", "https://evil.example", "www.evil.example",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>",
    "<!-- x -->", "<!--", "-->", "<![CDATA[x]]>", "<?php x ?>", "<!DOCTYPE html>",
    "&lt;", "&amp;", "&#60;", "&#x3C;", "&copy", "R&D", "%3Cscript%3E", "%", "%zz",
    "`", "``code``", "|", "\\|", "\\", "\\\\|", "*a*", "**b**", "_c_", "~~d~~", "$x$",
    "# h", "> q", "- li", "+ li", "1. li", "2) li", "---", "===", "    code", "```",
    "\n", "\r\n", "\r", "\t", " ", "\u2028", "\x85", "\xa0", "\x00", "\x1b", "{: onclick=x}",
]
HOSTILE = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)),
                   max_size=6).map("".join)
SCHEMES = ["https://", "http://", "HTTPS://", " https://", "https:", "javascript:",
           "java\nscript:", "vbscript:", "data:", "file:///", "mailto:", "ftp://", "//", ""]
URLS = st.one_of(st.none(), st.just(PLAIN_URL), HOSTILE,
                 st.builds(str.__add__, st.sampled_from(SCHEMES), HOSTILE))
MAYBE = st.one_of(st.none(), HOSTILE)


def renderer() -> MarkdownIt:
    """CommonMark with tables and raw HTML on, and with no link check of its own."""
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True
    return md


# --- reading the page back ----------------------------------------------------------------

VOID = {"br", "img", "input", "hr", "meta", "link", "area", "base", "col", "embed",
        "param", "source", "track", "wbr"}
# Each element the export makes, with the element it sits in.
MADE = {("h1", None), ("h2", None), ("p", None), ("table", None), ("thead", "table"),
        ("tbody", "table"), ("tr", "thead"), ("tr", "tbody"), ("th", "tr"), ("td", "tr"),
        ("strong", "p"), ("em", "td"), ("a", "td"),
        *(("br", parent) for parent in ("h1", "p", "strong", "td", "a"))}
BLOCKS, CELLS = {"h1", "h2", "p"}, {"th", "td"}


class Page(HTMLParser):
    """The rendered page as blocks (("h1", text), ("table", rows of cell texts)), its
    links, and everything in it that the export does not make (`strangers`)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple] = []
        self.links: list[str | None] = []
        self.strangers: list[tuple] = []
        self.counts: dict[str, int] = {}
        self.open: list[str] = []
        self.text: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        parent = self.open[-1] if self.open else None
        names = [name for name, _ in attrs]
        if (tag, parent) not in MADE or names != (["href"] if tag == "a" else []):
            self.strangers.append((tag, parent, attrs))
        self.counts[tag] = self.counts.get(tag, 0) + 1
        if tag == "a":
            self.links.append(dict(attrs).get("href"))
        if tag in BLOCKS or tag in CELLS:
            self.text = []
        if tag == "table":
            self.blocks.append(("table", []))
        elif tag == "tr" and self.blocks and self.blocks[-1][0] == "table":
            self.blocks[-1][1].append([])
        elif tag == "br" and self.text is not None:
            self.text.append("\n")
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID or not self.open or self.open[-1] != tag:
            return  # a void element, or a stray end tag (the start tag was reported)
        self.open.pop()
        if tag in BLOCKS:
            self.blocks.append((tag, normal("".join(self.text))))
        elif tag in CELLS and self.blocks and self.blocks[-1][0] == "table":
            self.blocks[-1][1][-1].append(normal("".join(self.text)))
        if tag in BLOCKS or tag in CELLS:
            self.text = None

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)
        elif data.strip():
            self.strangers.append(("text outside the blocks", data))

    def handle_comment(self, data):
        self.strangers.append(("comment", data))

    def handle_decl(self, decl):
        self.strangers.append(("declaration", decl))

    def handle_pi(self, data):
        self.strangers.append(("processing instruction", data))

    def unknown_decl(self, data):
        self.strangers.append(("CDATA or other declaration", data))


def normal(text: str | None) -> str:
    """Text as a reader sees it: control characters dropped (as every export drops them),
    runs of white space (line breaks included) as one space."""
    return " ".join(clean(text).split())


def page(data: RoadmapExport) -> Page:
    return Page(renderer().render(markdown.render(data).decode("utf-8")))


# --- what the page should read -------------------------------------------------------------

def expected_blocks(data: RoadmapExport) -> list[tuple]:
    """The export's layout with the data as plain text: what a reader should see."""
    status = f"Roadmap tables, status of {date_words(data.date)}."
    if data.selection:  # the next line of the same paragraph
        status += f"\nSelection: {normal(selection_words(data.selection))}."
    blocks = [("h1", data.name), ("p", status)]
    blocks.append(("h2", "Standardization activities and gaps by work area"))
    tables = [(f"Table {n} – {group.name}", markdown.AREA_HEADERS,
               [row for area in group.areas for row in area_rows(area)])
              for n, group in enumerate(data.groups, 1)]
    blocks += [block for table in tables for block in table_blocks(*table)]
    blocks.append(("h2", "Gap register"))
    n = len(tables)
    if data.register:
        n += 1
        blocks += table_blocks(f"Table {n} – Gap register", markdown.REGISTER_HEADERS, [
            (g.code, "\n".join(filter(None, (g.title, g.statement))),
             priority_words(g.priority, g.horizon), label(g.rnd_needed), g.recommendation,
             lead_words(g.leads), "\n".join(filter(None, (label(g.status), g.review))))
            for g in data.register])
    else:
        blocks.append(("p", "No entry of the gap register concerns this selection."
                       if data.selection else "The gap register has no entries yet."))
    blocks.append(("h2", "Coverage summary"))
    blocks += table_blocks(f"Table {n + 1} – Coverage of the work areas",
                           markdown.COVERAGE_HEADERS, [
                               (f"{t.code} {t.name}", label(t.state),
                                codes_words(t.blocked_by, limit=12), str(t.impact))
                               for t in data.topics])
    return [(kind, normal(text)) if kind != "table" else (kind, text) for kind, text in blocks]


def table_blocks(caption: str, headers, rows) -> list[tuple]:
    return [("p", caption),
            ("table", [[normal(text) for text in row] for row in [headers, *rows]])]


def area_rows(area: WorkArea) -> list[tuple]:
    if not area.items:
        return [(area.title, "No SDO or forum works on this area.", "", "", "", area.gap,
                 area.suggestions)]
    return [(area.title if first else "", sdo_words(item.organization, item.committee),
             item.identifier, item.title, status_words(item.status, item.stage),
             area.gap if first else "", area.suggestions if first else "")
            for first, item in ((i == 0, item) for i, item in enumerate(area.items))]


def linked(url: str | None) -> bool:
    """Whether the export should link a URL: an http(s) address with a host."""
    return bool(re.match(r"https?://[^/?#]", clean(url).strip(), re.IGNORECASE))


def assert_safe_and_faithful(data: RoadmapExport) -> None:
    result = page(data)
    assert result.strangers == []
    assert result.blocks == expected_blocks(data)
    tables = sum(kind == "table" for kind, _ in result.blocks)
    empty = sum(not area.items for group in data.groups for area in group.areas)
    assert result.counts.get("strong", 0) == tables  # the captions
    assert result.counts.get("em", 0) == empty  # "No SDO or forum works on this area."
    urls = [item.url for group in data.groups for area in group.areas for item in area.items
            if linked(item.url)]
    assert len(result.links) == len(urls)
    for href, url in zip(result.links, urls):
        assert_meant(href, url)


def assert_meant(href: str | None, url: str) -> None:
    """The export's target is the data's URL percent-encoded (the same resource, nothing
    raw in it), and the page links to it (as the renderer writes it: an empty user name
    dropped, say)."""
    target = markdown.link_target(url)
    for written in (target, href):
        assert re.fullmatch(r"(?i:https?)://[A-Za-z0-9\-._~:/?#@!$&+,;=*%]*", written), written
        assert not re.search(r"%(?![0-9A-Fa-f]{2})|&#?[0-9A-Za-z]+;", written), written
    assert unquote(target) == unquote(clean(url).strip())
    assert href == renderer().normalizeLink(target)


# --- Hypothesis: hostile text in every field ------------------------------------------------

ITEMS = st.builds(AreaItem, organization=HOSTILE, committee=MAYBE, identifier=HOSTILE,
                  title=HOSTILE, status=HOSTILE, stage=MAYBE, url=URLS, relevance=st.just("core"))
AREAS = st.builds(WorkArea, code=MAYBE, name=HOSTILE, gap=HOSTILE, suggestions=MAYBE,
                  items=st.lists(ITEMS, max_size=3).map(tuple))
GROUPS = st.builds(AreaGroup, code=MAYBE, name=HOSTILE,
                   areas=st.lists(AREAS, min_size=1, max_size=2).map(tuple))
REGISTER = st.builds(
    RegisterEntryRow, code=HOSTILE, title=HOSTILE, statement=MAYBE, topics=st.just(()),
    priority=HOSTILE, horizon=MAYBE, rnd_needed=HOSTILE, recommendation=MAYBE,
    leads=st.lists(st.tuples(HOSTILE, MAYBE), max_size=2).map(tuple), status=HOSTILE,
    updates=st.just(()), review=MAYBE)
TOPICS = st.builds(GapTopicRow, code=HOSTILE, name=HOSTILE, group_code=st.none(),
                   group_name=st.none(), state=HOSTILE,
                   blocked_by=st.lists(HOSTILE, max_size=3).map(tuple),
                   impact=st.integers(0, 99), overlap=st.just(()))
SELECTION = st.lists(st.tuples(st.sampled_from(["organization", "committee", "topic", "q",
                                                "status", "type"]), HOSTILE), max_size=2)
EXPORTS = st.builds(RoadmapExport, name=HOSTILE, date=st.just(TODAY),
                    selection=SELECTION.map(tuple), groups=st.lists(GROUPS, max_size=2).map(tuple),
                    topics=st.lists(TOPICS, max_size=3).map(tuple),
                    register=st.lists(REGISTER, max_size=2).map(tuple))


def one_item_export(text: str, url: str | None) -> RoadmapExport:
    """Every field of a small export holding the same text, and one item with `url`."""
    item = AreaItem(text, text, text, text, text, text, url, "core")
    area = WorkArea(text, text, text, text, (item,))
    return RoadmapExport(text, TODAY, (("q", text),), groups=(
        AreaGroup(text, text, (area, WorkArea(None, text, text, None, ()))),), topics=(
        GapTopicRow(text, text, None, None, text, (text, text), 1, ()),), register=(
        RegisterEntryRow(text, text, text, (), text, text, text, text, ((text, text),), text,
                         (), text),))


@settings(max_examples=BUDGET)
@given(EXPORTS)
@example(one_item_export("".join(FRAGMENTS), "https://example.com/" + "".join(FRAGMENTS)))
@example(one_item_export(IMG, "javascript:alert(1)"))
def test_no_data_makes_html_and_every_cell_reads_as_its_data(data):
    assert_safe_and_faithful(data)


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_each_hostile_fragment_in_every_field_reads_as_text(fragment):
    assert_safe_and_faithful(one_item_export(f"a {fragment} b", f"https://x.example/{fragment}"))
    assert_safe_and_faithful(one_item_export(fragment, fragment))


# --- links ---------------------------------------------------------------------------------

def test_a_plain_web_address_is_linked_as_it_is():
    result = page(one_item_export("ISO 37120:2018", PLAIN_URL))
    assert result.links == [PLAIN_URL]
    assert f"[ISO 37120:2018]({PLAIN_URL})" in markdown.render(
        one_item_export("ISO 37120:2018", PLAIN_URL)).decode()


def test_a_hostile_address_stays_one_percent_encoded_link():
    url = f"https://example.com/{IMG}?q=a b&c=\"d\"('e')|[f]\\g&amp;\n%41%"
    result = page(one_item_export("Y.4500", url))
    assert result.strangers == [] and "img" not in result.counts
    assert result.links == [("https://example.com/%3Cimg%20src=x%20onerror=alert%281%29%3E"
                             "?q=a%20b&c=%22d%22%28%27e%27%29%7C%5Bf%5D%5Cg%26amp;%0A%41%25")]


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
    "java\nscript:alert(1)", "\x01javascript:alert(1)", "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "mailto:a@b.example",
    "ftp://ftp.example/", "https:no-host", "https:///path", "//example.com/", "/relative",
    "", None])
def test_only_http_and_https_addresses_become_links(url):
    data = one_item_export("Y.4500", url)
    result = page(data)
    assert result.links == [] and result.strangers == []
    assert result.blocks == expected_blocks(data)  # the number stays, as text


# --- through the database and the read side, as the web and the CLI export ----------------

def test_hostile_work_item_from_an_import_exports_as_text(session):
    document = small_bundle()
    hostile = f"{IMG} ](javascript:alert(1)) <!-- x --> | `y` &lt;"
    document["work_items"].append(
        {"organization": "ISO", "identifier": "ISO <script>", "title": hostile,
         "type": "international_standard", "status": "published", "published": "2020-01",
         "url": "https://example.com/\"><img/src=x/onerror=alert(1)>",
         "topics": [{"code": "S5", "relevance": "core"}]})
    importer.import_document(session, document, actor=ADMIN)
    session.commit()
    data = exports.gather(session, WorkItemFilter.from_args({}), parts=markdown.parts(),
                          name="Roadmap <b>", today=TODAY)
    assert_safe_and_faithful(data)
    result = page(data)
    assert "https://example.com/%22%3E%3Cimg/src=x/onerror=alert%281%29%3E" in result.links
    assert any(hostile in row for kind, rows in result.blocks if kind == "table" for row in rows)
