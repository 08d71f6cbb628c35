"""The generated 一、基本情况 and 二、主要特点 on the small register, word for word where it matters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from report_fixtures import write_register

from docgen.config import Config
from docgen.petition.periods import parse_period
from docgen.register import Register
from docgen.reports.analysis import analyse
from docgen.reports.figures import Group
from docgen.reports.prose import Prose, largest_rise, leading, listing, this_period, write

TODAY = dt.date(2026, 11, 22)
CONFIG = Config(lists={"信访形式": ["来信", "来访", "网上信访", "电话"]})


def prose(tmp_path: Path, period: str) -> Prose:
    book = Register(write_register(tmp_path / "台账.xlsx"))
    return write(analyse(book, CONFIG, parse_period(period), today=TODAY))


def test_overview_of_a_quarter(tmp_path):
    p = prose(tmp_path, "2025Q1")
    assert p.overview == {
        "总体": "2025年第一季度，共登记信访事项6件、17人次，同比上升50.0%，环比上升20.0%。",
        "形式": "从信访形式看，来信3件，占50.0%；来访1件，占16.7%；网上信访1件，占16.7%；电话1件，占16.7%。",
        "层级": "从上访层级看，本级3件，赴市1件，赴省1件，进京1件；赴省、进京合计2件，占33.3%。发生集体访2批、13人次。",
        "办理": "截至2025年3月31日，本季度登记的信访事项已办结3件，按期受理率100.0%，按期办结率66.7%，满意率50.0%。"
        "台账中尚未办结的信访事项共5件，其中已超期3件。",
    }


def test_features_of_a_quarter(tmp_path):
    p = prose(tmp_path, "2025Q1")
    titles = [f.title for f in p.features]
    assert titles == [
        "（一）信访总量同比上升",
        "（二）反映问题主要集中在城乡建设、劳动社保、教育和环境保护方面",  # 教育 and 环境保护 tie for third
        "（三）清水镇、城关镇和新河镇等地信访量较大",
        "（四）赴省进京上访和集体访情况",
        "（五）重复访情况",
        "（六）按期办结率同比下降",
    ]
    text = {f.key: f.text for f in p.features}
    assert text["总量"] == (
        "本季度共登记信访事项6件，同比上升50.0%，环比上升20.0%；共17人次，同比上升70.0%，环比上升6.3%。"
        "分月看，1月2件、2月2件、3月2件。"
    )
    assert "与去年同期相比，城乡建设和环境保护类增加最多，各增加1件。" in text["问题"]  # a tie: both named
    assert "集体访2批、13人次，同比上升100.0%，环比上升100.0%" in text["赴省进京"]
    assert text["重复"].startswith("本季度重复访2件，占信访总量的33.3%，涉及信访人1人。")
    assert "按期受理率100.0%，同比、环比均持平" in text["质效"]
    assert "按期办结率66.7%，同比下降33.3个百分点，环比下降33.3个百分点" in text["质效"]
    assert "满意率50.0%，同比持平，环比下降50.0个百分点" in text["质效"]


def test_no_comparison_without_a_base(tmp_path):
    p = prose(tmp_path, "2024Q1")
    assert p.overview["总体"] == "2024年第一季度，共登记信访事项4件、10人次。"
    assert p.features[0].title == "（一）信访总量情况"
    assert "同比" not in " ".join(f.text for f in p.features)
    assert "居前两位" in p.features[2].text


def test_a_month_with_no_cases(tmp_path):
    p = prose(tmp_path, "2024-06")
    assert p.overview == {
        "总体": "2024年6月，未登记信访事项。",
        "办理": "截至2024年6月30日，台账中尚未办结的信访事项共2件，其中已超期2件。",
    }
    text = {f.key: f.text for f in p.features}
    assert text["问题"] == "本月未登记信访事项。"
    assert text["区域"] == "本月未登记信访事项。"
    assert text["赴省进京"] == "本月未发生赴省、进京上访和集体访。"
    assert "无" not in p.features[0].title


def test_year_names_busiest_and_empty_months(tmp_path):
    p = prose(tmp_path, "2025")
    assert p.overview["总体"] == "2025年，共登记信访事项7件、37人次，同比下降22.2%。"  # no 环比 for a year
    assert "分月看，1月、2月、3月最多（各2件），有8个月无登记。" in p.features[0].text


def test_words():
    assert listing(["甲"]) == "甲" and listing(["甲", "乙", "丙"]) == "甲、乙和丙"
    periods = ["2025-07", "2025Q3", "2025H1", "2025H2", "2025"]
    assert [this_period(parse_period(p)) for p in periods] == ["本月", "本季度", "上半年", "下半年", "全年"]


def test_a_tie_for_the_largest_rise_names_every_category():
    assert largest_rise([(3, "城乡建设"), (1, "教育"), (3, "劳动社保")]) == (
        "与去年同期相比，城乡建设和劳动社保类增加最多，各增加3件。"
    )
    assert largest_rise([(2, "教育")]) == "与去年同期相比，教育类增加最多，增加2件。"
    assert largest_rise([]) == ""


def test_the_leading_three_keep_a_unit_tied_with_the_third():
    groups = [Group(name, cases, cases) for name, cases in (("甲", 9), ("乙", 5), ("丙", 4), ("丁", 4), ("戊", 3))]
    assert [g.name for g in leading(groups)] == ["甲", "乙", "丙", "丁"]
    assert [g.name for g in leading(groups[:2])] == ["甲", "乙"]
