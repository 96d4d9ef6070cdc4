"""Word (.docx): the roadmap tables as FG-SSC laid them out, ready for an ITU-T Technical Report.

A4 landscape, or portrait (`layout`), the tables fitted to the page's text width; a title
block; for each top-level topic a table "Work area | SDO/forum | Document number | Title |
Relevance | Status | Standardization gap | Suggestions" under a numbered caption (a SEQ
field, so Word renumbers), the Suggestions column left out when no area has any; then the
gap register and a coverage summary.
Only Word's built-in styles are used, so a reference document (`template`) restyles it all.

The tables are written as XML text and parsed once: python-docx's `add_row` costs about a
millisecond a row, far too slow for a roadmap of ten thousand work items.
"""
from __future__ import annotations

import io
from typing import TYPE_CHECKING, Iterable, Iterator
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.parser import element_class_lookup
from docx.oxml.ns import qn
from lxml import etree

from ..vocab import codes_words, label
from . import word_setup
from .word_columns import (CELL_MARGINS, COVERAGE_COLUMNS, REGISTER_COLUMNS, TEXT_WIDTHS,
                           area_columns)
from .word_setup import W_NS
from .settled import settled
from .text import (clean, date_words, is_link, lead_words, number_words, priority_words,
                   sdo_words, selection_words, status_words)

if TYPE_CHECKING:
    from ..read.exports import AreaGroup, RoadmapExport, WorkArea

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PARTS = {"groups", "topics", "register"}
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

LAYOUTS = ("landscape", "portrait")
TEXT_WIDTH = TEXT_WIDTHS["landscape"]  # 14570 twips (1/20 pt) across a landscape A4 page
KEEP_ROWS = 8  # an area's first rows stay on one page with its label and gap text
STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Caption", "Table Grid", "No Spacing",
          "Strong", "Emphasis", "Hyperlink", "Footer")
NO_WORK = "No SDO or forum works on this area."
BODY_MARKER = "roadmap-export-body"


def parts(**options) -> set[str]:
    """Return the rows (see read.exports.PARTS) this format renders."""
    return set(PARTS)


def render(data: RoadmapExport, *, template: bytes | None = None,
           layout: str = "landscape") -> bytes:
    """Return the Word document of the export; `template` lends its styles and page furniture.

    `layout` is "landscape" (every page A4 landscape, as FG-SSC's tables were) or "portrait"
    (A4 portrait, the tables narrowed to its text width).
    """
    if layout not in LAYOUTS:
        raise ValueError(f"the layout is one of: {', '.join(LAYOUTS)}")
    document = word_setup.open_document(template)
    if template:
        word_setup.clear_body(document)
    else:
        word_setup.house_styles(document)
    (word_setup.portrait if layout == "portrait" else word_setup.landscape)(document)
    body = _Body(document, layout)
    body.title_block(data)
    body.heading("Standardization activities and gaps by work area")
    body.paragraph("One row per work item and work area; Relevance says whether the item "
                   "treats the area as its core or a supporting subject. Standardization gap: "
                   "the gap register's statement where there is one, otherwise what the "
                   "data shows.")
    suggestions = any(a.suggestions for g in data.groups for a in g.areas)
    columns = area_columns(layout, suggestions=suggestions)
    for group in data.groups:
        body.caption(group.name)
        body.table(columns, body.area_rows(group, columns))
    body.register(data)
    body.coverage(data)
    body.finish(document)
    out = io.BytesIO()
    document.save(out)
    return settled(out.getvalue(), data.date)


class _Body:
    """Write the document body as WordprocessingML text into a parser of the whole part.

    lxml moves elements from one document into another in time that grows with the square
    of their number (half a minute for 20,000 rows), so the body is not parsed apart and
    moved in: the document part is parsed anew, its text streamed through the parser
    before the section properties. The document object is stale after `finish`; only
    saving it is left to do. Call it once the page is set up.
    """

    def __init__(self, document, layout: str = "landscape"):
        self.layout, self.width = layout, TEXT_WIDTHS[layout]
        self.rels = document.part.rels
        self.style = word_setup.ensure_styles(document, STYLES)  # name -> styleId of this document
        self.links: dict[str, str] = {}
        self.tables = 0
        root = document.part.element
        section = root.body.find(qn("w:sectPr"))
        self.pending: list[str] | None = None
        if root.nsmap.get("w") != W_NS or root.nsmap.get("r") != R_NS:
            self.pending = []  # a template with other prefixes: parse apart, move in slowly
            return
        section.addprevious(etree.Comment(BODY_MARKER))
        self.head, self.tail = etree.tostring(root, encoding="unicode").split(
            f"<!--{BODY_MARKER}-->", 1)
        self.parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
        self.parser.set_element_class_lookup(element_class_lookup)  # python-docx's classes
        self.parser.feed(self.head)

    def add(self, xml: str) -> None:
        self.last = xml
        if self.pending is None:
            self.parser.feed(xml)
        else:
            self.pending.append(xml)

    # --- blocks ---------------------------------------------------------------------------

    def paragraph(self, text: str, style: str = "Normal", *, keep_next: bool = False) -> None:
        self.add(_p(self.style[style], _runs(text), keep_next=keep_next))

    def heading(self, text: str) -> None:
        self.paragraph(text, "Heading 1", keep_next=True)

    def title_block(self, data: RoadmapExport) -> None:
        self.paragraph(data.name, "Title")
        self.paragraph(f"Roadmap tables, status of {date_words(data.date)}", "Subtitle")
        if data.selection:
            self.paragraph(f"Selection: {selection_words(data.selection)}.")
        areas = [a for g in data.groups for a in g.areas]
        items = {(i.organization, i.identifier) for a in areas for i in a.items}
        open_gaps = sum(t.state != "covered" for t in data.topics)
        listed = ("withdrawn and superseded ones included" if data.include_withdrawn
                  else "withdrawn and superseded ones left out")
        self.paragraph(f"{len(items)} work items ({listed}) of {len({o for o, _ in items})} "
                       f"organizations in {sum(1 for a in areas if a.code)} work areas; "
                       f"{open_gaps} of the {len(data.topics)} work areas in scope are not "
                       "fully covered.")

    def caption(self, title: str) -> None:
        """Add "Table N – title" with N as a SEQ field whose result is already filled in."""
        self.tables += 1
        number = (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
                  f'xml:space="preserve"> SEQ Table \\* ARABIC </w:instrText></w:r><w:r>'
                  f'<w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{self.tables}</w:t>'
                  f'</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
        self.add(_p(self.style["Caption"], _runs("Table ") + number + _runs(f" – {title}"),
                           keep_next=True))

    def table(self, columns: tuple[tuple[str, int], ...], rows: Iterable[str]) -> None:
        """Add a fixed-width table whose header row repeats on every page."""
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for _, width in columns)
        header = "".join(self.cell(width, name, run_style="Strong", center=True)
                         for name, width in columns)
        self.add(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.style["Table Grid"]}"/>'
            f'<w:tblW w:w="{self.width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            f'{_margins(CELL_MARGINS[self.layout])}'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f'<w:tblGrid>{grid}</w:tblGrid>'
            f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>')
        for row in rows:
            self.add(row)
        self.add("</w:tbl>")

    def register(self, data: RoadmapExport) -> None:
        self.heading("Gap register")
        if not data.register:
            self.paragraph("No entry of the gap register concerns this selection."
                           if data.selection else "The gap register has no entries yet.")
            return
        self.caption("Gap register")
        columns = REGISTER_COLUMNS[self.layout]
        self.table(columns, (self.row([
            entry.code, "\n".join(filter(None, (entry.title, entry.statement))),
            priority_words(entry.priority, entry.horizon), label(entry.rnd_needed),
            entry.suggestions(), lead_words(entry.leads),
            "\n".join(filter(None, (label(entry.status), entry.review)))], columns)
            for entry in data.register))

    def coverage(self, data: RoadmapExport) -> None:
        self.heading("Coverage summary")
        self.caption("Coverage of the work areas")
        columns = COVERAGE_COLUMNS[self.layout]
        self.table(columns, (self.row([
            f"{t.code} {t.name}", label(t.state), codes_words(t.blocked_by, limit=12),
            str(t.impact)], columns) for t in data.topics))

    # --- rows and cells -------------------------------------------------------------------

    def area_rows(self, group: AreaGroup, columns) -> Iterator[str]:
        widths = [width for _, width in columns]
        for area in group.areas:
            yield from self._area_rows(area, widths)

    def _area_rows(self, area: WorkArea, w: list[int]) -> Iterator[str]:
        """Yield an area's rows: label, gap and suggestions merged down them, the first
        `KEEP_ROWS` kept on one page with the next row, so the label goes with its items."""
        more = [self.cell(w[7], area.suggestions)] if len(w) > 7 else []
        if not area.items:
            yield _row(self.cell(w[0], area.title)
                       + self.cell(sum(w[1:6]), NO_WORK, span=5, run_style="Emphasis")
                       + self.cell(w[6], area.gap) + "".join(more))
            return
        merged = len(area.items) > 1
        for index, item in enumerate(area.items):
            first, keep = index == 0, index < min(len(area.items) - 1, KEEP_ROWS)
            merge = ("restart" if first else "continue") if merged else None
            cells = [(area.title if first else "", merge, None),
                     (sdo_words(item.organization, item.committee), None, None),
                     (number_words(item.identifier, item.title), None, item.url),
                     (item.title, None, None),
                     (label(item.relevance) if area.code else "", None, None),
                     (status_words(item.status, item.stage), None, None),
                     (area.gap if first else "", merge, None),
                     (area.suggestions if first else "", merge, None)][:len(w)]
            yield _row("".join(self.cell(width, text, merge=m, link=url, keep=keep)
                               for width, (text, m, url) in zip(w, cells)))

    def row(self, texts: list, columns) -> str:
        return _row("".join(self.cell(width, text) for (_, width), text in zip(columns, texts)))

    def cell(self, width: int, text: str | None, *, merge: str | None = None,
             link: str | None = None, span: int = 1, run_style: str | None = None,
             center: bool = False, keep: bool = False) -> str:
        props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        if span > 1:
            props += f'<w:gridSpan w:val="{span}"/>'
        if merge == "restart":
            props += '<w:vMerge w:val="restart"/>'
        elif merge == "continue":
            props += "<w:vMerge/>"
        runs = _runs(text, self.style[run_style] if run_style else None)
        if runs and link and is_link(link):
            runs = f'<w:hyperlink r:id="{self.link(link)}" w:history="1">' + _runs(
                text, self.style["Hyperlink"]) + "</w:hyperlink>"
        paragraph = _p(self.style["No Spacing"], runs, center=center, keep_next=keep)
        return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraph}</w:tc>"

    def link(self, url: str) -> str:
        """Return the id of an external hyperlink relationship to `url`, one per URL."""
        rid = self.links.get(url)
        if rid is None:  # rels.get_or_add_ext_rel scans every relationship: quadratic
            rid = self.links[url] = f"rIdLink{len(self.links) + 1}"
            self.rels.add_relationship(HYPERLINK, url, rid, is_external=True)
        return rid

    def finish(self, document) -> None:
        """Close the body and give the document part its new element."""
        if getattr(self, "last", "").endswith("</w:tbl>"):
            self.add("<w:p/>")  # Word wants a paragraph after a last table; only then
        if self.pending is None:
            self.parser.feed(self.tail)
            document.part._element = self.parser.close()  # no public setter
            return
        section = document.element.body.find(qn("w:sectPr"))
        parsed = parse_xml(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
                           + "".join(self.pending) + "</w:body>")
        for child in list(parsed):
            section.addprevious(child)


def _margins(twips: int | None) -> str:
    if twips is None:
        return ""
    return (f'<w:tblCellMar><w:left w:w="{twips}" w:type="dxa"/>'
            f'<w:right w:w="{twips}" w:type="dxa"/></w:tblCellMar>')


def _row(cells: str) -> str:
    return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>"


def _p(style_id: str, runs: str, *, keep_next: bool = False, center: bool = False) -> str:
    props = f'<w:pStyle w:val="{style_id}"/>' + ("<w:keepNext/>" if keep_next else "") + (
        '<w:jc w:val="center"/>' if center else "")
    return f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>"


def _runs(text: str | None, style_id: str | None = None) -> str:
    """Return a run of the text; its line breaks become Word line breaks."""
    text = clean(text)
    if not text:
        return ""
    props = f'<w:rPr><w:rStyle w:val="{style_id}"/></w:rPr>' if style_id else ""
    lines = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>'
                           for line in text.split("\n"))
    return f"<w:r>{props}{lines}</w:r>"
