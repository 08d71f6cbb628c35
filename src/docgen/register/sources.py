"""Raw rows out of .xlsx (streamed) and .csv (UTF-8 or GB18030) files."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

from docgen.errors import RegisterError
from docgen.register.xlsx import XlsxBook


@dataclass
class Source:
    """One sheet of a register: its name, merged ranges and a way to stream its rows."""

    path: Path
    sheet: str
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # c1, r1, c2, r2

    def rows(self, columns: frozenset[int] | None = None) -> Iterator[tuple[int, tuple[object, ...]]]:
        """Yield (Excel row number, cell values) for every row, from row 1; only `columns`
        (1-based) need be read, the others may come back as None."""
        raise NotImplementedError

    def estimated_rows(self) -> int:
        """Roughly how many rows the sheet has (for progress bars)."""
        raise NotImplementedError


class XlsxSource(Source):
    """A worksheet streamed by docgen's own reader, so memory stays flat."""

    def __init__(self, path: Path, sheet: str, book: XlsxBook) -> None:
        super().__init__(path=path, sheet=sheet, merges=book.merges(sheet))
        self.book = book

    def rows(self, columns: frozenset[int] | None = None) -> Iterator[tuple[int, tuple[object, ...]]]:
        return self.book.rows(self.sheet, columns)

    def estimated_rows(self) -> int:
        return self.book.dimension_rows(self.sheet)


class CsvSource(Source):
    """A .csv file saved by Excel: UTF-8 (with or without BOM) or GB18030/GBK."""

    @cached_property
    def text(self) -> str:
        """The decoded file, read once for every pass over it."""
        return read_csv_text(self.path)

    def rows(self, columns: frozenset[int] | None = None) -> Iterator[tuple[int, tuple[object, ...]]]:
        # Excel shows each record as one row, even one whose quoted cells hold line breaks.
        for number, cells in enumerate(csv.reader(io.StringIO(self.text, newline="")), start=1):
            yield number, tuple(c if c != "" else None for c in cells)

    def estimated_rows(self) -> int:
        return self.text.count("\n")


def open_source(path: Path, sheet: str | None) -> Source:
    """Open a register file and pick its sheet (the first one unless named)."""
    if not path.is_file():
        raise RegisterError(f"找不到台账文件 {path}", hint="请检查文件路径")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return CsvSource(path=path, sheet=path.stem)
    if suffix in (".xlsx", ".xlsm"):
        book = _open_book(path)
        names = list(book.sheets)
        if sheet and sheet not in names:
            raise RegisterError(
                f"台账 {path.name} 中没有名为「{sheet}」的工作表", hint="现有工作表：" + "、".join(names)
            )
        if not names:
            raise RegisterError(f"台账 {path.name} 中没有工作表", hint="请用 Excel 或 WPS 打开确认")
        return XlsxSource(path, sheet or names[0], book)
    if suffix == ".xls":
        raise RegisterError(
            f"{path.name} 是旧版 Excel（.xls）文件，docgen 不能直接读取",
            hint="请在 Excel 或 WPS 中「另存为」.xlsx 后再试",
        )
    raise RegisterError(f"{path.name} 不是 .xlsx 或 .csv 台账", hint="请提供 .xlsx 或 .csv 文件")


def _open_book(path: Path) -> XlsxBook:
    try:
        return XlsxBook(path)
    except (zipfile.BadZipFile, KeyError, StopIteration, OSError, etree.XMLSyntaxError) as exc:
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
