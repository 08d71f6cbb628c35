"""The report's charts as native Word charts: cases per category, the monthly trend, cases per channel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from docgen.official.charts import ChartSpec, Series

GREY = "A6A6A6"
NO_DATA = "本期无数据"
PLACEHOLDER_TITLE = "统计图：{name}（示例数据，生成报告时按台账重画）"


def _no_data(spec: ChartSpec) -> ChartSpec:
    """`spec` titled 本期无数据 when every value is zero or missing."""
    if any(v for s in spec.series for v in s.values):
        return spec
    return replace(spec, title=NO_DATA)


def category_chart(items: Sequence[tuple[str, int]]) -> ChartSpec:
    """Horizontal bars of cases per category in the table's order (the largest on top), labelled 9件."""
    names = tuple(n for n, _ in items) or (NO_DATA,)
    counts = tuple(c for _, c in items) or (0,)
    return _no_data(ChartSpec("bar", names, (Series("件数", counts),)))


def month_label(month: dt.date, first: bool) -> str:
    """7月; the first month and every January with the year: 2025年1月."""
    return f"{month.year}年{month.month}月" if first or month.month == 1 else f"{month.month}月"


def trend_chart(
    points: Sequence[tuple[dt.date, int | None, int | None]], labels: tuple[str, str] = ("登记件数", "上年同期")
) -> ChartSpec:
    """Cases per month as a line, with the same months a year earlier as a grey dashed line where known."""
    if not points:
        return ChartSpec("line", (NO_DATA,), (Series(labels[0], (0,)),), title=NO_DATA)
    months = tuple(month_label(p[0], i == 0) for i, p in enumerate(points))
    series = [Series(labels[0], tuple(p[1] for p in points))]
    if any(p[2] is not None for p in points):
        series.append(Series(labels[1], tuple(p[2] for p in points), GREY, dashed=True))
    return _no_data(ChartSpec("line", months, tuple(series)))


def channel_chart(items: Sequence[tuple[str, int]]) -> ChartSpec:
    """A pie of cases per channel (信访形式) that occur, each labelled with name, count and share."""
    shown = [(n, c) for n, c in items if c] or [(NO_DATA, 0)]
    return _no_data(ChartSpec("pie", tuple(n for n, _ in shown), (Series("件数", tuple(c for _, c in shown)),)))


_EXAMPLES = {
    "问题类别": lambda: category_chart([("类别一", 9), ("类别二", 6), ("类别三", 3)]),
    "月度趋势": lambda: trend_chart([(dt.date(2025, m, 1), v, w) for m, v, w in ((1, 5, 4), (2, 7, 6), (3, 6, 8))]),
    "信访形式": lambda: channel_chart([("来信", 5), ("来访", 3), ("网上信访", 4)]),
}


def placeholder(name: str) -> ChartSpec:
    """The chart a report template shows where chart `name` will be drawn: example data, saying so."""
    example = _EXAMPLES.get(name, _EXAMPLES["问题类别"])()
    return ChartSpec(
        example.kind, example.categories, example.series, example.unit, PLACEHOLDER_TITLE.format(name=name)
    )


__all__ = ["NO_DATA", "category_chart", "channel_chart", "month_label", "placeholder", "trend_chart"]
