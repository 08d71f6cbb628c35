"""An assessment from a register and a rules file: the period's cases grouped by unit, scored and ranked."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from docgen.assess.ranking import Ranked, rank
from docgen.assess.rules import Rules
from docgen.assess.scoring import Entry, score_units
from docgen.config import Config
from docgen.errors import ConfigError, DocgenError, Problem
from docgen.petition import cases as case_rules
from docgen.petition.caselist import Case, load_cases
from docgen.petition.periods import Period, parse_period
from docgen.register import Register

MAX_ROWS_LISTED = 10


@dataclass
class Assessment:
    """The ranked units of one period, with what was left out and why."""

    rules: Rules
    period: Period
    as_of: dt.date
    ranked: list[Ranked]
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    register_name: str = ""

    @property
    def period_name(self) -> str:
        """「2025年度」 for a year, else the period's label (2025年第三季度, 2025年7月 …)."""
        return self.period.label + ("度" if self.period.kind == "year" else "")

    @property
    def entries(self) -> list[Entry]:
        """Every entry, units in rank order, items in the rules file's order."""
        order = {item.name: index for index, item in enumerate(self.rules.items)}
        return [e for r in self.ranked for e in sorted(r.score.entries, key=lambda e: order.get(e.item, 0))]


def resolve_period(rules: Rules, text: str | None) -> Period:
    """--period if given, else the rules file's period; one of them is needed."""
    if text:
        return parse_period(text)
    if rules.period:
        return parse_period(rules.period)
    raise DocgenError("没有指定考核期间", hint='请加 --period（如 --period 2025），或在考核细则中写 period = "2025"')


def assess_register(register: Register, rules: Rules, config: Config, *, period: Period, as_of: dt.date) -> Assessment:
    """Read the register's cases, keep those registered within `period`, and score every unit."""
    check_fields(rules, register.fields)
    case_list = load_cases(register, config, as_of=as_of)
    within = case_list.within(period)
    ranked, warnings = assess_cases(rules, within, all_cases=case_list.cases)
    undated = len(case_list.cases) - sum(1 for c in case_list.cases if c.registered is not None)
    if undated:
        warnings.append(f"{undated} 件事项没有可读的登记日期，无法判断是否在考核期间内，未计入考核")
    return Assessment(rules, period, as_of, ranked, warnings, case_list.problems, register.path.name)


def assess_cases(
    rules: Rules, cases: Sequence[Case], *, all_cases: Sequence[Case] | None = None
) -> tuple[list[Ranked], list[str]]:
    """Score and rank the units of `cases` (already limited to the period); returns warnings too.

    Units are the rules' list, or every unit named anywhere in `all_cases` (default: `cases`), so a
    unit with no cases in the period still gets a row.
    """
    known = all_cases if all_cases is not None else cases
    units = list(rules.units) or list(dict.fromkeys(u for u in (unit_of(c, rules) for c in known) if u))
    if not units:
        raise DocgenError(
            f"台账中「{rules.unit_column}」列是空的，找不到参评单位", hint="请在考核细则中用 units 列出参评单位"
        )
    grouped: dict[str, list[Case]] = {u: [] for u in units}
    blank: list[Case] = []
    outside: dict[str, list[Case]] = {}
    for case in cases:
        unit = unit_of(case, rules)
        if unit in grouped:
            grouped[unit].append(case)
        elif not unit:
            blank.append(case)
        else:
            outside.setdefault(unit, []).append(case)
    warnings = []
    if blank:
        warnings.append(f"{len(blank)} 件事项没有填写{rules.unit_column}，未计入考核（台账{_rows(blank)}）")
    for unit, left_out in outside.items():
        guess = difflib.get_close_matches(unit, units, n=1, cutoff=0.6)
        hint = f"，是不是「{guess[0]}」？" if guess else ""
        warnings.append(
            f"{len(left_out)} 件事项的{rules.unit_column}「{unit}」不在参评单位名单中，未计入考核"
            f"（台账{_rows(left_out)}）{hint}"
        )
    warnings.extend(unmatched_values(rules, known))
    return rank(score_units(rules, grouped), rules.tie_break), warnings


def unit_of(case: Case, rules: Rules) -> str:
    return str(case.get(rules.unit_column, "") or "").strip()


def check_fields(rules: Rules, fields: Sequence[str]) -> None:
    """Every field a condition names is a register column or a computed field; the unit column is a column."""
    available = list(fields) + [f for f in case_rules.COMPUTED_FIELDS if f not in fields]
    if rules.unit_column not in fields:
        raise ConfigError(
            f"{rules.source} 的 unit_column「{rules.unit_column}」不是台账的列" + _close(rules.unit_column, fields),
            hint='考核乡镇时可写 unit_column = "所属地区"；台账的列：' + "、".join(fields),
        )
    for item in rules.items:
        for name in item.when.fields if item.when is not None else ():
            if name not in available:
                raise ConfigError(
                    f"{rules.source} {item.label}的条件中「{name}」不是台账的列，也不是计算字段"
                    + _close(name, available),
                    hint="可用的字段：" + "、".join(available),
                )


def unmatched_values(rules: Rules, cases: Sequence[Case]) -> list[str]:
    """Warnings for condition values that appear nowhere in their column (most often a typo)."""
    warnings = []
    seen: dict[str, set[str]] = {}
    for item in rules.items:
        for clause in item.when.clauses if item.when is not None else ():
            if clause.op not in ("=", "!="):
                continue
            if clause.field not in seen:
                seen[clause.field] = {str(c.get(clause.field, "") or "").strip() for c in cases}
            for value in clause.values:
                if isinstance(value, str) and value and value not in seen[clause.field]:
                    warnings.append(
                        f"{item.label}的条件「{clause.field} = {value}」在台账中一件也没有"
                        + _close(value, sorted(v for v in seen[clause.field] if v))
                    )
    return warnings


def _close(word: str, choices: Sequence[str]) -> str:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f"，是不是「{found[0]}」？" if found else ""


def _rows(cases: Sequence[Case]) -> str:
    rows = [str(c.row) for c in cases[:MAX_ROWS_LISTED]]
    tail = f" 等 {len(cases)} 行" if len(cases) > MAX_ROWS_LISTED else " 行"
    return "第 " + "、".join(rows) + tail
