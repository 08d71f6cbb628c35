"""The supervision bulletin's figures per unit, as pure functions over the case list; every count keeps its rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from docgen.config import Bulletin
from docgen.petition.caselist import Case
from docgen.petition.cases import IN_PROGRESS, OVERDUE, PENDING
from docgen.petition.periods import Period
from docgen.petition.rates import CLOSED, Rate, on_time_completion

UNIT = "责任单位"
OPEN = (IN_PROGRESS, OVERDUE)


@dataclass(frozen=True)
class OverdueCase:
    """A case past its handling deadline and not finished on the day looked at."""

    row: int
    number: str
    petitioner: str
    category: str
    unit: str
    deadline: dt.date | None
    late_days: int


@dataclass
class UnitFigures:
    """One unit's figures; each list holds the register rows it counts, so every number can be traced."""

    unit: str
    order: int
    received: list[int] = field(default_factory=list)  # 登记日期 within the period
    closed: list[int] = field(default_factory=list)  # of those, 已办结 or 超期办结 by the day looked at
    on_time: list[int] = field(default_factory=list)  # of those, 是否按期办结 = 是
    rate: Rate = field(default_factory=lambda: Rate(0, 0))  # 按期办结率 of the cases received in the period
    open: list[int] = field(default_factory=list)  # every case of the unit still being handled (any period)
    overdue: list[OverdueCase] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)  # 督办函 numbers issued for the unit's cases
    rank: int = 0
    praised: bool = False
    criticised: list[str] = field(default_factory=list)  # the reasons, in words

    @property
    def longest(self) -> int:
        return max((c.late_days for c in self.overdue), default=0)


@dataclass
class Supervision:
    """The bulletin's content: the period, the day looked at, the ranked units and the overdue cases."""

    period: Period
    as_of: dt.date
    units: list[UnitFigures]
    unassigned: list[int]  # open cases received in the period with no 责任单位 (the office's own to act on)

    @property
    def overdue(self) -> list[OverdueCase]:
        found = [c for u in self.units for c in u.overdue]
        return sorted(found, key=lambda c: (-c.late_days, c.row))

    @property
    def praised(self) -> list[UnitFigures]:
        return [u for u in self.units if u.praised]

    @property
    def criticised(self) -> list[UnitFigures]:
        return [u for u in self.units if u.criticised]

    def totals(self) -> UnitFigures:
        """The 合计 line: the sums of every unit's lists, and the rate over all their cases."""
        total = UnitFigures("合计", len(self.units))
        for unit in self.units:
            total.received += unit.received
            total.closed += unit.closed
            total.on_time += unit.on_time
            total.open += unit.open
            total.overdue += unit.overdue
            total.reminders += unit.reminders
        hits = sum(u.rate.hits for u in self.units)
        total.rate = Rate(hits, sum(u.rate.total for u in self.units))
        return total


def supervise(
    cases: Sequence[Case],
    period: Period,
    as_of: dt.date,
    settings: Bulletin,
    reminders: Mapping[str, Sequence[str]] | None = None,
) -> Supervision:
    """Figures for every unit (the configured list first, in its order; then units found in the register),
    ranked, with the units to praise and to criticise by `settings`. `reminders` maps a 信访编号 to the
    督办函 numbers issued for it."""
    reminders = reminders or {}
    names = list(dict.fromkeys([*settings.units, *(_unit(c) for c in cases if _unit(c))]))
    units = {name: UnitFigures(name, order) for order, name in enumerate(names)}
    received_by_unit: dict[str, list[Case]] = {name: [] for name in names}
    unassigned: list[int] = []
    for case in cases:
        day = case.registered
        if day is None or day > period.end:
            continue
        unit = _unit(case)
        status = str(case.get("办理状态", ""))
        if not unit:
            if day in period and status in (PENDING, *OPEN):
                unassigned.append(case.row)
            continue
        figures = units[unit]
        if day in period:
            received_by_unit[unit].append(case)
            figures.received.append(case.row)
            if status in CLOSED:
                figures.closed.append(case.row)
            if case.get("是否按期办结") == "是":
                figures.on_time.append(case.row)
        if status in OPEN:
            figures.open.append(case.row)
        if status == OVERDUE:
            figures.overdue.append(_overdue(case, unit))
        figures.reminders += list(reminders.get(case.number, ()))
    for name, figures in units.items():
        figures.rate = on_time_completion(c.values for c in received_by_unit[name])
        figures.praised, figures.criticised = judge(figures, settings)
    ranked = rank(list(units.values()))
    return Supervision(period, as_of, ranked, unassigned)


def judge(figures: UnitFigures, settings: Bulletin) -> tuple[bool, list[str]]:
    """(表扬, reasons for 通报批评) by the office's rules in [bulletin] of docgen.toml."""
    reasons = []
    worst = figures.longest
    if figures.overdue and worst > settings.criticise_overdue_days:
        reasons.append(f"有信访事项超期{worst}日未办结")
    ratio = figures.rate.ratio
    if settings.criticise_below_rate and ratio is not None and ratio * 100 < settings.criticise_below_rate:
        reasons.append(f"按期办结率{figures.rate.text()}，低于{settings.criticise_below_rate}%")
    praised = (
        not reasons
        and bool(figures.received)
        and ratio is not None
        and ratio * 100 >= settings.praise_min_rate
        and len(figures.overdue) <= settings.praise_max_overdue
    )
    return praised, reasons


def rank(units: list[UnitFigures]) -> list[UnitFigures]:
    """Best first: higher 按期办结率 (no case due yet counts as 100%), fewer overdue, shorter longest delay,
    more closed. Units equal on all of these share a rank (1, 1, 3) and keep the list's order."""

    def standing(unit: UnitFigures) -> tuple:
        ratio = unit.rate.ratio
        return (-(ratio if ratio is not None else Fraction(1)), len(unit.overdue), unit.longest, -len(unit.closed))

    ordered = sorted(units, key=lambda u: (standing(u), u.order))
    for position, unit in enumerate(ordered, 1):
        previous = ordered[position - 2] if position > 1 else None
        unit.rank = previous.rank if previous and standing(previous) == standing(unit) else position
    return ordered


def reminder_index(entries: Iterable[tuple[str, str, dt.date]], as_of: dt.date) -> dict[str, list[str]]:
    """信访编号 → 督办函 numbers issued on or before `as_of`, from ledger (case_no, number, issued) triples."""
    index: dict[str, list[str]] = {}
    for case_no, number, issued in entries:
        if issued <= as_of:
            index.setdefault(case_no, []).append(number)
    return index


def _unit(case: Case) -> str:
    return str(case.get(UNIT, "") or "").strip()


def _overdue(case: Case, unit: str) -> OverdueCase:
    deadline = case.get("当前截止日期")
    late = case.get("超期天数")
    return OverdueCase(
        row=case.row,
        number=case.number,
        petitioner=str(case.get("信访人", "") or ""),
        category=str(case.get("问题类别", "") or ""),
        unit=unit,
        deadline=deadline if isinstance(deadline, dt.date) else None,
        late_days=late if isinstance(late, int) else 0,
    )
