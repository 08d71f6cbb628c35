"""The assessment as a workbook: the ranked table, every deduction with its cases, and the rules in words."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from docgen.assess.assessment import Assessment
from docgen.assess.describe import describe
from docgen.assess.notice import table_columns
from docgen.assess.points import fmt
from docgen.assess.rules import VETO
from docgen.assess.scoring import DEDUCTION, GAIN
from docgen.errors import OutputError
from docgen.outputs.atomic import write_atomic

RESULT_SHEET = "考核结果"
DETAIL_SHEET = "扣分明细"
RULES_SHEET = "考核细则"
DETAIL_HEADERS = ("单位", "考核项目", "扣分", "加分", "信访编号", "台账行号", "说明")
_HEAD = PatternFill("solid", fgColor="DDEBF7")
_VETO = PatternFill("solid", fgColor="FFC7CE")
_WRAP = Alignment(wrap_text=True, vertical="top")


def write_assessment_xlsx(assessment: Assessment, path: str | Path, *, force: bool = False) -> Path:
    """Save the result table and the deduction detail to `path`; an existing file is kept unless `force`."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise OutputError(f"{target.name} 应以 .xlsx 结尾", hint="例如 --xlsx 考核明细.xlsx")
    book = Workbook()
    _results(book.active, assessment)
    _detail(book.create_sheet(DETAIL_SHEET), assessment)
    _rules(book.create_sheet(RULES_SHEET), assessment)
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(target, buffer.getvalue(), force=force)
    return target


def _results(sheet: Worksheet, assessment: Assessment) -> None:
    """名次, 单位, one column per item (signed points), 扣分合计, 加分合计, 总分, 一票否决."""
    sheet.title = RESULT_SHEET
    items = table_columns(assessment.rules)
    sheet.append(["名次", "单位", *(i.name for i in items), "扣分合计", "加分合计", "总分", "一票否决"])
    for place in assessment.ranked:
        score = place.score
        changes = [score.change(i.name) for i in items]
        veto = "、".join(score.vetoes)
        sheet.append([place.rank, score.unit, *changes, score.lost, score.bonus, score.total, veto])
        if veto:
            sheet.cell(sheet.max_row, sheet.max_column).fill = _VETO
    _finish(sheet, [6, 24, *(12 for _ in items), 10, 10, 10, 14])
    sheet.append([])
    title = f"{assessment.period_name}{assessment.rules.name}"
    sheet.append([f"{title}，基础分 {fmt(assessment.rules.base)} 分；每项扣分的信访事项见「{DETAIL_SHEET}」工作表"])


def _detail(sheet: Worksheet, assessment: Assessment) -> None:
    """One row per entry: points and the cases (信访编号, Excel row) behind them; a veto has no points."""
    sheet.append(DETAIL_HEADERS)
    for entry in assessment.entries:
        lost = entry.points if entry.kind == DEDUCTION else None
        gained = entry.points if entry.kind == GAIN else None
        numbers = "、".join(c.number for c in entry.cases)
        rows = "、".join(str(c.row) for c in entry.cases)
        row_value: int | str = entry.cases[0].row if len(entry.cases) == 1 else rows
        note = entry.note if entry.kind != "否决" else f"一票否决：{entry.note}"
        sheet.append([entry.unit, entry.item, lost, gained, numbers, row_value, note])
        if entry.kind == "否决":
            sheet.cell(sheet.max_row, 7).fill = _VETO
        for column in (5, 6, 7):
            sheet.cell(sheet.max_row, column).alignment = _WRAP
    _finish(sheet, [24, 14, 8, 8, 18, 10, 70])
    if assessment.register_name:
        sheet.append([])
        sheet.append([f"台账行号指 {assessment.register_name} 中的 Excel 行号"])


def _rules(sheet: Worksheet, assessment: Assessment) -> None:
    rules = assessment.rules
    sheet.append(("考核项目", "类型", "分值", "规则"))
    for item in rules.items:
        sheet.append([item.name, item.kind, item.points if item.kind != VETO else None, describe(item)])
        sheet.cell(sheet.max_row, 4).alignment = _WRAP
    _finish(sheet, [16, 10, 8, 90])


def _finish(sheet: Worksheet, widths: list[int]) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEAD
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
