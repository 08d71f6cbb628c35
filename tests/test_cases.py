"""Computed fields of the case rules, each checked against an answer worked out by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import all_text, write_template, write_xlsx

from docgen.config import Config, Rules
from docgen.errors import CalendarError, DocgenError
from docgen.petition import cases
from docgen.petition.cases import COMPUTED_FIELDS, Due, Facts, accepted_on_time, compute, finished_on_time
from docgen.pipeline import merge
from docgen.register import Register

D = dt.date
# Registered Mon 2025-03-03 → 受理截止 Mar 18 (Tue). Accepted Mar 10 → 办理截止 Mar 10 + 60 = Fri May 9.
BASE = {"登记日期": D(2025, 3, 3), "受理日期": "", "受理情况": "", "办结日期": "", "是否延期": "", "延期天数": ""}
ACCEPTED = {**BASE, "受理情况": "受理", "受理日期": D(2025, 3, 10)}
STATUS_FIELDS = ["办理状态", "当前截止日期", "剩余天数", "超期天数", "是否超期", "是否按期受理", "是否按期办结"]


def fields(values: dict, as_of: dt.date, names=STATUS_FIELDS, config: Config | None = None) -> dict:
    return compute(values, names, config=config or Config(), as_of=as_of)


def test_every_documented_field_is_computed_and_described():
    computed = fields({**BASE, "人数": 1}, D(2025, 3, 4), names=[n for n in COMPUTED_FIELDS if n != "是否重复访"])
    assert set(computed) == set(COMPUTED_FIELDS) - {"是否重复访"}
    for name, (description, inputs) in COMPUTED_FIELDS.items():
        assert description and inputs, name
    assert {"受理截止日期", "办理截止日期", "复查申请截止日期", "剩余天数", "是否超期", "办理状态"} <= set(
        COMPUTED_FIELDS
    )
    assert {"是否集体访", "是否重复访"} <= set(COMPUTED_FIELDS)


def test_pending_on_the_last_day_of_the_acceptance_period():
    assert fields(BASE, D(2025, 3, 18)) == {
        "办理状态": "待受理",
        "当前截止日期": D(2025, 3, 18),
        "剩余天数": 0,
        "超期天数": 0,
        "是否超期": "否",
        "是否按期受理": "",
        "是否按期办结": "",
    }


def test_pending_one_day_after_the_acceptance_period_is_overdue():
    got = fields(BASE, D(2025, 3, 19))
    assert got["办理状态"] == "已超期"
    assert (got["剩余天数"], got["超期天数"], got["是否超期"], got["是否按期受理"]) == (-1, 1, "是", "否")


def test_in_progress_until_the_handling_deadline_then_overdue():
    on_time = fields(ACCEPTED, D(2025, 5, 9))
    assert (on_time["办理状态"], on_time["当前截止日期"], on_time["剩余天数"]) == ("办理中", D(2025, 5, 9), 0)
    assert on_time["是否按期受理"] == "是"
    late = fields(ACCEPTED, D(2025, 5, 12))
    assert (late["办理状态"], late["剩余天数"], late["超期天数"], late["是否按期办结"]) == ("已超期", -3, 3, "否")


def test_finished_in_time_and_finished_late():
    done = fields({**ACCEPTED, "办结日期": D(2025, 5, 9)}, D(2025, 6, 1))
    assert (done["办理状态"], done["是否超期"], done["是否按期办结"], done["剩余天数"]) == ("已办结", "否", "是", "")
    late = fields({**ACCEPTED, "办结日期": D(2025, 5, 12)}, D(2025, 6, 1))
    assert (late["办理状态"], late["是否超期"], late["超期天数"], late["是否按期办结"]) == ("超期办结", "是", 3, "否")


def test_a_thirty_day_extension_moves_the_handling_deadline():
    # May 9 + 30 = Sun Jun 8 → Mon Jun 9.
    extended = {**ACCEPTED, "是否延期": "是", "延期天数": "30天", "办结日期": D(2025, 5, 12)}
    got = fields(extended, D(2025, 6, 1), names=["办理截止日期", "办理状态"])
    assert got == {"办理截止日期": D(2025, 6, 9), "办理状态": "已办结"}


def test_original_handling_deadline_ignores_the_extension_and_skips_the_holiday():
    # Accepted Sat 2025-08-02: + 60 = Wed Oct 1, inside the National Day holiday (Oct 1-8) → Thu Oct 9.
    extended = {**ACCEPTED, "受理日期": D(2025, 8, 2), "是否延期": "是", "延期天数": 20}
    got = fields(extended, D(2025, 9, 1), names=["原办理截止日期", "办理截止日期"])
    assert got == {"原办理截止日期": D(2025, 10, 9), "办理截止日期": D(2025, 10, 29)}
    refused = {**ACCEPTED, "受理情况": "不予受理"}
    assert fields(refused, D(2025, 9, 1), names=["原办理截止日期"]) == {"原办理截止日期": ""}


def test_extension_marked_no_is_ignored():
    got = fields({**ACCEPTED, "是否延期": "否", "延期天数": 30}, D(2025, 4, 1), names=["办理截止日期"])
    assert got == {"办理截止日期": D(2025, 5, 9)}


def test_extension_of_45_days_is_an_error_for_the_handling_deadline_only():
    bad = {**ACCEPTED, "是否延期": "是", "延期天数": 45}
    assert fields(bad, D(2025, 4, 1), names=["受理截止日期", "是否集体访"]) == {
        "受理截止日期": D(2025, 3, 18),
        "是否集体访": "否",
    }
    with pytest.raises(DocgenError) as caught:
        fields(bad, D(2025, 4, 1), names=["办理截止日期"])
    assert "30" in caught.value.message


def test_extension_without_days_is_an_error():
    with pytest.raises(DocgenError) as caught:
        fields({**ACCEPTED, "是否延期": "是"}, D(2025, 4, 1), names=["办理状态"])
    assert "延期天数为空" in caught.value.message


def test_refusal_closes_the_case_late_when_decided_after_the_acceptance_deadline():
    refused = {**BASE, "受理情况": "不予受理", "受理日期": D(2025, 3, 14)}
    assert fields(refused, D(2025, 6, 1), names=["办理状态", "办理截止日期"]) == {
        "办理状态": "已办结",
        "办理截止日期": "",
    }
    late = fields({**refused, "受理日期": D(2025, 3, 20)}, D(2025, 6, 1), names=["办理状态", "超期天数"])
    assert late == {"办理状态": "超期办结", "超期天数": 2}


def test_status_as_of_an_earlier_date_ignores_later_events():
    finished = {**ACCEPTED, "办结日期": D(2025, 5, 9)}
    got = fields(finished, D(2025, 4, 1), names=["办理状态", "剩余天数"])
    assert got == {"办理状态": "办理中", "剩余天数": 38}  # Apr 1 → May 9
    before_acceptance = fields(finished, D(2025, 3, 5), names=["办理状态", "当前截止日期"])
    assert before_acceptance == {"办理状态": "待受理", "当前截止日期": D(2025, 3, 18)}


def test_review_request_deadline_is_thirty_days_after_the_reply():
    # Replied Fri May 9: + 30 = Sun Jun 8 → Mon Jun 9.
    got = fields({"答复日期": D(2025, 5, 9)}, D(2025, 6, 1), names=["复查申请截止日期", "受理截止日期"])
    assert got == {"复查申请截止日期": D(2025, 6, 9), "受理截止日期": ""}


def test_datetime_values_count_from_their_day():
    got = fields({**BASE, "登记日期": dt.datetime(2025, 3, 3, 17, 45)}, D(2025, 3, 4), names=["受理截止日期"])
    assert got == {"受理截止日期": D(2025, 3, 18)}


def test_unknown_calendar_year_is_an_error():
    with pytest.raises(CalendarError):
        fields({**BASE, "登记日期": D(2026, 12, 20)}, D(2026, 12, 21), names=["受理截止日期"])


def test_status_is_decided_when_even_the_earliest_possible_deadline_settles_it():
    # Accepted Thu Nov 5, 2026: the 60 days end on Jan 4, 2027 at the earliest; 2027's holidays are unknown.
    recent = {**BASE, "登记日期": D(2026, 11, 2), "受理情况": "受理", "受理日期": D(2026, 11, 5)}
    assert fields(recent, D(2026, 11, 22), names=["办理状态", "是否超期", "是否按期办结", "超期天数"]) == {
        "办理状态": "办理中",
        "是否超期": "否",
        "是否按期办结": "",
        "超期天数": 0,
    }
    finished = fields({**recent, "办结日期": D(2026, 12, 1)}, D(2026, 12, 2), names=["办理状态", "是否按期办结"])
    assert finished == {"办理状态": "已办结", "是否按期办结": "是"}
    for name in ("办理截止日期", "剩余天数"):
        with pytest.raises(CalendarError):
            fields(recent, D(2026, 11, 22), names=[name])
    with pytest.raises(CalendarError):  # past the earliest possible deadline: only the calendar can tell
        fields(recent, D(2027, 1, 5), names=["办理状态"])


@pytest.mark.parametrize(
    ("people", "threshold", "expected"), [(5, 5, "是"), (4, 5, "否"), ("", 5, "否"), (6, 10, "否")]
)
def test_collective_petition_threshold(people, threshold, expected):
    config = Config(rules=Rules(collective_threshold=threshold))
    assert fields({"人数": people}, D(2025, 1, 1), names=["是否集体访"], config=config) == {"是否集体访": expected}


def test_on_time_helpers_for_rates():
    due = Due(acceptance=D(2025, 3, 18), handling=D(2025, 5, 9))
    assert accepted_on_time(Facts(accepted=D(2025, 3, 18)), due, D(2025, 6, 1)) is True
    assert accepted_on_time(Facts(accepted=D(2025, 3, 19)), due, D(2025, 6, 1)) is False
    assert accepted_on_time(Facts(), due, D(2025, 3, 18)) is None
    assert accepted_on_time(Facts(), due, D(2025, 3, 19)) is False
    assert finished_on_time(Facts(finished=D(2025, 5, 9)), due, D(2025, 6, 1)) is True
    assert finished_on_time(Facts(), due, D(2025, 5, 9)) is None
    assert finished_on_time(Facts(), due, D(2025, 5, 10)) is False
    assert finished_on_time(Facts(), Due(), D(2025, 5, 10)) is None


# -- repeat petitioners ----------------------------------------------------------------------
REPEAT_HEADER = ["信访编号", "登记日期", "信访人", "身份证号", "联系电话", "问题类别"]
REPEAT_ROWS = [  # Excel row: expected 是否重复访
    (["A1", D(2025, 1, 10), "张三", "ID-1", "13800000001", "城建"], "否"),  # 2: first visit
    (["A2", D(2025, 2, 10), "李四", "ID-2", "13800000002", "劳动"], "否"),  # 3
    (["A3", D(2025, 3, 10), "张三", "ID-1", "13800000009", "劳动"], "是"),  # 4: same ID as row 2
    (["A4", D(2025, 3, 12), "王五", "", "13800000005", "城建"], "否"),  # 5: no ID
    (["A5", D(2025, 4, 1), "王五", "", "138 0000 0005", "城建"], "是"),  # 6: same name and phone as row 5
    (["A6", D(2026, 6, 1), "李四", "ID-2", "13800000002", "劳动"], "否"),  # 7: row 3 is 476 days earlier
    (["B1", D(2025, 5, 5), "赵六", "ID-3", "13800000006", "教育"], "否"),  # 8: same day as row 9, earlier row
    (["B2", D(2025, 5, 5), "赵六", "ID-3", "13800000006", "教育"], "是"),  # 9
    (["C1", D(2025, 6, 1), "张三", "", "13800000001", "城建"], "是"),  # 10: no ID; name+phone of row 2
    (["D1", D(2025, 7, 1), "李四", "ID-4", "13800000002", "劳动"], "否"),  # 11: a different ID
]


@pytest.fixture
def repeat_register(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "repeat.xlsx", [row for row, _ in REPEAT_ROWS], header=REPEAT_HEADER)


def test_repeat_petitioners_by_id_or_by_name_and_phone(repeat_register: Path):
    config = Config()
    book = Register(repeat_register, config.register)
    assert cases.needs_history(["是否重复访", "办理状态"]) and not cases.needs_history(["办理状态"])
    history = cases.build_history(book)
    got = {
        record.row: compute(record.values, ["是否重复访"], config=config, as_of=D(2026, 7, 1), history=history)[
            "是否重复访"
        ]
        for record in book.records()
    }
    assert got == {row: expected for row, (_, expected) in enumerate(REPEAT_ROWS, 2)}


def test_repeat_window_and_same_category_are_configurable(repeat_register: Path):
    book = Register(repeat_register)
    history = cases.build_history(book)
    records = {r.row: r.values for r in book.records()}
    unlimited = Config(rules=Rules(repeat_window_days=0))
    assert compute(records[7], ["是否重复访"], config=unlimited, as_of=D(2026, 7, 1), history=history) == {
        "是否重复访": "是"
    }
    same_matter = Config(rules=Rules(repeat_same_category=True))
    # row 4 (劳动) follows row 2 (城建): another matter; row 6 follows row 5 on the same matter
    assert compute(records[4], ["是否重复访"], config=same_matter, as_of=D(2026, 7, 1), history=history) == {
        "是否重复访": "否"
    }
    assert compute(records[6], ["是否重复访"], config=same_matter, as_of=D(2026, 7, 1), history=history) == {
        "是否重复访": "是"
    }


def test_merge_fills_computed_fields_into_documents(repeat_register: Path, tmp_path: Path):
    template = write_template(
        tmp_path / "核对.docx", ["{{ 信访编号 }}|{{ 是否重复访 }}|{{ 受理截止日期 }}|{{ 办理状态 }}"]
    )
    result = merge(repeat_register, template, tmp_path / "out", as_of=D(2025, 1, 24))
    assert result.ok, [str(p) for p in result.problems]
    texts = {path.name.split("-")[0]: all_text(path) for path in result.written}
    # A1 registered Fri Jan 10, 2025: + 15 = Sat Jan 25, a day off → Sun Jan 26, a swapped working day (调休)
    assert "A1|否|2025年1月26日|待受理" in texts["A1"]
    assert "A3|是|" in texts["A3"]
    assert "B2|是|" in texts["B2"]
