"""The report's charts are native Word charts: data from the analysis, document fonts, an editable workbook."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from chartdata import NS, read_charts
from docx import Document
from ooxml import assert_valid_docx

from docgen.official import OfficialDocument
from docgen.official.charts import ChartSpec, Series, chart_xml
from docgen.official.fonts import BODY_FONT
from docgen.official.slots import add_chart, chart_slots, fill_charts, slot_alt
from docgen.reports import charts

CATEGORIES = [("城乡建设", 9), ("劳动社保", 5), ("环境保护", 4), ("卫生健康", 0), ("其余各类", 3)]
CHANNELS = [("来信", 9), ("来访", 7), ("网上信访", 6), ("电话", 0)]
TREND = [(dt.date(2024, 10, 1), None, None), (dt.date(2024, 11, 1), 4, 6), (dt.date(2024, 12, 1), 5, None)]
TREND += [(dt.date(2025, m, 1), m + 2, m) for m in range(1, 10)]


def test_category_chart_keeps_the_table_order_and_every_row():
    spec = charts.category_chart(CATEGORIES)
    assert spec.kind == "bar" and spec.unit == "件" and spec.title == ""
    assert spec.categories == tuple(n for n, _ in CATEGORIES)
    assert spec.series == (Series("件数", tuple(c for _, c in CATEGORIES)),)


def test_trend_chart_has_last_year_where_known():
    spec = charts.trend_chart(TREND)
    assert spec.kind == "line" and spec.categories[:4] == ("2024年10月", "11月", "12月", "2025年1月")
    now, before = spec.series
    assert now.name == "登记件数" and now.values[:3] == (None, 4, 5)
    assert before.name == "上年同期" and before.dashed and before.values[:3] == (None, 6, None)
    without = charts.trend_chart([(dt.date(2025, 1, 1), 3, None)])
    assert [s.name for s in without.series] == ["登记件数"]


def test_channel_pie_shows_the_channels_that_occur():
    spec = charts.channel_chart(CHANNELS)
    assert spec.kind == "pie" and spec.categories == ("来信", "来访", "网上信访")
    assert spec.series[0].values == (9, 7, 6)


@pytest.mark.parametrize(
    "spec",
    [charts.category_chart([]), charts.trend_chart([]), charts.channel_chart([("来信", 0)]),
     charts.category_chart([("城乡建设", 0)])],
)  # fmt: skip
def test_no_data_says_so(spec):
    assert spec.title == charts.NO_DATA


def test_placeholder_says_it_holds_example_data():
    for name in ("问题类别", "月度趋势", "信访形式"):
        spec = charts.placeholder(name)
        assert name in spec.title and "示例数据" in spec.title
    assert charts.placeholder("月度趋势").kind == "line"


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="radar"):
        ChartSpec("radar", ("a",), (Series("x", (1,)),))


def _document(*specs: ChartSpec) -> bytes:
    doc = OfficialDocument()
    for index, spec in enumerate(specs):
        add_chart(doc, spec, 150, 70, slot_alt(f"图{index}"))
    return doc.to_bytes()


def test_chart_parts_hold_the_data_in_cache_and_workbook(tmp_path):
    path = tmp_path / "图.docx"
    path.write_bytes(
        _document(charts.category_chart(CATEGORIES), charts.trend_chart(TREND), charts.channel_chart(CHANNELS))
    )
    bar, line, pie = read_charts(path)
    assert [c.kind for c in (bar, line, pie)] == ["bar", "line", "pie"]
    assert bar.alt == "图表:图0" and bar.categories == [n for n, _ in CATEGORIES]
    assert bar.series == {"件数": [float(c) for _, c in CATEGORIES]}
    assert bar.workbook == [(None, "件数"), *[(n, c) for n, c in CATEGORIES]]
    assert line.series["登记件数"][:3] == [None, 4.0, 5.0] and line.series["上年同期"][:3] == [None, 6.0, None]
    assert [row[0] for row in line.workbook[1:]] == line.categories
    assert pie.categories == ["来信", "来访", "网上信访"] and pie.workbook[1:] == [
        ("来信", 9),
        ("来访", 7),
        ("网上信访", 6),
    ]


def test_chart_text_is_in_the_document_font_and_says_件():
    root = chart_xml(charts.category_chart(CATEGORIES), "rId1")
    from lxml import etree

    space = etree.fromstring(root)
    defaults = space.find("c:txPr/a:p/a:pPr/a:defRPr", NS)
    assert defaults.get("sz") == "1050"
    assert {defaults.find(f"a:{tag}", NS).get("typeface") for tag in ("latin", "ea", "cs")} == {BODY_FONT}
    assert space.find(".//c:dLbls/c:numFmt", NS).get("formatCode") == '0"件"'
    assert space.find("c:externalData", NS).get(f"{{{NS['r']}}}id") == "rId1"
    assert all(int(a.get("val")) > 0 for a in space.iter(f"{{{NS['c']}}}axId"))
    assert space.find("c:lang", NS).get("val") == "zh-CN"


def test_the_same_chart_builds_to_the_same_bytes():
    specs = (charts.category_chart(CATEGORIES), charts.trend_chart(TREND), charts.channel_chart(CHANNELS))
    assert _document(*specs) == _document(*specs)


def test_fill_replaces_pictures_and_charts_and_drops_what_they_showed(tmp_path):
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (40, 20), "grey").save(picture, format="PNG")
    document = Document(io.BytesIO(_document(charts.placeholder("问题类别"))))
    shape = document.add_picture(io.BytesIO(picture.getvalue()))
    shape._inline.docPr.set("title", "图表：信访形式")  # Word's 可选文字 title; full-width colon
    document.add_picture(io.BytesIO(picture.getvalue()))  # an ordinary picture of the same image stays
    raw = io.BytesIO()
    document.save(raw)
    filled = fill_charts(raw.getvalue(), lambda slot: charts.channel_chart(CHANNELS))
    assert [s.name for s in chart_slots(filled)] == ["图0", "信访形式"]
    path = tmp_path / "填好.docx"
    path.write_bytes(filled)
    assert [(c.kind, c.categories) for c in read_charts(path)] == [("pie", ["来信", "来访", "网上信访"])] * 2
    import zipfile

    names = zipfile.ZipFile(path).namelist()
    assert sorted(n for n in names if n.startswith("word/charts/chart")) == [
        "word/charts/chart1.xml",
        "word/charts/chart2.xml",
    ]
    assert len([n for n in names if n.startswith("word/media/")]) == 1  # the ordinary picture's


def test_every_chart_part_is_valid_ooxml(tmp_path):
    """Each kind, with and without data, and the template's placeholders: valid against the chart schema."""
    specs = [charts.category_chart(CATEGORIES), charts.trend_chart(TREND), charts.channel_chart(CHANNELS)]
    specs += [charts.category_chart([]), charts.trend_chart([]), charts.channel_chart([])]
    specs += [charts.placeholder(name) for name in ("问题类别", "月度趋势", "信访形式")]
    path = tmp_path / "图.docx"
    path.write_bytes(_document(*specs))
    assert len(read_charts(path)) == len(specs)
    assert_valid_docx(path)
