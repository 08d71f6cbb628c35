"""The report template's context: figures as printed text, table rows as lists of dicts, prose paragraphs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from docgen.config import Config
from docgen.context import organ_context
from docgen.reports import figures as fg
from docgen.reports.analysis import MISSING, RATE_COLUMNS, Analysis, PeriodFigures
from docgen.reports.compare import DASH, Change, change, percent_text, share
from docgen.reports.prose import Prose, this_period

CHARTS = ("问题类别", "月度趋势", "信访形式")
RATE_NAMES = ("按期受理率", "按期办结率", "满意率")
OVERVIEW_KEYS = ("总体", "形式", "层级", "办理")
# Tables and charts of the built-in report in order; a table the register has no column for is left out.
TABLE_ORDER = ("主要指标", "信访形式", "上访层级", "问题类别", "所属地区", "责任单位", "重复信访人")
CHART_ORDER = ("信访形式", "月度趋势", "问题类别")
COLUMN_OF = {"信访形式": "信访形式", "上访层级": "上访层级", "问题类别": "问题类别", "所属地区": "所属地区"}
COLUMN_OF |= {"责任单位": "责任单位"}

Value = Callable[[PeriodFigures], object]


def report_title(analysis: Analysis) -> str:
    return f"{analysis.organ}{analysis.period.label}信访形势分析"


def build_context(analysis: Analysis, prose: Prose, config: Config, *, issued: dt.date) -> dict[str, object]:
    """Everything a report template may use (see docs/reports.md for each name)."""
    a = analysis
    f = a.current
    context = organ_context(config, issued)
    context |= {
        "标题": report_title(a),
        "统计期间": a.period.label,
        "本期": this_period(a.period),
        "开始日期": a.period.start,
        "截止日期": a.period.end,
        "统计截至": a.as_of or a.period.end,
        "统计范围": a.scope,
        "同比期间": a.period.year_before().label if a.year_before else "",
        "环比期间": a.period.previous().label if a.previous and a.compares_previous else "",
        "有同比": a.year_before is not None,
        "有环比": a.previous is not None and a.compares_previous,
        "总量": _summary(a, lambda x: x.total.cases, 件数=f.total.cases, 人次=f.total.people)
        | {"人次同比": _words(a, lambda x: x.total.people)[0], "人次环比": _words(a, lambda x: x.total.people)[1]},
        "集体访": _summary(a, lambda x: x.collective.cases, 批次=f.collective.cases) | {"人次": f.collective.people},
        "赴省进京": _summary(a, lambda x: x.higher.cases, 件数=f.higher.cases, 人次=f.higher.people),
        "重复访": _summary(a, lambda x: x.repeat.cases, 件数=f.repeat.cases, 人数=f.repeat.persons)
        | {"占比": percent_text(share(f.repeat.cases, f.total.cases))},
        "已办结": f.closed,
        "未办结": f.backlog.open,
        "超期": f.backlog.overdue,
        "比率": {name: _rate(a, name) for name in RATE_NAMES},
        "基本情况": list(prose.overview.values()),
        "概况": {key: prose.overview.get(key, "") for key in OVERVIEW_KEYS},
        "主要特点": [{"标题": p.title, "正文": p.text} for p in prose.features],
        "特点": {p.key: {"标题": p.title, "正文": p.text} for p in prose.features},
        "主要指标": key_rows(a),
        "信访形式": group_rows(a, "channels", f.channels),
        "上访层级": group_rows(a, "levels", f.levels),
        "问题类别": group_rows(a, "categories", fg.top(f.categories, a.top)),
        "所属地区": group_rows(a, "areas", f.areas),
        "责任单位": unit_rows(f),
        "月度": month_rows(a),
        "重复信访人": petitioner_rows(a.petitioners),
        "图表": [f"图表:{name}" for name in CHARTS],
    }
    for name in RATE_NAMES:
        context[name] = f.rates[name].text()
    _unknown_figures(a, context)
    for name, column in COLUMN_OF.items():
        if column not in a.columns:
            context[name] = []
    context["表号"] = {name: i for i, name in enumerate((n for n in TABLE_ORDER if context[n]), 1)}
    charts = (n for n in CHART_ORDER if n == "月度趋势" or context[n])
    context["图号"] = {name: i for i, name in enumerate(charts, 1)}
    return context


def _unknown_figures(a: Analysis, context: dict[str, object]) -> None:
    """Figures the register has no column for print as （台账无此项）, never as 0."""
    unknown = {"件数": MISSING, "人次": MISSING, "批次": MISSING, "同比": MISSING, "环比": MISSING}
    if a.lacks("上访层级"):
        context["赴省进京"] = dict(unknown)
    if a.lacks("人数"):
        context["集体访"] = dict(unknown)
    if a.lacks("办结日期"):
        context |= {"已办结": MISSING, "未办结": MISSING, "超期": MISSING}
    for name, column in RATE_COLUMNS.items():
        if a.lacks(column):
            context[name] = MISSING
            context["比率"][name] = {"值": MISSING, "分子": MISSING, "分母": MISSING, "同比": MISSING, "环比": MISSING}


def _words(a: Analysis, value: Value, *, points: bool = False) -> tuple[str, str]:
    """同比 and 环比 of one figure in words: 下降12.3%、上升2.1个百分点、持平、—."""
    yoy, mom = _changes(a, value, points=points)
    return yoy.words(), mom.words()


def _changes(a: Analysis, value: Value, *, points: bool = False) -> tuple[Change, Change]:
    current = value(a.current)
    yoy = change(current, value(a.year_before) if a.year_before else None, points=points)
    mom = change(current, value(a.previous) if a.previous and a.compares_previous else None, points=points)
    return yoy, mom


def _summary(a: Analysis, value: Value, **figures: object) -> dict[str, object]:
    yoy, mom = _words(a, value)
    return {**figures, "同比": yoy, "环比": mom}


def _rate(a: Analysis, name: str) -> dict[str, object]:
    rate = a.current.rates[name]
    yoy, mom = _words(a, lambda x: x.rates[name].percent(), points=True)
    return {"值": rate.text(), "分子": rate.hits, "分母": rate.total, "同比": yoy, "环比": mom}


def _base(figures: PeriodFigures | None, value: Value) -> object:
    return None if figures is None else value(figures)


def _shown(value: object, suffix: str = "") -> str:
    if value is None:
        return DASH
    return f"{value}{suffix}"


def key_rows(a: Analysis) -> list[dict[str, str]]:
    """主要指标: this period, the same period a year earlier, the previous period, and the changes."""
    previous = a.previous if a.compares_previous else None
    items: list[tuple[str, Value, bool]] = [
        ("信访事项（件）", lambda x: x.total.cases, False),
        ("信访人次", lambda x: x.total.people, False),
        ("赴省进京（件）", lambda x: x.higher.cases, False),
        ("集体访（批次）", lambda x: x.collective.cases, False),
        ("集体访（人次）", lambda x: x.collective.people, False),
        ("重复访（件）", lambda x: x.repeat.cases, False),
    ]
    items += [(f"{n}（%）", (lambda x, n=n: x.rates[n].percent()), True) for n in RATE_NAMES]
    items += [
        ("期末未办结（件）", lambda x: x.backlog.open, False),
        ("其中超期（件）", lambda x: x.backlog.overdue, False),
    ]
    rows = []
    for label, value, points in items:
        if a.unknown(label):
            rows.append({"指标": label, "本期": MISSING, "同期": DASH, "同比": DASH, "上期": DASH, "环比": DASH})
            continue
        current = value(a.current)
        yoy, mom = _changes(a, value, points=points)
        rows.append(
            {
                "指标": label,
                "本期": _shown(current),
                "同期": _shown(_base(a.year_before, value)),
                "同比": yoy.cell(),
                "上期": _shown(_base(previous, value)),
                "环比": mom.cell(),
            }
        )
    return rows


def group_rows(a: Analysis, kind: str, groups: Sequence[fg.Group]) -> list[dict[str, object]]:
    """One row per group: 名称, 件数, 人次, 占比, 同期, 同比, 上期, 环比 (changes of 件数)."""
    total = a.current.total.cases
    previous = a.previous if a.compares_previous else None
    shown = {g.name for g in groups}
    rows = []
    for group in groups:
        bases = [_group_cases(base, kind, group.name, shown) for base in (a.year_before, previous)]
        yoy, mom = (change(group.cases, b) for b in bases)
        rows.append(
            {
                "名称": group.name,
                "件数": group.cases,
                "人次": group.people,
                "占比": percent_text(share(group.cases, total)),
                "同期": _shown(bases[0]),
                "同比": yoy.cell(),
                "上期": _shown(bases[1]),
                "环比": mom.cell(),
            }
        )
    return rows


def _group_cases(base: PeriodFigures | None, kind: str, name: str, shown: set[str]) -> int | None:
    """The group's cases in a base period; the rest row (其余各类) sums every group not shown by name."""
    if base is None:
        return None
    if name == fg.REST:
        return sum(g.cases for g in getattr(base, kind) if g.name not in shown)
    group = base.group(kind, name)
    return group.cases if group else 0


def unit_rows(f: PeriodFigures) -> list[dict[str, object]]:
    """责任单位: 名称, 件数, 占比, 按期办结率, 满意率."""
    return [
        {
            "名称": u.name,
            "件数": u.cases,
            "占比": percent_text(share(u.cases, f.total.cases)),
            "按期办结率": u.completion.text(),
            "满意率": u.satisfaction.text(),
        }
        for u in f.units
    ]


def month_rows(a: Analysis) -> list[dict[str, object]]:
    """月度: 月份 (2025年7月), 件数 and 上年同期 over the trend's months (— where unknown)."""
    return [
        {"月份": f"{p.month.year}年{p.month.month}月", "件数": _shown(p.cases), "上年同期": _shown(p.year_before)}
        for p in a.trend
    ]


def petitioner_rows(petitioners: Sequence[fg.Petitioner]) -> list[dict[str, object]]:
    """重复信访人, masked: 序号, 信访人, 身份证号, 所属地区, 问题类别, 本期次数, 累计次数."""
    return [
        {
            "序号": i,
            "信访人": p.name,
            "身份证号": p.id_number,
            "所属地区": p.area,
            "问题类别": p.category,
            "本期次数": p.in_period,
            "累计次数": p.in_register,
        }
        for i, p in enumerate(petitioners, 1)
    ]
