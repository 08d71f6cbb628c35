"""Scores against hand-computed answers: caps, quotas in tenths of a point, rates, vetoes, ties, empty units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

try:
    import tomllib
except ImportError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from docgen.assess import assess_cases, parse_rules, rank, score_units
from docgen.assess.points import fmt
from docgen.assess.scoring import DEDUCTION, GAIN, VETOED, CaseRef
from docgen.petition.caselist import Case

D = Decimal


def case(row: int, unit: str, *, day: int = 1, month: int = 3, **values: object) -> Case:
    """A case as load_cases makes it, computed fields given by hand."""
    base: dict[str, object] = {
        "信访编号": f"XF-{row:03d}",
        "登记日期": dt.date(2025, month, day),
        "责任单位": unit,
        "人数": 1,
        "是否集体访": "否",
        "上访层级": "本级",
        "是否按期办结": "是",
        "满意度": "满意",
    }
    base.update(values)
    return Case(row, base)


def collective(row: int, unit: str, level: str, people: int, **values: object) -> Case:
    return case(row, unit, 人数=people, 是否集体访="是", 上访层级=level, **values)


def rules(*items: str, **top: object) -> object:
    data: dict[str, object] = {"items": [_item(text) for text in items]}
    data.update(top)
    return parse_rules(data)


def _item(text: str) -> dict[str, object]:
    return tomllib.loads(text)


BEIJING = """
name = "进京集体访"
kind = "每件扣分"
points = 10
per_case = 3
when = { "是否集体访" = "是", "上访层级" = "进京" }
"""
PROVINCE = """
name = "赴省集体访"
kind = "超量扣分"
points = 20
quota_batches = 1
per_batch = 2
per_person = 0.1
when = { "是否集体访" = "是", "上访层级" = "赴省" }
"""
ON_TIME = """
name = "按期办结率"
kind = "比率"
rate = "按期办结率"
points = 10
"""
VETO = """
name = "重大集体访"
kind = "一票否决"
when = { "是否集体访" = "是", "人数" = { ">=" = 50 } }
"""
RANK_BONUS = """
name = "排名加分"
kind = "加分"
ranks = [3, 2, 1]
"""


def by_unit(cases, units):
    return {u: [c for c in cases if c["责任单位"] == u] for u in units}


def one(rules_, cases, unit="甲镇"):
    return score_units(rules_, {unit: cases})[0]


# -- per event and caps ------------------------------------------------------------------------
def test_per_event_is_capped_at_the_item_points():
    cases = [collective(row, "甲镇", "进京", 6, day=row) for row in range(2, 7)]  # five batches
    score = one(rules(BEIJING), cases)
    # 3 + 3 + 3 = 9, the fourth takes the last 1 point, the fifth nothing: 扣完为止
    assert [e.points for e in score.entries] == [D(3), D(3), D(3), D(1), D(0)]
    assert score.lost == D(10)
    assert score.total == D(90)
    assert "实扣 1 分" in score.entries[3].note
    assert "已扣满，不再扣分" in score.entries[4].note
    assert score.entries[0].cases == (CaseRef("XF-002", 2),)


def test_per_person_deductions_sum_exactly():
    item = BEIJING.replace("per_case = 3", "per_person = 0.1").replace("points = 10", "points = 20")
    cases = [collective(row, "甲镇", "进京", 7, day=row % 28 + 1) for row in range(2, 12)]  # 10 × 7 people
    score = one(rules(item), cases)
    assert score.lost == D("7.0")  # 70 × 0.1, where floats give 7.000000000000001
    assert sum([0.1] * 70) != 7.0
    assert fmt(score.total) == "93"


def test_cases_are_taken_in_registration_order_for_the_cap():
    late = collective(2, "甲镇", "进京", 6, day=20)
    early = collective(9, "甲镇", "进京", 6, day=5)
    item = BEIJING.replace("points = 10", "points = 4")
    entries = one(rules(item), [late, early]).entries
    assert [(e.cases[0].row, e.points) for e in entries] == [(9, D(3)), (2, D(1))]


# -- over quota ------------------------------------------------------------------------------
def test_over_quota_each_batch_and_person_time_beyond_the_quota():
    cases = [
        collective(2, "甲镇", "赴省", 7, day=1),  # first batch: within the quota
        collective(3, "甲镇", "赴省", 13, day=2),  # 2 + 13 × 0.1 = 3.3
        collective(4, "甲镇", "赴省", 6, day=3),  # 2 + 6 × 0.1 = 2.6
        collective(5, "甲镇", "赴市", 40, day=4),  # another level: not counted
    ]
    score = one(rules(PROVINCE), cases)
    assert [e.points for e in score.entries] == [D(0), D("3.3"), D("2.6")]
    assert score.lost == D("5.9")
    assert fmt(score.total) == "94.1"
    assert "在限额内，不扣分" in score.entries[0].note
    assert (
        score.entries[1].note == "第 2 批，13 人次（限额 1 批）：超限额 1 批扣 2 分 + 超限额 13 人次 × 0.1 分 = 3.3 分"
    )


def test_over_quota_with_a_person_time_quota():
    item = PROVINCE.replace("quota_batches = 1", "quota_batches = 1\nquota_people = 10")
    cases = [collective(2, "甲镇", "赴省", 7, day=1), collective(3, "甲镇", "赴省", 6, day=2)]
    score = one(rules(item), cases)
    # batch 2 is beyond 1 batch (2 points); person-times 7 + 6 = 13, 3 beyond 10 (0.3)
    assert [e.points for e in score.entries] == [D(0), D("2.3")]


def test_over_quota_is_capped_too():
    item = PROVINCE.replace("points = 20", "points = 5").replace("quota_batches = 1", "quota_batches = 0")
    cases = [collective(row, "甲镇", "赴省", 33, day=row) for row in (2, 3)]
    score = one(rules(item), cases)
    assert [e.points for e in score.entries] == [D(5), D(0)]  # 2 + 3.3 = 5.3, capped at 5


# -- rates -----------------------------------------------------------------------------------------
def test_rate_times_weight_rounds_once_and_lists_the_cases_that_missed():
    cases = [case(row, "甲镇", 是否按期办结="是") for row in range(2, 7)]
    cases.append(case(7, "甲镇", 是否按期办结="否"))
    cases.append(case(8, "甲镇", 是否按期办结=""))  # not yet due: not counted
    score = one(rules(ON_TIME), cases)
    (entry,) = score.entries
    assert entry.points == D("1.67")  # 10 − 10 × 5/6 = 10 − 8.33
    assert entry.cases == (CaseRef("XF-007", 7),)
    assert fmt(score.total) == "98.33"
    assert "按期办结率 5/6 = 83.33%" in entry.note


def test_rate_with_a_target_loses_points_per_percentage_point_below_it():
    item = """
name = "满意率"
kind = "比率"
rate = "满意率"
points = 5
target = 90
per_point = 0.2
"""
    cases = [case(row, "甲镇", 满意度="满意") for row in range(2, 6)] + [case(6, "甲镇", 满意度="不满意")]
    assert one(rules(item), cases).lost == D(2)  # 80%: 10 points below × 0.2
    cases = [case(2, "甲镇", 满意度="不满意")]
    assert one(rules(item), cases).lost == D(5)  # 0%: 18, capped at 5
    cases = [case(row, "甲镇", 满意度="满意") for row in range(2, 12)]
    assert one(rules(item), cases).entries == ()  # 100%: above target


def test_rate_with_nothing_to_count_is_full_marks_unless_told_otherwise():
    cases = [case(2, "甲镇", 是否按期办结="")]
    assert one(rules(ON_TIME), cases).lost == D(0)
    zero = one(rules(ON_TIME + 'empty = "零分"\n'), cases)
    assert zero.lost == D(10)
    assert zero.entries[0].cases == ()


# -- veto, ranking and ties ------------------------------------------------------------------------
def test_veto_puts_a_unit_last_whatever_its_score():
    cases = [
        collective(2, "甲镇", "本级", 60),  # vetoed, but nothing else is lost
        collective(3, "乙镇", "进京", 6),  # −3
        collective(4, "丙镇", "进京", 6),
        collective(5, "丙镇", "进京", 6),  # −6
    ]
    the_rules = rules(BEIJING, VETO)
    ranked, _ = assess_cases(the_rules, cases, all_cases=cases)
    assert [(r.rank, r.score.unit, fmt(r.score.total)) for r in ranked] == [
        (1, "乙镇", "97"),
        (2, "丙镇", "94"),
        (3, "甲镇", "100"),
    ]
    assert ranked[-1].score.vetoes == ["重大集体访"]
    (veto,) = [e for e in ranked[-1].score.entries if e.kind == VETOED]
    assert veto.points == D(0) and veto.cases == (CaseRef("XF-002", 2),)


def test_veto_needs_at_least_the_stated_number_of_cases():
    item = VETO + "at_least = 2\n"
    assert not one(rules(item), [collective(2, "甲镇", "本级", 60)]).vetoed
    assert one(rules(item), [collective(2, "甲镇", "本级", 60), collective(3, "甲镇", "本级", 55)]).vetoed


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    cases = [collective(2, "丙镇", "进京", 6)]
    ranked, _ = assess_cases(rules(BEIJING, units=["甲镇", "乙镇", "丙镇"]), cases)
    assert [(r.rank, r.score.unit) for r in ranked] == [(1, "甲镇"), (1, "乙镇"), (3, "丙镇")]


def test_tie_rules_in_order():
    bonus = """
name = "化解积案"
kind = "加分"
per_case = 1
points = 5
when = { "备注" = "积案化解" }
"""
    cases = [
        collective(2, "甲镇", "进京", 6),  # 100 − 3 + 3 = 100, lost 3
        case(3, "甲镇", 备注="积案化解"),
        case(4, "甲镇", 备注="积案化解"),
        case(5, "甲镇", 备注="积案化解"),
        case(6, "乙镇"),  # 100, lost 0, 1 case
        case(7, "丙镇"),  # 100, lost 0, 2 cases
        case(8, "丙镇"),
    ]
    units = ["甲镇", "乙镇", "丙镇"]
    ranked, _ = assess_cases(rules(BEIJING, bonus, units=units, tie_break=["扣分少", "件数少"]), cases)
    assert [(r.rank, r.score.unit) for r in ranked] == [(1, "乙镇"), (2, "丙镇"), (3, "甲镇")]
    ranked, _ = assess_cases(rules(BEIJING, bonus, units=units, tie_break=["并列"]), cases)
    assert [r.rank for r in ranked] == [1, 1, 1]
    ranked, _ = assess_cases(rules(BEIJING, bonus, units=units, tie_break=["名单顺序"]), cases)
    assert [(r.rank, r.score.unit) for r in ranked] == [(1, "甲镇"), (2, "乙镇"), (3, "丙镇")]


def test_tie_broken_by_a_rate():
    cases = [case(2, "甲镇", 是否按期办结="否"), case(3, "甲镇"), case(4, "乙镇")]
    the_rules = rules(BEIJING, units=["甲镇", "乙镇"], tie_break=["按期办结率高", "并列"])
    ranked, _ = assess_cases(the_rules, cases)
    assert [(r.rank, r.score.unit) for r in ranked] == [(1, "乙镇"), (2, "甲镇")]


def test_a_unit_with_no_cases_gets_a_row_with_the_base_score():
    cases = [collective(2, "甲镇", "进京", 6)]
    ranked, warnings = assess_cases(rules(BEIJING, ON_TIME, units=["甲镇", "县司法局"]), cases)
    empty = next(r.score for r in ranked if r.score.unit == "县司法局")
    assert (empty.cases, empty.entries, empty.total) == (0, (), D(100))
    assert warnings == []


def test_units_default_to_every_unit_in_the_whole_register():
    in_period = [collective(2, "甲镇", "进京", 6)]
    last_year = case(3, "乙镇", day=1)
    ranked, _ = assess_cases(rules(BEIJING), in_period, all_cases=[*in_period, last_year])
    assert [r.score.unit for r in ranked] == ["乙镇", "甲镇"]
    assert ranked[0].score.cases == 0


# -- bonuses ---------------------------------------------------------------------------------------
def test_rank_bonus_goes_by_the_score_before_it_and_skips_vetoed_units():
    cases = [
        collective(2, "甲镇", "本级", 60),  # vetoed: no bonus
        collective(3, "乙镇", "进京", 6),  # 97
        collective(4, "丁镇", "进京", 6),  # 97
    ]
    units = ["甲镇", "乙镇", "丙镇", "丁镇"]
    scores = score_units(rules(BEIJING, VETO, RANK_BONUS, units=units), by_unit(cases, units))
    bonus = {s.unit: s.bonus for s in scores}
    assert bonus == {"甲镇": D(0), "乙镇": D(2), "丙镇": D(3), "丁镇": D(2)}  # 乙 and 丁 share 2nd place
    ranked = rank(scores, ("扣分少", "并列"))
    assert [(r.rank, r.score.unit, fmt(r.score.total)) for r in ranked] == [
        (1, "丙镇", "103"),
        (2, "乙镇", "99"),
        (2, "丁镇", "99"),
        (4, "甲镇", "100"),
    ]


def test_bonus_per_case_is_capped_and_bonus_when_absent():
    per_case = """
name = "主动化解"
kind = "加分"
per_case = 0.5
points = 1
when = { "备注" = "化解" }
"""
    absent = """
name = "无进京访"
kind = "加分"
absent = true
points = 2
when = { "上访层级" = "进京" }
"""
    cases = [case(row, "甲镇", 备注="化解") for row in (2, 3, 4)]
    score = one(rules(per_case, absent), cases)
    assert [(e.item, e.kind, e.points) for e in score.entries] == [
        ("主动化解", GAIN, D("0.5")),
        ("主动化解", GAIN, D("0.5")),
        ("主动化解", GAIN, D(0)),
        ("无进京访", GAIN, D(2)),
    ]
    assert score.total == D(103)
    assert not [e for e in one(rules(absent), [case(2, "甲镇", 上访层级="进京")]).entries]


# -- the trace -----------------------------------------------------------------------------------
@pytest.mark.parametrize("table", ["扣分", "得分"])
def test_entries_add_up_to_each_units_points(table: str):
    cases = [
        collective(2, "甲镇", "进京", 6, day=1),
        collective(3, "甲镇", "赴省", 9, day=2),
        collective(4, "甲镇", "赴省", 33, day=3),
        case(5, "甲镇", 是否按期办结="否"),
        case(6, "乙镇", 是否按期办结="否"),
        case(7, "乙镇"),
        case(8, "乙镇"),
    ]
    the_rules = rules(BEIJING, PROVINCE, ON_TIME, VETO, RANK_BONUS, units=["甲镇", "乙镇"], table=table)
    ranked, _ = assess_cases(the_rules, cases)
    for place in ranked:
        score = place.score
        lost = sum((e.points for e in score.entries if e.kind == DEDUCTION), D(0))
        gained = sum((e.points for e in score.entries if e.kind == GAIN), D(0))
        assert score.total == D(100) - lost + gained
        assert sum((score.change(i.name) for i in the_rules.items), D(0)) == gained - lost
    # 甲镇: −3 (Beijing), −(2 + 3.3) (second provincial batch), −2.5 (on time 3/4): 100 − 10.8 = 89.2;
    # 乙镇: −3.33 (on time 2/3): 96.67, first before the bonus (+3); 甲镇 second (+2)
    jia, yi = (next(r.score for r in ranked if r.score.unit == u) for u in ("甲镇", "乙镇"))
    assert (fmt(jia.lost), fmt(jia.total)) == ("10.8", "91.2")
    assert (fmt(yi.lost), fmt(yi.total)) == ("3.33", "99.67")


def test_warnings_for_blank_and_unknown_units_and_unmatched_values():
    cases = [case(2, ""), case(3, "甲 镇"), case(4, "县公安"), case(5, "甲镇")]
    item = BEIJING.replace('"进京" }', '"进京城" }')
    _, warnings = assess_cases(rules(item, units=["甲镇", "县公安局"]), cases)
    assert warnings[0] == "1 件事项没有填写责任单位，未计入考核（台账第 2 行）"
    assert any("「县公安」不在参评单位名单中" in w and "是不是「县公安局」" in w for w in warnings)
    assert any("「上访层级 = 进京城」在台账中一件也没有" in w for w in warnings)
