"""What a validation report says: each marked cell's note and severity, and the 问题清单 rows."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from docgen.errors import Problem

PROBLEM_SHEET = "问题清单"
LABELS = {"error": "错误", "warning": "警告"}
COLOURS = {"error": "FFC7CE", "warning": "FFEB9C"}  # the cell fill of each severity
HEAD_COLOUR, LINK_COLOUR = "DDEBF7", "0563C1"
HEADERS = ("序号", "级别", "单元格", "行", "列", "表头", "值", "问题", "建议")
WIDTHS = (6, 6, 10, 6, 6, 14, 24, 50, 50)
WRAPPED = (7, 8, 9)  # listing columns whose text wraps
AUTHOR = "docgen"
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(value: object) -> object:
    """Text an .xlsx can hold: no control characters, a lone surrogate shown as U+FFFD."""
    if not isinstance(value, str):
        return value
    return _SURROGATE.sub("\ufffd", ILLEGAL_CHARACTERS_RE.sub("", value))


def notes(problems: Sequence[Problem]) -> dict[str, list[Problem]]:
    """The problems of each cell a problem names ("G51" → [...]), in order."""
    found: dict[str, list[Problem]] = {}
    for problem in problems:
        where = problem.where
        if where.row is not None and where.column:
            found.setdefault(f"{where.column}{where.row}", []).append(problem)
    return found


def worst(found: Sequence[Problem]) -> str:
    """The severity a cell is filled with: error if any of its problems is one."""
    return "error" if any(p.severity == "error" for p in found) else "warning"


def comment_text(found: Sequence[Problem]) -> str:
    """A cell's comment: one line per problem, 「错误：…。hint」."""
    return "\n".join(str(clean(_note(p))) for p in found)


def _note(problem: Problem) -> str:
    text = f"{LABELS.get(problem.severity, problem.severity)}：{problem.message}"
    return text + (f"。{problem.hint}" if problem.hint else "")


def problem_rows(problems: Sequence[Problem]) -> Iterator[tuple[list[object], str, str]]:
    """(cells of the listing row, severity, the cell it names or "")."""
    for index, problem in enumerate(problems, 1):
        where = problem.where
        coordinate = f"{where.column}{where.row}" if where.column and where.row else ""
        values = [
            index,
            LABELS.get(problem.severity, problem.severity),
            coordinate or (f"第 {where.row} 行" if where.row else "表头"),
            where.row,
            where.column,
            where.header or str(problem.extra.get("field") or ""),
            "" if problem.value is None else str(problem.value),
            problem.message,
            problem.hint or "",
        ]
        yield [clean(v) for v in values], problem.severity, coordinate


def link_target(data_sheet: str, coordinate: str) -> str:
    """A hyperlink location pointing at one cell of the data sheet."""
    return f"'{data_sheet.replace(chr(39), chr(39) * 2)}'!{coordinate}"
