"""The report's figures as pure functions on lists of cases: counts, groups, collective and repeat petitions."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from docgen.petition import rates
from docgen.petition.cases import IN_PROGRESS, OVERDUE, PENDING, person_keys
from docgen.petition.rates import Rate
from docgen.render.filters import mask

Case = Mapping[str, object]

UNFILLED = "（未填写）"
REST = "其余各类"
LEVELS = ("本级", "赴市", "赴省", "进京")
HIGHER_LEVELS = ("赴省", "进京")
OPEN = (PENDING, IN_PROGRESS, OVERDUE)


@dataclass(frozen=True)
class Count:
    """Cases (件, or 批次 for collective petitions) and person-times (人次)."""

    cases: int = 0
    people: int = 0


@dataclass(frozen=True)
class Group:
    """Cases and person-times with one value of a field (a channel, a category, a township …)."""

    name: str
    cases: int
    people: int


@dataclass(frozen=True)
class UnitRow:
    """One responsible unit: its cases, and its on-time completion and satisfaction rates."""

    name: str
    cases: int
    completion: Rate
    satisfaction: Rate


@dataclass(frozen=True)
class Repeat:
    """Repeat petitions: cases marked 是否重复访 = 是, and the distinct petitioners behind them."""

    cases: int = 0
    persons: int = 0


@dataclass(frozen=True)
class Backlog:
    """Cases not closed at a day (registered on or before it), and those of them past their deadline."""

    open: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class Petitioner:
    """A repeat petitioner as a report may show one: name and ID masked, counts, main category."""

    name: str
    id_number: str
    area: str
    category: str
    in_period: int
    in_register: int


def text(case: Case, field: str) -> str:
    """A field as stripped text; dates as ISO text."""
    value = case.get(field, "")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value).strip()


def people(case: Case) -> int:
    """The case's person-times: 人数 when it is a whole number of at least 1, otherwise 1."""
    value = case.get("人数")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    return 1


def count(cases: Iterable[Case]) -> Count:
    """件 and 人次 of `cases`."""
    listed = list(cases)
    return Count(len(listed), sum(people(c) for c in listed))


def group_by(cases: Iterable[Case], field: str, order: Sequence[str] = ()) -> list[Group]:
    """Cases and person-times per value of `field`.

    Names in `order` come first in that order, even with no cases; the other values follow by
    count (most first, then by name); blanks come last as （未填写）.
    """
    counts: Counter[str] = Counter()
    heads: Counter[str] = Counter()
    for case in cases:
        name = text(case, field) or UNFILLED
        counts[name] += 1
        heads[name] += people(case)
    fixed = list(dict.fromkeys(order))
    others = sorted((n for n in counts if n not in fixed and n != UNFILLED), key=lambda n: (-counts[n], n))
    names = fixed + others + ([UNFILLED] if UNFILLED in counts and UNFILLED not in fixed else [])
    return [Group(n, counts[n], heads[n]) for n in names]


def ranked(groups: Iterable[Group]) -> list[Group]:
    """Groups by count, most first (ties keep their order); （未填写） last."""
    listed = list(groups)
    return sorted(listed, key=lambda g: (g.name == UNFILLED, -g.cases))


def top(groups: Sequence[Group], n: int, rest: str = REST) -> list[Group]:
    """The first `n` groups with cases, the others summed as one row named `rest`."""
    shown = [g for g in groups if g.cases][:n]
    left = [g for g in groups if g.cases][n:]
    if left:
        shown.append(Group(rest, sum(g.cases for g in left), sum(g.people for g in left)))
    return shown


def collective(cases: Iterable[Case]) -> Count:
    """Collective petitions (是否集体访 = 是): batches (批次) and person-times (人次)."""
    return count(c for c in cases if text(c, "是否集体访") == "是")


def higher_levels(cases: Iterable[Case]) -> Count:
    """Petitions taken beyond the county (上访层级 赴省 or 进京)."""
    return count(c for c in cases if text(c, "上访层级") in HIGHER_LEVELS)


def person_key(case: Case) -> str:
    """Who petitioned: the ID number, or name and phone without one; "" when unknown."""
    id_key, name_key = person_keys(case)
    return id_key or name_key


def repeats(cases: Iterable[Case]) -> Repeat:
    """Repeat petitions (是否重复访 = 是) and how many distinct petitioners filed them."""
    marked = [c for c in cases if text(c, "是否重复访") == "是"]
    return Repeat(len(marked), len({person_key(c) or f"row:{id(c)}" for c in marked}))


def repeat_petitioners(period_cases: Sequence[Case], register_cases: Iterable[Case], n: int) -> list[Petitioner]:
    """The `n` repeat petitioners of the period with the most cases in it, masked.

    A repeat petitioner of the period has at least one case in it marked 是否重复访 = 是. `in_period`
    counts their cases in the period, `in_register` those in `register_cases` (all up to its end).
    """
    keys = {person_key(c) for c in period_cases if text(c, "是否重复访") == "是"} - {""}
    mine: dict[str, list[Case]] = {k: [] for k in keys}
    for case in period_cases:
        key = person_key(case)
        if key in mine:
            mine[key].append(case)
    overall = Counter(k for k in (person_key(c) for c in register_cases) if k in keys)
    found = []
    for key, own in mine.items():
        latest = own[-1]
        categories = Counter(text(c, "问题类别") for c in own if text(c, "问题类别"))
        found.append(
            Petitioner(
                name=mask(text(latest, "信访人")) or "—",
                id_number=mask(text(latest, "身份证号")) or "—",
                area=text(latest, "所属地区") or "—",
                category=categories.most_common(1)[0][0] if categories else "—",
                in_period=len(own),
                in_register=max(overall[key], len(own)),
            )
        )
    found.sort(key=lambda p: (-p.in_period, -p.in_register))
    return found[:n]


def units(cases: Iterable[Case]) -> list[UnitRow]:
    """Per responsible unit (责任单位), by count: cases, 按期办结率 and 满意率 (see `period_rates`)."""
    by_unit: dict[str, list[Case]] = {}
    for case in cases:
        by_unit.setdefault(text(case, "责任单位") or UNFILLED, []).append(case)
    rows = [
        UnitRow(name, len(own), rates.on_time_completion(own), rates.satisfaction(own)) for name, own in by_unit.items()
    ]
    return sorted(rows, key=lambda r: (r.name == UNFILLED, -r.cases, r.name))


def period_rates(cases: Sequence[Case]) -> dict[str, Rate]:
    """按期受理率, 按期办结率 and 满意率 of `cases` (computed as of the period's end)."""
    return {
        "按期受理率": rates.on_time_acceptance(cases),
        "按期办结率": rates.on_time_completion(cases),
        "满意率": rates.satisfaction(cases),
    }


def backlog(cases: Iterable[Case], day: dt.date) -> Backlog:
    """Cases registered on or before `day` still open (待受理, 办理中, 已超期) and those overdue (已超期).

    The cases must be computed as of `day`; cases without a 登记日期 are left out.
    """
    open_cases = overdue = 0
    for case in cases:
        registered = case.get("登记日期")
        if not isinstance(registered, dt.date) or registered > day:
            continue
        state = text(case, "办理状态")
        open_cases += state in OPEN
        overdue += state == OVERDUE
    return Backlog(open_cases, overdue)


def monthly(cases: Iterable[Case], months: Sequence[dt.date]) -> list[int]:
    """Cases registered in each month of `months` (first days of months)."""
    wanted = {(m.year, m.month): i for i, m in enumerate(months)}
    counts = [0] * len(months)
    for case in cases:
        day = case.get("登记日期")
        if isinstance(day, dt.date):
            index = wanted.get((day.year, day.month))
            if index is not None:
                counts[index] += 1
    return counts


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of the months from `start`'s month to `end`'s month."""
    found, index = [], start.year * 12 + start.month - 1
    while index <= end.year * 12 + end.month - 1:
        found.append(dt.date(index // 12, index % 12 + 1, 1))
        index += 1
    return found
