"""The due list as a workbook: one sheet of cases by unit, one sheet of counts per unit."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from docgen.due.select import DueList
from docgen.errors import OutputError
from docgen.outputs.atomic import write_atomic

CASES_SHEET = "到期提醒"
PENDING_SHEET = "待受理和未交办"
SUMMARY_SHEET = "按单位汇总"
PENDING_HEADERS = ("信访编号", "信访人", "台账行号", "阶段", "截止日期", "剩余天数", "超期天数", "状态")
CASE_HEADERS = ("责任单位", "信访编号", "信访人", "台账行号", "阶段", "截止日期", "剩余天数", "超期天数", "状态")
SUMMARY_HEADERS = ("责任单位", "已超期", "即将到期", "合计")
_HEAD = PatternFill("solid", fgColor="DDEBF7")
_OVERDUE = PatternFill("solid", fgColor="FFC7CE")
_SOON = PatternFill("solid", fgColor="FFEB9C")


def write_due_xlsx(due: DueList, path: str | Path, *, force: bool = False) -> Path:
    """Save the due list to `path` (.xlsx); an existing file is kept unless `force`."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise OutputError(f"{target.name} 应以 .xlsx 结尾", hint="例如 --xlsx 超期清单.xlsx")
    book = Workbook()
    cases = book.active
    cases.title = CASES_SHEET
    cases.append(CASE_HEADERS)
    for unit, items in due.by_unit().items():
        for item in items:
            cases.append(
                [
                    unit,
                    item.number,
                    item.petitioner,
                    item.row,
                    item.stage,
                    item.deadline,
                    item.remaining,
                    item.late_days,
                    "已超期" if item.overdue else "即将到期",
                ]
            )
            row = cases.max_row
            cases.cell(row, 6).number_format = "yyyy-mm-dd"
            cases.cell(row, 9).fill = _OVERDUE if item.overdue else _SOON
    pending = book.create_sheet(PENDING_SHEET)
    pending.append(PENDING_HEADERS)
    for item in due.pending:
        stage = "待受理" if item.stage == "受理" else "已受理未交办"
        values = (item.number, item.petitioner, item.row, stage, item.deadline)
        pending.append([*values, item.remaining, item.late_days, item.status])
        pending.cell(pending.max_row, 5).number_format = "yyyy-mm-dd"
        pending.cell(pending.max_row, 8).fill = _OVERDUE if item.overdue else _SOON
    summary = book.create_sheet(SUMMARY_SHEET)
    summary.append(SUMMARY_HEADERS)
    for unit, items in due.by_unit().items():
        late = sum(1 for i in items if i.overdue)
        summary.append([unit, late, len(items) - late, len(items)])
    assigned = [i for i in due.items if i.assigned]
    late = sum(1 for i in assigned if i.overdue)
    summary.append(["合计", late, len(assigned) - late, len(assigned)])
    late_pending = sum(1 for i in due.pending if i.overdue)
    summary.append([PENDING_SHEET, late_pending, len(due.pending) - late_pending, len(due.pending)])
    sheets = (
        (cases, (24, 16, 10, 9, 6, 12, 9, 9, 9)),
        (pending, (16, 10, 9, 12, 12, 9, 9, 16)),
        (summary, (24, 8, 9, 8)),
    )
    for sheet, widths in sheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = _HEAD
        for index, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(target, buffer.getvalue(), force=force)
    return target
