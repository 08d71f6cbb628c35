"""Report figures against hand-counted answers: totals, groups, rates, repeats, backlog, 同比 and 环比."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import write_xlsx
from report_fixtures import HEADER, ROWS, write_register

from docgen.config import Config
from docgen.errors import DocgenError
from docgen.petition.periods import make_range, parse_period
from docgen.register import Register
from docgen.reports import figures as fg
from docgen.reports.analysis import Analysis, analyse
from docgen.reports.compare import change, percent_text, rounded, share

TODAY = dt.date(2026, 11, 22)
CONFIG = Config(lists={"信访形式": ["来信", "来访", "网上信访", "电话"]})


def run(tmp_path: Path, period: str, **options) -> Analysis:
    book = Register(write_register(tmp_path / "台账.xlsx"))
    return analyse(book, CONFIG, parse_period(period), today=TODAY, **options)


def groups(items: list[fg.Group]) -> list[tuple[str, int, int]]:
    return [(g.name, g.cases, g.people) for g in items]


# -- exact arithmetic ----------------------------------------------------------------------
def test_rounding_is_half_up_and_exact():
    assert rounded(Decimal("6.25")) == Decimal("6.3")  # float round() would give 6.2
    assert rounded(Decimal("-12.25")) == Decimal("-12.3")
    assert share(1, 3) == Decimal("33.3") and share(2, 3) == Decimal("66.7")
    assert share(1, 8) == Decimal("12.5") and share(1, 16) == Decimal("6.3")
    assert share(5, 0) is None and percent_text(None) == "—"
    assert str(share(1, 10)) == "10.0"  # no float residue such as 10.000000000000002


@pytest.mark.parametrize(
    ("current", "base", "points", "words", "cell", "phrase"),
    [
        (17, 16, False, "上升6.3%", "+6.3%", "环比上升6.3%"),
        (4, 6, False, "下降33.3%", "-33.3%", "环比下降33.3%"),
        (5, 5, False, "持平", "0.0%", "环比持平"),
        (10001, 10000, False, "基本持平", "0.0%", "环比基本持平"),
        (3, 0, False, "—", "—", ""),  # a base of zero: no relative change
        (3, None, False, "—", "—", ""),  # base period not covered by the register
        (0, 0, False, "—", "—", ""),
        (Decimal("66.7"), Decimal("100.0"), True, "下降33.3个百分点", "-33.3", "环比下降33.3个百分点"),
        (Decimal("50.0"), Decimal("0.0"), True, "上升50.0个百分点", "+50.0", "环比上升50.0个百分点"),
        (None, Decimal("80.0"), True, "—", "—", ""),  # no eligible case this period
    ],
)
def test_change_texts(current, base, points, words, cell, phrase):
    found = change(current, base, points=points)
    assert (found.words(), found.cell(), found.phrase("环比")) == (words, cell, phrase)


def test_people_count_at_least_one_per_case():
    assert fg.people({"人数": 6}) == 6
    assert [fg.people({"人数": v}) for v in ("", None, 0, "六", True)] == [1, 1, 1, 1, 1]
    assert fg.count([{"人数": 6}, {}, {"人数": ""}]) == fg.Count(3, 8)


def test_group_by_fixed_order_then_count_then_blank_last():
    cases = [{"x": "b"}, {"x": "c"}, {"x": "c"}, {"x": ""}, {"x": "a"}, {"x": " c "}]
    assert groups(fg.group_by(cases, "x", ["z", "a"])) == [
        ("z", 0, 0), ("a", 1, 1), ("c", 3, 3), ("b", 1, 1), (fg.UNFILLED, 1, 1),
    ]  # fmt: skip
    ranked = fg.ranked(fg.group_by(cases, "x"))
    assert [g.name for g in ranked] == ["c", "a", "b", fg.UNFILLED]
    assert groups(fg.top(ranked, 1)) == [("c", 3, 3), (fg.REST, 3, 3)]
    assert groups(fg.top(ranked, 5)) == groups(ranked)


def test_months_between_spans_years():
    months = fg.months_between(dt.date(2024, 11, 15), dt.date(2025, 2, 1))
    assert months == [dt.date(2024, 11, 1), dt.date(2024, 12, 1), dt.date(2025, 1, 1), dt.date(2025, 2, 1)]


# -- the small register: 2025Q1 against 2024Q1 (同比) and 2024Q4 (环比) ----------------------
def test_quarter_figures_hand_counted(tmp_path):
    a = run(tmp_path, "2025Q1")
    f = a.current
    assert f.total == fg.Count(6, 17)  # XF-10..15; XF-14 has no 人数 and counts 1; XF-16 is in April
    assert groups(f.channels) == [("来信", 3, 3), ("来访", 1, 8), ("网上信访", 1, 5), ("电话", 1, 1)]
    assert groups(f.levels) == [("本级", 3, 3), ("赴市", 1, 1), ("赴省", 1, 5), ("进京", 1, 8)]
    assert f.higher == fg.Count(2, 13)
    assert f.collective == fg.Count(2, 13)  # 8 and 5 people (threshold 5)
    assert f.higher_collective == fg.Count(2, 13)
    assert groups(f.categories) == [("城乡建设", 3, 3), ("劳动社保", 1, 8), ("教育", 1, 1), ("环境保护", 1, 5)]
    assert groups(f.areas) == [("清水镇", 3, 3), ("城关镇", 1, 8), ("新河镇", 1, 5), (fg.UNFILLED, 1, 1)]
    assert [(u.name, u.cases, u.completion.text(), u.satisfaction.text()) for u in f.units] == [
        ("县住建局", 2, "100.0%", "100.0%"),  # XF-10 on time; XF-12 not due yet
        ("县人社局", 1, "0.0%", "—"),  # XF-11 past its deadline on 3-31, finished only in April
        ("县生态环境局", 1, "100.0%", "0.0%"),
        (fg.UNFILLED, 2, "—", "—"),  # XF-14 refused, XF-15 not decided yet
    ]
    assert {n: (r.hits, r.total, r.text()) for n, r in f.rates.items()} == {
        "按期受理率": (5, 5, "100.0%"),  # XF-15's decision is not due on 3-31
        "按期办结率": (2, 3, "66.7%"),  # XF-10, XF-13 on time; XF-11 late
        "满意率": (1, 2, "50.0%"),  # closed by 3-31: XF-10 满意, XF-13 不满意 (XF-11's 满意 came later)
    }
    assert f.closed == 3  # XF-10, XF-13 finished; XF-14 refused
    assert f.repeat == fg.Repeat(2, 1)  # XF-10 and XF-12, both by P1 (first seen in XF-01, 2024-01-10)
    assert f.backlog == fg.Backlog(5, 3)  # open: XF-03, 04 (overdue since 2024), 11 (overdue), 12, 15
    assert f.months == [(dt.date(2025, 1, 1), 2), (dt.date(2025, 2, 1), 2), (dt.date(2025, 3, 1), 2)]


def test_bases_across_the_year_boundary(tmp_path):
    a = run(tmp_path, "2025Q1")
    yoy, mom = a.year_before, a.previous
    assert yoy.period == parse_period("2024Q1") and mom.period == parse_period("2024Q4")
    assert yoy.total == fg.Count(4, 10) and mom.total == fg.Count(5, 16)
    assert yoy.collective == fg.Count(1, 6) and mom.collective == fg.Count(1, 12)
    assert yoy.repeat == fg.Repeat(0, 0) and mom.repeat == fg.Repeat(0, 0)
    assert [r.text() for r in yoy.rates.values()] == ["100.0%", "100.0%", "50.0%"]
    # 2024-12-31: XF-08 still in progress (finished 2025-01-15), XF-09 not yet accepted; its 满意度 is later
    assert {n: (r.hits, r.total) for n, r in mom.rates.items()} == {
        "按期受理率": (4, 4), "按期办结率": (3, 3), "满意率": (3, 3),
    }  # fmt: skip
    assert yoy.backlog == fg.Backlog(2, 0)  # 2024-03-31: XF-03 in progress, XF-04 waiting, neither late yet
    assert mom.backlog == fg.Backlog(4, 2)  # 2024-12-31: XF-03, 04 late; XF-08, 09 open
    assert change(a.current.total.cases, yoy.total.cases).phrase("同比") == "同比上升50.0%"
    assert change(a.current.total.cases, mom.total.cases).phrase("环比") == "环比上升20.0%"
    assert change(a.current.total.people, mom.total.people).words() == "上升6.3%"  # 17 vs 16, half up
    assert change(a.current.repeat.cases, yoy.repeat.cases).words() == "—"  # zero base
    assert a.notes == []


def test_not_covered_base_is_missing(tmp_path):
    a = run(tmp_path, "2024Q1")  # the register starts in January 2024
    assert a.year_before is None and a.previous is None
    assert a.current.total == fg.Count(4, 10)
    assert any("不作同比" in n for n in a.notes) and any("不作环比" in n for n in a.notes)


def test_since_overrides_the_register_start(tmp_path):
    a = run(tmp_path, "2024Q1", since=dt.date(2023, 1, 1))
    assert a.year_before is not None and a.year_before.total == fg.Count(0, 0)
    assert change(a.current.total.cases, a.year_before.total.cases).words() == "—"


def test_period_with_no_cases_and_zero_bases(tmp_path):
    a = run(tmp_path, "2024-06")
    assert a.current.total == fg.Count(0, 0)
    assert all(r.text() == "—" for r in a.current.rates.values())
    assert a.year_before is None  # 2023-06 is before the register
    assert a.previous.total == fg.Count(0, 0)  # 2024-05: covered, empty
    assert groups(a.current.channels) == [("来信", 0, 0), ("来访", 0, 0), ("网上信访", 0, 0), ("电话", 0, 0)]
    assert a.current.backlog == fg.Backlog(2, 2)  # XF-03 and XF-04, both late by June
    assert any("没有登记的信访事项" in n for n in a.notes)


def test_previous_period_of_zero_cases(tmp_path):
    a = run(tmp_path, "2024Q4")  # 2024Q3 is covered but has no cases
    assert a.previous.total == fg.Count(0, 0)
    assert change(a.current.total.cases, a.previous.total.cases).words() == "—"


def test_year_compares_only_with_the_year_before(tmp_path):
    a = run(tmp_path, "2025")
    assert not a.compares_previous
    assert a.current.total == fg.Count(7, 37)


def test_range_and_filter(tmp_path):
    book = Register(write_register(tmp_path / "台账.xlsx"))
    period = make_range(dt.date(2025, 1, 1), dt.date(2025, 2, 28))
    a = analyse(book, CONFIG, period, where=[("责任单位", "县住建局")], today=TODAY)
    assert a.current.total == fg.Count(2, 2)  # XF-10, XF-12
    assert a.previous.period == make_range(dt.date(2024, 11, 3), dt.date(2024, 12, 31))
    assert a.previous.total == fg.Count(1, 1)  # XF-08
    assert a.scope == "责任单位为县住建局"


def test_trend_months_and_last_year(tmp_path):
    a = run(tmp_path, "2025Q1")
    assert len(a.trend) == 12 and a.trend[0].month == dt.date(2024, 4, 1)
    assert [(p.month.month, p.cases, p.year_before) for p in a.trend[-4:]] == [
        (12, 2, None), (1, 2, 1), (2, 2, 1), (3, 2, 2),
    ]  # fmt: skip


def test_period_not_over_is_counted_as_of_today(tmp_path):
    book = Register(write_register(tmp_path / "台账.xlsx"))
    a = analyse(book, CONFIG, parse_period("2025Q1"), today=dt.date(2025, 2, 12))
    assert a.as_of == dt.date(2025, 2, 12)
    assert a.current.total == fg.Count(3, 10)  # XF-10, 11, 12 (registered by then; XF-13 on 2-15 not)
    assert any("尚未结束" in n for n in a.notes)


def test_period_before_the_register_is_an_error(tmp_path):
    with pytest.raises(DocgenError, match="2023年第一季度在此之前"):
        run(tmp_path, "2023Q1")


def test_repeat_petitioners_are_masked(tmp_path):
    a = run(tmp_path, "2025Q1")
    assert len(a.petitioners) == 1
    p = a.petitioners[0]
    assert (p.name, p.area, p.category, p.in_period, p.in_register) == ("欧**华", "清水镇", "城乡建设", 2, 3)
    assert p.id_number.startswith("341122") and "*" in p.id_number and len(p.id_number) == 18


def test_cases_without_a_date_are_reported_not_counted(tmp_path):
    undated = list(ROWS[9])
    undated[0], undated[1] = "XF-99", None
    book = Register(write_xlsx(tmp_path / "台账.xlsx", [*ROWS, undated], header=HEADER))
    a = analyse(book, CONFIG, parse_period("2025Q1"), today=TODAY)
    assert a.current.total == fg.Count(6, 17)
    assert a.undated == 1
    assert "有 1 件信访事项没有登记日期，未计入统计（可用 docgen validate 查出）" in a.notes
