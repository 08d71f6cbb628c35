"""Page numbers "— 1 —" in 4号宋体: a PAGE field, odd pages right and even pages left, one character in."""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from docgen.official.fonts import SMALL_SIZE, SONG_FONT, style_run
from docgen.official.styles import PAGE_NUMBER, chars_indent
from docgen.official.xml import ordered_child

DASH = "—"  # 一字线 (U+2014), one on each side of the number
PAGE_NUMBER_LINE = Pt(18)
# The footer's lower edge sits 20 mm above the paper's edge; this space lifts the number so that its
# dashes stand about 7 mm below the text block, as GB/T 9704 places them.
PAGE_NUMBER_LIFT = Pt(7)


def add_page_numbers(document: Document, section: Section | None = None, *, first_page: bool = True) -> None:
    """Odd-page footers right-aligned, even-page footers left-aligned, each one character in.

    With `first_page=False` the first page gets its own footer without a number (信函格式).
    Numbering starts at 1 in the section, so documents combined for printing each count from 1.
    """
    section = section or document.sections[0]
    document.settings.odd_and_even_pages_header_footer = True
    section.footer.is_linked_to_previous = False
    _number_paragraph(document, _only_paragraph(section.footer), WD_ALIGN_PARAGRAPH.RIGHT)
    section.even_page_footer.is_linked_to_previous = False
    _number_paragraph(document, _only_paragraph(section.even_page_footer), WD_ALIGN_PARAGRAPH.LEFT)
    if not first_page:
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False
    ordered_child(section._sectPr, "w:pgNumType", fmt="decimal", start="1")


def page_field(paragraph: Paragraph, instruction: str = "PAGE") -> None:
    """A complex field (begin, instruction, separate, cached "1", end) in 4号宋体."""
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None), (None, "1"), ("end", None)):
        run = style_run(paragraph.add_run(), SONG_FONT, SMALL_SIZE)
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == "1":
            run.text = text
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


def _number_paragraph(document: Document, paragraph: Paragraph, alignment: WD_ALIGN_PARAGRAPH) -> None:
    paragraph.style = document.styles[PAGE_NUMBER]
    paragraph.alignment = alignment
    fmt = paragraph.paragraph_format
    fmt.line_spacing = PAGE_NUMBER_LINE
    fmt.space_after = PAGE_NUMBER_LIFT
    fmt.first_line_indent = None
    side = {"right": 1} if alignment == WD_ALIGN_PARAGRAPH.RIGHT else {"left": 1}
    chars_indent(paragraph._p.get_or_add_pPr(), **side, size=SMALL_SIZE)
    style_run(paragraph.add_run(f"{DASH} "), SONG_FONT, SMALL_SIZE)
    page_field(paragraph)
    style_run(paragraph.add_run(f" {DASH}"), SONG_FONT, SMALL_SIZE)


def _only_paragraph(part) -> Paragraph:
    """The footer's single paragraph, emptied."""
    paragraph = part.paragraphs[0]
    for child in list(paragraph._p):
        if child.tag != qn("w:pPr"):
            paragraph._p.remove(child)
    return paragraph
