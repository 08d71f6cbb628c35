"""The closing block (版记) in 4号仿宋: 抄送 and 印发 lines between rules, at the foot of the last page.

GB/T 9704-2012 §7.4: the 版记 sits at the foot of the last page, its last line on the last line of the
text block, the first and last rules thick (0.35 mm), the rule between lines thin (0.25 mm). Each line
is a one-paragraph frame (w:framePr) fixed to its line from the bottom of the text block: Word, WPS and
LibreOffice (which ignores a floating table's position and draws no frame of two bordered paragraphs)
all place it there. The text above keeps two lines clear of it, room for the seal over the date.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from docgen.official.fonts import BODY_FONT, SMALL_SIZE, set_rpr_fonts, style_run
from docgen.official.layout import A4
from docgen.official.styles import CLOSING, TAG
from docgen.official.xml import ordered_child

THICK_RULE = "8"  # eighths of a point: ≈ 0.35 mm, the first and last rules
THIN_RULE = "6"  # ≈ 0.25 mm, the rules between the lines
LINE_TWIPS = round(A4.line_spacing * 20)  # one line of the grid
BLOCK_TWIPS = round(A4.block_height / 25.4 * 1440)
WIDTH_TWIPS = round(A4.block_width / 25.4 * 1440)
SEAL_ROOM_TWIPS = 2 * LINE_TWIPS  # text stays this far above the 版记: the lower half of the seal


def add_closing_block(
    document: Document,
    *,
    copies_to: str | None = None,
    issuer: str | None = None,
    issued: str | None = None,
    condition: str | None = None,
) -> list[Paragraph]:
    """The 版记's lines, the last on the last line of the text block of the page where it falls.

    `copies_to` is the text after 抄送：; `issuer` and `issued` make the 印发 line. `condition` (a Jinja
    expression) keeps the 抄送 line only when it holds, e.g. "处理机关 != 发文机关".
    """
    lines: list[tuple[str, str | None]] = []
    if copies_to is not None:
        lines.append((f"抄送：{copies_to}。", None))
    if issuer is not None or issued is not None:
        lines.append((issuer or "", f"{issued or ''}印发"))
    paragraphs = []
    for index, (left, right) in enumerate(lines):
        conditional = condition is not None and index == 0 and copies_to is not None
        if conditional:
            _tag(document, f"{{%p if {condition} %}}")
        paragraph = document.add_paragraph(style=document.styles[CLOSING])
        style_run(paragraph.add_run(left), BODY_FONT, SMALL_SIZE)
        if right is not None:
            # a right tab one character in from the rule's end
            width = Mm(A4.block_width) - Pt(SMALL_SIZE) * 2
            paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
            style_run(paragraph.add_run("\t" + right), BODY_FONT, SMALL_SIZE)
        _frame(paragraph, from_bottom=len(lines) - index, clear_above=index == 0)
        _rules(paragraph, top=THICK_RULE if index == 0 else None, bottom=THICK_RULE if right else THIN_RULE)
        paragraphs.append(paragraph)
        if conditional:
            _tag(document, "{%p endif %}")
    _anchor_after(document)
    return paragraphs


def _frame(paragraph: Paragraph, *, from_bottom: int, clear_above: bool) -> None:
    """A frame one line high, as wide as the text block, `from_bottom` lines up from its foot; the top
    one keeps the text `SEAL_ROOM_TWIPS` away."""
    ppr = paragraph._p.get_or_add_pPr()
    frame = ordered_child(
        ppr,
        "w:framePr",
        w=str(WIDTH_TWIPS),
        h=str(LINE_TWIPS),
        hRule="exact",
        wrap="around",
        vAnchor="margin",
        hAnchor="margin",
        x="0",
        y=str(BLOCK_TWIPS - from_bottom * LINE_TWIPS),
    )
    if clear_above:
        frame.set(qn("w:vSpace"), str(SEAL_ROOM_TWIPS))


def _rules(paragraph: Paragraph, *, top: str | None, bottom: str) -> None:
    borders = ordered_child(paragraph._p.get_or_add_pPr(), "w:pBdr")
    if top is not None:
        ordered_child(borders, "w:top", val="single", sz=top, space="0", color="000000")
    ordered_child(borders, "w:bottom", val="single", sz=bottom, space="0", color="000000")


def _tag(document: Document, text: str) -> None:
    """A paragraph holding only a template tag; it vanishes when the template is rendered."""
    paragraph = document.add_paragraph(style=document.styles[TAG])
    set_rpr_fonts(paragraph.add_run(text)._r.get_or_add_rPr(), BODY_FONT)


def _anchor_after(document: Document) -> None:
    """A one-point paragraph after the frames: a body must end with a paragraph, and it anchors them."""
    paragraph = document.add_paragraph(style=document.styles[CLOSING])
    paragraph.paragraph_format.line_spacing = Pt(1)
