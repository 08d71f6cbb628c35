"""Shares and changes (同比、环比) in exact decimals, rounded half up, printed the official way."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DASH = "—"
PLACES = 1


def rounded(value: Decimal, places: int = PLACES) -> Decimal:
    """`value` to `places` decimals, half up (12.25 → 12.3, -12.25 → -12.3)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def share(part: int, whole: int, places: int = PLACES) -> Decimal | None:
    """`part` as a percentage of `whole`; None when `whole` is 0."""
    if not whole:
        return None
    return rounded(Decimal(part * 100) / Decimal(whole), places)


def percent_text(value: Decimal | None) -> str:
    """12.3 → 12.3%; None → —."""
    return DASH if value is None else f"{value}%"


@dataclass(frozen=True)
class Change:
    """A figure against its base: a relative change for counts, a difference in points for rates.

    `base` is None when the base period is not covered by the register; a change is then unknown,
    and so is a relative change from a base of 0.
    """

    current: int | Decimal | None
    base: int | Decimal | None
    points: bool = False

    @property
    def value(self) -> Decimal | None:
        """Per cent change (counts) or difference in percentage points (rates), rounded; None if unknown."""
        if self.current is None or self.base is None:
            return None
        if self.points:
            return rounded(Decimal(self.current) - Decimal(self.base))
        if not self.base:
            return None
        return rounded((Decimal(self.current) - Decimal(self.base)) * 100 / Decimal(self.base))

    @property
    def known(self) -> bool:
        return self.value is not None

    def words(self) -> str:
        """上升5.0%、下降12.3%、持平、基本持平 (rounded to 0 but not equal); rates in 个百分点; — if unknown."""
        value = self.value
        if value is None:
            return DASH
        if self.current == self.base:
            return "持平"
        if not value:
            return "基本持平"
        unit = "个百分点" if self.points else "%"
        return f"{'上升' if value > 0 else '下降'}{abs(value)}{unit}"

    def phrase(self, label: str) -> str:
        """同比下降12.3%、环比持平 …; "" when the change is unknown (the sentence leaves it out)."""
        return "" if self.value is None else label + self.words()

    def cell(self) -> str:
        """For a table: +5.0%、-12.3%、0.0%, rates +2.1个百分点 shortened to +2.1; — if unknown."""
        value = self.value
        if value is None:
            return DASH
        sign = "+" if value > 0 else ""
        return f"{sign}{value}" + ("" if self.points else "%")


def change(current: int | Decimal | None, base: int | Decimal | None, *, points: bool = False) -> Change:
    return Change(current, base, points)
