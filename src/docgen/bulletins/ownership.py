"""The leaders' case ownership (包案): each leader's cases, their state against the set date, per-leader totals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from docgen.errors import DocgenError
from docgen.petition.caselist import Case
from docgen.petition.rates import CLOSED, Rate
from docgen.values import to_date

LEADER = "包案领导"
RESOLVED, RUNNING, LATE = "已化解", "办理中", "超期"
# The columns offices use, each with its common spellings (first found wins).
HANDLER_UNIT = ("办案单位", "责任单位")
HANDLER = ("办案人员", "承办人", "经办人")
SET_DATE = ("定办结时间", "定办结日期", "办结时限", "包案办结时限", "计划办结日期")
PROGRESS = ("最新进展", "办理进展", "进展情况", "化解进展")
RESOLUTION = ("化解情况", "是否化解")
RESOLVED_WORDS = frozenset({"已化解", "化解", "是", "已息诉", "息诉罢访"})


@dataclass(frozen=True)
class OwnedCase:
    """One case a leader owns: who handles it, by when, where it stands on the day looked at."""

    row: int
    number: str
    petitioner: str
    summary: str
    unit: str
    handler: str
    set_date: dt.date | None
    state: str  # 已化解, 办理中 or 超期
    days_left: int | None  # days from the day looked at to the set date; negative once past it
    progress: str


@dataclass
class Leader:
    """A leader's cases, overdue first, and the summary line's counts."""

    name: str
    cases: list[OwnedCase] = field(default_factory=list)

    @property
    def resolved(self) -> list[OwnedCase]:
        return [c for c in self.cases if c.state == RESOLVED]

    @property
    def late(self) -> list[OwnedCase]:
        return [c for c in self.cases if c.state == LATE]

    @property
    def rate(self) -> Rate:
        """化解率: resolved cases out of all the leader owns."""
        return Rate(len(self.resolved), len(self.cases))


@dataclass
class Ownership:
    """The 包案 bulletin's content: leaders in order of first appearance, and what the register lacks."""

    as_of: dt.date
    leaders: list[Leader]
    columns: dict[str, str]  # role → the register column used for it ("" when the register lacks it)
    without_leader: int  # cases in scope with no 包案领导 (not part of this bulletin)

    @property
    def late(self) -> list[OwnedCase]:
        found = [c for leader in self.leaders for c in leader.late]
        return sorted(found, key=lambda c: (c.days_left or 0, c.row))

    @property
    def total(self) -> Rate:
        cases = [c for leader in self.leaders for c in leader.cases]
        return Rate(sum(c.state == RESOLVED for c in cases), len(cases))


def own(cases: Sequence[Case], fields: Sequence[str], as_of: dt.date, until: dt.date | None = None) -> Ownership:
    """Every case registered up to `until` (default: all) that has a 包案领导, grouped by leader.

    Raises DocgenError when the register has no 包案领导 column: the bulletin would be empty and misleading.
    """
    if LEADER not in fields:
        raise DocgenError(
            "台账中没有「包案领导」列，无法生成包案通报",
            hint="请在台账中增加「包案领导」列（可另加 办案单位、办案人员、定办结时间、最新进展 等列）",
        )
    columns = {
        "办案单位": _first(HANDLER_UNIT, fields),
        "办案人员": _first(HANDLER, fields),
        "定办结时间": _first(SET_DATE, fields),
        "最新进展": _first(PROGRESS, fields),
        "化解情况": _first(RESOLUTION, fields),
    }
    leaders: dict[str, Leader] = {}
    without = 0
    for case in cases:
        if until is not None and (case.registered is None or case.registered > until):
            continue
        name = str(case.get(LEADER, "") or "").strip()
        if not name:
            without += 1
            continue
        leaders.setdefault(name, Leader(name)).cases.append(_owned(case, columns, as_of))
    for leader in leaders.values():
        leader.cases.sort(key=_urgency)
    return Ownership(as_of, list(leaders.values()), columns, without)


def state_of(case: Case, resolution_column: str, set_date: dt.date | None, as_of: dt.date) -> str:
    """已化解 when the register says so (化解情况) or the case is closed; 超期 past the set date; else 办理中."""
    said = str(case.get(resolution_column, "") or "").strip() if resolution_column else ""
    if said in RESOLVED_WORDS or (not said and str(case.get("办理状态", "")) in CLOSED):
        return RESOLVED
    if set_date is not None and as_of > set_date:
        return LATE
    return RUNNING


def _owned(case: Case, columns: dict[str, str], as_of: dt.date) -> OwnedCase:
    set_date = _date(case, columns["定办结时间"])
    state = state_of(case, columns["化解情况"], set_date, as_of)
    return OwnedCase(
        row=case.row,
        number=case.number,
        petitioner=str(case.get("信访人", "") or ""),
        summary=str(case.get("反映问题", "") or ""),
        unit=_text(case, columns["办案单位"]),
        handler=_text(case, columns["办案人员"]),
        set_date=set_date,
        state=state,
        days_left=(set_date - as_of).days if set_date is not None and state != RESOLVED else None,
        progress=_text(case, columns["最新进展"]),
    )


def _urgency(case: OwnedCase) -> tuple:
    """Past the set date first (longest past first), then running by days left, then resolved."""
    order = {LATE: 0, RUNNING: 1, RESOLVED: 2}[case.state]
    return (order, case.days_left if case.days_left is not None else 10**6, case.row)


def _date(case: Case, column: str) -> dt.date | None:
    value = case.get(column) if column else None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value in (None, ""):
        return None
    try:
        day = to_date(value)
    except DocgenError:
        return None
    return day.date() if isinstance(day, dt.datetime) else day


def _text(case: Case, column: str) -> str:
    return str(case.get(column, "") or "").strip() if column else ""


def _first(names: Sequence[str], fields: Sequence[str]) -> str:
    return next((name for name in names if name in fields), "")
