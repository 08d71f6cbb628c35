"""`docgen report` on real .xlsx registers made in a tmp dir."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import all_text, write_xlsx
from openpyxl import load_workbook
from report_fixtures import HEADER, PERSONAL, ROWS, write_register

from docgen.cli import cli

TOML = '[organ]\nname = "某县信访局"\n\n[lists]\n"信访形式" = ["来信", "来访", "网上信访", "电话"]\n'


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    write_register(tmp_path / "台账.xlsx")
    (tmp_path / "docgen.toml").write_text(TOML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(cli, ["report", *args])


def test_quarter_report_and_workbook(folder):
    result = run("台账.xlsx", "--period", "2025Q1", "-o", "报告.docx", "--xlsx", "统计表.xlsx", "--date", "2025-04-08")
    assert result.exit_code == 0, result.output
    assert "已写出报告" in result.output and "2025年第一季度共 6 件、17 人次" in result.output
    text = all_text(folder / "报告.docx")
    assert "2025年第一季度，共登记信访事项6件、17人次，同比上升50.0%，环比上升20.0%。" in text
    book = load_workbook(folder / "统计表.xlsx")
    sheets = ["主要指标", "信访形式", "上访层级", "问题类别", "所属地区", "责任单位", "月度", "重复信访人"]
    assert book.sheetnames == sheets
    key = [list(r) for r in book["主要指标"].iter_rows(values_only=True)]
    assert key[0] == ["指标", "本期", "去年同期", "同比", "上期", "环比"]
    assert key[1][:3] == ["信访事项（件）", 6, 4] and key[1][4] == 5
    assert str(key[1][3]) == "0.5" and str(key[1][5]) == "0.2"  # exact: +50.0%, +20.0%
    rates = {r[0]: r for r in key}
    assert str(rates["按期办结率"][1]) == "0.667" and str(rates["按期办结率"][3]) == "-33.3"
    assert book["主要指标"]["D8"].number_format.startswith("+0.0")  # percentage points
    assert rates["重复访（件）"][3] == "—"  # zero base
    channels = [list(r) for r in book["信访形式"].iter_rows(values_only=True)]
    assert channels[1] == ["来信", 3, 3, 0.5, 1, 2, 2, 0.5]
    cells = " ".join(str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row)
    assert [p for p in PERSONAL if p in cells] == []


def test_default_name_and_no_overwrite(folder):
    assert run("台账.xlsx", "--period", "2025Q1").exit_code == 0
    target = folder / "某县信访局2025年第一季度信访形势分析.docx"
    before = target.read_bytes()
    again = run("台账.xlsx", "--period", "2025Q1")
    assert again.exit_code == 2
    assert "错误：某县信访局2025年第一季度信访形势分析.docx 已存在，未覆盖。如需覆盖请加 --force" in again.output
    assert target.read_bytes() == before
    assert run("台账.xlsx", "--period", "2025Q1", "--force").exit_code == 0
    assert not list(folder.glob(".~docgen-*"))


def test_range_and_unit(folder):
    result = run("台账.xlsx", "--from", "2025-01-01", "--to", "2025-02-28", "--unit", "县住建局")
    assert result.exit_code == 0, result.output
    name = "某县信访局2025年1月1日至2025年2月28日信访形势分析（责任单位为县住建局）.docx"
    text = all_text(folder / name)
    assert "（统计范围：责任单位为县住建局）" in text
    assert "共登记信访事项2件、2人次，同比上升100.0%，环比上升100.0%。" in text


def test_where_and_unknown_field(folder):
    assert run("台账.xlsx", "--period", "2025Q1", "--where", "所属地区=清水镇", "-o", "清水镇.docx").exit_code == 0
    assert "共登记信访事项3件、3人次" in all_text(folder / "清水镇.docx")
    bad = run("台账.xlsx", "--period", "2025Q1", "--where", "乡镇=清水镇")
    assert bad.exit_code == 2 and "--where 中的字段「乡镇」不是台账的列" in bad.output and "所属地区" in bad.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "请用 --period 指定统计期间"),
        (("--period", "2025Q5"), "无法识别的统计期间「2025Q5」"),
        (("--period", "2025Q1", "--from", "2025-01-01"), "--period 与 --from/--to 只能选一种"),
        (("--from", "2025-01-01"), "--from 和 --to 要一起使用"),
        (("--from", "2025-03-01", "--to", "2025-01-01"), "结束日期 2025-01-01 早于开始日期 2025-03-01"),
        (("--period", "2023Q4"), "台账从 2024年1月1日 开始登记，2023年第四季度在此之前，无法统计"),
        (("--period", "2025Q1", "-o", "报告.pdf"), "报告.pdf 应以 .docx 结尾"),
        (("--period", "2025Q1", "--xlsx", "台账.xlsx", "--force"), "台账.xlsx 是台账文件本身，不能写入"),
        (("--period", "2025Q1", "--template", "没有.docx"), "找不到报告模板"),
    ],
)
def test_errors(folder, args, message):
    register = (folder / "台账.xlsx").read_bytes()
    result = run("台账.xlsx", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert (folder / "台账.xlsx").read_bytes() == register


def test_missing_register(folder):
    result = run("--period", "2025Q1")
    assert result.exit_code == 2 and "请给出台账文件" in result.output
    missing = run("没有的台账.xlsx", "--period", "2025Q1")
    assert missing.exit_code == 2 and "错误：" in missing.output


def test_save_and_use_template(folder):
    saved = run("--save-template", "报告模板.docx")
    assert saved.exit_code == 0 and "已写出报告模板" in saved.output
    result = run("台账.xlsx", "--period", "2025Q1", "--template", "报告模板.docx", "-o", "报告.docx")
    assert result.exit_code == 0, result.output
    assert "（一）信访总量同比上升" in all_text(folder / "报告.docx")


def test_notes_for_missing_bases(folder):
    result = run("台账.xlsx", "--period", "2024Q1", "--date", "2024-04-08")
    assert result.exit_code == 0
    assert "提示：台账不包含2023年第一季度的全部数据，不作同比" in result.output
    with_since = run("台账.xlsx", "--period", "2024Q1", "--since", "2023-01-01", "--force")
    assert "不作同比" not in with_since.output


def test_listed_in_help():
    result = CliRunner().invoke(cli, ["--help"])
    assert "report" in result.output
    own = CliRunner().invoke(cli, ["report", "--help"])
    assert "信访形势分析报告" in own.output and "--save-template" in own.output


def test_a_rule_failing_on_one_row_is_a_warning_naming_the_cell(tmp_path, monkeypatch):
    rows = [[*r, "否", ""] for r in ROWS]
    rows[10][-2:] = ["是", 45]  # more than the 30 days the law allows
    write_xlsx(tmp_path / "台账.xlsx", rows, header=[*HEADER, "是否延期", "延期天数"])
    monkeypatch.chdir(tmp_path)
    result = run("台账.xlsx", "--period", "2025Q1")
    assert result.exit_code == 0, result.output
    assert "警告" in result.output and "单元格 Q12（延期天数）" in result.output
    assert "延期天数 45 日超过" in result.output
