"""Typing a register's cells: one converter per column, chosen once, with a fast path for usual cells.

`typed_cell` is the rule for every cell (blank → "", a damaged number → error, else the column's
coercer). A column's converter gives exactly what `typed_cell` gives; it answers the common cases
(text, a real date, a whole count) without the general checks and hands everything else to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from math import isfinite
from operator import itemgetter

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


_PLAIN = converter(None)
_KNOWN_DATES = 100_000  # distinct date cells remembered: every day of 1900–2100, and some text


class RowTyping:
    """How a row of the columns `names` is typed, all at once: plain text stripped in one go while
    it is printable, each distinct date worked out once, the other typed columns one by one.
    Calling it gives {name: typed value} in `names` order, or raises the first CellError."""

    def __init__(self, names: Sequence[str], kinds: Mapping[str, str]) -> None:
        plain = [k for k, name in enumerate(names) if name not in kinds]
        dates = [k for k, name in enumerate(names) if kinds.get(name) == DATE]
        other = [k for k, name in enumerate(names) if name in kinds and kinds[name] != DATE]
        self.blank = dict.fromkeys(names, "")
        self.plain_names, self.pick_plain = [names[k] for k in plain], picker(plain)
        self.date_names, self.pick_dates = [names[k] for k in dates], picker(dates)
        self.other_names, self.pick_other = [names[k] for k in other], picker(other)
        self.converters = [converter(kinds[names[k]]) for k in other]
        self.to_date = converter(DATE)
        self.known: dict[object, object] = {None: "", "": ""}  # date cell -> typed (real dates, text)

    def __call__(self, row: Sequence[object]) -> dict[str, object]:
        values = self.blank.copy()
        texts = self.pick_plain(row)
        try:
            printable = "".join(texts).isprintable()  # TypeError: a number, a date or an empty cell
        except TypeError:
            printable = False
        values.update(zip(self.plain_names, map(str.strip, texts) if printable else map(_PLAIN, texts)))
        dates = self.pick_dates(row)
        typed = list(map(self.known.get, dates))
        if None in typed:
            typed = [self._date(v) if t is None else t for v, t in zip(dates, typed)]
        values.update(zip(self.date_names, typed))
        values.update(zip(self.other_names, [c(v) for c, v in zip(self.converters, self.pick_other(row))]))
        return values

    def _date(self, value: object) -> object:
        day = self.to_date(value)
        if value.__class__ in (_DATE, _DATETIME, str) and len(self.known) < _KNOWN_DATES:
            self.known[value] = day  # equal keys of these classes type alike (no date equals a number)
        return day


def picker(positions: list[int]) -> Callable[[Sequence[object]], Sequence[object]]:
    """A function taking the items at `positions` out of a row, as a tuple."""
    if len(positions) > 1:
        return itemgetter(*positions)
    return lambda row: tuple(row[k] for k in positions)


def _iso_date(text: str) -> dt.date | None:
    """2025-03-05 written as text (a .csv), when it is a real date within the register's years."""
    if not (text.isascii() and text[:4].isdigit() and text[5:7].isdigit() and text[8:].isdigit()):
        return None
    try:
        day = _DATE.fromisoformat(text)
    except ValueError:
        return None
    return day if _FIRST <= day.year <= _LAST else None
