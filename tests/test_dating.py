"""Warnings when a document's 成文日期 is after a deadline it states, and when the placeholder organ prints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from conftest import write_template, write_xlsx

from docgen.cli import cli
from docgen.config import Config, load_config
from docgen.official.dating import late_deadlines, placeholder_organ
from docgen.pipeline import merge

D = dt.date
CASE = {"受理日期": D(2025, 1, 6), "交办日期": D(2025, 1, 8), "原办理截止日期": D(2025, 3, 7)}


def test_a_deadline_before_the_date_of_the_document_is_reported_with_a_date_to_use():
    (late,) = late_deadlines("转送交办函", {"原办理截止日期"}, {**CASE, "成文日期": D(2025, 11, 20)})
    assert late.field == "原办理截止日期"
    assert "成文日期 2025年11月20日 晚于文中写明的60日办理期限的截止日期（2025年3月7日）" in late.message
    assert "--date 2025-01-08" in late.hint  # the day it was assigned


def test_no_warning_when_dated_in_time_or_when_the_document_recounts_a_past_deadline():
    assert late_deadlines("转送交办函", {"原办理截止日期"}, {**CASE, "成文日期": D(2025, 1, 8)}) == []
    assert late_deadlines("转送交办函", {"信访人"}, {**CASE, "成文日期": D(2025, 11, 20)}) == []  # not stated
    assert late_deadlines("督办函", {"原办理截止日期"}, {**CASE, "成文日期": D(2025, 11, 20)}) == []


def test_merge_warns_per_row_and_still_writes(tmp_path: Path):
    header = ["信访编号", "信访人", "受理情况", "受理日期", "交办日期"]
    rows = [["XF-1", "张三", "受理", D(2025, 1, 6), D(2025, 1, 8)], ["XF-2", "李四", "受理", D(2025, 11, 3), None]]
    register = write_xlsx(tmp_path / "台账.xlsx", rows, header=header)
    template = write_template(tmp_path / "转送交办函.docx", ["请于{{ 原办理截止日期 }}前办结。"])
    result = merge(register, template, tmp_path / "out", config=Config(), issued=D(2025, 11, 20))
    assert len(result.written) == 2 and result.ok
    (warning,) = result.problems
    assert warning.severity == "warning" and warning.where.row == 2
    assert "晚于文中写明的60日办理期限的截止日期（2025年3月7日）" in str(warning)
    assert "--date 2025-01-06" in str(warning)  # the day it was accepted
    again = merge(register, template, tmp_path / "again", config=Config(), issued=D(2025, 1, 8))
    assert again.problems == []


def test_placeholder_organ_is_noted_once_when_no_config_was_found(tmp_path: Path, monkeypatch):
    assert placeholder_organ(Config(), {"发文机关"}) is not None
    assert placeholder_organ(Config(), {"信访人"}) is None  # the organ is not printed
    configured = load_config(Path(__file__).resolve().parent.parent / "samples" / "docgen.toml")
    assert placeholder_organ(configured, {"发文机关"}) is None
    register = write_xlsx(tmp_path / "台账.xlsx", [["XF-1", "张三"], ["XF-2", "李四"]], header=["信访编号", "信访人"])
    template = write_template(tmp_path / "告知书.docx", ["{{ 发文机关 }}：{{ 信访人 }}"])
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["merge", str(register), str(template), "-o", "out"])
    assert result.exit_code == 0, result.output
    assert result.output.count("未找到 docgen.toml，文书中的发文机关印的是示例名称「某县信访局」") == 1
