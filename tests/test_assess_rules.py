"""The rules file: the sample reads, conditions match as documented, every mistake names its item."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from docgen.assess import load_rules, parse_condition
from docgen.assess.assessment import check_fields
from docgen.assess.describe import describe
from docgen.assess.points import fmt, round_half_up, to_decimal
from docgen.assess.rules import OVER_QUOTA, PER_EVENT, RATE, VETO
from docgen.errors import ConfigError

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

GOOD_ITEM = """
[[items]]
name = "进京集体访"
kind = "每件扣分"
points = 20
per_case = 3
when = { "是否集体访" = "是", "上访层级" = "进京" }
"""


def rules_file(tmp_path: Path, text: str, name: str = "细则.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        load_rules(rules_file(tmp_path, text))
    return str(caught.value)


# -- the sample ------------------------------------------------------------------------------
def test_sample_rules_read_with_every_kind():
    rules = load_rules(SAMPLES / "考核细则.toml")
    kinds = {item.kind for item in rules.items}
    assert {PER_EVENT, OVER_QUOTA, RATE, VETO, "加分"} <= kinds
    assert rules.base == Decimal(100)
    assert rules.period == "2025"
    assert "县司法局" in rules.units
    quota = next(i for i in rules.items if i.kind == OVER_QUOTA)
    assert quota.per_person == Decimal("0.1")  # exact, not the float 0.1000000000000000055…
    assert rules.tie_break == ("扣分少", "按期办结率高", "并列")


def test_every_item_is_described_in_words():
    rules = load_rules(SAMPLES / "考核细则.toml")
    texts = {item.name: describe(item) for item in rules.items}
    assert texts["进京集体访"] == "是否集体访为「是」且上访层级为「进京」的，每件扣 3 分，扣完 20 分为止"
    assert "每批次扣 2 分、每人次扣 0.1 分" in texts["赴省集体访"]
    assert texts["按期办结率"].startswith("得分 = 按期办结率 × 10")
    assert "第 1 名加 3 分" in texts["排名加分"]


def test_english_kind_names_are_accepted(tmp_path: Path):
    rules = load_rules(rules_file(tmp_path, GOOD_ITEM.replace('"每件扣分"', '"per_event"')))
    assert rules.items[0].kind == PER_EVENT


# -- mistakes ----------------------------------------------------------------------------------
ITEM_MISTAKES = [
    ('kind = "每件扣"', "第 1 项「进京集体访」的类型 kind 「每件扣」无法识别"),
    ("per_cases = 3", "第 1 项「进京集体访」中有未知的设置项「per_cases」，是不是「per_case」？"),
    ("points = -5", "第 1 项「进京集体访」的 points 应大于 0"),
    ('points = "20"', "第 1 项「进京集体访」的 points 应是数字（不加引号）"),
    ("per_case = 0", "要写每件扣几分 per_case"),
    ('when = { "人数" = { "≥" = 5 } }', "「人数」的比较符「≥」无法识别"),
    ('when = { "上访层级" = { ">=" = "赴省" } }', "「上访层级」的「>=」只能比较数字或日期，不能比较文字"),
    ('when = { "是否集体访" = true }', "「是否集体访」的值不能写 true 或 false"),
    ('when = { "上访层级" = [] }', "「上访层级」的取值列表是空的"),
    ('when = "进京"', "第 1 项「进京集体访」的条件 when 应是一个表"),
]


@pytest.mark.parametrize(("line", "expected"), ITEM_MISTAKES)
def test_item_mistakes_name_the_item(tmp_path: Path, line: str, expected: str):
    key = line.split(" ", 1)[0]
    kept = [row for row in GOOD_ITEM.strip().splitlines() if not row.startswith(key + " ")]
    message = error_of(tmp_path, "\n".join([*kept, line]) + "\n")
    assert "考核细则 细则.toml" in message
    assert expected in message


KIND_MISTAKES = [
    ('name = "赴省"\nkind = "超量扣分"\npoints = 10\nwhen = {}\nquota_batches = 1', "第 1 项「赴省」要写超出限额后"),
    ('name = "赴省"\nkind = "超量扣分"\npoints = 10\nper_batch = 2\nquota_batches = -1\nwhen = {}', "quota_batches"),
    ('name = "赴省"\nkind = "超量扣分"\nper_batch = 2\nwhen = {}', "第 1 项「赴省」缺少 points"),
    ('name = "办结"\nkind = "比率"\nrate = "办结率"\npoints = 10', "第 1 项「办结」的比率 rate 「办结率」无法识别"),
    ('name = "办结"\nkind = "比率"\nrate = "按期办结率"\npoints = 10\ntarget = 120\nper_point = 1', "不能超过 100"),
    ('name = "办结"\nkind = "比率"\nrate = "按期办结率"\npoints = 10\nper_point = 1', "写了 per_point 却没有目标值"),
    ('name = "办结"\nkind = "比率"\nrate = "按期办结率"\npoints = 10\ntarget = 95', "第 1 项「办结」缺少 per_point"),
    ('name = "办结"\nkind = "比率"\nrate = "按期办结率"\npoints = 10\nempty = "不计"', 'empty 应为 "满分" 或 "零分"'),
    ('name = "否决"\nkind = "一票否决"', "第 1 项「否决」缺少条件 when"),
    ('name = "否决"\nkind = "一票否决"\nwhen = {}\nat_least = 0', "at_least 应是不小于 1 的整数"),
    ('name = "否决"\nkind = "一票否决"\nwhen = {}\npoints = 5', "中有未知的设置项「points」"),
    ('name = "总分"\nkind = "加分"\nranks = [3, 2]', "名称与表格的固定列重名"),
    ('name = "排名"\nkind = "加分"\nranks = [3, 2]\nper_case = 1', "选一种"),
    ('name = "排名"\nkind = "加分"\nranks = [3, 2]\npoints = 2', "ranks 中有超过本项分值 2 的加分"),
    ('name = "排名"\nkind = "加分"\nranks = []', "ranks 应是各名次的加分列表"),
    ('name = "排名"\nkind = "加分"\nranks = [3, "2"]', "ranks 第 2 个值 应是数字"),
    ('name = "零访"\nkind = "加分"\nabsent = true\npoints = 2', "第 1 项「零访」缺少条件 when"),
    ('kind = "加分"\nranks = [1]', "第 1 项缺少项目名称 name"),
    ('name = "进京"', "第 1 项「进京」的类型 kind 没有写"),
]


@pytest.mark.parametrize(("body", "expected"), KIND_MISTAKES)
def test_kind_mistakes_name_the_item(tmp_path: Path, body: str, expected: str):
    assert expected in error_of(tmp_path, "[[items]]\n" + body + "\n")


def test_the_second_item_is_named(tmp_path: Path):
    text = GOOD_ITEM + '\n[[items]]\nname = "满意率"\nkind = "比率"\nrate = "满意度"\npoints = 5\n'
    message = error_of(tmp_path, text)
    assert "第 2 项「满意率」的比率 rate 「满意度」无法识别" in message
    assert '"按期办结率"' in message  # the hint lists the rates


TOP_MISTAKES = [
    ("", "中没有考核项目"),
    ('period = "2025年度上"\n' + GOOD_ITEM, "的考核期间 period：无法识别的统计期间"),
    ('units = ["甲镇", "甲镇"]\n' + GOOD_ITEM, "「甲镇」出现了不止一次"),
    ('tie_break = ["分高"]\n' + GOOD_ITEM, "tie_break 中「分高」无法识别"),
    ('tie_break = ["并列", "扣分少"]\n' + GOOD_ITEM, "「并列」只能写在最后"),
    ('table = "分数"\n' + GOOD_ITEM, 'table 应为 "扣分" 或 "得分"'),
    ("base = -1\n" + GOOD_ITEM, "base 不能是负数"),
    ('unit = "所属地区"\n' + GOOD_ITEM, "中有未知的设置项「unit」"),
    ("[notice]\ntops = 3\n" + GOOD_ITEM, "[notice]中有未知的设置项「tops」"),
    (GOOD_ITEM + GOOD_ITEM, "第 2 项「进京集体访」与前面的项目重名"),
]


@pytest.mark.parametrize(("text", "expected"), TOP_MISTAKES)
def test_file_level_mistakes(tmp_path: Path, text: str, expected: str):
    assert expected in error_of(tmp_path, text)


def test_toml_syntax_error_explains_quoting_chinese_keys(tmp_path: Path):
    message = error_of(tmp_path, '[[items]]\nname = "进京"\nwhen = { 上访层级 = "进京" }\n')
    assert "第 3 行第 10 列" in message and "中文名称要加英文双引号" in message
    assert "中文的字段名要加英文双引号" in message


def test_missing_file(tmp_path: Path):
    with pytest.raises(ConfigError, match="找不到考核细则文件"):
        load_rules(tmp_path / "没有.toml")


def test_condition_fields_must_exist_in_the_register(tmp_path: Path):
    rules = load_rules(rules_file(tmp_path, GOOD_ITEM.replace('"上访层级"', '"上访级别"')))
    with pytest.raises(ConfigError) as caught:
        check_fields(rules, ["信访编号", "上访层级", "责任单位", "人数"])
    message = str(caught.value)
    assert "第 1 项「进京集体访」的条件中「上访级别」不是台账的列" in message
    assert "是不是「上访层级」" in message
    check_fields(rules.__class__(items=rules.items[:0]), ["责任单位"])  # no items, nothing to check


def test_unit_column_must_exist(tmp_path: Path):
    rules = load_rules(rules_file(tmp_path, 'unit_column = "所属区域"\n' + GOOD_ITEM))
    with pytest.raises(ConfigError, match="unit_column「所属区域」不是台账的列，是不是「所属地区」"):
        check_fields(rules, ["所属地区", "是否集体访", "上访层级"])


# -- conditions ------------------------------------------------------------------------------
def test_condition_equalities_lists_and_comparisons():
    condition = parse_condition({"是否集体访": "是", "上访层级": ["赴省", "进京"], "人数": {">=": 10, "<": 50}}, "测试")
    assert condition.matches({"是否集体访": "是", "上访层级": "进京", "人数": 10})
    assert condition.matches({"是否集体访": "是", "上访层级": " 赴省 ", "人数": 49})
    assert not condition.matches({"是否集体访": "是", "上访层级": "赴市", "人数": 20})
    assert not condition.matches({"是否集体访": "是", "上访层级": "进京", "人数": 50})
    assert not condition.matches({"是否集体访": "是", "上访层级": "进京", "人数": ""})
    assert condition.fields == ["是否集体访", "上访层级", "人数"]
    assert condition.describe() == "是否集体访为「是」且上访层级为「赴省」或「进京」且人数不小于10且人数小于50"


def test_condition_dates_text_and_alternatives():
    condition = parse_condition(
        [{"登记日期": {">=": dt.date(2025, 7, 1)}, "反映问题": {"包含": "拆迁"}}, {"满意度": {"!=": ["满意", ""]}}],
        "测试",
    )
    assert condition.matches({"登记日期": dt.date(2025, 7, 1), "反映问题": "征地拆迁补偿", "满意度": "满意"})
    assert not condition.matches({"登记日期": dt.date(2025, 6, 30), "反映问题": "拆迁", "满意度": "满意"})
    assert condition.matches({"登记日期": "", "反映问题": "", "满意度": "不满意"})
    assert not condition.matches({"登记日期": "", "反映问题": "", "满意度": ""})
    assert "；或者" in condition.describe()


def test_numbers_match_numbers_and_text_matches_text():
    assert parse_condition({"人数": 5}, "t").matches({"人数": 5})
    assert parse_condition({"人数": 5}, "t").matches({"人数": "5"})
    assert parse_condition({"信访编号": "XF-1"}, "t").matches({"信访编号": "XF-1"})
    assert parse_condition({"登记日期": "2025-03-05"}, "t").matches({"登记日期": dt.date(2025, 3, 5)})
    assert parse_condition({}, "t").matches({})  # an empty table: every case
    assert parse_condition({}, "t").describe() == "所有信访事项"


# -- exact points ------------------------------------------------------------------------------
def test_points_are_exact_and_print_without_residue():
    assert to_decimal(0.1) == Decimal("0.1")
    assert sum([to_decimal(0.1)] * 33, Decimal(0)) == Decimal("3.3")
    assert fmt(Decimal(100) - sum([Decimal("0.1")] * 33, Decimal(0))) == "96.7"
    assert fmt(Decimal("100.00")) == "100"
    assert fmt(Decimal("-0.00")) == "0"
    assert fmt(Decimal("3"), sign=True) == "+3"
    assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")
    assert round_half_up(Decimal("-0.125"), 2) == Decimal("-0.13")
    from fractions import Fraction

    assert round_half_up(Fraction(50, 6), 2) == Decimal("8.33")
