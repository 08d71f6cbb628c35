"""Wide data tables (rankings with many columns): smaller type, header repeated on each page, rows kept whole."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

from docgen.official.fonts import BODY_FONT, HEI_FONT, SIZES, style_run
from docgen.official.styles import TABLE_TEXT
from docgen.official.xml import ordered_child

CELL_MARGIN_MM = 1.0


def add_compact_table(
    document: Document,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_mm: Sequence[float],
    *,
    size: float = SIZES["五号"],
    left_columns: Collection[int] = (),
    min_height_mm: float = 6.5,
) -> Table:
    """A ruled table in `size` type with narrow cell margins: the header row in 黑体, repeated at the top
    of every page; the body in 仿宋. Cells are centred, columns in `left_columns` left-aligned; rows are at
    least `min_height_mm` high and never split across pages.
    """
    table = document.add_table(rows=1 + len(rows), cols=len(widths_mm))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    ordered_child(tbl_pr, "w:tblW", w=str(round(sum(widths_mm) / 25.4 * 1440)), type="dxa")
    ordered_child(tbl_pr, "w:tblLayout", type="fixed")
    margins = ordered_child(tbl_pr, "w:tblCellMar")
    for side in ("left", "right"):
        ordered_child(margins, f"w:{side}", w=str(round(CELL_MARGIN_MM / 25.4 * 1440)), type="dxa")
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    for index, values in enumerate([header, *rows]):
        row = table.rows[index]
        tr_pr = row._tr.get_or_add_trPr()
        # schema order: cantSplit, trHeight, tblHeader
        tr_pr.append(OxmlElement("w:cantSplit"))
        tr_pr.append(OxmlElement("w:trHeight", {qn("w:val"): str(round(min_height_mm / 25.4 * 1440))}))
        if index == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))
        for col, (cell, width) in enumerate(zip(row.cells, widths_mm)):
            cell.width = Mm(width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles[TABLE_TEXT]
            spacing = paragraph.paragraph_format
            spacing.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            spacing.line_spacing = Pt(round(size * 1.35))
            # off the page's line grid, or LibreOffice gives every line of the cell a full 28.95 pt grid line
            ordered_child(paragraph._p.get_or_add_pPr(), "w:snapToGrid", val="0")
            centred = index == 0 or col not in left_columns
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
            text = values[col] if col < len(values) else ""
            if text:
                style_run(paragraph.add_run(text), HEI_FONT if index == 0 else BODY_FONT, size)
    return table
