"""Sheets read by calamine (.xlsx, .xlsm, .xlsb, .xls, .ods, WPS .et): values, merges, sheet list.

calamine types each cell (text, number, bool, date when the cell has a date format) but loads a
whole sheet at once, and gives merged ranges only for Excel files: an .ods file's merges are read
from its content.xml here.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from functools import cached_property
from pathlib import Path

import python_calamine as calamine
from lxml import etree

from docgen.errors import RegisterError

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_CELLS = (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell")
_TABLE_TAG, _ROW_TAG, _NAME = f"{{{_TABLE}}}table", f"{{{_TABLE}}}table-row", f"{{{_TABLE}}}name"
_ROWS_REPEATED = f"{{{_TABLE}}}number-rows-repeated"
_SPANNED = b'-spanned="'
_ROW_END = re.compile(rb"</(?:[\w.-]+:)?table-row\s*>")
_HAS_SPAN = etree.XPath("boolean(*[@t:number-columns-spanned or @t:number-rows-spanned])", namespaces={"t": _TABLE})
_CHUNK = 1 << 20
# How to save a file docgen cannot read in the program a clerk has.
SAVE_AS_XLSX = "请用 WPS 表格打开它，点「文件」→「另存为」，文件类型选「Excel 文件（*.xlsx）」，再用新文件重试"
FORMAT_NAMES = {".xls": "旧版 Excel（.xls）", ".xlsb": "Excel 二进制（.xlsb）", ".ods": "OpenDocument（.ods）"}


class CalamineBook:
    """A workbook opened by calamine; sheets are loaded when first read and kept."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.book = calamine.CalamineWorkbook.from_path(str(path))
        except calamine.PasswordError as exc:
            raise RegisterError(
                f"台账 {path.name} 设置了打开密码，docgen 无法读取",
                hint="请在 Excel 或 WPS 中取消密码（文件 → 信息 → 保护工作簿），另存一份后重试",
            ) from exc
        except (calamine.CalamineError, OSError, ValueError) as exc:
            raise unreadable(path, exc) from exc
        self.sheets = [m.name for m in self.book.sheets_metadata if m.typ == calamine.SheetTypeEnum.WorkSheet]

    def sheet(self, name: str) -> calamine.CalamineSheet:
        try:
            return self.book.get_sheet_by_name(name)
        except (calamine.CalamineError, OSError, ValueError) as exc:
            raise unreadable(self.path, exc, sheet=name) from exc


def unreadable(path: Path, exc: BaseException, *, sheet: str | None = None) -> RegisterError:
    """The error for a file calamine cannot read: damaged, or a format it does not know."""
    from docgen.errors import Location

    where = Location(file=str(path), sheet=sheet) if sheet else None
    if path.suffix.lower() == ".et":
        return RegisterError(f"无法读取 WPS 表格文件 {path.name}", where=where, hint=SAVE_AS_XLSX)
    return RegisterError(
        f"无法打开台账 {path.name}：文件已损坏或不是表格文件",
        where=where,
        hint="请用 Excel 或 WPS 打开确认，再另存为 .xlsx",
    )


class CalamineRows:
    """One sheet's cells as docgen reads them: 1-based Excel row numbers, values from column A,
    empty cells as None, and the merged ranges as (first col, first row, last col, last row)."""

    def __init__(self, book: CalamineBook, name: str) -> None:
        self.book = book
        self.name = name

    @cached_property
    def data(self) -> calamine.CalamineSheet:
        return self.book.sheet(self.name)

    @cached_property
    def merges(self) -> list[tuple[int, int, int, int]]:
        ranges = self.data.merged_cell_ranges
        if ranges is None:  # calamine gives none for .ods
            return ods_merges(self.book.path, self.name) if zipfile.is_zipfile(self.book.path) else []
        return [(c1 + 1, r1 + 1, c2 + 1, r2 + 1) for (r1, c1), (r2, c2) in ranges]

    def rows(self, *, raw: bool = False) -> Iterator[tuple[int, Sequence[object]]]:
        """Every row from row 1; `raw` leaves empty cells as calamine gives them (""), else None."""
        sheet = self.data
        if sheet.start is None:
            return
        pad = [None] * sheet.start[1]
        # python-calamine yields rows from row 1 (blank leading rows included), columns from the first used one.
        numbered = enumerate(sheet.iter_rows(), start=1)
        if raw:
            yield from ((number, pad + cells) for number, cells in numbered) if pad else numbered
            return
        for number, cells in numbered:
            yield number, tuple(pad + [None if value == "" else value for value in cells])

    def estimated_rows(self) -> int:
        end = self.data.end
        return end[0] + 1 if end else 0


def ods_merges(path: Path, sheet: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges of one sheet of an .ods file, from the spans on its cells.

    A first pass finds where the last span of the file is; rows are parsed only up to the row
    holding it (most registers merge only their title and header), none when nothing is merged."""
    try:
        with zipfile.ZipFile(path) as archive:
            last = _last_span(archive)
            return [] if last is None else _spans(archive, sheet, last)
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError):
        return []


def _content(archive: zipfile.ZipFile) -> Iterator[bytes]:
    with archive.open("content.xml") as stream:
        while chunk := stream.read(_CHUNK):
            yield chunk


def _last_span(archive: zipfile.ZipFile) -> int | None:
    """The offset in content.xml just after the last `…-spanned="` attribute, or None."""
    last, offset, tail = None, 0, b""
    for chunk in _content(archive):
        data = tail + chunk
        found = data.rfind(_SPANNED)
        if found >= 0:
            last = offset - len(tail) + found + len(_SPANNED)
        tail = data[-len(_SPANNED) :]
        offset += len(chunk)
    return last


def _spans(archive: zipfile.ZipFile, sheet: str, last: int) -> list[tuple[int, int, int, int]]:
    """The spans of `sheet`'s rows, parsing content.xml up to the end of the row holding offset `last`."""
    parser = etree.XMLPullParser(events=("start", "end"), tag=(_TABLE_TAG, _ROW_TAG))
    found: list[tuple[int, int, int, int]] = []
    row, inside, offset, tail = 0, False, 0, b""
    for chunk in _content(archive):
        data, start = tail + chunk, offset - len(tail)
        offset += len(chunk)
        done = offset > last and (end := _ROW_END.search(data, max(last - start, 0))) is not None
        tail = b"" if done else data[-32:]
        parser.feed(data[: end.end()] if done else data[: len(data) - len(tail)])
        for event, element in parser.read_events():
            if element.tag == _TABLE_TAG:
                if element.get(_NAME) == sheet:
                    if event == "end":
                        return found
                    inside = True
            elif event == "end" and inside:
                row += 1
                if _HAS_SPAN(element):
                    found += _row_spans(element, row)
                row += int(element.get(_ROWS_REPEATED, "1")) - 1
                element.clear()
        if done:
            break
    return found


def _row_spans(row: etree._Element, number: int) -> list[tuple[int, int, int, int]]:
    spans = []
    column = 1
    for cell in row:
        if cell.tag not in _CELLS:
            continue
        across = int(cell.get(f"{{{_TABLE}}}number-columns-spanned", "1"))
        down = int(cell.get(f"{{{_TABLE}}}number-rows-spanned", "1"))
        if across > 1 or down > 1:
            spans.append((column, number, column + across - 1, number + down - 1))
        column += int(cell.get(f"{{{_TABLE}}}number-columns-repeated", "1"))
    return spans
