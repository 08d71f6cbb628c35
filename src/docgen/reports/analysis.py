"""One report's figures: the period, its 同比 and 环比 bases, and the monthly trend, from a register."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from docgen.config import Config
from docgen.errors import DocgenError, Problem
from docgen.petition.caselist import Case, CaseList, load_cases
from docgen.petition.periods import Period
from docgen.petition.rates import CLOSED, Rate
from docgen.register import Register
from docgen.reports import figures as fg


@dataclass(frozen=True)
class PeriodFigures:
    """Every figure of one period, its cases computed as of the period's end."""

    period: Period
    total: fg.Count
    channels: list[fg.Group]
    levels: list[fg.Group]
    higher: fg.Count
    collective: fg.Count
    higher_collective: fg.Count
    categories: list[fg.Group]
    areas: list[fg.Group]
    units: list[fg.UnitRow]
    rates: dict[str, Rate]
    closed: int
    repeat: fg.Repeat
    backlog: fg.Backlog
    months: list[tuple[dt.date, int]]

    def group(self, kind: str, name: str) -> fg.Group | None:
        """The group `name` of `kind` (channels, levels, categories, areas), or None."""
        return next((g for g in getattr(self, kind) if g.name == name), None)


def period_figures(
    cases: Sequence[Case],
    period: Period,
    *,
    channels: Sequence[str] = (),
    levels: Sequence[str] = fg.LEVELS,
    as_of: dt.date | None = None,
) -> PeriodFigures:
    """The figures of `period` from `cases` (all of the register's, computed as of `as_of`, by default
    the period's end; a period not over yet is counted up to `as_of`).

    Counts are of cases registered (登记日期) within the period; the backlog is of every case
    registered up to its end. `channels` and `levels` list the values shown first, even at 0.
    """
    day = min(as_of or period.end, period.end)
    within = [c for c in cases if isinstance(c.get("登记日期"), dt.date) and period.start <= c.get("登记日期") <= day]
    months = fg.months_between(period.start, period.end)
    return PeriodFigures(
        period=period,
        total=fg.count(within),
        channels=fg.group_by(within, "信访形式", channels),
        levels=fg.group_by(within, "上访层级", levels),
        higher=fg.higher_levels(within),
        collective=fg.collective(within),
        higher_collective=fg.collective(c for c in within if fg.text(c, "上访层级") in fg.HIGHER_LEVELS),
        categories=fg.ranked(fg.group_by(within, "问题类别")),
        areas=fg.ranked(fg.group_by(within, "所属地区")),
        units=fg.units(within),
        rates=fg.period_rates(within),
        closed=sum(1 for c in within if fg.text(c, "办理状态") in CLOSED),
        repeat=fg.repeats(within),
        backlog=fg.backlog(cases, day),
        months=list(zip(months, fg.monthly(within, months))),
    )


@dataclass(frozen=True)
class TrendPoint:
    """One month of the trend chart: its cases and those of the same month a year earlier (None where the
    register had not started yet)."""

    month: dt.date
    cases: int | None
    year_before: int | None


@dataclass
class Analysis:
    """What a report shows: the period's figures, its bases (None where the register does not cover them)."""

    period: Period
    current: PeriodFigures
    year_before: PeriodFigures | None
    previous: PeriodFigures | None
    trend: list[TrendPoint]
    petitioners: list[fg.Petitioner]
    organ: str
    scope: str = ""
    top: int = 5
    as_of: dt.date | None = None
    since: dt.date | None = None
    columns: set[str] = field(default_factory=set)
    undated: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lacks(self, column: str) -> bool:
        """Whether the register has no `column`, so the figures that need it are unknown, not 0."""
        return column not in self.columns

    def unknown(self, label: str) -> bool:
        """Whether a row of 主要指标 (信访人次, 按期办结率（%）…) needs a column the register lacks."""
        column = FIGURE_COLUMNS.get(label.removesuffix("（%）"))
        return column is not None and self.lacks(column)

    @property
    def compares_previous(self) -> bool:
        """Whether 环比 is a comparison of its own (for a year it would repeat 同比)."""
        return self.period.kind != "year"


MISSING = "（台账无此项）"
# The columns some figures need, and those figures: without the column they are unknown, never 0.
NEEDED = {
    "上访层级": "赴省、进京上访",
    "人数": "集体访",
    "受理日期": "按期受理率",
    "办结日期": "办结、未办结、超期情况和按期办结率",
    "满意度": "满意率",
}
RATE_COLUMNS = {"按期受理率": "受理日期", "按期办结率": "办结日期", "满意率": "满意度"}
# The rows of 主要指标 (report table and workbook) that need a column, by label.
FIGURE_COLUMNS = {
    "赴省进京（件）": "上访层级",
    "集体访（批次）": "人数",
    "集体访（人次）": "人数",
    "期末未办结（件）": "办结日期",
    "其中超期（件）": "办结日期",
    **RATE_COLUMNS,
}


def analyse(
    register: Register,
    config: Config,
    period: Period,
    *,
    where: Sequence[tuple[str, str]] = (),
    since: dt.date | None = None,
    today: dt.date | None = None,
    top: int = 5,
) -> Analysis:
    """Load the register as of the end of `period` and of its bases, and work out every figure.

    The register covers a base period when it starts (`since`, by default the first day of the month
    of the earliest 登记日期 in the whole register, filter or not) on or before the base's first day.
    A period not yet over is counted as of `today`.
    """
    today = today or dt.date.today()
    start = since or register_start(register)
    if start is not None and start > period.end:
        raise DocgenError(
            f"台账从 {_day(start)} 开始登记，{period.label}在此之前，无法统计",
            hint="请检查 --period；如台账确实更早就开始登记，请用 --since 指定开始日期",
        )
    channels = config.lists.get("信访形式", [])
    levels = config.lists.get("上访层级", list(fg.LEVELS))

    def load_list(p: Period) -> CaseList:
        return load_cases(register, config, as_of=min(p.end, today), where=where)

    def load(p: Period) -> list[Case]:
        return load_list(p).cases

    def figures_of(p: Period, cases: list[Case]) -> PeriodFigures:
        return period_figures(cases, p, channels=channels, levels=levels, as_of=min(p.end, today))

    current_list = load_list(period)
    cases = current_list.cases
    current = figures_of(period, cases)
    bases: dict[str, PeriodFigures | None] = {}
    for name, base in (("year_before", period.year_before()), ("previous", period.previous())):
        if name == "previous" and period.kind == "year":
            bases[name] = bases["year_before"]  # a year's previous period is the year before
        elif start is not None and start <= base.start:  # the register covers the base period
            bases[name] = figures_of(base, load(base))
        else:
            bases[name] = None
    as_of = min(period.end, today)
    up_to_end = [c for c in cases if isinstance(c.get("登记日期"), dt.date) and c.get("登记日期") <= as_of]
    within = [c for c in up_to_end if c.get("登记日期") >= period.start]
    analysis = Analysis(
        period=period,
        current=current,
        year_before=bases["year_before"],
        previous=bases["previous"],
        trend=trend(cases, period, start),
        petitioners=fg.repeat_petitioners(within, up_to_end, top),
        organ=config.organ.name,
        scope=scope_text(where),
        top=top,
        as_of=as_of,
        since=start,
        columns=set(register.fields),
        undated=sum(1 for c in cases if not isinstance(c.get("登记日期"), dt.date)),
        problems=list(current_list.problems),
    )
    analysis.notes = coverage_notes(analysis, today)
    return analysis


def trend(cases: Sequence[Case], period: Period, since: dt.date | None) -> list[TrendPoint]:
    """Monthly cases over the last 12 months to the period's end (or the whole period when longer),
    with the same months a year earlier where the register covers them."""
    first = period.start
    last_twelve = dt.date(period.end.year - 1, period.end.month, 1)
    months = fg.months_between(min(first, _next_month(last_twelve)), period.end)
    earlier = [dt.date(m.year - 1, m.month, 1) for m in months]
    now_counts = fg.monthly(cases, months)
    old_counts = fg.monthly(cases, earlier)

    def known(month: dt.date, value: int) -> int | None:
        return value if since is not None and since <= month else None

    return [TrendPoint(m, known(m, n), known(e, o)) for m, e, n, o in zip(months, earlier, now_counts, old_counts)]


def register_start(register: Register) -> dt.date | None:
    """When the register started: the first day of the month of its earliest 登记日期 (every row,
    whatever the filter). Offices keep registers by month or year; a first case on 4 January means
    no petition came on the first days, not that January is missing."""
    days = [r.values.get("登记日期") for r in register.records(["登记日期"])]
    days = [d.date() if isinstance(d, dt.datetime) else d for d in days if isinstance(d, dt.date)]
    return min(days).replace(day=1) if days else None


def scope_text(where: Sequence[tuple[str, str]]) -> str:
    """统计范围 for the title: 责任单位为县教育局、所属地区为城关镇; "" for the whole register."""
    return "、".join(f"{name}为{value or '空'}" for name, value in where)


def coverage_notes(analysis: Analysis, today: dt.date) -> list[str]:
    """Warnings a clerk should read: a period not over yet, a register that starts inside it, bases missing."""
    period, notes = analysis.period, []
    if period.end > today:
        notes.append(f"统计期间尚未结束，数据截至 {_day(today)}")
    if analysis.since is None:
        notes.append("台账中没有可识别的登记日期，无法统计")
    elif analysis.since > period.start:
        notes.append(f"台账从 {_day(analysis.since)} 开始登记，晚于统计期间的开始，本期数据可能不全")
    base = period.year_before()
    if analysis.year_before is None:
        notes.append(f"台账不包含{base.label}的全部数据，不作同比（可用 --since 指定台账开始登记的日期）")
    if analysis.compares_previous and analysis.previous is None:
        notes.append(f"台账不包含{period.previous().label}的全部数据，不作环比")
    if analysis.undated:
        notes.append(f"有 {analysis.undated} 件信访事项没有登记日期，未计入统计（可用 docgen validate 查出）")
    if not analysis.current.total.cases:
        notes.append(f"{period.label}没有登记的信访事项")
    for column, what in NEEDED.items():
        if analysis.lacks(column):
            notes.append(f"台账没有「{column}」列，报告中的{what}印为「{MISSING}」")
    return notes


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
