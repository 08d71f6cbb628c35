"""Exact points: numbers from the rules file as Decimal, fractions rounded half up, printed without residue."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

ZERO = Decimal(0)


def to_decimal(value: object) -> Decimal | None:
    """A TOML number (or a numeric string) as an exact Decimal; None when it is not a number.

    Floats go through their shortest repr, so 0.1 written in the file is exactly 0.1, not 0.1000000000000000055….
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if value == value and abs(value) != float("inf") else None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def round_half_up(value: Fraction | Decimal | int, places: int) -> Decimal:
    """`value` rounded half up (away from zero) to `places` decimals, computed exactly from the fraction."""
    exact = Fraction(value)
    scale = 10**places
    quotient, remainder = divmod(abs(exact.numerator) * scale, exact.denominator)
    if remainder * 2 >= exact.denominator:
        quotient += 1
    sign = -1 if exact < 0 else 1
    return Decimal(sign * quotient).scaleb(-places)


def fmt(value: Decimal, *, sign: bool = False) -> str:
    """94.50 → 「94.5」, 100.00 → 「100」, −0 → 「0」; `sign` adds + to positive numbers."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if sign and value > 0:
        text = "+" + text
    return text


def percent_text(ratio: Fraction, places: int = 2) -> str:
    """A ratio as a percentage rounded half up: 5/6 → 「83.33%」."""
    return fmt(round_half_up(ratio * 100, places)) + "%"
