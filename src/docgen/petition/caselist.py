"""The register as a list of cases with every computed field, for statistics and assessment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from docgen.config import Config
from docgen.errors import DocgenError, Problem
from docgen.petition import cases
from docgen.petition.periods import Period
from docgen.petition.selection import matches
from docgen.register import Register


@dataclass(frozen=True)
class Case:
    """One petition: where it sits in the register and its values, computed fields included."""

    row: int
    values: Mapping[str, object]

    def __getitem__(self, name: str) -> object:
        return self.values.get(name, "")

    def get(self, name: str, default: object = "") -> object:
        return self.values.get(name, default)

    def __contains__(self, name: object) -> bool:
        return name in self.values

    @property
    def number(self) -> str:
        return str(self.values.get("信访编号", ""))

    @property
    def registered(self) -> dt.date | None:
        day = self.values.get("登记日期")
        return day if isinstance(day, dt.date) else None


@dataclass
class CaseList:
    """All readable cases of a register, with the problems met while reading them."""

    register: Register
    cases: list[Case]
    problems: list[Problem]

    def within(self, period: Period) -> list[Case]:
        """Cases registered (登记日期) within `period`."""
        return [c for c in self.cases if c.registered is not None and c.registered in period]


def load_cases(
    register: Register,
    config: Config,
    *,
    as_of: dt.date,
    where: Sequence[tuple[str, object]] = (),
) -> CaseList:
    """Every case of `register` with all computed fields as of `as_of`; rows failing `where`
    (field, value pairs that must all match) are left out. Unreadable cells become blanks and
    are reported as warnings, so a typo never silently drops a case from the counts."""
    for name, _ in where:
        if name not in register.fields:
            raise DocgenError(f"筛选条件中的字段「{name}」不是台账的列", hint="可用的列：" + "、".join(register.fields))
    history = cases.build_history(register)
    names = list(cases.COMPUTED_FIELDS)
    found, problems = [], []
    for record in register.records():
        if not all(matches(record.values.get(f), v) for f, v in where):
            continue
        for problem in record.problems:
            problem.severity = "warning"
            problems.append(problem)
        values = dict(record.values)
        try:
            values.update(cases.compute(values, names, config=config, as_of=as_of, history=history))
        except DocgenError:  # one bad value (an extension of 45 days, say): blank only what it spoils
            seen: set[str] = set()
            for name in names:
                try:
                    values.update(cases.compute(values, [name], config=config, as_of=as_of, history=history))
                except DocgenError as exc:
                    values[name] = ""
                    if exc.message not in seen:
                        seen.add(exc.message)
                        problem = Problem.from_error(exc, "warning")
                        problem.where = register.location(record.row, _source_column(name, exc))
                        problems.append(problem)
        found.append(Case(record.row, values))
    return CaseList(register, found, problems)


def _source_column(name: str, error: DocgenError) -> str | None:
    """The register column to blame for a computed field that could not be worked out."""
    if error.where is not None and error.where.header:
        return error.where.header
    inputs = cases.COMPUTED_FIELDS[name][1]
    return inputs[-1] if inputs else None
