"""The report's tables as a workbook (--xlsx): one sheet per table, numbers as numbers, shares as per cent."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from docgen.errors import OutputError
from docgen.outputs.atomic import write_atomic
from docgen.reports import figures as fg
from docgen.reports.analysis import MISSING, Analysis, PeriodFigures
from docgen.reports.compare import DASH, change, share
from docgen.reports.context import RATE_NAMES, report_title

PERCENT = "0.0%"
POINTS = '+0.0"个百分点";-0.0"个百分点";0.0"个百分点"'
_HEAD = PatternFill("solid", fgColor="DDEBF7")
GROUP_SHEETS = (("信访形式", "channels"), ("上访层级", "levels"), ("问题类别", "categories"), ("所属地区", "areas"))


@dataclass(frozen=True)
class Shown:
    """A cell value with its Excel number format."""

    value: object
    format: str


def pct(percent: Decimal | None) -> Shown | None:
    """12.3 (per cent) → 0.123 shown as 12.3%."""
    return None if percent is None else Shown(percent / 100, PERCENT)


def points(value: Decimal | None) -> Shown | None:
    return None if value is None else Shown(value, POINTS)


def _bases(a: Analysis) -> list[PeriodFigures | None]:
    return [a.year_before, a.previous if a.compares_previous else None]


def _key_rows(a: Analysis) -> list[list[object]]:
    """The rows of 主要指标, in the report's order: counts, rates (changes in points), backlog."""
    counts: list[tuple[str, Callable[[PeriodFigures], int]]] = [
        ("信访事项（件）", lambda f: f.total.cases),
        ("信访人次", lambda f: f.total.people),
        ("赴省进京（件）", lambda f: f.higher.cases),
        ("集体访（批次）", lambda f: f.collective.cases),
        ("集体访（人次）", lambda f: f.collective.people),
        ("重复访（件）", lambda f: f.repeat.cases),
    ]
    backlog: list[tuple[str, Callable[[PeriodFigures], int]]] = [
        ("期末未办结（件）", lambda f: f.backlog.open),
        ("其中超期（件）", lambda f: f.backlog.overdue),
    ]
    rows = [_count_row(a, label, value) for label, value in counts]
    for name in RATE_NAMES:
        if a.unknown(name):
            rows.append([name, MISSING, None, None, None, None])
            continue
        current = a.current.rates[name].percent()
        yoy, mom = (None if b is None else b.rates[name].percent() for b in _bases(a))
        yoy_change, mom_change = (points(change(current, b, points=True).value) for b in (yoy, mom))
        rows.append([name, pct(current), pct(yoy), yoy_change, pct(mom), mom_change])
    return rows + [_count_row(a, label, value) for label, value in backlog]


def _count_row(a: Analysis, label: str, value: Callable[[PeriodFigures], int]) -> list[object]:
    if a.unknown(label):
        return [label, MISSING, None, None, None, None]
    current = value(a.current)
    yoy, mom = (None if b is None else value(b) for b in _bases(a))
    return [label, current, yoy, pct(change(current, yoy).value), mom, pct(change(current, mom).value)]


def _group_rows(a: Analysis, kind: str, groups: Sequence[fg.Group]) -> list[list[object]]:
    total = a.current.total.cases
    rows = []
    for group in groups:
        bases = []
        for base in _bases(a):
            found = None if base is None else base.group(kind, group.name)
            bases.append(None if base is None else (found.cases if found else 0))
        rows.append(
            [
                group.name,
                group.cases,
                group.people,
                pct(share(group.cases, total, 3)),
                bases[0],
                pct(change(group.cases, bases[0]).value),
                bases[1],
                pct(change(group.cases, bases[1]).value),
            ]
        )
    return rows


def _append(book: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for row in rows:
        sheet.append([DASH if v is None else (v.value if isinstance(v, Shown) else v) for v in row])
        for index, value in enumerate(row, 1):
            if isinstance(value, Shown):
                sheet.cell(sheet.max_row, index).number_format = value.format
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEAD
        cell.alignment = Alignment(horizontal="center")
    for index, name in enumerate(header, 1):
        width = 26 if index == 1 else max(10, 2.2 * len(name) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def write_workbook(analysis: Analysis, path: str | Path, *, force: bool = False) -> Path:
    """Save the report's tables to `path` (.xlsx); an existing file is kept unless `force`.

    Every category, township and unit is listed (the report's tables show the top ones); petitioners
    appear masked, as in the report.
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise OutputError(f"{target.name} 应以 .xlsx 结尾", hint="例如 --xlsx 2025年第三季度统计表.xlsx")
    if target.exists() and not force:
        raise OutputError(f"{target.name} 已存在，未覆盖", hint="如需覆盖请加 --force")
    a, f = analysis, analysis.current
    book = Workbook()
    book.remove(book.active)
    cut = None if a.compares_previous else -2  # a year's 环比 would repeat its 同比
    key_header = ("指标", "本期", "去年同期", "同比", "上期", "环比")
    _append(book, "主要指标", key_header[:cut], [r[:cut] for r in _key_rows(a)])
    group_header = ("件数", "人次", "占比", "去年同期", "同比", "上期", "环比")
    for title, kind in GROUP_SHEETS:
        if title in a.columns:
            rows = [r[:cut] for r in _group_rows(a, kind, getattr(f, kind))]
            _append(book, title, (title, *group_header)[:cut], rows)
    if "责任单位" in a.columns:
        units = [
            [u.name, u.cases, pct(share(u.cases, f.total.cases, 3)), pct(u.completion.percent(3)),
             pct(u.satisfaction.percent(3))]
            for u in f.units
        ]  # fmt: skip
        _append(book, "责任单位", ("责任单位", "件数", "占比", "按期办结率", "满意率"), units)
    months = [[f"{p.month.year}年{p.month.month}月", p.cases, p.year_before] for p in a.trend]
    _append(book, "月度", ("月份", "件数", "上年同期"), months)
    people = [
        [i, p.name, p.id_number, p.area, p.category, p.in_period, p.in_register] for i, p in enumerate(a.petitioners, 1)
    ]
    header = ("序号", "信访人", "身份证号", "所属地区", "问题类别", "本期次数", "累计次数")
    _append(book, "重复信访人", header, people)
    book.properties.title = report_title(a)
    book.properties.creator = "docgen"
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(target, buffer.getvalue(), force=force)
    return target
