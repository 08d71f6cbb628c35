"""Many rows whose 成文日期 is after the deadline they state, summed up in one line a clerk reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docgen.errors import Location, Problem
from docgen.official.dating import DEADLINES, DateWarning, day_text
from docgen.petition.selection import row_ranges

FEW = 3  # up to this many rows of one kind keep a line each
SPANS = 4  # row ranges shown in a summary before 等


@dataclass(frozen=True)
class Wording:
    """How a summary tells the clerk to set the date: on the command line or on the web page."""

    one_date: str  # {day}
    batches: str  # {row} {day}
    row: str = ""  # one row's hint, {day}; "" keeps the hint the warning was made with (the command line's)


COMMAND_LINE = Wording(
    one_date="补打以前的文书请用 --date {day} 写上当时的成文日期",
    batches="补打以前的文书请按受理日期分批用 --rows 与 --date 写上当时的成文日期（每批不晚于其中最早的期限），"
    "例如 --rows {row} --date {day}",
)
WEB_PAGE = Wording(
    one_date="补打以前的文书请在「成文日期」中填 {day}，写上当时的成文日期",
    batches="补打以前的文书请按受理日期分批生成（用「Excel 行号」选出一批），「成文日期」填当时的日期、"
    "不晚于这批中最早的期限，例如第 {row} 行填 {day}",
    row="补打以前的文书请在「成文日期」中填 {day}，写上当时的成文日期",
)


def late_of(problem: Problem) -> DateWarning | None:
    """The dating warning behind a problem, if it is one (the plan step keeps it in `extra`)."""
    late = problem.extra.get("late")
    return late if isinstance(late, DateWarning) else None


def summarize_late(problems: Sequence[Problem], wording: Wording = COMMAND_LINE) -> tuple[list[str], list[Problem]]:
    """One line per kind of dating warning that more than FEW rows share (same sheet, deadline and 成文日期),
    and the problems still to list one by one (every other problem, and the kinds on FEW rows or less)."""
    groups: dict[tuple, list[tuple[Problem, DateWarning]]] = {}
    for problem in problems:
        if (late := late_of(problem)) is not None:
            key = (problem.where.file, problem.where.sheet, late.field, late.issued)
            groups.setdefault(key, []).append((problem, late))
    summed = {id(p) for group in groups.values() if len(group) > FEW for p, _ in group}
    lines = [_line(group, wording) for group in groups.values() if len(group) > FEW]
    return lines, [p for p in problems if id(p) not in summed]


def row_hint(problem: Problem, wording: Wording) -> str:
    """A problem's hint in the words of `wording` (a dating warning's suggested day, or not later than its deadline)."""
    late = late_of(problem)
    if late is None or not wording.row:
        return problem.hint or ""
    day = day_text(late.event) if late.event else f"不晚于 {day_text(late.deadline)} 的日期"
    return wording.row.format(day=day)


def compact_rows(rows: Sequence[int], count: int, most: int = SPANS) -> str:
    """`count` documents on Excel rows in at most `most` ranges: 第 4–25、27 行共 23 份 / 第 4–25、27 行等 80 份."""
    spans = row_ranges(rows).split("、")
    return f"第 {'、'.join(spans[:most])} 行{'等' if len(spans) > most else '共'} {count} 份"


def _line(group: list[tuple[Problem, DateWarning]], wording: Wording) -> str:
    first, late = group[0]
    place = Location(file=first.where.file, sheet=first.where.sheet).describe()
    rows = [p.where.row for p, _ in group if p.where.row is not None]
    deadlines = [w.deadline for _, w in group]
    earliest = min(deadlines)
    latest = max(deadlines)
    span = f"最早 {day_text(earliest)}，最晚 {day_text(latest)}" if earliest != latest else day_text(earliest)
    text = (
        f"{place}{'，' if place else ''}{compact_rows(rows, len(group))}文书的成文日期 {day_text(late.issued)} "
        f"晚于文中写明的{DEADLINES[late.field]}（{span}），这些期限已经过去。"
    )
    events = [w.event for _, w in group]
    if all(events) and max(events) <= earliest:  # type: ignore[type-var]
        return text + wording.one_date.format(day=day_text(max(events)))  # type: ignore[type-var, arg-type]
    problem, soonest = min(group, key=lambda pair: (pair[1].deadline, pair[0].where.row or 0))
    day = soonest.event or soonest.deadline
    return text + wording.batches.format(row=problem.where.row, day=day_text(day))
