"""The closing block (版记) in 4号仿宋: 抄送 and 印发 lines between rules, at the foot of the last page."""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

from docgen.official.fonts import BODY_FONT, SMALL_SIZE, style_run
from docgen.official.layout import A4
from docgen.official.styles import CLOSING
from docgen.official.xml import ordered_child

THICK_RULE = "8"  # eighths of a point: ≈ 0.35 mm, the first and last rules
THIN_RULE = "6"  # ≈ 0.25 mm, the rules between the lines


def add_closing_block(
    document: Document,
    *,
    copies_to: str | None = None,
    issuer: str | None = None,
    issued: str | None = None,
    condition: str | None = None,
) -> Table:
    """A one-column table anchored to the bottom of the text block, as wide as it.

    `copies_to` is the text after 抄送：; `issuer` and `issued` make the 印发 line. `condition` (a Jinja
    expression) keeps the 抄送 line only when it holds, e.g. "责任单位".
    """
    rows: list[tuple[str, str | None]] = []
    if copies_to is not None:
        if condition:
            rows.append((f"{{%tr if {condition} %}}", None))
        rows.append((f"抄送：{copies_to}。", None))
        if condition:
            rows.append(("{%tr endif %}", None))
    if issuer is not None or issued is not None:
        rows.append((issuer or "", f"{issued or ''}印发"))
    table = document.add_table(rows=len(rows), cols=1)
    width = Mm(A4.block_width)
    _float_to_bottom(table)
    _rules(table)
    for row, (left, right) in zip(table.rows, rows):
        cell = row.cells[0]
        cell.width = width
        paragraph = cell.paragraphs[0]
        paragraph.style = document.styles[CLOSING]
        style_run(paragraph.add_run(left), BODY_FONT, SMALL_SIZE)
        if right is not None:
            # a right tab at the right indent, one character in from the rule's end
            paragraph.paragraph_format.tab_stops.add_tab_stop(width - Pt(SMALL_SIZE), WD_TAB_ALIGNMENT.RIGHT)
            style_run(paragraph.add_run("\t" + right), BODY_FONT, SMALL_SIZE)
    _anchor_after(document)
    return table


def _anchor_after(document: Document) -> None:
    """A one-point paragraph after the table: a body must end with a paragraph, and it anchors the table."""
    paragraph = document.add_paragraph(style=document.styles[CLOSING])
    paragraph.paragraph_format.line_spacing = Pt(1)


def _float_to_bottom(table: Table) -> None:
    """Position the table at the foot of the text block on the page where it falls.

    Word and WPS honour the position; LibreOffice up to 7.x sets the table after the text instead.
    """
    tbl_pr = table._tbl.tblPr
    position = ordered_child(tbl_pr, "w:tblpPr")
    for name, value in (("vertAnchor", "margin"), ("horzAnchor", "margin"), ("tblpYSpec", "bottom"), ("tblpX", "0")):
        position.set(qn(f"w:{name}"), value)
    ordered_child(tbl_pr, "w:tblW", w=str(round(A4.block_width / 25.4 * 1440)), type="dxa")
    ordered_child(tbl_pr, "w:tblLayout", type="fixed")
    margins = ordered_child(tbl_pr, "w:tblCellMar")
    for side in ("left", "right"):
        ordered_child(margins, f"w:{side}", w="0", type="dxa")


def _rules(table: Table) -> None:
    borders = ordered_child(table._tbl.tblPr, "w:tblBorders")
    for side, size in (("top", THICK_RULE), ("bottom", THICK_RULE), ("insideH", THIN_RULE)):
        ordered_child(borders, f"w:{side}", val="single", sz=size, space="0", color="000000")
    for side in ("left", "right", "insideV"):
        ordered_child(borders, f"w:{side}", val="nil")
