"""`validate --report` on any register: .xls/.ods/.csv and large ones are copied by value, with the marks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from docgen.cli import cli
from docgen.register.annotate import PROBLEM_SHEET

DATA = Path(__file__).parent / "data" / "registers"


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_a_control_character_in_a_csv_cell_does_not_stop_the_report(tmp_path: Path) -> None:
    path = tmp_path / "台账.csv"
    text = "信访编号,信访人,联系电话,反映问题\nXF-1,张三,12345,甲\x01乙\nXF-2,李四,\x0212,丙\n"
    path.write_text(text, encoding="utf-8")
    report = tmp_path / "问题.xlsx"
    result = run("validate", path, "--report", report)
    assert result.exit_code == 1, result.output
    book = load_workbook(report)
    data = book["台账"]
    assert data["D2"].value == "甲乙" and data["A3"].value == "XF-2"
    assert data["C2"].comment.text.startswith("错误：「12345」既不是 11 位手机号，也不是带区号的固定电话")
    assert data["C2"].fill.fgColor.rgb.endswith("FFC7CE")
    listing = list(book[PROBLEM_SHEET].iter_rows(values_only=True))
    assert [row[2] for row in listing[1:] if not row[2].startswith("第")] == ["C2", "C3"]


@pytest.mark.parametrize("name", ["formats.xls", "formats.ods"])
def test_the_report_of_an_xls_or_ods_register(tmp_path: Path, name: str) -> None:
    report = tmp_path / "问题.xlsx"
    result = run("validate", DATA / name, "--report", report, "--as-of", "2025-12-31")
    assert result.exit_code == 1, result.output
    book = load_workbook(report)
    assert book.sheetnames == [PROBLEM_SHEET, "登记台账"]
    data = book["登记台账"]
    assert data["D6"].comment.text.startswith("错误：身份证号被 Excel 存成了数字，末几位已经丢失")
    assert data["B5"].value == "XF-001" and data["F5"].value == dt.datetime(2025, 3, 5)
    assert data["A1"].value == "某县信访局2025年信访事项登记台账"
    [link] = [row[2] for row in book[PROBLEM_SHEET].iter_rows(min_row=2) if row[2].value == "D6"]
    assert link.hyperlink.location == "'登记台账'!D6"
