"""The petition rules as pure functions: deadlines, status, collective and repeat petitions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

from docgen.config import Config, Rules
from docgen.errors import DocgenError
from docgen.petition.deadlines import MAX_EXTENSION, Deadline, Profile, profile_from_config

if TYPE_CHECKING:
    from docgen.register import Register

PENDING, IN_PROGRESS, FINISHED, OVERDUE, FINISHED_LATE = "待受理", "办理中", "已办结", "已超期", "超期办结"
YES, NO = "是", "否"
YES_WORDS = frozenset({"是", "已延期", "延期", "y", "yes", "true", "1", "√", "✓"})
NO_WORDS = frozenset({"否", "未延期", "不延期", "n", "no", "false", "0", "×", "无"})

_STATUS = ("登记日期", "受理日期", "受理情况", "办结日期", "是否延期", "延期天数")
_PERSON = ("信访编号", "登记日期", "身份证号", "信访人", "联系电话", "问题类别")

# name -> (description for README and `docgen fields`, register columns it reads)
COMPUTED_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "受理截止日期": ("登记日期起 15 日内作出是否受理的决定的最后一天（可配置为工作日）", ("登记日期",)),
    "办理截止日期": (
        "受理日期起 60 日内办结的最后一天；延期的，自原截止日期再加延期天数（最多 30 日）",
        ("受理日期", "是否延期", "延期天数"),
    ),
    "原办理截止日期": (
        "受理日期起 60 日的法定办理期限（不含延期），延期办理告知书中的“原办理期限”",
        ("受理日期", "受理情况"),
    ),
    "复查申请截止日期": ("答复日期起 30 日，信访人可申请复查的最后一天", ("答复日期",)),
    "当前截止日期": ("尚未受理的为受理截止日期，已受理未办结的为办理截止日期，已办结的为空", _STATUS),
    "剩余天数": ("参照日期（--as-of，默认今天）距当前截止日期的自然日天数，已超期为负数，已办结为空", _STATUS),
    "超期天数": ("未办结的超过当前截止日期的天数；已办结的为办结晚于截止日期的天数；未超期为 0", _STATUS),
    "是否超期": ("办理状态为「已超期」或「超期办结」时为「是」，否则为「否」", _STATUS),
    "办理状态": ("待受理、办理中、已办结、已超期、超期办结之一（按参照日期判断）", _STATUS),
    "是否按期受理": ("受理（或不予受理）决定不晚于受理截止日期为「是」；已逾期为「否」；未到期为空", _STATUS),
    "是否按期办结": ("办结不晚于办理截止日期为「是」；已逾期为「否」；未受理或未到期为空", _STATUS),
    "是否集体访": ("人数达到集体访标准（默认 5 人，可配置）为「是」，否则为「否」", ("人数",)),
    "是否重复访": (
        "同一身份证号（无身份证号时为同一姓名加电话）在台账中已有更早登记的信访事项（默认一年内）为「是」",
        _PERSON,
    ),
}


@dataclass(frozen=True)
class Facts:
    """What the rules read from one case: its dates, refusal, extension and head count."""

    registered: dt.date | None = None
    accepted: dt.date | None = None
    refused: bool = False
    finished: dt.date | None = None
    replied: dt.date | None = None
    extension: int = 0
    people: int | None = None

    def as_of(self, day: dt.date) -> Facts:
        """The case as it stood on `day`: events dated later have not happened yet."""

        def seen(value: dt.date | None) -> dt.date | None:
            return value if value is not None and value <= day else None

        return replace(
            self,
            accepted=seen(self.accepted),
            refused=self.refused and (self.accepted is None or self.accepted <= day),
            finished=seen(self.finished),
            replied=seen(self.replied),
        )


@dataclass(frozen=True)
class Due:
    """The acceptance and handling deadlines of one case (None where the triggering date is missing).

    Plain dates are accepted and taken as exact deadlines.
    """

    acceptance: Deadline | None = None
    handling: Deadline | None = None

    def __post_init__(self) -> None:
        for name in ("acceptance", "handling"):
            value = getattr(self, name)
            if isinstance(value, dt.date):
                object.__setattr__(self, name, Deadline.on(value))


def as_day(value: object) -> dt.date | None:
    """A register value as a date: datetimes lose their time, anything else is None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def parse_extension(flag: object, days: object) -> int:
    """Extension days from 是否延期 and 延期天数; DocgenError when they cannot be trusted."""
    word = str(flag).strip().lower() if flag not in (None, "") else ""
    if word and word not in YES_WORDS | NO_WORDS:
        raise DocgenError(f"是否延期应填「是」或「否」，现为「{flag}」", hint="请改为「是」或「否」")
    if word in NO_WORDS:
        return 0
    count = parse_days(days)
    if word and not count:
        raise DocgenError("是否延期为「是」，但延期天数为空或为 0", hint=f"请填写延期天数（1–{MAX_EXTENSION} 日）")
    if count and count > MAX_EXTENSION:
        raise DocgenError(
            f"延期天数 {count} 日超过《信访工作条例》规定的最长 {MAX_EXTENSION} 日",
            value=days,
            hint=f"请核对延期天数，最多 {MAX_EXTENSION} 日",
        )
    return count or 0


def parse_days(value: object) -> int | None:
    """A number of days from 30, 30.0, "30", "30天" or "30日"; None when empty."""
    if value in (None, "") or isinstance(value, bool):
        return None if not isinstance(value, bool) else _bad_days(value)
    if isinstance(value, int):
        return value if value >= 0 else _bad_days(value)
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    match = re.fullmatch(r"\s*(\d+)\s*(?:天|日|个工作日|工作日)?\s*", str(value))
    if match:
        return int(match.group(1))
    return _bad_days(value)


def _bad_days(value: object) -> int:
    raise DocgenError("延期天数应是整数", value=value, hint="请只填天数，如 30")


def facts_from(values: Mapping[str, object], rules: Rules | None = None, *, extension: bool = True) -> Facts:
    """The facts of one case from its typed register values (`extension=False` skips 延期 columns)."""
    rules = rules or Rules()
    people = values.get("人数")
    decision = str(values.get("受理情况") or "").strip()
    return Facts(
        registered=as_day(values.get("登记日期")),
        accepted=as_day(values.get("受理日期")),
        refused=decision in rules.refused_values,
        finished=as_day(values.get("办结日期")),
        replied=as_day(values.get("答复日期")),
        extension=parse_extension(values.get("是否延期"), values.get("延期天数")) if extension else 0,
        people=people if isinstance(people, int) and not isinstance(people, bool) else None,
    )


def deadlines_of(facts: Facts, profile: Profile) -> Due:
    """The case's acceptance and handling (with its extension) deadlines."""
    acceptance = profile.bounded("受理", facts.registered) if facts.registered else None
    handling = None
    if facts.accepted and not facts.refused:
        handling = profile.extend_bounded(profile.bounded("办理", facts.accepted), facts.extension)
    return Due(acceptance, handling)


def status(facts: Facts, due: Due, as_of: dt.date) -> str:
    """待受理, 办理中, 已办结, 已超期 or 超期办结 on `as_of` (facts already seen as of then)."""
    if facts.refused:  # a refusal closes the case; late if decided after the acceptance deadline
        return FINISHED_LATE if _after(facts.accepted, due.acceptance) else FINISHED
    if facts.finished:
        return FINISHED_LATE if _after(facts.finished, due.handling) else FINISHED
    if facts.accepted:
        return OVERDUE if _after(as_of, due.handling) else IN_PROGRESS
    return OVERDUE if _after(as_of, due.acceptance) else PENDING


def current_deadline(facts: Facts, due: Due) -> Deadline | None:
    """The deadline the case is running against now; None once it is closed."""
    if facts.refused or facts.finished:
        return None
    return due.handling if facts.accepted else due.acceptance


def accepted_on_time(facts: Facts, due: Due, as_of: dt.date) -> bool | None:
    """Whether the acceptance decision came in time; None while it is pending and not yet late."""
    if due.acceptance is None:
        return None
    if facts.accepted:
        return not due.acceptance.passed(facts.accepted)
    return False if due.acceptance.passed(as_of) else None


def finished_on_time(facts: Facts, due: Due, as_of: dt.date) -> bool | None:
    """Whether the case was finished in time; None while it runs and is not yet late, or not accepted."""
    if due.handling is None:
        return None
    if facts.finished:
        return not due.handling.passed(facts.finished)
    return False if due.handling.passed(as_of) else None


def is_collective(people: int | None, threshold: int = 5) -> bool:
    """A petition of `threshold` (by default 5) or more people is a collective petition (集体访)."""
    return people is not None and people >= threshold


def _after(day: dt.date | None, deadline: Deadline | None) -> bool:
    return day is not None and deadline is not None and deadline.passed(day)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


# -- repeat petitioners ---------------------------------------------------------------------
@dataclass(frozen=True)
class _Visit:
    row: int
    day: dt.date
    number: str
    has_id: bool
    category: str


class History:
    """Every case's petitioner and date, indexed by ID number and by name with phone."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[_Visit]] = {}

    def add(self, row: int, values: Mapping[str, object]) -> None:
        """Remember the case in Excel row `row`."""
        day = as_day(values.get("登记日期"))
        if day is None:
            return
        id_key, person_key = person_keys(values)
        visit = _Visit(row, day, as_text(values.get("信访编号")), bool(id_key), as_text(values.get("问题类别")))
        for key in (id_key, person_key):
            if key:
                self._by_key.setdefault(key, []).append(visit)

    def earlier(self, values: Mapping[str, object], rules: Rules) -> list[int]:
        """Excel rows of the same petitioner's earlier cases within the configured window."""
        day = as_day(values.get("登记日期"))
        id_key, person_key = person_keys(values)
        if day is None or not (id_key or person_key):
            return []
        candidates = list(self._by_key.get(id_key, [])) if id_key else []
        if person_key:  # name and phone count only when one of the two cases has no ID number
            candidates += [v for v in self._by_key.get(person_key, []) if not (id_key and v.has_id)]
        number = as_text(values.get("信访编号"))
        own = [v.row for v in candidates if number and v.number == number and v.day == day]
        own_row = min(own) if own else None
        category = as_text(values.get("问题类别"))
        rows = set()
        for visit in candidates:
            if visit.row == own_row:
                continue
            if not (visit.day < day or (visit.day == day and own_row is not None and visit.row < own_row)):
                continue
            if rules.repeat_window_days and (day - visit.day).days > rules.repeat_window_days:
                continue
            if rules.repeat_same_category and visit.category != category:
                continue
            rows.add(visit.row)
        return sorted(rows)


def person_keys(values: Mapping[str, object]) -> tuple[str, str]:
    """(ID-number key, name-and-phone key) of a case's petitioner; "" where unknown."""
    id_number = re.sub(r"\s", "", as_text(values.get("身份证号"))).upper()
    name = re.sub(r"\s", "", as_text(values.get("信访人")))
    phone = re.sub(r"\D", "", as_text(values.get("联系电话")))
    return (f"id:{id_number}" if id_number else "", f"np:{name}|{phone}" if name and phone else "")


def as_text(value: object) -> str:
    """A register value as stripped text ("" for nothing)."""
    return "" if value is None else str(value).strip()


def needs_history(names: Iterable[str]) -> bool:
    """Whether computing `names` needs a pass over the whole register first."""
    return "是否重复访" in set(names)


def build_history(register: Register) -> History:
    """What repeat detection needs to know of every case in `register` (one extra pass)."""
    history = History()
    for record in register.records([c for c in _PERSON if c in register.fields]):
        history.add(record.row, record.values)
    return history


# -- computing fields for a template -------------------------------------------------------
class _Case:
    """One case seen as of a date; each fact and deadline is worked out only when a field asks."""

    def __init__(self, values: Mapping[str, object], config: Config, as_of: dt.date, history: History | None):
        self.values, self.config, self.as_of, self.history = values, config, as_of, history

    @cached_property
    def profile(self) -> Profile:
        return profile_from_config(self.config.deadlines)

    @cached_property
    def basic(self) -> Facts:
        """Facts without the extension columns, enough for acceptance and review deadlines."""
        return facts_from(self.values, self.config.rules, extension=False).as_of(self.as_of)

    @cached_property
    def facts(self) -> Facts:
        return facts_from(self.values, self.config.rules).as_of(self.as_of)

    @cached_property
    def acceptance(self) -> Deadline | None:
        registered = self.basic.registered
        return self.profile.bounded("受理", registered) if registered else None

    @cached_property
    def review(self) -> dt.date | None:
        replied = self.basic.replied
        return self.profile.deadline("复查申请", replied) if replied else None

    @cached_property
    def original_handling(self) -> Deadline | None:
        """The statutory handling deadline before any extension."""
        basic = self.basic
        return self.profile.bounded("办理", basic.accepted) if basic.accepted and not basic.refused else None

    @cached_property
    def due(self) -> Due:
        return deadlines_of(self.facts, self.profile)

    @cached_property
    def status(self) -> str:
        return status(self.facts, self.due, self.as_of)


def _day(deadline: Deadline | None) -> object:
    """A deadline as a date for a template ("" when there is none; CalendarError when unknowable)."""
    return deadline.day if deadline is not None else ""


def _remaining(case: _Case) -> object:
    deadline = current_deadline(case.facts, case.due)
    return (deadline.day - case.as_of).days if deadline else ""


def _late_days(case: _Case) -> object:
    facts, due = case.facts, case.due
    if facts.refused:
        day, deadline = facts.accepted, due.acceptance
    elif facts.finished:
        day, deadline = facts.finished, due.handling
    else:
        day, deadline = case.as_of, current_deadline(facts, due)
    if day is None or deadline is None:
        return ""
    return (day - deadline.day).days if deadline.passed(day) else 0


def _repeat(case: _Case) -> object:
    if case.history is None:
        raise DocgenError("计算「是否重复访」需要先通读整个台账", hint="请先用 build_history() 建立历史记录")
    return YES if case.history.earlier(case.values, case.config.rules) else NO


_FIELDS: dict[str, Callable[[_Case], object]] = {
    "受理截止日期": lambda c: _day(c.acceptance),
    "办理截止日期": lambda c: _day(c.due.handling),
    "原办理截止日期": lambda c: _day(c.original_handling),
    "复查申请截止日期": lambda c: c.review or "",
    "当前截止日期": lambda c: _day(current_deadline(c.facts, c.due)),
    "剩余天数": _remaining,
    "超期天数": _late_days,
    "是否超期": lambda c: YES if c.status in (OVERDUE, FINISHED_LATE) else NO,
    "办理状态": lambda c: c.status,
    "是否按期受理": lambda c: _yes_no(accepted_on_time(c.basic, Due(acceptance=c.acceptance), c.as_of)),
    "是否按期办结": lambda c: _yes_no(finished_on_time(c.facts, c.due, c.as_of)),
    "是否集体访": lambda c: YES if is_collective(c.basic.people, c.config.rules.collective_threshold) else NO,
    "是否重复访": _repeat,
}


def compute(
    values: Mapping[str, object],
    names: Iterable[str],
    *,
    config: Config,
    as_of: dt.date,
    history: History | None = None,
) -> dict[str, object]:
    """The computed fields `names` for one case, as of `as_of` ("" where they do not apply)."""
    case = _Case(values, config, as_of, history)
    return {name: _FIELDS[name](case) for name in names if name in _FIELDS}
