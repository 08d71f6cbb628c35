"""The bulletins' figures as a workbook: the unit table, the overdue cases, and the rows behind every count."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from docgen.bulletins.document import OVERDUE_HEADER, leader_row, overdue_row, unit_row
from docgen.bulletins.figures import Supervision
from docgen.bulletins.ownership import Ownership
from docgen.outputs.atomic import write_atomic

_HEAD = PatternFill("solid", fgColor="DDEBF7")
# Each count of the unit table and the list of register rows behind it.
TRACED = (("本期收件", "received"), ("已办结", "closed"), ("按期办结", "on_time"), ("在办", "open"))


def supervision_workbook(figures: Supervision) -> bytes:
    """Sheets 单位情况 (ranked, with 合计), 超期事项, 统计明细 (one line per counted case)."""
    book = Workbook()
    units = book.active
    units.title = "单位情况"
    header = [
        h.replace("\n", "")
        for h in (
            "名次",
            "单位",
            "本期收件",
            "已办结",
            "按期办结",
            "按期办结率",
            "在办",
            "超期",
            "最长超期（日）",
            "督办函",
        )
    ]
    _sheet(units, header, [unit_row(u) for u in figures.units] + [unit_row(figures.totals(), total=True)])
    overdue = book.create_sheet("超期事项")
    rows = [[*overdue_row(i, c), c.row] for i, c in enumerate(figures.overdue, 1)]
    _sheet(overdue, [*OVERDUE_HEADER, "台账行号"], rows)
    detail = book.create_sheet("统计明细")
    lines: list[list[object]] = []
    for unit in figures.units:
        for label, name in TRACED:
            lines += [[unit.unit, label, row] for row in getattr(unit, name)]
        lines += [[unit.unit, "超期", c.row] for c in unit.overdue]
        lines += [[unit.unit, "督办函", number] for number in unit.reminders]
    lines += [["（未明确责任单位）", "尚未交办", row] for row in figures.unassigned]
    _sheet(detail, ["单位", "统计项", "台账行号／督办函文号"], lines)
    return _bytes(book)


def ownership_workbook(figures: Ownership) -> bytes:
    """Sheets 包案领导 (one summary line each) and 包案事项 (every case, overdue first within each leader)."""
    book = Workbook()
    leaders = book.active
    leaders.title = "包案领导"
    rows = [[x.name, x.rate.total, x.rate.hits, x.rate.text(), len(x.late)] for x in figures.leaders]
    total = figures.total
    rows.append(["合计", total.total, total.hits, total.text(), len(figures.late)])
    _sheet(leaders, ["包案领导", "包案件数", "已化解", "化解率", "超过定办结时间"], rows)
    cases = book.create_sheet("包案事项")
    header = [
        "包案领导",
        "信访编号",
        "信访人",
        "办案单位",
        "办案人员",
        "定办结时间",
        "状态",
        "距定办结时间（日）",
        "最新进展",
        "台账行号",
    ]
    lines = [[x.name, *leader_row(c, figures), c.row] for x in figures.leaders for c in x.cases]
    _sheet(cases, header, lines)
    return _bytes(book)


def save(data: bytes, path: str | Path, *, force: bool) -> Path:
    target = Path(path)
    write_atomic(target, data, force=force)
    return target


def _sheet(sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEAD
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append([_number(v) for v in row])
    for index, name in enumerate(header, 1):
        width = max([len(str(name))] + [len(str(r[index - 1])) for r in rows if index - 1 < len(r)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(8, width * 2 + 2), 40)
    sheet.freeze_panes = "A2"


def _number(value: object) -> object:
    """Counts typed as text by the document's row builders go in as numbers, so Excel can sum them."""
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value


def _bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
