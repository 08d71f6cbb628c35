"""The 发文登记簿 as an Excel workbook: one row per document number the ledger handed out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docgen.errors import OutputError
from docgen.ledger.store import VOID, Entry
from docgen.outputs.atomic import write_atomic

HEADERS = ("序号", "发文字号", "文书种类", "信访编号", "成文日期", "状态", "生成文件", "SHA-256", "生成时间")
WIDTHS = (6, 22, 16, 16, 14, 8, 48, 20, 20)


def export_xlsx(entries: Sequence[Entry], path: str | Path, *, title: str = "发文登记簿", force: bool = False) -> Path:
    """Write `entries` to `path` (.xlsx): a title row, the header, then one row per number; voided ones greyed."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise OutputError(f"登记簿只能导出为 .xlsx 文件，收到的是 {path.name}", hint="请把文件名改为 ….xlsx")
    book = Workbook()
    sheet = book.active
    sheet.title = "发文登记簿"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(list(HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    grey = Font(color="808080", strike=True)
    for index, entry in enumerate(entries, 1):
        sheet.append(
            [
                index,
                entry.number,
                entry.kind,
                entry.case_no,
                entry.issued,
                entry.status,
                entry.output or "",
                entry.sha256 or "",
                (entry.written or "").replace("T", " "),
            ]
        )
        row = sheet.max_row
        sheet.cell(row, 5).number_format = "yyyy-mm-dd"
        if entry.status == VOID:
            for cell in sheet[row]:
                cell.font = grey
    for column, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[sheet.cell(2, column).column_letter].width = width
    sheet.freeze_panes = "A3"
    buffer = BytesIO()
    book.save(buffer)
    write_atomic(path, buffer.getvalue(), force=force)
    return path
