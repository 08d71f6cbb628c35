"""The rates offices are judged by (按期受理率, 按期办结率, 满意率), exact and shared by reports and assessment."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from docgen.petition.cases import FINISHED, FINISHED_LATE

SATISFIED = ("满意", "基本满意")
RATED = ("满意", "基本满意", "不满意")
CLOSED = (FINISHED, FINISHED_LATE)  # 办理状态 of a case whose satisfaction can be known


@dataclass(frozen=True)
class Rate:
    """hits out of total; no value when nothing was eligible (printed as —)."""

    hits: int
    total: int

    @property
    def ratio(self) -> Fraction | None:
        return Fraction(self.hits, self.total) if self.total else None

    def percent(self, places: int = 1) -> Decimal | None:
        """The rate in per cent, rounded half up (93.45 → 93.5)."""
        if not self.total:
            return None
        exact = Decimal(self.hits * 100) / Decimal(self.total)
        return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

    def text(self, places: int = 1) -> str:
        value = self.percent(places)
        return "—" if value is None else f"{value}%"


Case = Mapping[str, object]


def _count(cases: Iterable[Case], field: str, hit: Iterable[str], eligible: Iterable[str]) -> Rate:
    hits, total = 0, 0
    hit, eligible = set(hit), set(eligible)
    for case in cases:
        value = str(case.get(field, "") or "").strip()
        if value in eligible:
            total += 1
            hits += value in hit
    return Rate(hits, total)


def on_time_acceptance(cases: Iterable[Case]) -> Rate:
    """按期受理率: cases decided (accepted or refused) within the acceptance period, out of those
    decided or past the period (computed field 是否按期受理 is 是 or 否; not yet due is left out)."""
    return _count(cases, "是否按期受理", ("是",), ("是", "否"))


def on_time_completion(cases: Iterable[Case]) -> Rate:
    """按期办结率: cases finished by their handling deadline, out of those finished or past it
    (computed field 是否按期办结 is 是 or 否)."""
    return _count(cases, "是否按期办结", ("是",), ("是", "否"))


def satisfaction(cases: Iterable[Case], satisfied: Iterable[str] = SATISFIED, rated: Iterable[str] = RATED) -> Rate:
    """满意率: 满意 and 基本满意 out of every case whose 满意度 was recorded. Cases carrying a
    computed 办理状态 count only when closed by the day they were computed for: a 满意度 entered
    for a case still open then was not known then."""
    closed = (c for c in cases if "办理状态" not in c or str(c.get("办理状态", "")) in CLOSED)
    return _count(closed, "满意度", satisfied, rated)


RATES: dict[str, Callable[[Iterable[Case]], Rate]] = {
    "按期受理率": on_time_acceptance,
    "按期办结率": on_time_completion,
    "满意率": satisfaction,
}
