"""Writes formats.xlsx and, with LibreOffice, formats.xls and formats.ods: one register, three formats.

Run once from the repository root when the register changes (the files are committed):
    .venv/bin/python tests/data/registers/make_formats.py
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Border, Side

from docgen.outputs import soffice

HERE = Path(__file__).resolve().parent
ID_TEXT = "110101199003071234"


def write_xlsx(path: Path) -> Path:
    """Title row, unit line, a two-row header with names merged down, merged units, typed cells."""
    book = Workbook()
    sheet = book.active
    sheet.title = "登记台账"
    sheet.append(["某县信访局2025年信访事项登记台账"])
    sheet.append(["填报单位：某县信访局", None, None, None, None, "填报日期：2025年3月"])
    sheet.append(["序号", "信访编号", "基本情况", None, None, "办理情况"])
    sheet.append([None, None, "信访人", "身份证号码", "手机号码", "登记日期", "人数", "责任单位", "备注"])
    sheet.append([1, "XF-001", "张三", ID_TEXT, 13800138000, dt.datetime(2025, 3, 5), 1, "城关镇人民政府", "首次"])
    sheet.append([2, "XF-002", "李四", 1.10101199003071e17, "0551-1234567", 45722, 2, None, None])
    sheet.append([3, "XF-003", "王五", ID_TEXT, "13900139000", "2025年3月7日", "3人", None, None])
    sheet.append([None] * 9)  # formatted only: skipped
    sheet.append([None, "  "] + [None] * 7)  # spaces only: skipped
    sheet.append([4, "XF-004", "赵六", ID_TEXT, None, 45000, 6, "县教育局", dt.datetime(2025, 4, 1)])
    for span in ("A1:I1", "A3:A4", "B3:B4", "C3:E3", "F3:I3", "H5:H7"):
        sheet.merge_cells(span)
    for row in (5, 6, 8, 10):
        sheet.cell(row, 6).number_format = "yyyy-mm-dd"
    sheet.cell(10, 6).number_format = "General"  # a serial that lost its date format
    sheet.cell(10, 9).number_format = "yyyy-mm-dd"
    for column in range(1, 10):
        sheet.cell(8, column).border = Border(bottom=Side(style="thin"))
    for row in (5, 7, 10):
        sheet.cell(row, 4).number_format = "@"
    book.save(path)
    return path


def convert(source: Path, suffix: str, folder: Path) -> Path:
    """`source` converted by LibreOffice into `folder` (its own profile, so runs never collide)."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is needed to write .xls and .ods")
    return saved_as(program, source, suffix, folder, timeout=180)


def saved_as(program: str, source: Path, suffix: str, folder: Path, *, timeout: int) -> Path:
    """`source` saved by LibreOffice `program` as `suffix` in `folder`, through docgen's own soffice runner."""
    with tempfile.TemporaryDirectory() as profile:
        soffice.run(program, [source], folder, profile=Path(profile), env=os.environ, fmt=suffix, timeout=timeout)
    target = folder / f"{source.stem}.{suffix}"
    if not target.is_file():
        raise RuntimeError(f"LibreOffice did not write {target.name}")
    return target


def main() -> None:
    source = write_xlsx(HERE / "formats.xlsx")
    for suffix in ("xls", "ods"):
        print("wrote", convert(source, suffix, HERE))


if __name__ == "__main__":
    main()
