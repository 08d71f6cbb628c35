"""Reporting periods: 2025Q3, 2025-07, 2025H1, 2025 or a from/to range, with the periods to compare."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from docgen.errors import DocgenError

_FORMS = "2025Q3 或 2025年第三季度、2025-07 或 2025年7月、2025H1 或 2025年上半年、2025 或 2025年度"


@dataclass(frozen=True)
class Period:
    """A span of days [start, end], its Chinese label and its kind (month/quarter/half/year/range)."""

    start: dt.date
    end: dt.date
    kind: str
    label: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= _as_date(day) <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period just before (环比): the previous month, quarter, half or year, or an equal span."""
        if self.kind == "range":
            end = self.start - dt.timedelta(days=1)
            return make_range(end - dt.timedelta(days=self.days - 1), end)
        months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[self.kind]
        start = _add_months(self.start, -months)
        return _calendar_period(start, self.kind)

    def year_before(self) -> Period:
        """The same period a year earlier (同比)."""
        if self.kind == "range":
            return make_range(_shift_year(self.start, -1), _shift_year(self.end, -1))
        return _calendar_period(_shift_year(self.start, -1), self.kind)


def parse_period(text: str, *, ranges: bool = False) -> Period:
    """A period from 2025Q3, 2025-07, 2025H1 or 2025, or as written in Chinese: 2025年第三季度, 2025年7月,
    2025年上半年, 2025年度. `ranges`: the command also takes --from/--to, so the error may suggest them."""
    value = re.sub(r"\s+", "", text).upper().translate(_FULL_WIDTH)
    if match := re.fullmatch(r"(\d{4})[-年]?Q([1-4])", value) or re.fullmatch(
        r"(\d{4})年?第?([1-4一二三四])季度?", value
    ):
        quarter = "1234一二三四".index(match.group(2)) % 4 + 1
        return _calendar_period(dt.date(int(match.group(1)), quarter * 3 - 2, 1), "quarter")
    if match := re.fullmatch(r"(\d{4})[-年]?H([12])", value) or re.fullmatch(r"(\d{4})年?([上下])半年", value):
        half = 1 if match.group(2) in ("1", "上") else 2
        return _calendar_period(dt.date(int(match.group(1)), half * 6 - 5, 1), "half")
    if match := re.fullmatch(r"(\d{4})(?:[-./]|年)(\d{1,2})月?", value):
        month = int(match.group(2))
        if 1 <= month <= 12:
            return _calendar_period(dt.date(int(match.group(1)), month, 1), "month")
    if match := re.fullmatch(r"(\d{4})(?:年|年度|年全年|-)?", value):
        return _calendar_period(dt.date(int(match.group(1)), 1, 1), "year")
    hint = f"请写成 {_FORMS}" + ("，或用 --from/--to 指定起止日期" if ranges else "")
    raise DocgenError(f"无法识别的统计期间「{text}」", hint=hint)


_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def make_range(start: dt.date, end: dt.date) -> Period:
    """A period given by its first and last day (--from/--to)."""
    if end < start:
        raise DocgenError(f"统计期间的结束日期 {end} 早于开始日期 {start}", hint="请检查 --from 和 --to")
    label = f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"
    return Period(start, end, "range", label)


def _calendar_period(start: dt.date, kind: str) -> Period:
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
    end = _add_months(start, months) - dt.timedelta(days=1)
    if kind == "month":
        label = f"{start.year}年{start.month}月"
    elif kind == "quarter":
        label = f"{start.year}年第{'一二三四'[(start.month - 1) // 3]}季度"
    elif kind == "half":
        label = f"{start.year}年{'上' if start.month == 1 else '下'}半年"
    else:
        label = f"{start.year}年"
    return Period(start, end, kind, label)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _as_date(day: dt.date) -> dt.date:
    return day.date() if isinstance(day, dt.datetime) else day
