"""The progress report in Word (.docx), to drop into an ITU-T Technical Report.

Portrait A4 with the roadmap export's look (word.py): title block, numbered table captions
(SEQ fields), tables that fit the text width, repeat their header row and hold no empty
column, and only Word's built-in styles, so a reference document restyles it all. The
file is the same bytes on every run: its dates are the later side's date.
"""
from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from . import word_setup
from .comparison_words import NONE, total_rows
from .progress import GAP_COLUMNS, TEXT_COLUMNS, EntryReport, Progress, gap_row, progress, text_row
from .settled import settled
from .word import STYLES, _Body

if TYPE_CHECKING:
    from ..edition_diff import Comparison

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEFAULT_NAME = "Standardization roadmap for smart sustainable cities"
MORE_STYLES = ("Heading 2", "List Bullet")
TOTAL_COLUMNS = (("Figure", 5638), ("Then", 2000), ("Now", 2000))
COUNT_COLUMNS = (("Change", 7638), ("Number", 2000))


def render(comparison: Comparison, *, name: str = DEFAULT_NAME,
           template: bytes | None = None) -> bytes:
    """Return the progress report as a Word document."""
    report = progress(comparison)
    document = word_setup.open_document(template)
    if template:
        word_setup.clear_body(document)
    else:
        word_setup.house_styles(document)
    _portrait(document)
    document.core_properties.title = f"{name}: progress since {report.before['label']}"
    body = _Report(document)
    if not template:
        _heading_2_look(document)
    body.title_block(report, name)
    body.register(report)
    body.published(report)
    since = report.before["label"]
    body.texts_table("Newly approved texts", "Texts newly approved", report.approved,
                     f"No text was approved since {since}.")
    body.texts_table("New projects", "New projects started", report.started,
                     f"No new project started since {since}.")
    body.texts_table("Texts withdrawn or superseded", "Texts withdrawn or superseded",
                     report.ended, f"No text was withdrawn or superseded since {since}.")
    body.gaps(report)
    body.finish(document)
    out = io.BytesIO()
    document.save(out)
    return settled(out.getvalue(), dt.date.fromisoformat(report.after["date"]))


def _portrait(document) -> None:
    """A4 portrait, margins and page numbers as the roadmap tables have them."""
    word_setup.portrait(document)


def _heading_2_look(document) -> None:
    style = document.styles["Heading 2"]
    style.font.size, style.font.bold, style.font.italic = Pt(11), True, False
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.attrib.clear()  # the theme's heading font; the report's headings are Times
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), "Times New Roman")


def fit(columns: tuple, rows: list[tuple]) -> tuple[tuple, list[tuple]]:
    """Drop the columns no row fills; the widest column left takes their width.

    >>> fit((("A", 10), ("B", 5), ("C", 20)), [("x", "", "z")])
    ((('A', 10), ('C', 25)), [('x', 'z')])
    """
    keep = [i for i in range(len(columns)) if any(row[i] not in ("", NONE) for row in rows)]
    freed = sum(columns[i][1] for i in range(len(columns)) if i not in keep)
    widest = max(keep, key=lambda i: columns[i][1])
    kept = tuple((n, w + freed if i == widest else w) for i, (n, w) in enumerate(columns)
                 if i in keep)
    return kept, [tuple(row[i] for i in keep) for row in rows]


class _Report(_Body):
    """The export's body writer, with portrait tables and the report's sections."""

    def __init__(self, document):
        super().__init__(document)
        self.style.update(word_setup.ensure_styles(document, (*STYLES, *MORE_STYLES)))

    def table(self, columns, rows) -> None:
        """Add a fixed-width table as wide as its columns; its header row repeats."""
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for _, width in columns)
        header = "".join(self.cell(width, name, run_style="Strong", center=True)
                         for name, width in columns)
        self.add(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.style["Table Grid"]}"/>'
            f'<w:tblW w:w="{sum(w for _, w in columns)}" w:type="dxa"/>'
            '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" '
            'w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
            f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>')
        for row in rows:
            self.add(row)
        self.add("</w:tbl>")

    def fitted(self, caption: str, columns: tuple, rows: list[tuple]) -> None:
        columns, rows = fit(columns, rows)
        self.caption(caption)
        self.table(columns, (self.row(list(r), columns) for r in rows))

    def bullet(self, text: str) -> None:
        self.paragraph(text, "List Bullet")

    def heading_2(self, text: str) -> None:
        self.paragraph(text, "Heading 2", keep_next=True)

    def title_block(self, report: Progress, name: str) -> None:
        before, after = report.before, report.after
        self.paragraph(name, "Title")
        self.paragraph(f"Progress since {before['label']}", "Subtitle")
        titled = f", “{before['title']}”," if before.get("title") else ""
        self.paragraph(f"This report compares {before['label']}{titled} with "
                       f"{after['label']}: each gap of the register with its status then and "
                       "now, the texts newly published, the new projects, and the gaps the "
                       "data shows closed or opened.")
        self.heading("Summary")
        self.fitted("The roadmap then and now", TOTAL_COLUMNS, total_rows(report.summary))
        if report.counts:
            self.fitted(f"Changes since {before['label']}", COUNT_COLUMNS,
                        [(words, str(n)) for words, n in report.counts])
        else:
            self.paragraph("Nothing changed between the two.")

    def register(self, report: Progress) -> None:
        self.heading("Gaps of the register")
        if not report.register:
            self.paragraph("The gap register has no entries.")
        for entry in report.register:
            self.entry(entry, report.before["label"])

    def entry(self, entry: EntryReport, since: str) -> None:
        self.heading_2(f"{entry.code} {entry.title}".strip())
        if entry.statement:
            self.paragraph(entry.statement)
        self.paragraph(f"Status then: {entry.status_then}. Status now: {entry.status_now}."
                       + (f" Topics: {entry.topics}." if entry.topics else ""))
        self.paragraph(f"Updates since {since}:" if entry.updates
                       else f"No update since {since}.", keep_next=bool(entry.updates))
        for update in entry.updates:
            self.bullet(update)
        if entry.texts:
            self.paragraph("Texts published or started on its topics:", keep_next=True)
            for text in entry.texts:
                number, body, title, status, date, target = text_row(text)
                self.bullet(f"{number} ({body}), {title}: {status}"
                            + (f", {date}" if date != NONE else "")
                            + (f", target {target}" if target != NONE else ""))

    def published(self, report: Progress) -> None:
        self.heading("Newly published texts by topic group")
        if not report.published:
            self.paragraph(f"No text was published since {report.before['label']}.")
        for group, moved in report.published:
            self.fitted(f"Newly published: {group}", TEXT_COLUMNS, [text_row(m) for m in moved])

    def texts_table(self, heading: str, caption: str, moved, empty: str) -> None:
        self.heading(heading)
        if moved:
            self.fitted(caption, TEXT_COLUMNS, [text_row(m) for m in moved])
        else:
            self.paragraph(empty)

    def gaps(self, report: Progress) -> None:
        self.heading("Gaps closed and opened")
        self.paragraph("What the data shows for each leaf topic of the roadmap: a gap closes "
                       "when published or approved texts now cover the topic.")
        for caption, found, empty in (("Gaps closed", report.closed, "No gap closed."),
                                      ("New gaps", report.opened, "No new gap.")):
            if found:
                self.fitted(caption, GAP_COLUMNS, [gap_row(g) for g in found])
            else:
                self.paragraph(empty)

