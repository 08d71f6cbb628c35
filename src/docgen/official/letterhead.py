"""The letter format (信函格式): red organ name 30 mm from the top, red double rules, no number on page 1."""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_LINE_SPACING
from docx.section import Section
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from docgen.official.fonts import RED, TITLE_FONT, style_run
from docgen.official.styles import LETTERHEAD, LETTERHEAD_SIZE, NORMAL
from docgen.official.xml import ordered_child

ORGAN_FIELD = "{{ 发文机关 }}"
RULE_COLOR = "FF0000"
RULE_LENGTH_MM = 170.0
# Where the header starts so that the organ name's top edge stands 30 mm below the paper's edge.
HEADER_DISTANCE_MM = 27.0
# Upper rule: thick over thin, about 4 mm under the name; lower rule: thin over thick, 20 mm above
# the paper's lower edge (GB/T 9704-2012, 10.1).
UPPER_RULE = "thickThinSmallGap"
LOWER_RULE = "thinThickSmallGap"
RULE_WIDTH = "24"  # eighths of a point, the double rule as a whole
UPPER_RULE_SPACE = "6"  # points between the name and the rule
# Space under the upper rule before the first line of the text (the document number).
GAP_BELOW_RULE = Pt(1)


def add_letterhead(document: Document, section: Section | None = None, organ: str = ORGAN_FIELD) -> None:
    """The first page's header and footer of a letter: organ name and upper rule, lower rule.

    Pages after the first keep the ordinary header and footer (page numbers, see `add_page_numbers`).
    """
    section = section or document.sections[0]
    section.different_first_page_header_footer = True
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    header = section.first_page_header
    header.is_linked_to_previous = False
    name = header.paragraphs[0]
    name.style = document.styles[LETTERHEAD]
    style_run(name.add_run(organ), TITLE_FONT, LETTERHEAD_SIZE, color=RED)
    _rule(name, "bottom", UPPER_RULE, UPPER_RULE_SPACE)
    _full_width(name)
    spacer = header.add_paragraph(style=document.styles[NORMAL])
    _exact(spacer, GAP_BELOW_RULE)

    footer = section.first_page_footer
    footer.is_linked_to_previous = False
    lower = footer.paragraphs[0]
    lower.style = document.styles[NORMAL]
    _exact(lower, Pt(1))
    _rule(lower, "top", LOWER_RULE, "0")
    _full_width(lower)


def _rule(paragraph: Paragraph, side: str, kind: str, space: str) -> None:
    borders = ordered_child(paragraph._p.get_or_add_pPr(), "w:pBdr")
    ordered_child(borders, f"w:{side}", val=kind, sz=RULE_WIDTH, space=space, color=RULE_COLOR)


def _full_width(paragraph: Paragraph) -> None:
    """Indents that widen the paragraph, and so its rule, from the 156 mm text block to 170 mm."""
    overhang = Mm((RULE_LENGTH_MM - 156.0) / 2)
    paragraph.paragraph_format.left_indent = -overhang
    paragraph.paragraph_format.right_indent = -overhang
    paragraph.paragraph_format.first_line_indent = Pt(0)


def _exact(paragraph: Paragraph, height: Pt) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = height
