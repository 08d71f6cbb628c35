"""Register sources: a sheet of .xlsx/.xls/.xlsb/.ods/.et (calamine, or streamed) or a .csv file."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

from docgen.errors import RegisterError
from docgen.register import budget
from docgen.register.workbook import CalamineBook, CalamineRows
from docgen.register.xlsx import XlsxBook

# Formats calamine reads (an .xlsx that is no zip, e.g. an old file renamed, is tried too).
CALAMINE_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".et")


@dataclass
class Source:
    """One sheet of a register: its name, merged ranges and a way to stream its rows."""

    path: Path
    sheet: str
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # c1, r1, c2, r2
    sheets: list[str] = field(default_factory=list)  # every sheet of the file, in order

    def rows(self, columns: frozenset[int] | None = None) -> Iterator[tuple[int, tuple[object, ...]]]:
        """Yield (Excel row number, cell values) for every row, from row 1; only `columns`
        (1-based) need be read, the others may come back as None."""
        raise NotImplementedError

    def raw_rows(self, columns: frozenset[int] | None = None) -> Iterator[tuple[int, Sequence[object]]]:
        """Like `rows`, but an empty cell may come back as "" (cheaper where the format gives that)."""
        return self.rows(columns)

    def estimated_rows(self) -> int:
        """Roughly how many rows the sheet has (for progress bars)."""
        raise NotImplementedError


class XlsxSource(Source):
    """A worksheet streamed by docgen's own reader: flat memory, and reading can stop at any row."""

    def __init__(self, path: Path, sheet: str, book: XlsxBook) -> None:
        super().__init__(path=path, sheet=sheet, merges=book.merges(sheet))
        self.book = book

    def rows(self, columns: frozenset[int] | None = None) -> Iterator[tuple[int, tuple[object, ...]]]:
        return self.book.rows(self.sheet, columns)

    def raw_rows(self, columns: frozenset[int] | None = None) -> Iterator[tuple[int, Sequence[object]]]:
        return self.book.rows(self.sheet, columns, empty="")

    def estimated_rows(self) -> int:
        return self.book.dimension_rows(self.sheet)


class CalamineSource(Source):
    """A worksheet read whole by calamine (.xlsx, .xls, .xlsb, .ods, .et), kept for every pass."""

    def __init__(self, path: Path, sheet: str, book: CalamineBook) -> None:
        self.data = CalamineRows(book, sheet)
        super().__init__(path=path, sheet=sheet, merges=self.data.merges)

    def rows(self, columns: frozenset[int] | None = None) -> Iterator[tuple[int, tuple[object, ...]]]:
        return self.data.rows()

    def raw_rows(self, columns: frozenset[int] | None = None) -> Iterator[tuple[int, Sequence[object]]]:
        return self.data.rows(raw=True)

    def estimated_rows(self) -> int:
        return self.data.estimated_rows()


class CsvSource(Source):
    """A .csv file saved by Excel: UTF-8 (with or without BOM) or GB18030/GBK."""

    @cached_property
    def text(self) -> str:
        """The decoded file, read once for every pass over it."""
        return read_csv_text(self.path)

    def rows(self, columns: frozenset[int] | None = None) -> Iterator[tuple[int, tuple[object, ...]]]:
        for number, cells in self.raw_rows(columns):
            yield number, tuple(c if c != "" else None for c in cells)

    def raw_rows(self, columns: frozenset[int] | None = None) -> Iterator[tuple[int, Sequence[object]]]:
        # Excel shows each record as one row, even one whose quoted cells hold line breaks.
        return enumerate(csv.reader(io.StringIO(self.text, newline="")), start=1)

    def estimated_rows(self) -> int:
        return self.text.count("\n")


def open_source(path: Path, sheet: str | None, *, stream: bool = False) -> Source:
    """Open a register file and pick its sheet (the first one unless named).

    An .xlsx sheet is read whole by calamine when that fits the memory budget, else streamed;
    `stream` asks for streaming (so that reading can stop after a given row)."""
    if not path.is_file():
        raise RegisterError(f"找不到台账文件 {path}", hint="请检查文件路径")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return CsvSource(path=path, sheet=path.stem)
    if suffix in (".xlsx", ".xlsm") and zipfile.is_zipfile(path):
        book = _open_book(path)
        name = pick_sheet(path, list(book.sheets), sheet)
        strings = book.strings_part
        budget.check_shared_strings(book.archive, strings, path.name)
        whole = not stream and budget.fits_in_memory(book.archive, book.sheets[name], strings)
        try:
            source: Source = CalamineSource(path, name, CalamineBook(path)) if whole else XlsxSource(path, name, book)
        except RegisterError:  # calamine refuses a damaged sheet whole; streaming names the damaged cell
            source = XlsxSource(path, name, book)
        source.sheets = list(book.sheets)
        return source
    elif suffix not in CALAMINE_SUFFIXES:
        raise RegisterError(
            f"{path.name} 不是 docgen 能读的台账文件",
            hint="请提供 .xlsx、.xls、.xlsb、.ods、.et 或 .csv 文件",
        )
    calamine_book = CalamineBook(path)
    source = CalamineSource(path, pick_sheet(path, calamine_book.sheets, sheet), calamine_book)
    source.sheets = list(calamine_book.sheets)
    return source


def pick_sheet(path: Path, names: list[str], sheet: str | None) -> str:
    """The sheet named, or the first; a clear error when there is none of that name."""
    if not names:
        raise RegisterError(f"台账 {path.name} 中没有工作表", hint="请用 Excel 或 WPS 打开确认")
    if sheet and sheet not in names:
        raise RegisterError(f"台账 {path.name} 中没有名为「{sheet}」的工作表", hint="现有工作表：" + "、".join(names))
    return sheet or names[0]


def _open_book(path: Path) -> XlsxBook:
    try:
        return XlsxBook(path)
    except (zipfile.BadZipFile, KeyError, StopIteration, OSError, ValueError, etree.XMLSyntaxError) as exc:
        raise RegisterError(
            f"无法打开台账 {path.name}：文件已损坏或不是 Excel 工作簿",
            hint="请用 Excel 或 WPS 打开确认，再另存为 .xlsx",
        ) from exc


def read_csv_text(path: Path) -> str:
    """Decode a CSV: UTF-8 (BOM or not) first, else GB18030, which covers GBK."""
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RegisterError(
        f"无法识别 {path.name} 的文字编码",
        hint="请在 Excel 中另存为「CSV UTF-8（逗号分隔）」或 .xlsx",
    )
