"""Typing a register's cells: one converter per column, chosen once, with a fast path for usual cells.

`typed_cell` is the rule for every cell (blank → "", a damaged number → error, else the column's
coercer). A column's converter gives exactly what `typed_cell` gives; it answers the common cases
(text, a real date, a whole count) without the general checks and hands everything else to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from math import isfinite

from docgen import values
from docgen.errors import CellError
from docgen.register.kinds import COERCERS, COUNT, DATE, ID, PHONE

REENTER = "请在 Excel 或 WPS 中重新填写这个单元格"
Converter = Callable[[object], object]
_DATE, _DATETIME, _MIDNIGHT = dt.date, dt.datetime, dt.time(0)
_FIRST, _LAST = values.FIRST_YEAR, values.LAST_YEAR
_clean = values.clean_text


def typed_cell(coerce: Converter, value: object) -> object:
    """A cell typed by `coerce`: "" when blank; CellError when it cannot be read."""
    if value is None or (type(value) is str and not value.strip()):
        return ""
    if type(value) is float and not isfinite(value):
        raise CellError("单元格的数值无效（文件可能已损坏）", value=value, hint=REENTER)
    return coerce(value)


def converter(kind: str | None) -> Converter:
    """The converter of a column of `kind` (None: plain values); same results as `typed_cell`."""
    coerce = COERCERS.get(kind or "", values.to_value)

    def general(value: object) -> object:
        return typed_cell(coerce, value)

    def plain(value: object) -> object:
        if value.__class__ is str:
            return value.strip() if value.isprintable() else _clean(value)  # type: ignore[attr-defined]
        return "" if value is None else general(value)

    def text(value: object) -> object:  # a phone: text as text
        if value.__class__ is str:
            return _clean(value)  # type: ignore[arg-type]
        return "" if value is None else general(value)

    def id_number(value: object) -> object:
        if value.__class__ is str:
            return _clean(value).replace(" ", "").upper()  # type: ignore[arg-type]
        return "" if value is None else general(value)

    def count(value: object) -> object:
        if value.__class__ is int:
            return value
        if value.__class__ is float and value.is_integer():  # type: ignore[attr-defined]
            return int(value)  # type: ignore[call-overload]
        if value.__class__ is str and value.isascii() and value.isdigit():  # type: ignore[attr-defined]
            return int(value)  # type: ignore[call-overload]
        return "" if value is None or value == "" else general(value)

    def date(value: object) -> object:
        cls = value.__class__
        if cls is _DATE:
            if _FIRST <= value.year <= _LAST:  # type: ignore[attr-defined]
                return value
        elif cls is _DATETIME:
            if _FIRST <= value.year <= _LAST:  # type: ignore[attr-defined]
                return value if value.time() != _MIDNIGHT else value.date()  # type: ignore[attr-defined]
        elif cls is str:
            if not value:
                return ""
            if len(value) == 10 and value[4] == "-" == value[7]:  # type: ignore[arg-type,index]
                day = _iso_date(value)  # type: ignore[arg-type]
                if day is not None:
                    return day
        elif value is None:
            return ""
        return general(value)

    return {ID: id_number, PHONE: text, COUNT: count, DATE: date}.get(kind or "", plain)


def _iso_date(text: str) -> dt.date | None:
    """2025-03-05 written as text (a .csv), when it is a real date within the register's years."""
    if not (text.isascii() and text[:4].isdigit() and text[5:7].isdigit() and text[8:].isdigit()):
        return None
    try:
        day = _DATE.fromisoformat(text)
    except ValueError:
        return None
    return day if _FIRST <= day.year <= _LAST else None
