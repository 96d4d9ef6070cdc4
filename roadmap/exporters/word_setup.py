"""The Word document around the tables: page set-up, template and built-in styles."""
from __future__ import annotations

import copy
import io
import zipfile
from typing import Iterable

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A4_LONG, A4_SHORT, MARGIN = 16838, 11906, 1134  # twips (1/20 pt): 297 mm, 210 mm, 2 cm


def landscape(document) -> None:
    """Turn every section to A4 landscape; number the pages when there is no footer yet."""
    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Twips(A4_LONG), Twips(A4_SHORT)
        section.left_margin = section.right_margin = Twips(MARGIN)
        section.top_margin = section.bottom_margin = Twips(MARGIN)
    section = document.sections[-1]
    if section.footer.is_linked_to_previous:  # the template has no footer: number the pages
        section.footer.is_linked_to_previous = False
        footer = section.footer._element
        for child in list(footer):
            footer.remove(child)
        footer.append(parse_xml(
            f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="{_style_id(document, "Footer")}"/>'
            '<w:jc w:val="center"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r>'
            '<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar '
            'w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar '
            'w:fldCharType="end"/></w:r></w:p>'))


def portrait(document) -> None:
    """A4 portrait: the landscape set-up (margins, page numbers) turned upright."""
    landscape(document)
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Twips(A4_SHORT), Twips(A4_LONG)


def open_document(template: bytes | None):
    """Open the reference document, or python-docx's default one."""
    if template is None:
        return docx.Document()
    try:
        return docx.Document(io.BytesIO(template))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError):
        raise ValueError("the template is not a Word document (.docx)") from None


def clear_body(document) -> None:
    """Empty a reference document's body; its styles, headers and footers stay."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _style_id(document, name: str) -> str:
    return document.styles[name].style_id


def ensure_styles(document, names: Iterable[str]) -> dict[str, str]:
    """Return each built-in style's id, copying from python-docx's defaults what is missing.

    A reference document saved by Word holds only the styles it uses; the others are
    latent, so the ones this export needs are added with their usual definitions.
    """
    ids, defaults = {}, None
    for name in names:
        if name not in document.styles:
            defaults = defaults or docx.Document().styles
            _add_style(document, defaults, name)
        ids[name] = _style_id(document, name)
    return ids


def _add_style(document, defaults, name: str) -> None:
    if name in defaults:
        element = defaults[name].element
        document.styles.element.append(copy.deepcopy(element))
        linked = element.find(qn("w:link"))
        if linked is not None:
            linked_style = defaults.element.get_by_id(linked.get(qn("w:val")))
            if linked_style is not None and document.styles.element.get_by_id(
                    linked_style.styleId) is None:
                document.styles.element.append(copy.deepcopy(linked_style))
        return
    style = document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER, builtin=True)
    style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)  # Word's own Hyperlink style
    style.font.underline = True


def house_styles(document) -> None:
    """Give the default styles the sober look of an ITU-T report (a template overrides it)."""
    styles = document.styles
    for name, size in (("Normal", 11), ("Title", 16), ("Subtitle", 12), ("Heading 1", 12),
                       ("Caption", 10), ("No Spacing", 9)):
        font = styles[name].font
        font.size = Pt(size)
        font.color.rgb = RGBColor(0, 0, 0)
        rfonts = styles[name].element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
            rfonts.set(qn(attribute), "Times New Roman")
    styles["Title"].font.bold = True
    borders = styles["Title"].element.pPr.find(qn("w:pBdr"))
    if borders is not None:
        styles["Title"].element.pPr.remove(borders)
    styles["Subtitle"].font.italic = False
    for name in ("Caption", "Heading 1"):
        styles[name].font.bold = True
        styles[name].font.italic = False
    caption = styles["Caption"].paragraph_format
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.space_before, caption.space_after = Pt(12), Pt(6)
