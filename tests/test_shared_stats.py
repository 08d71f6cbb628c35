"""Periods, rates and the case list that reports and assessment share."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import HEADER, case_row, write_xlsx

from docgen.config import Config
from docgen.errors import DocgenError
from docgen.petition.caselist import load_cases
from docgen.petition.periods import make_range, parse_period
from docgen.petition.rates import Rate, on_time_acceptance, satisfaction
from docgen.petition.selection import parse_where
from docgen.register import Register

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2025Q3", D(2025, 7, 1), D(2025, 9, 30), "2025年第三季度"),
        ("2025年第一季度", D(2025, 1, 1), D(2025, 3, 31), "2025年第一季度"),
        ("2025-02", D(2025, 2, 1), D(2025, 2, 28), "2025年2月"),
        ("2024年2月", D(2024, 2, 1), D(2024, 2, 29), "2024年2月"),
        ("2025H2", D(2025, 7, 1), D(2025, 12, 31), "2025年下半年"),
        ("2025", D(2025, 1, 1), D(2025, 12, 31), "2025年"),
    ],
)
def test_periods(text: str, start: dt.date, end: dt.date, label: str) -> None:
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_comparison_periods_cross_the_year() -> None:
    q1 = parse_period("2025Q1")
    assert (q1.previous().start, q1.previous().end) == (D(2024, 10, 1), D(2024, 12, 31))
    assert (q1.year_before().start, q1.year_before().end) == (D(2024, 1, 1), D(2024, 3, 31))
    span = make_range(D(2025, 3, 1), D(2025, 3, 10))
    assert (span.previous().start, span.previous().end) == (D(2025, 2, 19), D(2025, 2, 28))
    with pytest.raises(DocgenError, match="无法识别"):
        parse_period("第三季度")
    with pytest.raises(DocgenError, match="早于"):
        make_range(D(2025, 3, 2), D(2025, 3, 1))


def test_rates_are_exact_and_round_half_up() -> None:
    assert Rate(2, 3).percent() == __import__("decimal").Decimal("66.7")
    assert Rate(1, 16).text() == "6.3%"  # 6.25 → 6.3
    assert Rate(0, 0).text() == "—" and Rate(0, 0).ratio is None
    cases = [{"是否按期受理": "是"}, {"是否按期受理": "否"}, {"是否按期受理": ""}]
    assert on_time_acceptance(cases) == Rate(1, 2)


def test_satisfaction_counts_only_cases_closed_when_computed() -> None:
    cases = [
        {"满意度": "满意", "办理状态": "已办结"},
        {"满意度": "不满意", "办理状态": "超期办结"},
        {"满意度": "满意", "办理状态": "办理中"},  # entered later than the day looked at
        {"满意度": "", "办理状态": "已办结"},
        {"满意度": "基本满意"},  # no computed status: counted
    ]
    assert satisfaction(cases) == Rate(2, 3)


def test_case_list_keeps_a_case_whose_rule_fails_and_says_where(tmp_path: Path) -> None:
    header = [*HEADER, "受理日期", "是否延期", "延期天数"]
    rows = [[*case_row(1), D(2025, 3, 5), "是", 45], [*case_row(2), D(2025, 3, 6), "否", None]]
    book = Register(write_xlsx(tmp_path / "r.xlsx", rows, header=header))
    found = load_cases(book, Config(), as_of=D(2025, 6, 1))
    assert len(found.cases) == 2
    [problem] = found.problems
    assert problem.severity == "warning" and (problem.where.row, problem.where.column) == (2, "M")
    first, second = found.cases
    assert first["办理截止日期"] == "" and first["受理截止日期"] == D(2025, 3, 17)
    assert second["办理状态"] == "已超期" and "办理状态" in second


def test_case_list_filters(tmp_path: Path, register: Path) -> None:
    book = Register(register)
    found = load_cases(book, Config(), as_of=D(2025, 6, 1), where=[parse_where("信访形式=来访", book)])
    assert [c.number for c in found.cases] == ["XF2025-002"]
    with pytest.raises(DocgenError, match="不是台账的列"):
        load_cases(book, Config(), as_of=D(2025, 6, 1), where=[("形式", "来访")])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[organ]\nname = 某县信访局\n", "第 2 行第 8 列：值的写法不对"),
        ('[organ]\nname = "a"\nname = "b"\n', "同一个名称写了两次"),
        ('[lists]\n信访形式 = ["来信"]\n', "第 2 行第 1 列：这一行不是「名称 = 值」的写法（中文名称要加英文双引号）"),
        ('[lists]\n"信访形式" = ["来信"\n', "方括号 [ ] 没有成对"),
    ],
)
def test_toml_mistakes_are_explained_in_chinese_with_their_place(tmp_path: Path, text: str, expected: str) -> None:
    from docgen.config import load_config
    from docgen.errors import ConfigError

    path = tmp_path / "docgen.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert expected in str(info.value) and "docgen.toml" in str(info.value)
