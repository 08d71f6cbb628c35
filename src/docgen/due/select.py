"""Selecting the cases that are overdue or due within N days, as pure functions over records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from docgen.config import Config
from docgen.errors import DocgenError, Location, Problem
from docgen.petition import cases
from docgen.petition.deadlines import Profile, profile_from_config
from docgen.register import Record, Register
from docgen.tomlfile import toml_line

UNIT = "责任单位"
FINISHED = "办结日期"
NO_UNIT = "（未填责任单位）"
# Columns the selection reads besides the case rules' own.
COLUMNS = ("信访编号", "信访人", UNIT, *cases.COMPUTED_FIELDS["办理状态"][1])

Locate = Callable[[int | None, str | None], Location]


@dataclass(frozen=True)
class DueItem:
    """One open case running against a deadline: where it is, who handles it, how long is left."""

    row: int
    number: str
    petitioner: str
    unit: str
    stage: str  # 受理 (decision pending) or 办理 (being handled)
    deadline: dt.date
    remaining: int  # calendar days from as_of to the deadline; negative once overdue

    @property
    def overdue(self) -> bool:
        return self.remaining < 0

    @property
    def late_days(self) -> int:
        return max(-self.remaining, 0)


@dataclass
class DueList:
    """The selection: overdue and due-soon cases as of a date, and rows that could not be judged."""

    as_of: dt.date
    within: int
    items: list[DueItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def overdue(self) -> list[DueItem]:
        return [i for i in self.items if i.overdue]

    @property
    def soon(self) -> list[DueItem]:
        return [i for i in self.items if not i.overdue]

    def by_unit(self) -> dict[str, list[DueItem]]:
        return group_by_unit(self.items)


def due_item(
    row: int,
    values: Mapping[str, object],
    *,
    config: Config,
    as_of: dt.date,
    within: int | None = None,
    profile: Profile | None = None,
) -> DueItem | None:
    """The case as a DueItem when it is still open on `as_of`, else None (DocgenError if unjudgeable).

    With `within`, a deadline the holiday calendar cannot tell exactly is no error when even its
    earliest possible day lies beyond the window: the case is then certainly not due yet.
    """
    profile = profile or profile_from_config(config.deadlines)
    facts = cases.facts_from(values, config.rules).as_of(as_of)
    deadline = cases.current_deadline(facts, cases.deadlines_of(facts, profile))
    if deadline is None:
        return None
    if deadline.exact is None and within is not None and (deadline.earliest - as_of).days > within:
        return None
    return DueItem(
        row=row,
        number=cases.as_text(values.get("信访编号")),
        petitioner=cases.as_text(values.get("信访人")),
        unit=cases.as_text(values.get(UNIT)) or NO_UNIT,
        stage="办理" if facts.accepted else "受理",
        deadline=deadline.day,
        remaining=(deadline.day - as_of).days,
    )


def select_due(records: Iterable[Record], *, config: Config, as_of: dt.date, within: int, locate: Locate) -> DueList:
    """Open cases overdue on `as_of` or due within `within` days of it, soonest first."""
    result = DueList(as_of=as_of, within=within)
    profile = profile_from_config(config.deadlines)
    status_columns = {locate(None, name).column for name in COLUMNS[3:]} - {None}
    for record in records:
        unreadable = [p for p in record.problems if p.where.column in status_columns]
        if unreadable:
            result.problems.extend(unreadable)
            continue
        try:
            item = due_item(record.row, record.values, config=config, as_of=as_of, within=within, profile=profile)
        except DocgenError as exc:
            problem = Problem.from_error(exc, severity="warning")
            problem.where = locate(record.row, None)
            number = cases.as_text(record.values.get("信访编号"))
            problem.message = f"无法判断{number or '该事项'}是否超期：{exc.message}"
            result.problems.append(problem)
            continue
        if item is not None and item.remaining <= within:
            result.items.append(item)
    result.items.sort(key=lambda i: (i.remaining, i.row))
    return result


def find_due(register: Register, *, config: Config, as_of: dt.date, within: int = 7) -> DueList:
    """The due list of a register (one pass over the columns it needs); refused when the register
    cannot tell finished cases from open ones."""
    if FINISHED not in register.fields:
        raise DocgenError(
            f"台账 {register.path.name} 没有「{FINISHED}」列，分不清哪些事项已经办结，不能列出超期事项"
            "（否则已办结的事项也会被当作超期督办）",
            hint=f"请在台账中加一列「{FINISHED}」（已办结的填日期），本单位的列名不同时，在 docgen.toml 的 "
            f"[register.aliases] 下加一行，例如 {toml_line('结案日期', FINISHED)}",
        )
    fields = [name for name in COLUMNS if name in register.fields]
    return select_due(register.records(fields), config=config, as_of=as_of, within=within, locate=register.location)


def group_by_unit(items: Iterable[DueItem]) -> dict[str, list[DueItem]]:
    """Items per responsible unit: most overdue cases first, then the longest overdue, then by name."""
    groups: dict[str, list[DueItem]] = {}
    for item in items:
        groups.setdefault(item.unit, []).append(item)
    order = sorted(groups, key=lambda u: (-sum(i.overdue for i in groups[u]), min(i.remaining for i in groups[u]), u))
    return {unit: sorted(groups[unit], key=lambda i: (i.remaining, i.row)) for unit in order}
