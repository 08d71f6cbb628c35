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


def test_a_summary_or_web_hint_without_the_rows_own_date_says_not_later_than_the_deadline():
    from docgen.errors import Location, Problem
    from docgen.official.latedates import WEB_PAGE, compact_rows, row_hint, summarize_late

    rows = {2: D(2025, 3, 7), 3: D(2025, 3, 9), 5: D(2025, 3, 8), 9: D(2025, 3, 10)}
    problems = []
    for row, day in rows.items():  # no 受理日期: the deadline alone is known
        (late,) = late_deadlines("受理告知书", {"原办理截止日期"}, {"原办理截止日期": day, "成文日期": D(2025, 11, 20)})
        assert late.event is None and f"不晚于 {day:%Y-%m-%d} 的 --date" in late.hint
        problem = Problem(Location(row=row), late.message, hint=late.hint, severity="warning", extra={"late": late})
        problems.append(problem)
    hint = row_hint(problems[0], WEB_PAGE)
    assert hint == "补打以前的文书请在「成文日期」中填 不晚于 2025年3月7日 的日期，写上当时的成文日期"
    (line,), rest = summarize_late([*problems, Problem(Location(row=4), "其他")], WEB_PAGE)
    assert [p.message for p in rest] == ["其他"]
    assert line.startswith("第 2–3、5、9 行共 4 份文书的成文日期 2025年11月20日 晚于")
    assert line.endswith("例如第 2 行填 2025年3月7日")  # no day of its own: its deadline
    assert compact_rows([2, 3, 5, 9, 11], 5, most=3) == "第 2–3、5、9 行等 5 份"
    assert summarize_late(problems[:3])[0] == []  # three rows keep a line each
