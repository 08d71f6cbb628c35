"""Counting statutory periods: calendar or working days on China's official holiday calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import chinese_calendar
from chinese_calendar import constants as _calendar_data

from docgen.config import Deadlines
from docgen.errors import CalendarError

CALENDAR = "calendar"
WORKDAYS = "workdays"
ERROR = "error"
WEEKENDS = "weekends"

# 《信访工作条例》: 15 days to decide acceptance (art. 23), 60 to finish (art. 34),
# 30 to ask for a review after the reply (art. 35); an extension of at most 30 days.
STATUTORY_DAYS = {"受理": 15, "办理": 60, "复查申请": 30}
EXTENSION = "延期"
MAX_EXTENSION = 30

FIRST_YEAR = min(_calendar_data.holidays).year
LAST_YEAR = max(_calendar_data.holidays).year


@dataclass(frozen=True)
class Period:
    """A statutory period: how many days and how they are counted."""

    days: int
    mode: str = CALENDAR


@dataclass(frozen=True)
class Deadline:
    """A deadline; when the holiday calendar cannot tell it exactly, the earliest day it can be.

    Holidays only ever push a deadline later, so `start + days` is a safe lower bound: a case
    finished (or looked at) on or before it is certainly on time, whatever the unknown holidays.
    """

    earliest: dt.date
    exact: dt.date | None = None
    error: CalendarError | None = field(default=None, compare=False)

    @classmethod
    def on(cls, day: dt.date) -> Deadline:
        """A deadline known exactly."""
        return cls(earliest=day, exact=day)

    @property
    def day(self) -> dt.date:
        """The exact deadline; CalendarError when the holiday calendar cannot tell it."""
        if self.exact is None:
            raise self.error or CalendarError("期限无法计算", year=self.earliest.year)
        return self.exact

    def passed(self, day: dt.date) -> bool:
        """Whether `day` is after the deadline; CalendarError only when the calendar cannot decide."""
        if self.exact is not None:
            return day > self.exact
        if day <= self.earliest:
            return False
        raise self.error or CalendarError("期限无法计算", year=self.earliest.year)


@dataclass(frozen=True)
class Profile:
    """The deadline profile of an office: each period, the extension's counting, unknown years."""

    periods: dict[str, Period] = field(default_factory=lambda: {k: Period(v) for k, v in STATUTORY_DAYS.items()})
    extension_mode: str = CALENDAR
    beyond_calendar: str = ERROR

    def deadline(self, kind: str, start: dt.date) -> dt.date:
        """The last day of period `kind` (受理, 办理, 复查申请) triggered on `start`."""
        period = self.periods[kind]
        return end_of_period(start, period.days, period.mode, beyond=self.beyond_calendar)

    def extend(self, deadline: dt.date, days: int) -> dt.date:
        """The deadline after an extension of `days` (at most 30), counted from the original one."""
        if days > MAX_EXTENSION:
            raise ValueError(f"extension of {days} days exceeds {MAX_EXTENSION}")
        if days <= 0:
            return deadline
        return end_of_period(deadline, days, self.extension_mode, beyond=self.beyond_calendar)

    def bounded(self, kind: str, start: dt.date) -> Deadline:
        """Like `deadline`, but a year the calendar does not know gives a lower bound, not an error."""
        try:
            return Deadline.on(self.deadline(kind, start))
        except CalendarError as exc:
            return Deadline(earliest=_day(start) + dt.timedelta(days=self.periods[kind].days), error=exc)

    def extend_bounded(self, deadline: Deadline, days: int) -> Deadline:
        """Like `extend`, for a deadline that may be known only by its lower bound."""
        if days > MAX_EXTENSION:
            raise ValueError(f"extension of {days} days exceeds {MAX_EXTENSION}")
        if days <= 0:
            return deadline
        earliest = (deadline.exact or deadline.earliest) + dt.timedelta(days=days)
        if deadline.exact is None:
            return Deadline(earliest=earliest, error=deadline.error)
        try:
            return Deadline.on(self.extend(deadline.exact, days))
        except CalendarError as exc:
            return Deadline(earliest=earliest, error=exc)


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def profile_from_config(settings: Deadlines) -> Profile:
    """The profile `docgen.toml` [deadlines] describes (settings already checked by config)."""
    periods = {}
    for kind, days in STATUTORY_DAYS.items():
        rule = settings.overrides.get(kind)
        periods[kind] = Period(
            days=(rule.days if rule and rule.days else days),
            mode=(rule.mode if rule and rule.mode else settings.mode),
        )
    extension = settings.overrides.get(EXTENSION)
    return Profile(
        periods=periods,
        extension_mode=extension.mode if extension and extension.mode else settings.mode,
        beyond_calendar=settings.beyond_calendar,
    )


def is_working_day(day: dt.date, *, beyond: str = ERROR) -> bool:
    """Whether `day` is an official working day (调休 weekends included, holidays excluded)."""
    if isinstance(day, dt.datetime):
        day = day.date()
    if FIRST_YEAR <= day.year <= LAST_YEAR:
        return chinese_calendar.is_workday(day)
    if beyond == WEEKENDS:
        return day.weekday() < 5
    if day.year < FIRST_YEAR:
        raise CalendarError(
            f"{day.year} 年早于节假日数据的范围（{FIRST_YEAR}–{LAST_YEAR} 年），无法计算期限",
            year=day.year,
            value=f"{day.year}年{day.month}月{day.day}日",
            hint="请核对年份是否录错",
        )
    raise CalendarError(
        f"{day.year} 年的法定节假日安排 docgen 还不知道（已知 {FIRST_YEAR}–{LAST_YEAR} 年），无法准确计算期限",
        year=day.year,
        value=f"{day.year}年{day.month}月{day.day}日",
        hint=(
            "请升级节假日数据：pip install -U chinesecalendar；"
            '或在 docgen.toml 的 [deadlines] 中设 beyond_calendar = "weekends"，只按周末顺延估算并人工核对'
        ),
    )


def end_of_period(start: dt.date, days: int, mode: str = CALENDAR, *, beyond: str = ERROR) -> dt.date:
    """The last day of a `days`-day period triggered on `start`; day 1 is the day after `start`.

    Calendar days: the period ends `days` days later and moves to the next working day when
    that day is a weekend or public holiday. Working days: the `days`-th working day after `start`.
    """
    if isinstance(start, dt.datetime):
        start = start.date()
    if days < 0:
        raise ValueError("a period cannot be negative")
    return _end_of_period(start, days, mode, beyond)


@lru_cache(maxsize=65536)
def _end_of_period(start: dt.date, days: int, mode: str, beyond: str) -> dt.date:
    one = dt.timedelta(days=1)
    if mode == WORKDAYS:
        day, counted = start, 0
        while counted < days:
            day += one
            if is_working_day(day, beyond=beyond):
                counted += 1
        return day
    if mode != CALENDAR:
        raise ValueError(f"unknown day-counting mode {mode!r}")
    day = start + dt.timedelta(days=days)
    while not is_working_day(day, beyond=beyond):
        day += one
    return day
