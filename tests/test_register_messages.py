"""What a clerk is told about the shape of a register: which sheet, which header row, which columns are typed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import HEADER, case_row, write_template, write_xlsx
from openpyxl import load_workbook

from docgen.cli import cli
from docgen.config import Config
from docgen.errors import RegisterError
from docgen.petition.validate import validate
from docgen.register import Register


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def with_summary_first(path: Path) -> Path:
    """The register behind a summary sheet, as many offices keep it."""
    book = load_workbook(path)
    summary = book.create_sheet("汇总", 0)
    summary.append(["2025年信访情况汇总"])
    summary.append(["合计", 3])
    book.save(path)
    return path


def test_a_summary_sheet_first_lists_the_sheets_and_names_the_register(tmp_path: Path) -> None:
    path = with_summary_first(write_xlsx(tmp_path / "台账.xlsx", [case_row(1)], title_rows=[["某县信访局台账"]]))
    with pytest.raises(RegisterError) as info:
        Register(path)
    assert info.value.message == (
        "工作表「汇总」的前 30 行找不到表头；台账 台账.xlsx 有 2 个工作表："
        "「汇总」：不像台账，第 1 行是「2025年信访情况汇总」；"
        "「台账」：像台账，表头在第 2 行：「信访编号」「登记日期」「信访形式」「信访人」「身份证号」「联系电话」…"
    )
    assert info.value.hint == "请用 --sheet 台账 指定台账所在的工作表，或在 docgen.toml 的 [register] 中设 sheet"
    assert Register(path, sheet="台账").header_row == 2


def test_a_wrong_header_row_shows_what_that_row_holds(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "台账.xlsx", [case_row(1), case_row(2)], title_rows=[["某县信访局台账"]])
    with pytest.raises(RegisterError) as info:
        Register(path, header_row=3)
    assert info.value.message == (
        "第 3 行看起来不是表头，这一行是："
        "「XF2025-001」「2025年3月2日」「来信」「张三」「110101199003071234」「13800138000」…"
    )
    assert info.value.hint == "表头看起来在第 2 行，请改用 --header-row 2；不加 --header-row 时 docgen 会自己找表头"
    result = run("validate", path, "--header-row", "1")
    assert result.exit_code == 2
    assert "第 1 行看起来不是表头，这一行是：「某县信访局台账」" in result.output
    assert "台账缺少必填列" not in result.output


def test_a_header_row_of_the_clerks_own_names_is_accepted(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "台账.xlsx", [["A-1", "张三"]], header=["案号", "来访人"], title_rows=[["说明"]])
    assert Register(path, header_row=2).fields == ["案号", "来访人"]


def test_fields_says_which_columns_are_read_as_what(tmp_path: Path) -> None:
    header = ["信访编号", "来信来访日期", "信访人", "公民身份号码", "联系方式", "信访人数", "责任单位"]
    row = ["XF-1", dt.datetime(2025, 3, 5), "张三", "110101199003071234", 13800138000, 2, "县教育局"]
    path = write_xlsx(tmp_path / "台账.xlsx", [row], header=header)
    letter = write_template(tmp_path / "告知书.docx", ["{{ 信访人 }}（{{ 公民身份号码 }}）"])
    result = run("fields", letter, path)
    assert result.exit_code == 0, result.output
    assert (
        "台账 台账.xlsx 中按类型读取的列：\n"
        "  B 列「来信来访日期」　作为日期\n"
        "  D 列「公民身份号码」　作为身份证号（查位数、校验位、出生日期）\n"
        "  E 列「联系方式」　作为电话号码\n"
        "  F 列「信访人数」　作为人数（整数）\n"
    ) in result.output


@pytest.mark.parametrize("name", ["身份证号码", "证件号码", "公民身份号码"])
def test_an_id_column_under_another_usual_name_is_checked(tmp_path: Path, name: str) -> None:
    """A float-mangled ID under 身份证号码 used to merge silently as 341122********9984."""
    header = [name if h == "身份证号" else h for h in HEADER]
    path = write_xlsx(
        tmp_path / "台账.xlsx",
        [case_row(1, 身份证号=3.41122199003079e17), case_row(2, 身份证号="110101199003071235")],
        header=header,
        text_columns=(name,),
    )
    problems = validate(Register(path), config=Config(), as_of=dt.date(2025, 12, 31))
    assert [(p.where.row, p.where.column, p.message) for p in problems if p.where.column == "E"] == [
        (2, "E", "身份证号被 Excel 存成了数字，末几位已经丢失"),
        (3, "E", "身份证号校验位不对，号码中有数字录错"),
    ]
