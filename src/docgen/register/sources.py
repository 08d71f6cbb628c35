"""Raw rows out of .xlsx (openpyxl, streamed) and .csv (UTF-8 or GB18030) files."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from docgen.errors import RegisterError

_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")


@dataclass
class Source:
    """One sheet of a register: its name, merged ranges and a way to stream its rows."""

    path: Path
    sheet: str
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # c1, r1, c2, r2

    def rows(self) -> Iterator[tuple[int, tuple[object, ...]]]:
        """Yield (Excel row number, cell values) for every row, from row 1."""
        raise NotImplementedError

    def estimated_rows(self) -> int:
        """Roughly how many rows the sheet has (for progress bars)."""
        raise NotImplementedError


class XlsxSource(Source):
    """A worksheet read with openpyxl in read-only mode, so memory stays flat."""

    def rows(self) -> Iterator[tuple[int, tuple[object, ...]]]:
        workbook = _open_workbook(self.path)
        try:
            sheet = workbook[self.sheet]
            sheet.reset_dimensions()
            yield from enumerate(sheet.iter_rows(values_only=True), start=1)
        finally:
            workbook.close()

    def estimated_rows(self) -> int:
        workbook = _open_workbook(self.path)
        try:
            return workbook[self.sheet].max_row or 0
        finally:
            workbook.close()


class CsvSource(Source):
    """A .csv file saved by Excel: UTF-8 (with or without BOM) or GB18030/GBK."""

    def rows(self) -> Iterator[tuple[int, tuple[object, ...]]]:
        text = read_csv_text(self.path)
        reader = csv.reader(io.StringIO(text, newline=""))
        start = 1
        for cells in reader:
            yield start, tuple(c if c != "" else None for c in cells)
            start = reader.line_num + 1

    def estimated_rows(self) -> int:
        return read_csv_text(self.path).count("\n")


def open_source(path: Path, sheet: str | None) -> Source:
    """Open a register file and pick its sheet (the first one unless named)."""
    if not path.is_file():
        raise RegisterError(f"找不到台账文件 {path}", hint="请检查文件路径")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return CsvSource(path=path, sheet=path.stem)
    if suffix in (".xlsx", ".xlsm"):
        workbook = _open_workbook(path)
        try:
            names = workbook.sheetnames
            if sheet and sheet not in names:
                raise RegisterError(
                    f"台账 {path.name} 中没有名为「{sheet}」的工作表",
                    hint="现有工作表：" + "、".join(names),
                )
            name = sheet or names[0]
            worksheet_path = workbook[name]._worksheet_path
        finally:
            workbook.close()
        return XlsxSource(path=path, sheet=name, merges=_merged_ranges(path, worksheet_path))
    if suffix == ".xls":
        raise RegisterError(
            f"{path.name} 是旧版 Excel（.xls）文件，docgen 不能直接读取",
            hint="请在 Excel 或 WPS 中「另存为」.xlsx 后再试",
        )
    raise RegisterError(f"{path.name} 不是 .xlsx 或 .csv 台账", hint="请提供 .xlsx 或 .csv 文件")


def _open_workbook(path: Path):
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise RegisterError(
            f"无法打开台账 {path.name}：文件已损坏或不是 Excel 工作簿",
            hint="请用 Excel 或 WPS 打开确认，再另存为 .xlsx",
        ) from exc


def _merged_ranges(path: Path, member: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a sheet, scanned from its XML (read-only openpyxl does not give them)."""
    member = member.lstrip("/")
    found: list[tuple[int, int, int, int]] = []
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            for match in _MERGE.finditer(data):
                found.append(range_boundaries(match.group(1).decode("ascii")))
            cut = data.rfind(b"<")
            tail = data[cut:] if cut >= 0 and b">" not in data[cut:] else b""
    return found


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
