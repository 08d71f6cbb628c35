"""What the official documents state, read back from the rendered text: every period against the dates it
names, the 办理 → 复查 → 复核 chain, and rows refused when the register lacks what a statement needs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import chinese_calendar
import pytest
from docxtext import body_text

from docgen.config import load_config
from docgen.errors import MissingDataError
from docgen.official.catalog import CATALOG, build_templates
from docgen.official.preview import NUMBER_FIELD, case_contexts, sample_number
from docgen.render import DocxTemplate

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
DAY = dt.date(2025, 11, 20)
DATE = r"(\d{4})年(\d{1,2})月(\d{1,2})日"

# A sample case each template is written for.
FITS = {
    "受理告知书": lambda c: c["是否延期"] == "是",
    "不予受理告知书": lambda c: c["受理情况"] == "不予受理",
    "不再受理告知书": lambda c: bool(c["再次信访日期"]),
    "转送交办函": lambda c: c["是否延期"] == "是" and (c["人数"] or 0) > 1,
    "督办函": lambda c: c["是否延期"] == "是",
    "延期办理告知书": lambda c: c["是否延期"] == "是",
    "处理意见书": lambda c: bool(c["答复日期"]),
    "复查意见书": lambda c: c["复查结论"] == "变更",
    "复核意见书": lambda c: bool(c["复核结论"]),
    "回访记录表": lambda c: bool(c["回访日期"]),
}


@pytest.fixture(scope="module")
def config():
    return load_config(SAMPLES / "docgen.toml")


@pytest.fixture(scope="module")
def templates(tmp_path_factory, config) -> Path:
    folder = tmp_path_factory.mktemp("templates")
    build_templates(folder, config)
    return folder


@pytest.fixture(scope="module")
def contexts(config) -> list[dict[str, object]]:
    return [c for _, c in case_contexts(SAMPLES / "register.xlsx", config, as_of=DAY, issued=DAY)]


def render(templates: Path, name: str, context: dict[str, object], config) -> str:
    number = {NUMBER_FIELD: sample_number(name, config, 2025, 1)}
    return body_text(DocxTemplate(templates / f"{name}.docx").render({**context, **number}))


def statutory(start: dt.date, days: int) -> dt.date:
    """The last day of a period of `days` calendar days after `start`, moved off non-working days."""
    end = start + dt.timedelta(days=days)
    while not chinese_calendar.is_workday(end):
        end += dt.timedelta(days=1)
    return end


def dates(text: str) -> list[dt.date]:
    return [dt.date(int(y), int(m), int(d)) for y, m, d in re.findall(DATE, text)]


def checked_periods(text: str, context: dict[str, object]) -> set[str]:
    """Check every sentence that states a period in days and names a date; return the sentences checked."""
    checked = set()
    for sentence in re.split("[。；]", text):
        periods = [int(n) for n in re.findall(r"(\d+)日", re.sub(DATE, "", sentence))]
        named = dates(sentence)
        if not periods or not named:
            continue
        accepted = context["受理日期"]
        if "自受理之日起60日内" in sentence and "已于" in sentence:  # 延期办理告知书: 受理日期, then its 60-day date
            assert named[1] == statutory(named[0], 60), sentence
        elif "即于" in sentence:  # 受理告知书: the 60-day date, never the extended one
            assert named == [statutory(accepted, 60)], sentence
        elif "延长" in sentence and "延长至" in sentence:  # 延期: N days from the 60-day date, N ≤ 30
            (extra,) = periods
            assert extra <= 30 and named == [statutory(statutory(accepted, 60), extra)], sentence
        else:
            raise AssertionError(f"未核对的期限：{sentence}")
        checked.add(sentence)
    return checked


@pytest.mark.parametrize("spec", CATALOG, ids=lambda s: s.name)
def test_every_stated_period_matches_the_dates_it_names(spec, templates, contexts, config):
    context = next(c for c in contexts if FITS[spec.name](c))
    text = render(templates, spec.name, {**context, "成文日期": context["受理日期"]}, config)
    checked = checked_periods(text, context)
    accepted, original, extended = context["受理日期"], context["原办理截止日期"], context["办理截止日期"]
    if spec.name in ("受理告知书", "延期办理告知书"):
        assert checked, text
    if spec.name in ("转送交办函", "督办函", "受理告知书"):
        # the 60-day date of 条例第三十四条 (原办理截止日期), not the date an extension moved it to
        assert original == statutory(accepted, 60) and extended != original
        assert f"{original.year}年{original.month}月{original.day}日前" in text
        said = f"于{extended.year}年{extended.month}月{extended.day}日前"
        assert said not in text, "the 60-day sentence names the extended date"
    if spec.name == "督办函":
        assert f"经批准延期至{extended.year}年{extended.month}月{extended.day}日" in text


def test_checker_rejects_the_extended_date_in_the_60_day_sentence(contexts):
    context = next(c for c in contexts if c["是否延期"] == "是")
    due = context["办理截止日期"]
    wrong = f"应当自受理之日起60日内办结，即于{due.year}年{due.month}月{due.day}日前办结。"
    with pytest.raises(AssertionError):
        checked_periods(wrong, context)
    with pytest.raises(AssertionError, match="未核对的期限"):
        checked_periods("请于2025年3月5日后30日内答复。", context)


# -- the 办理 → 复查 → 复核 chain ---------------------------------------------------------------------------------
def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


def test_each_opinion_comes_from_its_organ_and_names_the_next(templates, contexts, config):
    context = next(c for c in contexts if c["复核结论"] == "维持")
    handler, reviewer, reexaminer = context["责任单位"], context["复查机关"], context["复核机关"]
    assert len({handler, reviewer, reexaminer, context["发文机关"]}) == 4
    reply = lines(render(templates, "处理意见书", context, config))
    assert reply[0] == handler and f"向{reviewer}书面提出复查请求。" in reply[-5]
    copies = f"抄送：{context['发文机关']}。"
    assert reply[-4:] == [handler, "2025年11月20日", copies, f"{handler}\\t2025年11月20日印发"]
    review = lines(render(templates, "复查意见书", context, config))
    assert review[0] == reviewer and f"你不服{handler}于" in review[4] and "第三十五条" in review[4]
    assert f"30日内，向{reexaminer}书面提出复核请求。" in review[-5]
    assert review[-4] == reviewer and review[-1].startswith(reviewer)
    final = lines(render(templates, "复核意见书", context, config))
    assert final[0] == reexaminer and f"你不服{reviewer}就" in final[4]
    assert any(line.startswith(f"{handler}于") and f"{reviewer}于" in line for line in final)
    assert "复核请求。" not in final[-5] and "不再受理" in final[-5] and final[-4] == reexaminer
    own = render(templates, "处理意见书", {**context, "办理机关": "某县信访局"}, config)
    assert lines(own)[0] == "某县信访局" and "抄送" not in own  # handled by the office itself


def test_review_findings_state_what_follows(templates, contexts, config):
    base = next(c for c in contexts if c["复查结论"] == "变更")
    changed = render(templates, "复查意见书", base, config)
    assert f"本机关决定予以变更，变更为：{base['复查意见']}。" in changed and "复核请求" in changed
    redo = render(templates, "复查意见书", {**base, "复查结论": "责令重新办理", "复查意见": ""}, config)
    assert f"决定责令{base['责任单位']}重新办理" in redo and "另行作出处理意见" in redo
    assert "复核" not in redo and "向本机关书面提出复查请求" in redo
    kept = render(templates, "复查意见书", {**base, "复查结论": "维持", "复查意见": ""}, config)
    assert "决定予以维持。" in kept and f"向{base['复核机关']}书面提出复核请求" in kept


@pytest.mark.parametrize(
    ("name", "change", "field"),
    [
        ("处理意见书", {"复查机关": ""}, "复查机关"),
        ("处理意见书", {"责任单位": "", "办理机关": ""}, "办理机关"),
        ("处理意见书", {"处理结论": "已办结"}, "处理结论"),
        ("处理意见书", {"复查机关": "县民政局", "责任单位": "县民政局"}, "复查机关"),
        ("复查意见书", {"复查意见": "", "复查结论": "变更"}, "复查意见"),
        ("复查意见书", {"复核机关": ""}, "复核机关"),
        ("复查意见书", {"答复日期": None}, "答复日期"),
        ("复核意见书", {"复查结论": "责令重新办理"}, "复查结论"),
        ("复核意见书", {"复核机关": "某县人民政府"}, "复核机关"),
        ("复核意见书", {"复查日期": None}, "复查日期"),
        ("不再受理告知书", {"复查日期": None}, "复查日期"),
        ("不再受理告知书", {"复核机关": ""}, "复核机关"),
        ("不再受理告知书", {"再次信访日期": None}, "再次信访日期"),
        ("转送交办函", {"责任单位": ""}, "责任单位"),
    ],
)
def test_a_row_without_the_data_of_a_legal_statement_is_refused(name, change, field, templates, contexts, config):
    context = next(c for c in contexts if c["再次信访日期"])
    with pytest.raises(MissingDataError) as caught:
        render(templates, name, {**context, **change}, config)
    assert caught.value.field == field and "本行未生成" in caught.value.message


def test_final_refusal_answers_the_new_petition(templates, contexts, config):
    context = next(c for c in contexts if c["再次信访日期"])
    text = render(templates, "不再受理告知书", context, config)
    again, form = context["再次信访日期"], context["再次信访形式"]
    assert f"你于{again.year}年{again.month}月{again.day}日以{form}形式再次反映“{context['反映问题']}”" in text
    reviewed, reexamined = context["复查日期"], context["复核日期"]
    assert f"经{context['复查机关']}于{reviewed.year}年{reviewed.month}月{reviewed.day}日复查、" in text
    assert f"{context['复核机关']}于{reexamined.year}年{reexamined.month}月{reexamined.day}日复核" in text
    assert context["答复日期"] < reviewed < reexamined < again  # the register's chain, in order


def test_merge_names_the_empty_cell_of_a_refused_row(tmp_path, templates):
    from conftest import write_xlsx

    from docgen.pipeline import merge

    header = ["信访编号", "登记日期", "信访形式", "信访人", "人数", "反映问题", "诉求", "受理日期", "责任单位",
              "办理机关", "复查机关", "处理意见", "处理结论", "法律依据", "答复日期"]  # fmt: skip
    done = [dt.date(2025, 3, 1), "来信", "张三", 1, "物业收费", "退费", dt.date(2025, 3, 3), "县住建局", None]
    rows = [
        ["XF-1", *done, "某县人民政府", "经调查属实", "予以支持", "", dt.date(2025, 4, 1)],
        ["XF-2", *done, None, "经调查属实", "予以支持", "", dt.date(2025, 4, 1)],
    ]
    register = write_xlsx(tmp_path / "台账.xlsx", rows, header=header)
    result = merge(register, templates / "处理意见书.docx", tmp_path / "out", issued=dt.date(2025, 4, 1))
    assert len(result.written) == 1 and result.error_rows == 1
    (problem,) = [p for p in result.problems if p.severity == "error"]
    assert "单元格 K3（复查机关）" in str(problem) and "「复查机关」为空" in str(problem)
