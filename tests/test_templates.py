"""The ten shipped templates: built by code, rendered for every sample case, in format, saying what the law asks."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from docxtext import body_text, dump

from docgen.cli import cli
from docgen.config import load_config
from docgen.errors import MissingDataError, OutputError
from docgen.ledger.store import Ledger, prefix_for
from docgen.official.catalog import BY_NAME, CATALOG, PACKAGED_DIR, build_document, build_templates
from docgen.official.checker import check
from docgen.official.preview import NUMBER_FIELD, case_contexts, sample_number
from docgen.pipeline import merge
from docgen.render import DocxTemplate

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGED_DIR
SAMPLES = ROOT / "samples"
DAY = dt.date(2025, 11, 20)
NAMES = [spec.name for spec in CATALOG]


@pytest.fixture(scope="module")
def config():
    return load_config(SAMPLES / "docgen.toml")


@pytest.fixture(scope="module")
def contexts(config) -> list[dict[str, object]]:
    found = [c for _, c in case_contexts(SAMPLES / "register.xlsx", config, as_of=DAY, issued=DAY)]
    assert len(found) >= 100
    return found


def _render(name: str, context: dict[str, object], config, seq: int = 12) -> bytes:
    number = {NUMBER_FIELD: sample_number(name, config, 2025, seq)}
    return DocxTemplate(TEMPLATES / f"{name}.docx").render({**context, **number})


def _first(contexts, test) -> dict[str, object]:
    return next(c for c in contexts if test(c))


def test_shipped_templates_are_what_the_code_builds(tmp_path):
    written = build_templates(tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in TEMPLATES.glob("*.docx"))
    for path in written:
        rebuilt = path.read_bytes() == (TEMPLATES / path.name).read_bytes()
        assert rebuilt, f"请运行 docgen templates build --force：{path.name}"


def test_build_refuses_to_overwrite_without_force(tmp_path):
    build_templates(tmp_path)
    with pytest.raises(OutputError, match="未覆盖"):
        build_templates(tmp_path)
    assert len(build_templates(tmp_path, force=True)) == 10


# How many sample cases have the data each template's legal statements need (the others are refused).
APPLIES = {"不再受理告知书": 2, "复查意见书": 12, "复核意见书": 4, "处理意见书": 193, "转送交办函": 220, "督办函": 220}


@pytest.mark.parametrize("name", NAMES)
def test_renders_every_sample_case_and_every_output_passes_check_format(name, contexts, config):
    template = DocxTemplate(TEMPLATES / f"{name}.docx")
    assert template.fast, template.fallback_reason
    profile = BY_NAME[name].profile
    rendered = 0
    for seq, context in enumerate(contexts, 1):
        try:
            data = template.render({**context, NUMBER_FIELD: sample_number(name, config, 2025, seq)})
        except MissingDataError:
            continue
        rendered += 1
        text = body_text(data)
        assert "{{" not in text and "{%" not in text
        assert str(context["信访编号"]) in text
        report = check(data)  # the profile is detected from the letterhead
        assert report.ok, [str(d) for d in report.deviations]
        assert report.profile == profile
    assert rendered == APPLIES.get(name, len(contexts))


def test_acceptance_notice_states_the_60_day_period(contexts, config):
    context = _first(contexts, lambda c: c["受理情况"] == "受理" and c["是否延期"] == "是")
    text = body_text(_render("受理告知书", context, config))
    due = context["原办理截止日期"]  # the 60-day date, not the date the extension moved it to
    assert "自受理之日起60日内办结" in text
    assert f"即于{due.year}年{due.month}月{due.day}日前办结" in text
    assert f"交由{context['责任单位']}具体办理" in text
    assert "延长期限不超过30日" in text
    assert "联系人：周明，联系电话：0550-1234567。" in text
    assert "某信受〔2025〕12号" in text


def test_refusal_gives_the_reason_and_the_organ_to_turn_to(contexts, config):
    context = _first(contexts, lambda c: c["受理情况"] == "不予受理")
    text = body_text(_render("不予受理告知书", context, config))
    assert f"经审查，{context['不予受理理由']}。" in text
    assert f"向{context['告知去向']}提出" in text
    assert "本机关决定不予受理" in text
    without = body_text(_render("不予受理告知书", {**context, "告知去向": "", "不予受理理由": ""}, config))
    assert "向有权处理的机关提出" in without and "该事项不属于本机关信访受理范围" in without


def test_final_refusal_cites_article_36(contexts, config):
    context = _first(contexts, lambda c: bool(c["再次信访日期"]))
    text = body_text(_render("不再受理告知书", context, config))
    assert "第三十六条" in text and "不再受理" in text and f"复核意见为“{context['复核结论']}”" in text


def test_reply_has_request_facts_decision_basis_and_relief_clause(contexts, config):
    for decision, words in (("予以支持", "予以支持"), ("不予支持", "不予支持"), ("解释说明", "作出解释说明")):
        context = _first(contexts, lambda c, d=decision: c["处理结论"] == d and c["复查机关"])
        data = _render("处理意见书", context, config)
        text = body_text(data)
        assert f"请求：{context['诉求']}。" in text
        assert f"{context['处理意见']}。" in text
        assert f"根据{context['法律依据']}" in text and words in text
        assert f"自收到本处理意见书之日起30日内，向{context['复查机关']}书面提出复查请求" in text
        assert "抄送：某县信访局。" in dump(data)
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name == "一级标题"]
    assert headings == ["一、信访请求", "二、调查核实的事实和理由", "三、处理意见及依据"]


def test_review_findings(contexts, config):
    base = _first(contexts, lambda c: bool(c["复核机关"]))
    for finding, words in (("维持", "决定予以维持"), ("变更", "决定予以变更，变更为："), ("责令重新办理", "责令")):
        text = body_text(_render("复查意见书", {**base, "复查结论": finding, "复查意见": "重新核定"}, config))
        assert words in text and "第三十五条" in text
    final = body_text(_render("复核意见书", {**base, "复查日期": base["答复日期"], "复核结论": "维持"}, config))
    assert "最终处理意见" in final and "不再受理" in final and "复核请求" not in final.split("最终")[1]


def test_extension_notice_gives_reason_and_new_due_date(contexts, config):
    context = _first(contexts, lambda c: c["是否延期"] == "是")
    text = body_text(_render("延期办理告知书", context, config))
    due, original = context["办理截止日期"], context["原办理截止日期"]
    assert f"因{context['延期理由']}" in text
    assert f"延长{context['延期天数']}日，延长至{due.year}年{due.month}月{due.day}日" in text
    assert "（延长期限不超过30日）" not in text  # the days are stated: no hedge beside them
    assert f"{original.year}年{original.month}月{original.day}日前" in text
    assert 0 < (due - original).days <= 30
    unknown = body_text(_render("延期办理告知书", {**context, "延期天数": None}, config))
    assert "办理期限适当延长（延长期限不超过30日）" in unknown


def test_letters_address_the_unit_with_deadline_and_report(contexts, config):
    context = _first(contexts, lambda c: c["是否集体访"] == "是" and c["责任单位"] and c["包案领导"])
    text = body_text(_render("转送交办函", context, config))
    assert text.splitlines()[0] == "某信交〔2025〕12号"
    people = f"{context['信访人']}等{context['人数']}人"
    assert f"关于交办{people}信访事项的函" in text and f"现将{people}于" in text
    assert f"{context['责任单位']}：" in text and "属集体访" in text and f"由{context['包案领导']}包案" in text
    assert text.count(context["反映问题"]) == 1  # the summary once, not again in the opening sentence
    assert "报送本机关" in text
    overdue = _first(contexts, lambda c: c["办理状态"] == "已超期" and c["责任单位"])
    text = body_text(_render("督办函", overdue, config))
    assert "已超过规定的办理期限" in text and "现予督办" in text
    assert "自收到本函之日起10日内" in text and "书面报告本机关" in text


def test_petitioner_is_addressed_by_head_count(contexts, config):
    one = _first(contexts, lambda c: c["人数"] == 1 and c["受理情况"] == "受理")
    many = _first(contexts, lambda c: (c["人数"] or 0) > 1 and c["受理情况"] == "受理")
    assert "你于" in body_text(_render("受理告知书", one, config)) and "你（们）" not in body_text(
        _render("受理告知书", one, config)
    )
    assert "你们于" in body_text(_render("受理告知书", many, config))
    assert "你（们）于" in body_text(_render("受理告知书", {**one, "人数": None}, config))


def test_visit_record_ticks_the_registered_choices(contexts, config):
    context = _first(contexts, lambda c: c["回访方式"] == "上门" and c["满意度"] == "满意")
    text = dump(_render("回访记录表", context, config))
    assert "☑上门" in text and "□电话" in text and "☑满意" in text and "□不满意" in text
    assert context["回访情况"] in text


@pytest.mark.parametrize("name", NAMES)
def test_merge_end_to_end(name, tmp_path):
    """`docgen merge` with each template: every case, numbered from the ledger, every 10th file checked."""
    config = load_config(SAMPLES / "docgen.toml")
    config.numbering.ledger = str(tmp_path / "发文登记.sqlite")
    template = TEMPLATES / f"{name}.docx"
    result = merge(SAMPLES / "register.xlsx", template, tmp_path / "out", config=config, issued=DAY)
    assert len(result.written) == APPLIES.get(name, 240)
    assert all("本行未生成" in p.message for p in result.problems if p.severity == "error")
    for path in result.written[::10]:
        assert check(path, BY_NAME[name].profile).ok
    if BY_NAME[name].numbered:
        with Ledger(tmp_path / "发文登记.sqlite", config=config) as ledger:
            entries = ledger.entries()
        assert len(entries) == len(result.written)
        assert len({e.number for e in entries}) == len(entries)
        first = entries[0]
        assert first.number == f"{prefix_for(name, config)}〔2025〕1号" and first.sha256
        assert first.number in body_text(Path(first.output).read_bytes())


def test_templates_list_shows_fields_and_numbers(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["templates", "list", "-d", str(TEMPLATES)])
    assert result.exit_code == 0, result.output
    assert "受理告知书.docx（公文格式）" in result.output
    assert "转送交办函.docx（信函格式）" in result.output
    assert "发文字号：某信受〔" in result.output
    assert "计算字段：办理截止日期" in result.output


def test_templates_build_command(tmp_path):
    runner = CliRunner()
    target = tmp_path / "t"
    first = runner.invoke(cli, ["templates", "build", "-o", str(target)])
    assert first.exit_code == 0 and "已生成 10 个模板" in first.output
    again = runner.invoke(cli, ["templates", "build", "-o", str(target)])
    assert again.exit_code == 2 and "--force" in again.output
    forced = runner.invoke(cli, ["templates", "build", "-o", str(target), "--force"])
    assert forced.exit_code == 0


def test_build_follows_the_configured_organ():
    config = load_config(SAMPLES / "docgen.toml")
    config.organ.name = "某某市某某区人民政府信访局"  # 13 characters: the signature moves right
    document = docx.Document(io.BytesIO(build_document(BY_NAME["受理告知书"], config).to_bytes()))
    signature = next(p for p in document.paragraphs if p.style.name == "发文机关署名")
    assert signature._p.pPr.ind.get(qn("w:rightChars")) == "75"
