"""The 版头 of a document in the 文件 format: red organ mark, document number, red rule (GB/T 9704 §7.2).

One function for every standalone document that goes out under the organ's own number: the 考核通报,
and the 督查通报 and 包案通报 of `docgen bulletin`.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from docgen.official.fonts import BODY_FONT, BODY_SIZE, RED, TITLE_FONT, style_run
from docgen.official.layout import A4
from docgen.official.styles import NORMAL
from docgen.official.xml import ordered_child

MARK_TOP_MM = 35.0  # from the top of the text block to the top of the organ mark (§7.2.3)
MARK_SIZE = 36.0  # 小初; smaller for a long name so that the mark stays on one line
RULE_GAP_PT = "11"  # ≈ 4 mm between the number and the red rule (§7.2.5)
RULE_WIDTH = "12"  # eighths of a point: a 1.5 pt red rule as wide as the text block
MARK_SUFFIX = "文件"


def mark_size(mark: str) -> float:
    """The organ mark's size in points: 小初, or what fits the text block's width on one line."""
    width_pt = A4.block_width / 25.4 * 72
    return min(MARK_SIZE, width_pt / max(len(mark), 1))


def add_masthead(document: Document, organ: str, number: str) -> list[Paragraph]:
    """「{organ}文件」 in red 小标宋 35 mm below the top of the text block, the number centred two lines
    below it, the red rule 4 mm under the number, and two blank lines before the title."""
    mark = organ if organ.endswith(MARK_SUFFIX) else organ + MARK_SUFFIX
    size = mark_size(mark)
    spacer = _exact(document.add_paragraph(style=document.styles[NORMAL]), Pt(MARK_TOP_MM / 25.4 * 72))
    name = _exact(document.add_paragraph(style=document.styles[NORMAL]), Pt(size * 1.15))
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    style_run(name.add_run(mark), TITLE_FONT, size, color=RED)
    paragraphs = [spacer, name, _blank(document), _blank(document)]
    line = document.add_paragraph(style=document.styles[NORMAL])
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line.paragraph_format.first_line_indent = Mm(0)
    style_run(line.add_run(number), BODY_FONT, BODY_SIZE)
    borders = ordered_child(line._p.get_or_add_pPr(), "w:pBdr")
    ordered_child(borders, "w:bottom", val="single", sz=RULE_WIDTH, space=RULE_GAP_PT, color="FF0000")
    paragraphs += [line, _blank(document), _blank(document)]
    return paragraphs


def _blank(document: Document) -> Paragraph:
    return document.add_paragraph(style=document.styles[NORMAL])


def _exact(paragraph: Paragraph, height: Pt) -> Paragraph:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = height
    fmt.first_line_indent = Mm(0)
    return paragraph
