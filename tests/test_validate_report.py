"""`validate --report`: a small .xlsx loaded whole, a large one patched, any other register copied by value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import case_row, write_xlsx
from ooxml import schema_errors
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from docgen.cli import cli
from docgen.errors import Problem
from docgen.register import Register, annotate
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


# -- both ways of writing an .xlsx report: loaded whole (small) and patched part by part (large) -----------------
@pytest.fixture(params=["loaded", "patched"])
def way(request, monkeypatch) -> str:
    """Which writer makes the report; the other ways are made to fail so the test proves which one ran."""

    def refuse(*args, **kwargs):
        raise AssertionError("this way of writing the report must not be used here")

    monkeypatch.setattr(annotate, "_streamed_copy", refuse)
    if request.param == "patched":
        monkeypatch.setattr(annotate, "FULL_COPY_ROWS", 0)
        monkeypatch.setattr(annotate, "load_workbook", refuse)
    else:
        monkeypatch.setattr(annotate, "write_patched", refuse)
    return request.param


def _clerks_register(path: Path) -> Path:
    """A register the clerk formatted: bold header, widths, a grey fill, dates shown 2025年3月5日, a merged pair."""
    rows = [case_row(n, 身份证号=None) for n in range(1, 9)]
    rows[2][5] = "12345"  # F5: a bad phone (error)
    rows[4][1] = "2025-13-45"  # B7: not a date
    rows[4][5] = "6234567"  # F7: a phone without area code (warning)
    rows[6][2] = rows[7][2] = "来訪"  # C9:C10 merged below: a typo spread over two rows
    rows[5][3] = None  # D8: 信访人 left empty (no cell in the sheet)
    write_xlsx(path, rows, title_rows=[["某县信访局信访事项登记台账"]], merges=["A1:J1", "C9:C10"])
    book = load_workbook(path)
    sheet = book.active
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["H"].width = 33
    sheet["H4"].fill = PatternFill("solid", fgColor="D9D9D9")
    for row in range(3, 11):
        sheet.cell(row, 2).number_format = 'yyyy"年"m"月"d"日"'
    sheet.sheet_view.tabSelected = True
    book.save(path)
    return path


LISTS = '[lists]\n"信访形式" = ["来信", "来访", "网上信访", "电话"]\n'


def _report(tmp_path: Path, register: Path) -> Path:
    (tmp_path / "docgen.toml").write_text(LISTS, encoding="utf-8")
    report = tmp_path / "问题.xlsx"
    result = run(
        "validate", register, "--report", report, "--config", tmp_path / "docgen.toml", "--as-of", "2025-12-31"
    )
    assert result.exit_code == 1, result.output
    return report


def test_the_report_marks_lists_and_links_every_problem(tmp_path: Path, way: str) -> None:
    register = _clerks_register(tmp_path / "台账.xlsx")
    before = register.read_bytes()
    book = load_workbook(_report(tmp_path, register))
    assert register.read_bytes() == before
    assert book.sheetnames == [PROBLEM_SHEET, "台账"] and book.active.title == PROBLEM_SHEET
    data, listing = book["台账"], book[PROBLEM_SHEET]
    assert not data.sheet_view.tabSelected and listing.sheet_view.tabSelected
    expected = {  # cell → (fill, comment start)
        "F5": ("FFC7CE", "错误：「12345」既不是 11 位手机号"),
        "B7": ("FFC7CE", "错误：日期不存在"),
        "F7": ("FFEB9C", "警告："),
        "C9": ("FFC7CE", "错误：信访形式「来訪」不在"),
        "D8": ("FFC7CE", "错误：必填列「信访人」为空"),
    }
    for cell, (colour, start) in expected.items():
        assert data[cell].fill.fgColor.rgb.endswith(colour), cell
        assert data[cell].comment is not None and data[cell].comment.text.startswith(start), cell
    assert data["C9"].comment.text.count("\n") == 1  # both rows of the merged pair, in its top-left cell
    assert data["F6"].comment is None and data["F6"].fill.fgColor.rgb.endswith("000000")
    assert data["A5"].value == "XF2025-003" and data["F5"].value == "12345" and data["D8"].value is None
    assert data["B4"].value == dt.datetime(2025, 3, 3) and data["B4"].number_format == 'yyyy"年"m"月"d"日"'
    assert data["B7"].value == "2025-13-45"
    # the clerk's formatting is kept, marked cells included
    assert data["A2"].font.b and data.column_dimensions["H"].width == 33
    assert data["H4"].fill.fgColor.rgb.endswith("D9D9D9")
    assert {str(r) for r in data.merged_cells.ranges} == {"A1:J1", "C9:C10"}
    rows = list(listing.iter_rows(min_row=1))
    assert [c.value for c in rows[0]] == ["序号", "级别", "单元格", "行", "列", "表头", "值", "问题", "建议"]
    assert all(c.font.b for c in rows[0])
    listed = [(r[1].value, r[2].value, r[3].value, r[4].value, r[5].value, r[6].value) for r in rows[1:]]
    assert ("错误", "F5", 5, "F", "联系电话", "12345") in listed
    assert ("警告", "F7", 7, "F", "联系电话", "6234567") in listed
    assert ("错误", "C10", 10, "C", "信访形式", "来訪") in listed
    assert [row[1] for row in listed if row[3]] == ["F5", "B7", "F7", "D8", "C9", "C10"]
    for row in rows[1:]:
        assert (
            row[2].hyperlink is None if row[4].value is None else row[2].hyperlink.location == f"'台账'!{row[2].value}"
        )
        assert row[1].fill.fgColor.rgb.endswith("FFC7CE" if row[1].value == "错误" else "FFEB9C")
    assert listing.auto_filter.ref == f"A1:I{len(rows)}"


def test_a_lone_surrogate_or_control_character_in_a_problem_never_stops_the_report(tmp_path: Path, way: str):
    register = write_xlsx(tmp_path / "台账.xlsx", [case_row(1), case_row(2)])
    book = Register(register)
    where = book.location(3, "反映问题")
    problems = [Problem(where, "怪字\ud83d和\x01控制符", value="半个\udc00", hint="改\x02一下")]
    report = annotate.write_report(book, problems, tmp_path / "问题.xlsx")
    workbook = load_workbook(report)
    assert workbook["台账"]["H3"].comment.text == "错误：怪字\ufffd和控制符。改一下"
    assert [c.value for c in workbook[PROBLEM_SHEET][2]][6:] == ["半个\ufffd", "怪字\ufffd和控制符", "改一下"]


def test_a_sheet_that_has_comments_already_is_copied_by_value(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(annotate, "FULL_COPY_ROWS", 0)
    register = write_xlsx(tmp_path / "台账.xlsx", [case_row(1), case_row(2, 联系电话="12345")])
    book = load_workbook(register)
    book.active["A3"].comment = Comment("科员的批注", "科员")
    book.save(register)
    workbook = load_workbook(_report(tmp_path, register))
    data = workbook["台账"]
    assert data["F3"].comment.text.startswith("错误：「12345」") and data["F3"].fill.fgColor.rgb.endswith("FFC7CE")
    assert data["A3"].value == "XF2025-002" and data["B3"].value == dt.datetime(2025, 3, 3)


def test_the_patched_report_adds_no_schema_error(tmp_path: Path, way: str) -> None:
    """The report is as valid as the clerk's file (inline strings, which Excel accepts, aside)."""
    register = _clerks_register(tmp_path / "台账.xlsx")
    report = _report(tmp_path, register)
    if way == "patched":
        found = {e for e in schema_errors(report) if "inline-string" not in e}
        assert found <= set(schema_errors(register))
