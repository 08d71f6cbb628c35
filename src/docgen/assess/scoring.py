"""Scoring units as pure functions: every point lost or gained is an Entry naming the unit, item and cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction

from docgen.assess.points import ZERO, fmt, percent_text, round_half_up
from docgen.assess.ranking import rank
from docgen.assess.rules import BONUS, OVER_QUOTA, PER_EVENT, RATE, VETO, Item, Rules
from docgen.petition.caselist import Case
from docgen.petition.rates import RATES, Rate

DEDUCTION, GAIN, VETOED = "扣分", "加分", "否决"


@dataclass(frozen=True)
class CaseRef:
    """A case as the register shows it: 信访编号 and Excel row."""

    number: str
    row: int


@dataclass(frozen=True)
class Entry:
    """Points one item took from (DEDUCTION) or gave to (GAIN) one unit, or a veto, and the cases behind it."""

    unit: str
    item: str
    kind: str
    points: Decimal
    cases: tuple[CaseRef, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class UnitScore:
    """One unit's result: its entries, and the counts the tie rules read."""

    unit: str
    order: int
    base: Decimal
    entries: tuple[Entry, ...]
    cases: int = 0
    people: int = 0
    rates: Mapping[str, Rate] = field(default_factory=dict)

    @property
    def lost(self) -> Decimal:
        return sum((e.points for e in self.entries if e.kind == DEDUCTION), ZERO)

    @property
    def bonus(self) -> Decimal:
        return sum((e.points for e in self.entries if e.kind == GAIN), ZERO)

    @property
    def total(self) -> Decimal:
        return self.base - self.lost + self.bonus

    @property
    def vetoes(self) -> list[str]:
        return [e.item for e in self.entries if e.kind == VETOED]

    @property
    def vetoed(self) -> bool:
        return any(e.kind == VETOED for e in self.entries)

    def change(self, item: str) -> Decimal:
        """Points the item moved: negative for a deduction, positive for a bonus."""
        return sum((e.points if e.kind == GAIN else -e.points for e in self.entries if e.item == item), ZERO)


def score_units(rules: Rules, cases_by_unit: Mapping[str, Sequence[Case]]) -> list[UnitScore]:
    """Every unit of `cases_by_unit` (in its order) scored by every item, rank bonuses last."""
    scores = [score_unit(rules, unit, cases, order) for order, (unit, cases) in enumerate(cases_by_unit.items())]
    for item in rules.items:
        if item.kind == BONUS and item.ranks:
            scores = rank_bonus(item, scores, rules.tie_break)
    return scores


def score_unit(rules: Rules, unit: str, cases: Sequence[Case], order: int = 0) -> UnitScore:
    """One unit scored by every item except bonuses by rank (which need the other units)."""
    entries: list[Entry] = []
    for item in rules.items:
        entries.extend(score_item(item, unit, cases, rules.places))
    return UnitScore(
        unit=unit,
        order=order,
        base=rules.base,
        entries=tuple(entries),
        cases=len(cases),
        people=sum(people_of(c) for c in cases),
        rates={name: function(cases) for name, function in RATES.items()},
    )


def score_item(item: Item, unit: str, cases: Sequence[Case], places: int = 2) -> list[Entry]:
    """The entries one item makes for one unit's cases (bonuses by rank excepted)."""
    if item.kind == RATE:
        return _rate(item, unit, cases, places)
    if item.kind == BONUS and item.ranks:
        return []
    matched = sorted((c for c in cases if item.when is None or item.when.matches(c)), key=_in_order)
    if item.kind == PER_EVENT:
        return _per_event(item, unit, matched, DEDUCTION)
    if item.kind == OVER_QUOTA:
        return _over_quota(item, unit, matched)
    if item.kind == VETO:
        return _veto(item, unit, matched)
    if item.absent:
        return [] if matched else [Entry(unit, item.name, GAIN, item.points, (), f"期间内未发生{_what(item)}")]
    return _per_event(item, unit, matched, GAIN)


def rank_bonus(item: Item, scores: Sequence[UnitScore], tie_break: Sequence[str]) -> list[UnitScore]:
    """Bonus by rank among units not vetoed, ranked on their score so far; tied units share a rank's bonus."""
    bonus: dict[str, Entry] = {}
    for place in rank([s for s in scores if not s.vetoed], tie_break):
        if place.rank <= len(item.ranks):
            points = item.ranks[place.rank - 1]
            note = f"加分前得分 {fmt(place.score.total)} 分，排第 {place.rank} 名"
            bonus[place.score.unit] = Entry(place.score.unit, item.name, GAIN, points, (), note)
    return [replace(s, entries=(*s.entries, bonus[s.unit])) if s.unit in bonus else s for s in scores]


# -- item kinds ------------------------------------------------------------------------------
def _per_event(item: Item, unit: str, matched: Sequence[Case], kind: str) -> list[Entry]:
    entries, left = [], item.points
    verb = "扣" if kind == DEDUCTION else "加"
    for case in matched:
        people = people_of(case)
        cost = item.per_case + item.per_person * people
        taken = min(cost, left)
        left -= taken
        note = _cost_text(item.per_case, item.per_person, people, cost, verb)
        if taken < cost:
            note += f"；本项最多{verb} {fmt(item.points)} 分，" + (
                f"{verb}至上限，实{verb} {fmt(taken)} 分" if taken else f"已{verb}满，不再{verb}分"
            )
        entries.append(Entry(unit, item.name, kind, taken, (ref(case),), note))
    return entries


def _over_quota(item: Item, unit: str, matched: Sequence[Case]) -> list[Entry]:
    entries, left, people_before = [], item.points, 0
    for batch, case in enumerate(matched, 1):
        people = people_of(case)
        batch_over = batch > item.quota_batches
        if item.quota_people is None:
            people_over = people if batch_over else 0
        else:
            people_over = min(people, max(0, people_before + people - item.quota_people))
        people_before += people
        cost = (item.per_batch if batch_over else ZERO) + item.per_person * people_over
        taken = min(cost, left)
        left -= taken
        quota = f"限额 {item.quota_batches} 批" + (
            f" {item.quota_people} 人次" if item.quota_people is not None else ""
        )
        parts = []
        if batch_over and item.per_batch:
            parts.append(f"超限额 1 批扣 {fmt(item.per_batch)} 分")
        if people_over and item.per_person:
            parts.append(f"超限额 {people_over} 人次 × {fmt(item.per_person)} 分")
        note = f"第 {batch} 批，{people} 人次（{quota}）：" + (
            " + ".join(parts) + f" = {fmt(cost)} 分" if cost else "在限额内，不扣分"
        )
        if taken < cost:
            note += f"；本项最多扣 {fmt(item.points)} 分，" + (f"实扣 {fmt(taken)} 分" if taken else "已扣满，不再扣分")
        entries.append(Entry(unit, item.name, DEDUCTION, taken, (ref(case),), note))
    return entries


def _rate(item: Item, unit: str, cases: Sequence[Case], places: int) -> list[Entry]:
    function = RATES[item.rate]
    subset = [c for c in cases if item.when is None or item.when.matches(c)]
    rate = function(subset)
    if rate.ratio is None:
        if item.empty == "满分":
            return []
        return [Entry(unit, item.name, DEDUCTION, item.points, (), f"没有可计算{item.rate}的信访事项，按零分计")]
    misses = tuple(ref(c) for c in sorted(subset, key=_in_order) if function([c]) == Rate(0, 1))
    shown = f"{item.rate} {rate.hits}/{rate.total} = {percent_text(rate.ratio, places)}"
    if item.target is None:
        score = round_half_up(Fraction(item.points) * rate.ratio, places)
        lost = item.points - score
        note = f"{shown}，得分 {fmt(item.points)} × {rate.hits}/{rate.total} = {fmt(score)} 分"
    else:
        short = Fraction(item.target) - rate.ratio * 100
        if short <= 0:
            return []
        lost = min(item.points, round_half_up(short * Fraction(item.per_point), places))
        note = (
            f"{shown}，低于目标 {fmt(item.target)}% {fmt(round_half_up(short, places))} 个百分点，"
            f"每个百分点扣 {fmt(item.per_point)} 分" + ("" if lost < item.points else f"，扣满 {fmt(item.points)} 分")
        )
    if not lost:
        return []
    return [Entry(unit, item.name, DEDUCTION, lost, misses, note + f"；未达标事项 {len(misses)} 件")]


def _veto(item: Item, unit: str, matched: Sequence[Case]) -> list[Entry]:
    if len(matched) < item.at_least:
        return []
    condition = item.when.describe() if item.when is not None else "所有信访事项"
    note = f"发生符合条件的信访事项 {len(matched)} 件（{condition}）" + (
        f"，{item.at_least} 件及以上即否决" if item.at_least > 1 else ""
    )
    return [Entry(unit, item.name, VETOED, ZERO, tuple(ref(c) for c in matched), note)]


# -- helpers --------------------------------------------------------------------------------
def people_of(case: Case) -> int:
    """Person-times of a case: its 人数, or 1 when blank or unreadable."""
    value = case.get("人数", "")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    if isinstance(value, float) and value.is_integer() and value >= 1:
        return int(value)
    return 1


def ref(case: Case) -> CaseRef:
    return CaseRef(case.number, case.row)


def _in_order(case: Case) -> tuple[dt.date, int]:
    return (case.registered or dt.date.max, case.row)


def _what(item: Item) -> str:
    return f"符合条件的信访事项（{item.when.describe()}）" if item.when is not None else "信访事项"


def _cost_text(per_case: Decimal, per_person: Decimal, people: int, cost: Decimal, verb: str) -> str:
    if per_case and per_person:
        return f"{verb} {fmt(per_case)} 分 + {people} 人次 × {fmt(per_person)} 分 = {fmt(cost)} 分"
    if per_person:
        return f"{people} 人次 × {fmt(per_person)} 分 = {fmt(cost)} 分"
    return f"每件{verb} {fmt(per_case)} 分"
