"""Checking a register in one pass: every problem with its Excel cell, as errors or warnings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from docgen.config import Config
from docgen.context import suggest
from docgen.errors import CalendarError, DocgenError, Location, Problem
from docgen.petition import cases
from docgen.petition.deadlines import FIRST_YEAR, LAST_YEAR, MAX_EXTENSION, Profile, profile_from_config
from docgen.register.identity import Finding, check_id_number, check_phone, id_gender
from docgen.register.kinds import ID, PHONE, kind_of
from docgen.register.reader import Record, Register
from docgen.values import to_text

ERROR, WARNING = "error", "warning"
# Later steps of a case: out of order is suspicious, not certainly wrong (a warning).
LATER_ORDER = (("办结日期", "答复日期"), ("答复日期", "回访日期"), ("答复日期", "复查申请日期"))
EVENT_DATES = ("登记日期", "受理日期", "交办日期", "办结日期", "答复日期", "回访日期", "复查申请日期")
# Columns the case rules read; a register without them gets a warning, not an error.
RULE_COLUMNS = ("登记日期", "受理日期", "办结日期")
FINISH_SIGNS = ("答复日期", "处理结论")

Locate = Callable[[int | None, str | None], Location]


@dataclass(frozen=True)
class Issue:
    """A finding tied to a field of a row, before it is placed in the workbook."""

    field: str
    message: str
    hint: str = ""
    severity: str = ERROR
    value: object = None


def validate(register: Register, *, config: Config, as_of: dt.date) -> list[Problem]:
    """Every problem of `register` in one pass over its rows, in sheet order."""
    problems = check_columns(register.fields, config, register.location(register.header_row))
    problems += check_records(register.records(), locate=register.location, config=config, as_of=as_of)
    order = {name: index for index, name in enumerate(register.fields)}
    return sorted(problems, key=lambda p: (p.where.row or 0, order.get(str(p.extra.get("field")), -1)))


def check_columns(fields: Iterable[str], config: Config, where: Location) -> list[Problem]:
    """Required columns missing from the header (errors) and columns the rules read (warnings)."""
    present = list(fields)
    problems = []
    for name in config.register.required:
        if name not in present:
            close = suggest(name, present)
            problems.append(
                Problem(
                    where,
                    f"台账缺少必填列「{name}」",
                    hint=(f"表头里的「{close}」是不是这一列？" if close else "请在表头加上这一列")
                    + "；列名不同的，可在 docgen.toml 的 [register.aliases] 中对应",
                    extra={"field": name},
                )
            )
    for name in RULE_COLUMNS:
        if name not in present and name not in config.register.required:
            problems.append(
                Problem(
                    where,
                    f"台账没有「{name}」列，无法计算相关期限",
                    hint="如贵单位的列名不同，可在 docgen.toml 的 [register.aliases] 中对应",
                    severity=WARNING,
                    extra={"field": name},
                )
            )
    return problems


def check_records(records: Iterable[Record], *, locate: Locate, config: Config, as_of: dt.date) -> list[Problem]:
    """Problems of every record: unreadable cells (from the reader) and every rule below."""
    problems: list[Problem] = []
    numbers: dict[str, int] = {}
    unknown_years: dict[int, list[int]] = {}
    kinds: dict[str, str] | None = None
    calendar = calendar_profile(config)
    for record in records:
        if kinds is None:
            kinds = column_kinds(record.values, config)
        for _field, _kind, error in _calendar_errors(record.values, calendar):
            if error.year > LAST_YEAR:
                unknown_years.setdefault(error.year, []).append(record.row)
        for problem in record.problems:
            problem.extra.setdefault("field", _field_of(problem, record, locate))
        problems.extend(record.problems)
        unreadable = {p.extra.get("field") for p in record.problems}
        issues = check_values(record.values, config=config, as_of=as_of, kinds=kinds, calendar=calendar)
        issues += _duplicate(record, numbers)
        for issue in issues:
            if issue.field in unreadable:
                continue
            value = record.values.get(issue.field, "") if issue.value is None else issue.value
            problems.append(
                Problem(
                    locate(record.row, issue.field),
                    issue.message,
                    value=to_text(value) if value != "" else None,
                    hint=issue.hint or None,
                    severity=issue.severity,
                    extra={"field": issue.field},
                )
            )
    return _later_years(unknown_years, config, locate(None, None)) + problems


def column_kinds(fields: Iterable[str], config: Config) -> dict[str, str]:
    """The ID-number, phone, count and date columns among `fields` (docgen.toml, else usual names)."""
    return {name: kind for name in fields if (kind := kind_of(name, config.register))}


def check_values(
    values: Mapping[str, object],
    *,
    config: Config,
    as_of: dt.date,
    kinds: Mapping[str, str] | None = None,
    calendar: Profile | None = None,
) -> list[Issue]:
    """Every rule over one case's typed values (pure: no file, no location); `kinds` as column_kinds
    gives, `calendar` as calendar_profile gives (both worked out once for a whole register)."""
    issues: list[Issue] = []
    kinds = column_kinds(values, config) if kinds is None else kinds
    registered = cases.as_day(values.get("登记日期"))
    for name in [n for n, kind in kinds.items() if kind == ID]:
        text = values.get(name)
        if isinstance(text, str) and text:
            issues += [_issue(name, f) for f in check_id_number(text, latest=registered or as_of)]
            issues += _gender(name, text, values)
    for name in [n for n, kind in kinds.items() if kind == PHONE]:
        text = values.get(name)
        if isinstance(text, str) and text:
            issues += [_issue(name, f) for f in check_phone(text)]
    issues += _dates(values, as_of)
    issues += _lists(values, config)
    issues += _extension(values)
    issues += _finished(values, config)
    issues += _people(values)
    issues += _calendar(values, calendar or calendar_profile(config))
    return issues


def _issue(field: str, finding: Finding) -> Issue:
    return Issue(field, finding.message, finding.hint, finding.severity)


def _gender(field: str, id_number: str, values: Mapping[str, object]) -> list[Issue]:
    stated = str(values.get("性别") or "").strip()
    derived = id_gender(id_number)
    if stated in ("男", "女") and derived and len(id_number) in (15, 18) and stated != derived:
        return [Issue(field, f"身份证号显示为{derived}性，性别列填的是{stated}", "请核对身份证号或性别", WARNING)]
    return []


def _dates(values: Mapping[str, object], as_of: dt.date) -> list[Issue]:
    """登记 ≤ 受理 ≤ 办结/答复 (errors), later steps in order (warnings), no event after `as_of`."""
    days = {name: cases.as_day(values.get(name)) for name in EVENT_DATES}
    base = "受理日期" if days["受理日期"] else "登记日期"
    checks = [("登记日期", "受理日期", ERROR), (base, "办结日期", ERROR), (base, "答复日期", ERROR)]
    checks += [(earlier, later, WARNING) for earlier, later in LATER_ORDER]
    issues: list[Issue] = []
    flagged: set[str] = set()
    for earlier, later, severity in checks:
        first, second = days[earlier], days[later]
        if first and second and second < first and later not in flagged:
            flagged.add(later)
            issues.append(
                Issue(
                    later,
                    f"{later}（{to_text(second)}）早于{earlier}（{to_text(first)}）",
                    f"请核对两个日期，{later}不应早于{earlier}",
                    severity,
                )
            )
    for name in EVENT_DATES:
        day = days[name]
        if day and day > as_of:
            issues.append(
                Issue(
                    name,
                    f"{name}晚于检查日期（{to_text(as_of)}）",
                    "请核对年份和月份（检查日期默认是今天，可用 --as-of 指定）",
                    WARNING,
                )
            )
    return issues


def _lists(values: Mapping[str, object], config: Config) -> list[Issue]:
    issues = []
    for name, allowed in config.lists.items():
        if name not in values or values[name] in ("", None):
            continue
        text = to_text(values[name])
        if text not in allowed:
            close = suggest(text, allowed)
            hint = (f"是不是「{close}」？" if close else "") + "可用的值：" + "、".join(allowed)
            issues.append(Issue(name, f"{name}「{text}」不在 docgen.toml [lists] 规定的值中", hint))
    return issues


def _extension(values: Mapping[str, object]) -> list[Issue]:
    """是否延期 is 是/否; 延期天数 is a whole number of 1–30 days when extended."""
    flag, days = values.get("是否延期", ""), values.get("延期天数", "")
    word = str(flag).strip().lower() if flag not in (None, "") else ""
    issues = []
    if word and word not in cases.YES_WORDS | cases.NO_WORDS:
        issues.append(Issue("是否延期", f"是否延期应填「是」或「否」，现为「{flag}」", "请改为「是」或「否」"))
    try:
        count = cases.parse_days(days)
    except DocgenError as exc:
        return [*issues, Issue("延期天数", exc.message, exc.hint or "")]
    if count is not None and count > MAX_EXTENSION:
        issues.append(
            Issue(
                "延期天数",
                f"延期 {count} 日超过《信访工作条例》第三十四条规定的最长 {MAX_EXTENSION} 日",
                f"延期最多 {MAX_EXTENSION} 日，请核对延期审批",
            )
        )
    elif word in cases.YES_WORDS and not count:
        issues.append(
            Issue("延期天数", "是否延期为「是」，但延期天数为空或为 0", f"请填写延期天数（1–{MAX_EXTENSION} 日）")
        )
    elif word in cases.NO_WORDS and count:
        issues.append(Issue("延期天数", f"是否延期为「{flag}」，却填了延期天数", "请核对是否延期", WARNING))
    return issues


def _finished(values: Mapping[str, object], config: Config) -> list[Issue]:
    decision = str(values.get("受理情况") or "").strip()
    refused = decision in config.rules.refused_values
    issues = []
    signs = [name for name in FINISH_SIGNS if values.get(name) not in (None, "")]
    if signs and not refused and values.get("办结日期", None) == "":
        issues.append(
            Issue(
                "办结日期",
                f"已填{'、'.join(signs)}，说明已办结，但办结日期为空",
                "请补填办结日期",
                value="",
            )
        )
    if (refused or decision in ("受理", "已受理")) and values.get("受理日期", None) == "":
        word = "不予受理决定的日期" if refused else "受理日期"
        issues.append(Issue("受理日期", f"受理情况为「{decision}」，但受理日期为空", f"请补填{word}", WARNING))
    return issues


def _people(values: Mapping[str, object]) -> list[Issue]:
    people = values.get("人数")
    if isinstance(people, int) and people < 1:
        return [Issue("人数", f"人数为 {people}", "人数至少为 1")]
    return []


DEADLINE_TRIGGERS = (("登记日期", "受理"), ("受理日期", "办理"), ("答复日期", "复查申请"))


def _calendar(values: Mapping[str, object], calendar: Profile) -> list[Issue]:
    """Dates so early that no deadline can be counted from them (likely a mistyped year)."""
    issues = []
    for field, kind, error in _calendar_errors(values, calendar):
        if error.year < FIRST_YEAR:
            issues.append(Issue(field, f"无法计算{kind}期限：{error.message}", error.hint or "", WARNING))
    return issues


def calendar_profile(config: Config) -> Profile:
    """The deadline profile that reports a deadline the holiday calendar cannot count."""
    return replace(profile_from_config(config.deadlines), beyond_calendar=ERROR)


def _calendar_errors(values: Mapping[str, object], profile: Profile) -> list[tuple[str, str, CalendarError]]:
    """(field, period, error) for each deadline of the case the holiday calendar cannot count."""
    found = []
    for field, kind in DEADLINE_TRIGGERS:
        day = cases.as_day(values.get(field))
        if day is None:
            continue
        try:
            profile.deadline(kind, day)
        except CalendarError as exc:
            found.append((field, kind, exc))
    return found


def _later_years(unknown: dict[int, list[int]], config: Config, where: Location) -> list[Problem]:
    """One warning for all deadlines in years after the calendar's data (not a fault of the register)."""
    if not unknown:
        return []
    rows = sorted({row for found in unknown.values() for row in found})
    years = "、".join(str(year) for year in sorted(unknown))
    shown = "、".join(str(row) for row in rows[:5]) + ("等" if len(rows) > 5 else "")
    if config.deadlines.beyond_calendar == ERROR:
        message = f"{len(rows)} 件事项的期限落在 {years} 年，docgen 还不知道该年的法定节假日安排，这些期限暂时无法计算"
        hint = (
            "请升级节假日数据：pip install -U chinesecalendar；"
            '或在 docgen.toml 的 [deadlines] 中设 beyond_calendar = "weekends"，只按周末顺延估算并人工核对'
        )
    else:
        message = f"{len(rows)} 件事项的期限落在 {years} 年，节假日安排未知，已只按周末顺延估算"
        hint = "请人工核对这些期限，或升级节假日数据：pip install -U chinesecalendar"
    return [Problem(where, f"{message}（第 {shown} 行）", hint=hint, severity=WARNING, extra={"rows": rows})]


def _duplicate(record: Record, first_rows: dict[str, int]) -> list[Issue]:
    number = to_text(record.values.get("信访编号", "")).strip()
    if not number:
        return []
    first = first_rows.setdefault(number, record.row)
    if first == record.row:
        return []
    return [Issue("信访编号", f"信访编号与第 {first} 行重复", "每件信访事项的编号应唯一，请核对后改正")]


def _field_of(problem: Problem, record: Record, locate: Locate) -> str | None:
    """The field a reader problem belongs to, found from its column letter."""
    for name in record.values:
        where = locate(record.row, name)
        if where.column and where.column == problem.where.column:
            return name
    return problem.where.header
