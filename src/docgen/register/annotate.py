"""The validation report: a copy of the register with offending cells highlighted and commented.

A small .xlsx register is copied with all its formatting (openpyxl loads it whole); a larger one
is patched part by part (xlsxpatch: formatting kept, seconds for 200,000 rows); any other register
(.xls, .ods, .csv, or an .xlsx the patch cannot handle) is copied value by value into a write-only
workbook, in flat memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from docgen.errors import OutputError, Problem
from docgen.outputs.atomic import atomic_output
from docgen.register.problemlist import (
    AUTHOR,
    COLOURS,
    HEAD_COLOUR,
    HEADERS,
    LINK_COLOUR,
    PROBLEM_SHEET,
    WIDTHS,
    WRAPPED,
    clean,
    comment_text,
    link_target,
    notes,
    problem_rows,
    worst,
)
from docgen.register.reader import Register
from docgen.register.reportparts import Unpatchable
from docgen.register.xlsxpatch import write_patched

FILLS = {severity: PatternFill("solid", fgColor=colour) for severity, colour in COLOURS.items()}
# Up to this many rows an .xlsx is loaded whole by openpyxl; larger ones are patched part by part.
FULL_COPY_ROWS = 5000
_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor=HEAD_COLOUR)
_LINK = Font(color=LINK_COLOUR, underline="single")
_WRAP = Alignment(wrap_text=True, vertical="top")


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
    with atomic_output(target, force=force) as stream:
        _write(register, problems, stream)
    return target


def _write(register: Register, problems: Sequence[Problem], stream: BinaryIO) -> None:
    """The small .xlsx loaded whole, a large .xlsx patched, anything else (or what fails) copied by value."""
    is_xlsx = register.path.suffix.lower() == ".xlsx"
    book = _full_copy(register) if is_xlsx and register.estimated_rows() <= FULL_COPY_ROWS else None
    if book is not None:
        sheet = book[register.sheet] if register.sheet in book.sheetnames else book.worksheets[0]
        mark_cells(sheet, problems)
        add_problem_sheet(book, problems, sheet.title)
        book.save(stream)
        return
    if is_xlsx:
        try:
            write_patched(register, problems, stream)
            return
        except Unpatchable:
            stream.seek(0)
            stream.truncate()
    _streamed_copy(register, problems).save(stream)


def _full_copy(register: Register) -> Workbook | None:
    """The register's workbook with its formatting, when it is a small .xlsx openpyxl can load."""
    try:
        return load_workbook(register.path)
    except (InvalidFileException, OSError, KeyError, ValueError, TypeError):
        return None  # openpyxl cannot load it: the value copy still can


def mark_cells(sheet: Worksheet, problems: Sequence[Problem]) -> int:
    """Fill and comment each cell a problem names (errors red, warnings yellow); returns cells marked."""
    anchors: dict[str, list[Problem]] = {}
    for coordinate, found in notes(problems).items():
        anchors.setdefault(_anchor(sheet, coordinate), []).extend(found)
    for coordinate, found in anchors.items():
        cell = sheet[coordinate]
        cell.fill, cell.comment = _mark(found)
    return len(anchors)


def _mark(found: list[Problem]) -> tuple[PatternFill, Comment]:
    """The fill (the worst severity) and the comment (every problem) of one cell."""
    text = comment_text(found)
    height = min(60 + 40 * (text.count("\n") + 1), 400)
    return FILLS[worst(found)], Comment(text, AUTHOR, width=320, height=height)


def _anchor(sheet: Worksheet, coordinate: str) -> str:
    """The cell that holds a merged range's value (its top-left), or `coordinate` itself."""
    if not isinstance(sheet[coordinate], MergedCell):
        return coordinate
    for span in sheet.merged_cells.ranges:
        if coordinate in span:
            return span.start_cell.coordinate
    return coordinate


def _link(data_sheet: str, coordinate: str, at: str) -> Hyperlink:
    return Hyperlink(ref=at, location=link_target(data_sheet, coordinate))


def add_problem_sheet(book: Workbook, problems: Sequence[Problem], data_sheet: str) -> Worksheet:
    """A first sheet listing every problem, each with a link to its cell."""
    name = PROBLEM_SHEET
    while name in book.sheetnames:
        name += "_"
    sheet = book.create_sheet(name, 0)
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font, cell.fill = _BOLD, _HEAD_FILL
    for row, (values, severity, coordinate) in enumerate(problem_rows(problems), start=2):
        sheet.append(values)
        sheet.cell(row, 2).fill = FILLS.get(severity, FILLS["warning"])
        if coordinate:
            link = sheet.cell(row, 3)
            link.hyperlink, link.font = _link(data_sheet, coordinate, link.coordinate), _LINK
        for column in WRAPPED:
            sheet.cell(row, column).alignment = _WRAP
    _listing_layout(sheet, len(problems))
    book.active = 0
    sheet.sheet_view.tabSelected = True
    for other in book.worksheets[1:]:
        other.sheet_view.tabSelected = False
    return sheet


def _listing_layout(sheet, count: int) -> None:
    for column, width in zip("ABCDEFGHI", WIDTHS):
        sheet.column_dimensions[column].width = width
    if count:
        sheet.auto_filter.ref = f"A1:I{count + 1}"


def _streamed_copy(register: Register, problems: Sequence[Problem]) -> Workbook:
    """A write-only workbook: the listing, then the register's cells by value with the marks."""
    book = Workbook(write_only=True)
    data_name = (register.sheet or "台账")[:31]
    listing = book.create_sheet(PROBLEM_SHEET if data_name != PROBLEM_SHEET else PROBLEM_SHEET + "_")
    data = book.create_sheet(data_name)
    listing.append([_styled(listing, h, font=_BOLD, fill=_HEAD_FILL) for h in HEADERS])
    for values, severity, coordinate in problem_rows(problems):
        cells: list[object] = list(values)
        cells[1] = _styled(listing, values[1], fill=FILLS.get(severity, FILLS["warning"]))
        if coordinate:
            cells[2] = _styled(listing, values[2], font=_LINK)
            cells[2].hyperlink = _link(data_name, coordinate, "C1")  # type: ignore[attr-defined]
        listing.append(cells)
    _listing_layout(listing, len(problems))
    by_row: dict[int, dict[int, list[Problem]]] = {}
    for coordinate, found in notes(problems).items():
        letters = coordinate.rstrip("0123456789")
        by_row.setdefault(int(coordinate[len(letters) :]), {})[column_index_from_string(letters)] = found
    next_row = 1
    for number, cells in register.source.rows():
        while next_row < number:  # rows the source skips stay where they were
            data.append([])
            next_row += 1
        marks = by_row.get(number, {})
        width = max(len(cells), max(marks, default=0))
        data.append([_data_cell(data, cells[i] if i < len(cells) else None, marks.get(i + 1)) for i in range(width)])
        next_row += 1
    for column in range(1, min(register.columns[-1].index + 2 if register.columns else 1, 200)):
        data.column_dimensions[get_column_letter(column)].width = 14
    return book


def _styled(sheet, value: object, *, font: Font | None = None, fill: PatternFill | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def _data_cell(sheet, value: object, found: list[Problem] | None) -> object:
    value = clean(value)
    if isinstance(value, (dt.date, dt.datetime)) or found:
        cell = WriteOnlyCell(sheet, value)
        if isinstance(value, (dt.date, dt.datetime)):
            cell.number_format = "yyyy-mm-dd" if not isinstance(value, dt.datetime) else "yyyy-mm-dd hh:mm"
        if found:
            cell.fill, cell.comment = _mark(found)
        return cell
    return value
