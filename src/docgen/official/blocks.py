"""Small blocks for reports in the official layout: centred captions and places marked for staff to write."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.text.paragraph import Paragraph

from docgen.official import styles as st
from docgen.official.document import OfficialDocument
from docgen.official.fonts import HEI_FONT, SMALL_SIZE, style_run


def caption(document: OfficialDocument, text: str, *, above: bool = True) -> Paragraph:
    """A centred 4号黑体 caption (表1 …, 图1 …); one above a table is kept with it."""
    paragraph = document.paragraph("", st.NORMAL)
    paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = above
    style_run(paragraph.add_run(text), HEI_FONT, SMALL_SIZE)
    return paragraph


def to_write(document: OfficialDocument, text: str) -> Paragraph:
    """A body paragraph marked for staff to replace: 【…】 highlighted in yellow."""
    paragraph = document.body("")
    run = style_run(paragraph.add_run(f"【{text}】"))
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return paragraph
