"""The report document: structure, GB/T 9704 format, charts drawn in, staff templates, no personal data,
and the PDF LibreOffice makes of it."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from chartdata import read_charts
from conftest import all_text, need
from docx import Document
from docx.shared import Mm
from PIL import Image
from report_fixtures import PERSONAL, write_register

from docgen.config import Config, Organ
from docgen.errors import DocgenError, TemplateError
from docgen.official.checker import check
from docgen.official.slots import chart_slots
from docgen.outputs.pdf import convert
from docgen.petition.periods import parse_period
from docgen.register import Register
from docgen.reports.analysis import Analysis, analyse
from docgen.reports.document import render_report, save_template, write_report

TODAY = dt.date(2026, 11, 22)
ISSUED = dt.date(2025, 4, 8)
CONFIG = Config(organ=Organ(name="某县信访局"), lists={"信访形式": ["来信", "来访", "网上信访", "电话"]})


def analysis(tmp_path: Path, period: str = "2025Q1") -> Analysis:
    book = Register(write_register(tmp_path / "台账.xlsx"))
    return analyse(book, CONFIG, parse_period(period), today=TODAY)


def report(tmp_path: Path, period: str = "2025Q1", **options) -> Path:
    return write_report(analysis(tmp_path, period), CONFIG, tmp_path / "报告.docx", issued=ISSUED, **options)


def package_text(path: Path) -> str:
    """Every XML part of a .docx as text (document, tables, properties, headers)."""
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith((".xml", ".rels")))


def test_structure_and_text(tmp_path):
    text = all_text(report(tmp_path))
    for expected in (
        "某县信访局2025年第一季度信访形势分析",
        "一、基本情况",
        "2025年第一季度，共登记信访事项6件、17人次，同比上升50.0%，环比上升20.0%。",
        "表1　主要指标对比",
        "二、主要特点",
        "（一）信访总量同比上升",
        "表4　反映问题类别",
        "三、主要工作",
        "四、存在问题",
        "五、下步打算",
        "请在此填写",
        "2025年4月8日",
    ):
        assert expected in text
    lines = text.splitlines()
    # the 信访形式 table: header, then one row per channel from the row loop
    start = lines.index("信访形式", lines.index("表2　信访形式分布"))
    assert lines[start : start + 14] == ["信访形式", "件数", "人次", "占比", "同比", "环比",
                                         "来信", "3", "3", "50.0%", "+200.0%", "+50.0%", "来访", "1"]  # fmt: skip
    assert "{{" not in text and "{%" not in text


def test_follows_gbt_9704(tmp_path):
    found = check(report(tmp_path))
    assert found.ok, [str(d) for d in found.deviations]


def table_beside(path: Path, header: str) -> list[tuple[str, float]]:
    """(名称, 件数) of the report table whose first column is headed `header`."""
    for table in Document(str(path)).tables:
        cells = [c.text for c in table.rows[0].cells]
        if cells[0] == header:
            count = cells.index("件数")
            return [(row.cells[0].text, float(row.cells[count].text)) for row in table.rows[1:]]
    raise AssertionError(f"no table headed {header}")


def test_charts_are_native_and_show_the_tables_beside_them(tmp_path):
    a = analysis(tmp_path)
    path = write_report(a, CONFIG, tmp_path / "报告.docx", issued=ISSUED)
    found = {c.alt: c for c in read_charts(path)}
    assert list(found) == ["图表:信访形式", "图表:月度趋势", "图表:问题类别"]
    assert [c.kind for c in found.values()] == ["pie", "line", "bar"]
    for name in ("信访形式", "问题类别"):
        chart = found[f"图表:{name}"]
        rows = [(n, c) for n, c in table_beside(path, name) if c or chart.kind != "pie"]  # a pie has no 0 slices
        assert rows and list(zip(chart.categories, chart.series["件数"])) == rows
        assert chart.workbook[1:] == [(n, int(c)) for n, c in rows]  # what 编辑数据 opens in Word
    trend = found["图表:月度趋势"]
    assert trend.series["登记件数"] == [p.cases for p in a.trend]
    assert trend.series["上年同期"] == [p.year_before for p in a.trend]
    with zipfile.ZipFile(path) as archive:
        assert not [n for n in archive.namelist() if n.startswith("word/media/")]  # no pictures at all
    assert [s.name for s in chart_slots(path.read_bytes())] == ["信访形式", "月度趋势", "问题类别"]


def test_no_personal_data(tmp_path):
    path = report(tmp_path)
    everything = package_text(path)
    leaked = [p for p in PERSONAL if p in everything]
    assert leaked == []
    assert "欧**华" in everything  # the repeat petitioner, masked


def test_year_report_has_no_previous_period_columns(tmp_path):
    text = all_text(report(tmp_path, "2025"))
    assert "上期" not in text and "环比" not in text
    assert "2025年，共登记信访事项7件、37人次，同比下降22.2%。" in text


def test_period_with_no_cases(tmp_path):
    text = all_text(report(tmp_path, "2024-06"))
    assert "2024年6月，未登记信访事项。" in text
    assert "重复信访较多的信访人" not in text  # the empty table is left out


def test_saved_template_renders_like_the_built_in(tmp_path):
    saved = save_template(tmp_path / "报告模板.docx", organ_chars=5)
    a = analysis(tmp_path)
    built_in = write_report(a, CONFIG, tmp_path / "内置.docx", issued=ISSUED)
    edited = write_report(a, CONFIG, tmp_path / "模板.docx", issued=ISSUED, template=saved)
    assert all_text(edited) == all_text(built_in)
    with pytest.raises(DocgenError, match="已存在"):
        save_template(saved)


def grey_png() -> io.BytesIO:
    """The grey box staff might put where a chart goes."""
    out = io.BytesIO()
    Image.new("RGB", (80, 40), "#F2F2F2").save(out, format="PNG")
    out.seek(0)
    return out


def staff_template(path: Path, *, chart: str = "问题类别", extra: str = "") -> Path:
    """A template as staff might write it in Word: their own words, a row loop, one chart picture."""
    doc = Document()
    doc.add_paragraph("{{ 发文机关 }}关于{{ 统计期间 }}信访情况的报告")
    doc.add_paragraph("本期共{{ 总量.件数 }}件，同比{{ 总量.同比 }}，按期办结率{{ 比率.按期办结率.值 }}。" + extra)
    table = doc.add_table(rows=4, cols=3)
    for cell, value in zip(table.rows[0].cells, ("类别", "件数", "占比")):
        cell.text = value
    table.rows[1].cells[0].text = "{%tr for r in 问题类别 %}"
    for cell, value in zip(table.rows[2].cells, ("{{ r.名称 }}", "{{ r.件数 }}", "{{ r.占比 }}")):
        cell.text = value
    table.rows[3].cells[0].text = "{%tr endfor %}"
    shape = doc.add_picture(grey_png(), width=Mm(120), height=Mm(60))
    shape._inline.docPr.set("descr", f"图表：{chart}")  # Word: 可选文字; full-width colon accepted
    doc.add_paragraph("{% for p in 重复信访人 %}{{ p.信访人 }}（{{ p.身份证号 }}）{% endfor %}")
    doc.save(path)
    return path


def test_staff_template(tmp_path):
    template = staff_template(tmp_path / "我的模板.docx")
    path = report(tmp_path, template=template)
    text = all_text(path)
    assert "某县信访局关于2025年第一季度信访情况的报告" in text
    assert "本期共6件，同比上升50.0%，按期办结率66.7%。" in text
    assert "城乡建设\n3\n50.0%" in text
    assert [(s.name, round(s.width_mm), round(s.height_mm)) for s in chart_slots(path.read_bytes())] == [
        ("问题类别", 120, 60)
    ]
    (chart,) = read_charts(path)  # the picture became a native chart of the table above it
    assert chart.kind == "bar" and list(zip(chart.categories, chart.series["件数"])) == table_beside(path, "类别")
    assert not [p for p in PERSONAL if p in package_text(path)]
    assert "欧**华（341122" in text


def test_staff_template_with_unknown_name(tmp_path):
    template = staff_template(tmp_path / "我的模板.docx", extra="{{ 总量.件数 }}{{ 同期比 }}")
    with pytest.raises(TemplateError, match="「同期比」") as error:
        report(tmp_path, template=template)
    assert "docgen help 报告" in str(error.value)


def test_staff_template_with_unknown_chart(tmp_path):
    template = staff_template(tmp_path / "我的模板.docx", chart="饼图")
    with pytest.raises(TemplateError, match="图表:饼图") as error:
        report(tmp_path, template=template)
    assert "图表:问题类别" in str(error.value)


def test_opens_in_libreoffice(tmp_path):
    need("soffice", "pdftotext", "pdfinfo")
    path = report(tmp_path)
    (pdf,) = convert([path], tmp_path / "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    flat = "".join(text.split())
    for expected in (
        "某县信访局2025年第一季度信访形势分析",
        "2025年第一季度，共登记信访事项6件、17人次，同比上升50.0%，环比上升20.0%。",
        "表1主要指标对比",
        "图1信访形式分布",
        "登记件数",  # the trend chart's legend: chart text, in the PDF
        "上年同期",
        "五、下步打算",
        "—1—",
    ):
        assert expected in flat
    assert [p for p in PERSONAL if p in flat] == []
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True).stdout.decode()
    assert int(next(line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:"))) >= 3


def test_render_is_repeatable(tmp_path):
    a = analysis(tmp_path)
    assert render_report(a, CONFIG, issued=ISSUED) == render_report(a, CONFIG, issued=ISSUED)


def test_register_without_optional_columns(tmp_path, register):
    """The conftest register has no 上访层级, 问题类别, 所属地区, 满意度: their tables go, numbers follow on."""
    a = analyse(Register(register), CONFIG, parse_period("2025Q1"), today=TODAY)
    path = write_report(a, CONFIG, tmp_path / "报告.docx", issued=ISSUED)
    text = all_text(path)
    assert "2025年第一季度，共登记信访事项3件、8人次。" in text
    assert "表2　信访形式分布" in text and "表3　责任单位交办情况" in text
    assert "上访层级分布" not in text and "所属地区分布" not in text and "从上访层级看" not in text
    assert "图2　月度信访量走势" in text and "反映问题类别分布" not in text
    assert [s.name for s in chart_slots(path.read_bytes())] == ["信访形式", "月度趋势"]
    assert check(path).ok


def test_charts_also_through_the_docxtpl_fallback(tmp_path):
    """A template docgen cannot fast-path (here rich text {{r }}) goes through docxtpl; charts still go in."""
    doc = Document()
    doc.add_paragraph("{{r 标题 }}")
    shape = doc.add_picture(grey_png(), width=Mm(100), height=Mm(50))
    shape._inline.docPr.set("descr", "图表:月度趋势")
    doc.save(tmp_path / "富文本模板.docx")
    path = report(tmp_path, template=tmp_path / "富文本模板.docx")
    assert [(s.name, round(s.width_mm)) for s in chart_slots(path.read_bytes())] == [("月度趋势", 100)]
    assert [c.kind for c in read_charts(path)] == ["line"]
