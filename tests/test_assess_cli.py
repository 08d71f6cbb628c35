"""`docgen assess` on real files: the notice's table and the workbook read back, every point traced."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLES, write_xlsx
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import RGBColor
from ooxml import assert_valid_docx
from openpyxl import load_workbook

from docgen.cli import cli
from docgen.ledger.store import Ledger

HEADER = [
    "信访编号",
    "登记日期",
    "信访人",
    "人数",
    "上访层级",
    "受理情况",
    "受理日期",
    "办结日期",
    "满意度",
    "责任单位",
]
D = Decimal


def row(number: int, unit: str, level: str = "本级", people: int = 1, *, late: bool = False, year: int = 2025):
    registered = dt.date(year, 3, number)
    accepted = registered + dt.timedelta(days=3)
    finished = accepted + dt.timedelta(days=100 if late else 20)
    return [f"XF-{number:03d}", registered, f"信访人{number}", people, level, "受理", accepted, finished, "满意", unit]


@pytest.fixture()
def register(tmp_path: Path) -> Path:
    rows = [
        row(1, "甲镇", "赴省", 12),  # collective to the province, first batch: within the quota; vetoed (≥ 10)
        row(2, "甲镇", "赴省", 7),  # second batch: 2 + 7 × 0.1 = 2.7
        row(3, "甲镇", late=True),  # on-time rate 2/3: 10 − 6.67 = 3.33
        row(4, "乙镇", "进京", 6),  # collective to Beijing: −3
        row(5, "乙镇"),
        row(6, "丙局"),
        row(7, ""),  # no unit: left out with a warning
        row(8, "丙局", "进京", 9, year=2024),  # outside the period
    ]
    return write_xlsx(tmp_path / "台账.xlsx", rows, header=HEADER, text_columns=())


RULES = """
name = "信访工作考核"
base = 100
units = ["甲镇", "乙镇", "丙局", "丁局"]
tie_break = ["扣分少", "并列"]

[notice]
top = 1
bottom = 1
copies_to = "县委办公室"

[[items]]
name = "进京集体访"
kind = "每件扣分"
points = 20
per_case = 3
when = { "是否集体访" = "是", "上访层级" = "进京" }

[[items]]
name = "赴省集体访"
kind = "超量扣分"
points = 10
quota_batches = 1
per_batch = 2
per_person = 0.1
when = { "是否集体访" = "是", "上访层级" = "赴省" }

[[items]]
name = "按期办结率"
kind = "比率"
rate = "按期办结率"
points = 10

[[items]]
name = "重大集体访"
kind = "一票否决"
when = { "上访层级" = ["赴省", "进京"], "人数" = { ">=" = 10 } }

[[items]]
name = "排名加分"
kind = "加分"
ranks = [2, 1]
"""


@pytest.fixture()
def rules(tmp_path: Path) -> Path:
    path = tmp_path / "考核细则.toml"
    path.write_text(RULES, encoding="utf-8")
    return path


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def assess(register: Path, rules: Path, *extra: object):
    return run("assess", register, "--rules", rules, "--period", "2025", "--as-of", "2025-12-31", *extra)


# Hand-computed: 丙局 and 丁局 100 tie for first (+2 each), 乙镇 97 third (no bonus),
# 甲镇 100 − 2.7 − 3.33 = 93.97, vetoed, last.
# Each column to one precision (its finest), so figures line up.
EXPECTED = [
    ["1", "丙局", "0", "0.0", "0.00", "+2", "102.00", ""],
    ["1", "丁局", "0", "0.0", "0.00", "+2", "102.00", ""],
    ["3", "乙镇", "-3", "0.0", "0.00", "0", "97.00", ""],
    ["4", "甲镇", "0", "-2.7", "-3.33", "0", "93.97", "是"],
]


def test_notice_table_read_back(register: Path, rules: Path, tmp_path: Path):
    out = tmp_path / "考核通报.docx"
    result = assess(register, rules, "-o", out, "--date", "2026-01-15")
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    table = document.tables[0]
    cells = [[c.text for c in r.cells] for r in table.rows]
    assert [c.replace("\n", "") for c in cells[0]] == [
        "名次",
        "单位",
        "进京集体访",
        "赴省集体访",
        "按期办结率",
        "排名加分",
        "总分",
        "一票否决",
    ]
    assert cells[1:] == EXPECTED
    text = "\n".join(p.text for p in document.paragraphs)
    assert "关于2025年度信访工作考核结果的通报" in text
    assert "丙局（102分）、丁局（102分）并列第一名" in text
    assert "乙镇（97分）排名靠后" in text
    assert "甲镇因重大集体访被一票否决，排在最后" in text
    assert "2026年1月15日" in text
    assert "4个单位" in text


def test_notice_has_a_masthead_a_number_from_the_ledger_and_ends_with_the_formula(
    register: Path, rules: Path, tmp_path: Path
):
    out = tmp_path / "考核通报.docx"
    result = assess(register, rules, "-o", out, "--date", "2026-01-15")
    assert result.exit_code == 0, result.output
    assert "已写出考核通报（某信通〔2026〕1号）" in result.output
    assert_valid_docx(out)  # the 版头's rule and the 版记's frames are valid OOXML
    document = Document(str(out))
    texts = [p.text for p in document.paragraphs]
    mark = next(p for p in document.paragraphs if p.text == "某县信访局文件")
    assert mark.runs[0].font.color.rgb == RGBColor(0xFF, 0, 0) and mark.alignment == WD_ALIGN_PARAGRAPH.CENTER
    number = document.paragraphs[texts.index("某信通〔2026〕1号")]
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000" and number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert (
        texts.index("某县信访局文件")
        < texts.index("某信通〔2026〕1号")
        < texts.index("关于2025年度信访工作考核结果的通报")
    )
    body = [t for t in texts if t.strip()]
    assert body[body.index("特此通报。") + 1 : body.index("特此通报。") + 3] == ["某县信访局", "2026年1月15日"]
    assert body[-1] == "某县信访局\t2026年1月15日印发"  # the 版记 ends the notice
    again = assess(register, rules, "-o", out, "--date", "2026-01-15", "--force")
    assert "某信通〔2026〕1号" in again.output  # the same notice keeps its number
    with Ledger(tmp_path / "发文登记.sqlite") as ledger:
        (entry,) = ledger.entries()
    assert entry.kind == "考核通报" and entry.output == str(out) and entry.sha256


def test_workbook_traces_every_point(register: Path, rules: Path, tmp_path: Path):
    out = tmp_path / "考核明细.xlsx"
    result = assess(register, rules, "--xlsx", out)
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    results = list(book["考核结果"].iter_rows(values_only=True))
    header = results[0]
    lost_by_unit = {r[1]: D(str(r[header.index("扣分合计")])) for r in results[1:5]}
    bonus_by_unit = {r[1]: D(str(r[header.index("加分合计")])) for r in results[1:5]}
    total_by_unit = {r[1]: D(str(r[header.index("总分")])) for r in results[1:5]}
    assert lost_by_unit == {"丙局": 0, "丁局": 0, "乙镇": 3, "甲镇": D("6.03")}
    detail = list(book["扣分明细"].iter_rows(values_only=True))
    assert detail[0] == ("单位", "考核项目", "扣分", "加分", "信访编号", "台账行号", "说明")
    summed: dict[str, Decimal] = dict.fromkeys(lost_by_unit, D(0))
    gained: dict[str, Decimal] = dict.fromkeys(lost_by_unit, D(0))
    for unit, _item, lost, plus, *_ in detail[1:]:
        if unit in summed:
            summed[unit] += D(str(lost or 0))
            gained[unit] += D(str(plus or 0))
    assert summed == lost_by_unit
    assert gained == bonus_by_unit
    for unit, total in total_by_unit.items():
        assert total == 100 - summed[unit] + gained[unit]
    by_item = {(r[0], r[1]): r for r in detail[1:] if r[0]}
    assert by_item[("甲镇", "赴省集体访")][2:6] == (2.7, None, "XF-002", 3)
    assert by_item[("乙镇", "进京集体访")][4:6] == ("XF-004", 5)
    assert by_item[("甲镇", "按期办结率")][4:6] == ("XF-003", 4)
    assert by_item[("甲镇", "重大集体访")][2:6] == (None, None, "XF-001", 2)
    assert "一票否决" in by_item[("甲镇", "重大集体访")][6]
    assert [r[0] for r in book["考核细则"].iter_rows(values_only=True)][1:] == [
        "进京集体访",
        "赴省集体访",
        "按期办结率",
        "重大集体访",
        "排名加分",
    ]


def test_screen_shows_the_ranking_and_warnings(register: Path, rules: Path):
    result = assess(register, rules)
    assert result.exit_code == 0, result.output
    assert "2025年度信访工作考核：4 个单位" in result.output
    assert "93.97" in result.output
    assert "1 件事项没有填写责任单位，未计入考核（台账第 8 行）" in result.output
    assert "只在屏幕上显示排名" in result.output


def test_existing_files_are_kept_without_force(register: Path, rules: Path, tmp_path: Path):
    out = tmp_path / "考核通报.docx"
    out.write_bytes(b"old")
    result = assess(register, rules, "-o", out)
    assert result.exit_code == 2
    assert "错误：考核通报.docx 已存在，未覆盖。如需覆盖请加 --force" in result.output
    assert out.read_bytes() == b"old"
    assert assess(register, rules, "-o", out, "--force").exit_code == 0
    assert out.read_bytes()[:2] == b"PK"


def test_no_file_is_written_when_the_other_exists(register: Path, rules: Path, tmp_path: Path):
    (tmp_path / "明细.xlsx").write_bytes(b"old")
    result = assess(register, rules, "-o", tmp_path / "通报.docx", "--xlsx", tmp_path / "明细.xlsx")
    assert result.exit_code == 2
    assert not (tmp_path / "通报.docx").exists()


def test_rules_mistake_is_one_clear_line(register: Path, tmp_path: Path):
    bad = tmp_path / "坏细则.toml"
    bad.write_text(RULES.replace("per_batch = 2", "per_bach = 2"), encoding="utf-8")
    result = assess(register, bad)
    assert result.exit_code == 2
    assert result.output.startswith("错误：考核细则 坏细则.toml 第 2 项「赴省集体访」中有未知的设置项「per_bach」")
    assert "是不是「per_batch」" in result.output
    assert "Traceback" not in result.output


def test_unknown_field_in_a_condition(register: Path, tmp_path: Path):
    bad = tmp_path / "细则.toml"
    bad.write_text(RULES.replace('"上访层级" = ["赴省"', '"上访级别" = ["赴省"'), encoding="utf-8")
    result = assess(register, bad)
    assert result.exit_code == 2
    assert "第 4 项「重大集体访」的条件中「上访级别」不是台账的列" in result.output


def test_period_is_needed(register: Path, rules: Path):
    result = run("assess", register, "--rules", rules)
    assert result.exit_code == 2
    assert "没有指定考核期间" in result.output


def test_wrong_suffix(register: Path, rules: Path, tmp_path: Path):
    result = assess(register, rules, "-o", tmp_path / "通报.doc")
    assert result.exit_code == 2
    assert "通报.doc 应以 .docx 结尾" in result.output


def test_sample_rules_on_the_sample_register(tmp_path: Path):
    out, xlsx = tmp_path / "考核通报.docx", tmp_path / "考核明细.xlsx"
    result = run(
        "assess",
        SAMPLES / "register.xlsx",
        "--rules",
        SAMPLES / "考核细则.toml",
        "--config",
        SAMPLES / "docgen.toml",
        "--as-of",
        "2026-11-22",
        "-o",
        out,
        "--xlsx",
        xlsx,
    )
    assert result.exit_code == 0, result.output
    rows = [[c.text for c in r.cells] for r in Document(str(out)).tables[0].rows]
    assert rows[0][2] == "进京\n集体访"  # a header too long for its column breaks near the middle
    units = [r[1] for r in rows[1:]]
    assert len(units) == 14
    assert "县司法局" in units  # no cases in 2025, still ranked
    assert rows[-1][-1] == "是"  # the vetoed unit is last
    totals = [r[-2] for r in rows[1:]]
    assert all(len(t.partition(".")[2]) <= 2 for t in totals)  # no floating-point residue
    detail = list(load_workbook(xlsx)["扣分明细"].iter_rows(values_only=True))
    assert sum(1 for r in detail[1:] if r[0] and r[2]) >= 10
