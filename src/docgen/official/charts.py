"""Native Word charts: a c:chartSpace part and its embedded data workbook, written with python-pptx.

python-pptx's chart XML writer and chart-data workbook writer make the two together from one data object, so
the numbers Word shows (the cached values) and the ones staff edit (the workbook) are the same. Text is in the
document's fonts (names only): nothing is drawn on the machine that generates the chart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from lxml import etree
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.oxml import parse_xml
from pptx.util import Pt

from docgen.official.fonts import BODY_FONT

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TEXT_SIZE = 10.5  # 五号
FIXED_DATE = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
GRID = "D9D9D9"
PALETTE = ("2F5597", "C55A11", "548235", "7F6000", "7030A0", "1F6E6E", "843C0C", "595959")
KINDS = ("bar", "line", "pie")
_TYPES = {"bar": XL_CHART_TYPE.BAR_CLUSTERED, "line": XL_CHART_TYPE.LINE_MARKERS, "pie": XL_CHART_TYPE.PIE}


@dataclass(frozen=True)
class Series:
    """One named row of values (None leaves a gap), its colour (RRGGBB) and line style."""

    name: str
    values: tuple[float | None, ...]
    color: str = PALETTE[0]
    dashed: bool = False


@dataclass(frozen=True)
class ChartSpec:
    """What to draw: `kind` bar (horizontal, first category on top), line or pie; labels end with `unit`."""

    kind: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = "件"
    title: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"chart kind {self.kind!r} is not one of {KINDS}")


def chart_data(spec: ChartSpec) -> CategoryChartData:
    data = CategoryChartData(number_format="0")
    data.categories = list(spec.categories)
    for series in spec.series:
        data.add_series(series.name, list(series.values))
    return data


class _WorkbookWriter(CategoryWorkbookWriter):
    """python-pptx's chart-data workbook, dated FIXED_DATE (not now): the same data, the same bytes."""

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        with super()._open_worksheet(xlsx_file) as (workbook, worksheet):
            workbook.set_properties({"created": FIXED_DATE})
            yield workbook, worksheet


def chart_workbook(spec: ChartSpec) -> bytes:
    """The .xlsx that Word opens when staff choose 编辑数据: categories in column A, one column per series."""
    return _WorkbookWriter(chart_data(spec)).xlsx_blob


def chart_xml(spec: ChartSpec, workbook_rid: str, font: str = BODY_FONT) -> bytes:
    """The c:chartSpace part for `spec`, its data in the workbook related as `workbook_rid`."""
    space = parse_xml(chart_data(spec).xml_bytes(_TYPES[spec.kind]))
    chart = Chart(space, None)
    _text(chart, font)
    chart.has_title = bool(spec.title)
    if spec.title:
        chart.chart_title.text_frame.text = spec.title
    {"bar": _bar, "line": _line, "pie": _pie}[spec.kind](chart, spec)
    _frame(space, workbook_rid)
    return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)


def _text(chart: Chart, font: str) -> None:
    """Every label in `font` (Latin and East Asian) at 五号."""
    chart.font.size = Pt(TEXT_SIZE)
    chart.font.name = font
    latin = chart.font._rPr.find(f"{{{A}}}latin")
    latin.addnext(etree.Element(f"{{{A}}}ea", typeface=font))
    latin.getnext().addnext(etree.Element(f"{{{A}}}cs", typeface=font))


def _labels(plot, unit: str, position=None) -> None:
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = f'0"{unit}"'
    labels.number_format_is_linked = False
    labels.show_value = True
    if position is not None:
        labels.position = position


def _value_axis(chart: Chart, unit: str) -> None:
    axis = chart.value_axis
    axis.minimum_scale = 0
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor.from_string(GRID)
    axis.major_gridlines.format.line.width = Pt(0.5)
    axis.tick_labels.number_format = "0"
    axis.tick_labels.number_format_is_linked = False
    axis.format.line.fill.background()
    axis.has_title = True
    axis.axis_title.text_frame.text = f"{unit}数"


def _bar(chart: Chart, spec: ChartSpec) -> None:
    plot = chart.plots[0]
    plot.gap_width = 60
    _labels(plot, spec.unit, XL_LABEL_POSITION.OUTSIDE_END)
    for series, wanted in zip(plot.series, spec.series):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(wanted.color)
        series.invert_if_negative = False
    chart.category_axis.reverse_order = True  # the first (largest) category on top, as read
    chart.category_axis.format.line.color.rgb = RGBColor.from_string("808080")
    chart.value_axis.crosses_at = None
    _value_axis(chart, spec.unit)
    chart.value_axis._element.find(f"{{{C}}}crosses").set("val", "max")  # value labels stay below the bars
    chart.has_legend = len(spec.series) > 1


def _line(chart: Chart, spec: ChartSpec) -> None:
    plot = chart.plots[0]
    for series, wanted in zip(plot.series, spec.series):
        series.smooth = False
        line = series.format.line
        line.color.rgb = RGBColor.from_string(wanted.color)
        line.width = Pt(1.75)
        if wanted.dashed:
            line.dash_style = MSO_LINE_DASH_STYLE.DASH
        series.marker.style = XL_MARKER_STYLE.SQUARE if wanted.dashed else XL_MARKER_STYLE.CIRCLE
        series.marker.size = 6
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = RGBColor.from_string(wanted.color)
        series.marker.format.line.color.rgb = RGBColor.from_string(wanted.color)
    _labels(plot.series[0], spec.unit, XL_LABEL_POSITION.ABOVE)
    chart.category_axis.format.line.color.rgb = RGBColor.from_string("808080")
    if len(spec.categories) > 6:  # a year of months fits only slanted
        _slant(chart.category_axis)
    _value_axis(chart, spec.unit)
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False


def _pie(chart: Chart, spec: ChartSpec) -> None:
    plot = chart.plots[0]
    plot.vary_by_categories = True
    series = plot.series[0]
    for index in range(len(spec.categories)):
        fill = series.points[index].format.fill
        fill.solid()
        fill.fore_color.rgb = RGBColor.from_string(PALETTE[index % len(PALETTE)])
        series.points[index].format.line.color.rgb = RGBColor.from_string("FFFFFF")
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = "0.0%", False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.show_category_name = True
    labels.show_percentage = True
    labels.show_value = False
    chart.has_legend = False


def _slant(axis) -> None:
    """Tick labels of category `axis` at 45 degrees."""
    axis.tick_labels.font.size = Pt(TEXT_SIZE)  # adds the axis's own text properties in schema order
    body = axis._element.txPr.find(f"{{{A}}}bodyPr")
    body.set("rot", "-2700000")
    body.set("vert", "horz")


def _frame(space, workbook_rid: str) -> None:
    """Chinese language, square corners, no border, axis ids the schema allows, and the embedded workbook."""
    axes = [e for e in space.iter(f"{{{C}}}axId", f"{{{C}}}crossAx")]
    numbers = {value: str(50000001 + i) for i, value in enumerate(dict.fromkeys(e.get("val") for e in axes))}
    for element in axes:
        element.set("val", numbers[element.get("val")])  # python-pptx writes negative ids; ST_AxisId is unsigned
    if space.find(f"{{{C}}}roundedCorners") is None:
        _before(space, etree.Element(f"{{{C}}}roundedCorners", val="0"), ("style", "clrMapOvr", "chart"))
    _before(space, etree.Element(f"{{{C}}}lang", val="zh-CN"), ("roundedCorners", "style", "clrMapOvr", "chart"))
    shape = etree.Element(f"{{{C}}}spPr")
    etree.SubElement(shape, f"{{{A}}}noFill")
    etree.SubElement(etree.SubElement(shape, f"{{{A}}}ln"), f"{{{A}}}noFill")
    space.find(f"{{{C}}}chart").addnext(shape)
    external = space.get_or_add_externalData()
    external.rId = workbook_rid
    external.get_or_add_autoUpdate().val = False


def _before(space, element, later: Sequence[str]) -> None:
    """Insert `element` before the first child of chartSpace named in `later` (the schema's order)."""
    following = next(child for name in later if (child := space.find(f"{{{C}}}{name}")) is not None)
    following.addprevious(element)
