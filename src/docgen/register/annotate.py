"""The validation report: a copy of the register with offending cells highlighted and commented."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from docgen.errors import OutputError, Problem, RegisterError
from docgen.outputs.atomic import write_atomic
from docgen.register.reader import Register
from docgen.register.sources import read_csv_text

PROBLEM_SHEET = "问题清单"
FILLS = {
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFEB9C"),
}
LABELS = {"error": "错误", "warning": "警告"}
HEADERS = ("序号", "级别", "单元格", "行", "列", "表头", "值", "问题", "建议")
WIDTHS = (6, 6, 10, 6, 6, 14, 24, 50, 50)
AUTHOR = "docgen"


def write_report(register: Register, problems: Sequence[Problem], path: str | Path, *, force: bool = False) -> Path:
    """Save a copy of `register` with every problem marked, plus a sheet listing them all.

    The register's own file is never written; `path` must be a new .xlsx unless `force`.
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise OutputError(f"报告文件 {target.name} 应以 .xlsx 结尾", hint="例如 --report 台账问题.xlsx")
    if target.resolve() == register.path.resolve():
        raise OutputError("报告不能写到台账文件本身", hint="请另起一个文件名，例如 --report 台账问题.xlsx")
    if target.exists() and not force:
        raise OutputError(f"{target.name} 已存在，未覆盖", hint="如需覆盖请加 --force，或换一个文件名")
    book = _copy_of(register)
    sheet = book[register.sheet] if register.sheet in book.sheetnames else book.worksheets[0]
    mark_cells(sheet, problems)
    add_problem_sheet(book, problems, sheet.title)
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(target, buffer.getvalue(), force=force)
    return target


def _copy_of(register: Register) -> Workbook:
    """The register's workbook in memory (a .csv becomes a one-sheet workbook)."""
    if register.path.suffix.lower() == ".csv":
        book = Workbook()
        sheet = book.active
        sheet.title = register.sheet[:31] or "台账"
        for cells in csv.reader(io.StringIO(read_csv_text(register.path), newline="")):
            sheet.append([cell if cell != "" else None for cell in cells])
        return book
    try:
        return load_workbook(register.path)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise RegisterError(
            f"无法复制台账 {register.path.name} 来写报告：{exc}",
            hint="请用 Excel 或 WPS 打开台账，另存为 .xlsx 后重试",
        ) from exc


def mark_cells(sheet: Worksheet, problems: Sequence[Problem]) -> int:
    """Fill and comment each cell a problem names (errors red, warnings yellow); returns cells marked."""
    notes: dict[str, list[Problem]] = {}
    for problem in problems:
        where = problem.where
        if where.row is None or not where.column:
            continue
        notes.setdefault(_anchor(sheet, f"{where.column}{where.row}"), []).append(problem)
    for coordinate, found in notes.items():
        cell = sheet[coordinate]
        worst = "error" if any(p.severity == "error" for p in found) else "warning"
        cell.fill = FILLS[worst]
        lines = [_note(p) for p in found]
        text = "\n".join(lines)
        cell.comment = Comment(text, AUTHOR, width=320, height=min(60 + 40 * len(lines), 400))
    return len(notes)


def _note(problem: Problem) -> str:
    text = f"{LABELS.get(problem.severity, problem.severity)}：{problem.message}"
    return text + (f"。{problem.hint}" if problem.hint else "")


def _anchor(sheet: Worksheet, coordinate: str) -> str:
    """The cell that holds a merged range's value (its top-left), or `coordinate` itself."""
    if not isinstance(sheet[coordinate], MergedCell):
        return coordinate
    for span in sheet.merged_cells.ranges:
        if coordinate in span:
            return span.start_cell.coordinate
    return coordinate


def add_problem_sheet(book: Workbook, problems: Sequence[Problem], data_sheet: str) -> Worksheet:
    """A first sheet listing every problem, each with a link to its cell."""
    name = PROBLEM_SHEET
    while name in book.sheetnames:
        name += "_"
    sheet = book.create_sheet(name, 0)
    quoted = data_sheet.replace("'", "''")
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for index, problem in enumerate(problems, 1):
        where = problem.where
        coordinate = f"{where.column}{where.row}" if where.column and where.row else ""
        sheet.append(
            [
                index,
                LABELS.get(problem.severity, problem.severity),
                coordinate or (f"第 {where.row} 行" if where.row else "表头"),
                where.row,
                where.column,
                where.header or str(problem.extra.get("field") or ""),
                "" if problem.value is None else str(problem.value),
                problem.message,
                problem.hint or "",
            ]
        )
        row = sheet.max_row
        sheet.cell(row, 2).fill = FILLS.get(problem.severity, FILLS["warning"])
        if coordinate:
            link = sheet.cell(row, 3)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!{coordinate}")
            link.font = Font(color="0563C1", underline="single")
    for column, width in zip("ABCDEFGHI", WIDTHS):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2, min_col=7, max_col=9):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    if problems:
        sheet.auto_filter.ref = f"A1:I{sheet.max_row}"
    book.active = 0
    for other in book.worksheets[1:]:
        other.sheet_view.tabSelected = False
    return sheet
