"""Conditions that pick cases out of a register: tables of field = value, lists for "any of", comparisons; no eval."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from docgen.assess.points import fmt, to_decimal
from docgen.errors import ConfigError

EQUAL, NOT_EQUAL, CONTAINS, NOT_CONTAINS = "=", "!=", "包含", "不包含"
ORDERED = {">": "大于", ">=": "不小于", "<": "小于", "<=": "不大于"}
OPERATORS = (EQUAL, NOT_EQUAL, *ORDERED, CONTAINS, NOT_CONTAINS)
_EXAMPLE = '例如 when = { "是否集体访" = "是", "上访层级" = ["赴省", "进京"], "人数" = { ">=" = 10 } }'

Scalar = str | Decimal | dt.date


class CaseValues(Protocol):
    """Anything with the case's values by field name (a Case, a dict)."""

    def get(self, name: str, default: object = ...) -> object: ...


@dataclass(frozen=True)
class Clause:
    """One test on one field: `field op value`; for = and != a tuple of values means any of them."""

    field: str
    op: str
    values: tuple[Scalar, ...]

    def matches(self, case: CaseValues) -> bool:
        actual = case.get(self.field, "")
        if self.op == EQUAL:
            return any(_equal(actual, v) for v in self.values)
        if self.op == NOT_EQUAL:
            return not any(_equal(actual, v) for v in self.values)
        if self.op == CONTAINS:
            return any(str(v) in _text(actual) for v in self.values)
        if self.op == NOT_CONTAINS:
            return not any(str(v) in _text(actual) for v in self.values)
        return _compare(actual, self.op, self.values[0])

    def describe(self) -> str:
        shown = "或".join(f"「{_show(v)}」" for v in self.values)
        if self.op == EQUAL:
            return f"{self.field}为{shown}"
        if self.op == NOT_EQUAL:
            return f"{self.field}不为{shown}"
        if self.op in (CONTAINS, NOT_CONTAINS):
            return f"{self.field}{self.op}{shown}"
        return f"{self.field}{ORDERED[self.op]}{_show(self.values[0])}"


@dataclass(frozen=True)
class Condition:
    """Alternatives (any of them) of clauses (all of them); no clauses at all means every case."""

    alternatives: tuple[tuple[Clause, ...], ...]

    def matches(self, case: CaseValues) -> bool:
        return any(all(c.matches(case) for c in clauses) for clauses in self.alternatives)

    @property
    def clauses(self) -> Iterable[Clause]:
        for clauses in self.alternatives:
            yield from clauses

    @property
    def fields(self) -> list[str]:
        return list(dict.fromkeys(c.field for c in self.clauses))

    def describe(self) -> str:
        texts = ["且".join(c.describe() for c in clauses) for clauses in self.alternatives if clauses]
        return "；或者".join(texts) if texts and all(self.alternatives) else "所有信访事项"


def parse_condition(raw: object, where: str) -> Condition:
    """A condition from TOML: a table { 字段 = 值 } or a list of such tables (any of them).

    `where` names the place for error messages, e.g. 考核细则 第 2 项「进京集体访」的 when.
    """
    if isinstance(raw, Mapping):
        return Condition((_parse_table(raw, where),))
    if isinstance(raw, list) and raw and all(isinstance(t, Mapping) for t in raw):
        return Condition(tuple(_parse_table(t, f"{where} 第 {i} 组") for i, t in enumerate(raw, 1)))
    raise ConfigError(f"{where} 应是一个表（字段 = 值），或由这样的表组成的列表", value=_raw(raw), hint=_EXAMPLE)


def _parse_table(table: Mapping[str, object], where: str) -> tuple[Clause, ...]:
    clauses = []
    for field, wanted in table.items():
        name = str(field).strip()
        if not name:
            raise ConfigError(f"{where} 中有空的字段名", hint=_EXAMPLE)
        if isinstance(wanted, Mapping):
            if not wanted:
                raise ConfigError(f"{where} 中「{name}」的比较是空的", hint='例如 "人数" = { ">=" = 10 }')
            for op, operand in wanted.items():
                clauses.append(_clause(name, str(op).strip(), operand, where))
        else:
            clauses.append(_clause(name, EQUAL, wanted, where))
    return tuple(clauses)


def _clause(field: str, op: str, operand: object, where: str) -> Clause:
    place = f"{where} 中「{field}」"
    if op not in OPERATORS:
        raise ConfigError(
            f"{place}的比较符「{op}」无法识别", hint="可用的比较符：" + "、".join(f'"{o}"' for o in OPERATORS)
        )
    items = operand if isinstance(operand, list) else [operand]
    if not items:
        raise ConfigError(f"{place}的取值列表是空的", hint='至少写一个值，如 ["赴省", "进京"]')
    if isinstance(operand, list) and op in ORDERED:
        raise ConfigError(f"{place}的「{op}」只能跟一个数字或日期，不能跟列表", value=_raw(operand))
    values = tuple(_scalar(v, place) for v in items)
    if op in ORDERED and isinstance(values[0], str):
        raise ConfigError(
            f"{place}的「{op}」只能比较数字或日期，不能比较文字",
            value=values[0],
            hint='数字不加引号，如 "人数" = { ">=" = 10 }；日期写成 2025-07-01（不加引号）',
        )
    if op in (CONTAINS, NOT_CONTAINS) and not all(isinstance(v, str) for v in values):
        raise ConfigError(f"{place}的「{op}」后面应是文字（加引号）", value=_raw(operand))
    return Clause(field, op, values)


def _scalar(value: object, place: str) -> Scalar:
    if isinstance(value, bool):
        raise ConfigError(f"{place}的值不能写 true 或 false", hint='请写成台账中的文字，如 "是" 或 "否"')
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return value.strip()
    number = to_decimal(value) if isinstance(value, int | float) else None
    if number is None:
        raise ConfigError(f"{place}的值应是文字、数字或日期", value=_raw(value), hint=_EXAMPLE)
    return number


# -- matching ------------------------------------------------------------------------------
def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(value: object) -> Decimal | None:
    if isinstance(value, str):
        return to_decimal(value) if value.strip() else None
    return to_decimal(value)


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _equal(actual: object, wanted: Scalar) -> bool:
    if isinstance(wanted, Decimal):
        number = _number(actual)
        return number is not None and number == wanted
    if isinstance(wanted, dt.date):
        return _day(actual) == wanted
    return _text(actual) == wanted


def _compare(actual: object, op: str, wanted: Scalar) -> bool:
    have = _day(actual) if isinstance(wanted, dt.date) else _number(actual)
    if have is None:
        return False
    if op == ">":
        return have > wanted  # type: ignore[operator]
    if op == ">=":
        return have >= wanted  # type: ignore[operator]
    if op == "<":
        return have < wanted  # type: ignore[operator]
    return have <= wanted  # type: ignore[operator]


def _show(value: Scalar) -> str:
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return value if value else "（空）"


def _raw(value: object) -> object:
    return value if isinstance(value, str | int | float) else repr(value)
