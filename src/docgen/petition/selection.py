"""Choosing the cases to generate: --where 字段=值 conditions and --rows Excel row ranges, and why none matched."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from docgen.context import suggest
from docgen.errors import DocgenError
from docgen.register import Register
from docgen.register.headers import normalize_header
from docgen.values import to_date, to_text

SHOWN_VALUES = 8


def parse_where(text: str, book: Register) -> tuple[str, object]:
    """A 字段=值 condition (＝ too); the field may be named as the register's header or an alias,
    and the value of a date column may be typed in any accepted spelling."""
    name, sep, value = text.replace("＝", "=").partition("=")
    name = name.strip()
    if not sep or not name:
        raise DocgenError(
            f"--where 的写法应是 字段=值，收到的是「{text}」", hint="例如 --where 责任单位=城关镇人民政府"
        )
    field = field_named(name, book)
    if field is None:
        hint = f"是不是「{s}」？" if (s := suggest(name, book.fields)) else "可用的列：" + "、".join(book.fields)
        raise DocgenError(f"--where 中的字段「{name}」不是台账的列", hint=hint)
    value = value.strip()
    with contextlib.suppress(DocgenError):
        if field.endswith(tuple(book.settings.date_suffixes)):
            return field, to_date(value)
    return field, value


def field_named(name: str, book: Register) -> str | None:
    """The register field a clerk means by `name`: a field, a header as typed, or an alias's key."""
    if name in book.fields:
        return name
    key = normalize_header(name)
    for column in book.columns:
        if key in (column.field, normalize_header(column.header)):
            return column.field
    aliases = {normalize_header(k): normalize_header(v) for k, v in book.settings.aliases.items()}
    return aliases.get(key) if aliases.get(key) in book.fields else None


def matches(actual: object, wanted: object) -> bool:
    """Whether a typed cell value satisfies a parsed condition value."""
    if isinstance(wanted, dt.date):
        return actual == wanted
    return str(actual).strip() == str(wanted)


def parse_rows(text: str) -> set[int]:
    """Excel row numbers from 5-20 or 5,8,10-12."""
    wanted: set[int] = set()
    for part in text.replace("，", ",").split(","):
        match = re.fullmatch(r"\s*(\d+)\s*(?:[-~～–]\s*(\d+))?\s*", part)
        if not match:
            raise DocgenError(f"--rows 的写法应是 5-20 或 5,8,10-12，收到的是「{text}」")
        start, end = int(match.group(1)), int(match.group(2) or match.group(1))
        if end < start:
            raise DocgenError(f"--rows 的范围 {start}-{end} 前大后小", hint="请写成 小-大")
        wanted.update(range(start, end + 1))
    return wanted


def row_ranges(rows: Iterable[int]) -> str:
    """Excel rows as ranges a clerk reads: 4–303、305、310–312."""
    ordered = sorted(set(rows))
    spans: list[str] = []
    start = previous = None
    for row in [*ordered, None]:
        if start is not None and (row is None or row != previous + 1):
            spans.append(str(start) if start == previous else f"{start}–{previous}")
            start = None
        if row is not None and start is None:
            start = row
        previous = row
    return "、".join(spans)


def nothing_selected(
    book: Register, conditions: Sequence[tuple[str, object]], rows: set[int] | None = None
) -> DocgenError | None:
    """Why no row of `book` is selected by `conditions` and `rows`, or None when some row is."""
    fields = [name for name, _ in conditions]
    data_rows: list[int] = []
    in_rows: list[dict[str, object]] = []
    for record in book.records(fields):
        data_rows.append(record.row)
        if rows is None or record.row in rows:
            if all(matches(record.values.get(f), v) for f, v in conditions):
                return None
            in_rows.append(record.values)
    place = f"台账 {book.path.name} 的工作表「{book.sheet}」" if book.sheet else f"台账 {book.path.name}"
    if not data_rows:
        return DocgenError(
            f"{place}在表头（第 {book.header_row} 行）下面没有数据，未生成任何文件",
            hint="请确认选对了台账文件和工作表（--sheet）",
        )
    if not in_rows:
        return DocgenError(
            f"--rows 选中的行里没有数据，未生成任何文件。{place}的数据在第 {row_ranges(data_rows)} 行",
            hint="--rows 写的是 Excel 左边的行号",
        )
    missing = [(f, v) for f, v in conditions if not any(matches(values.get(f), v) for values in in_rows)]
    if not missing:
        wanted = "、".join(f"{f}={to_text(v)}" for f, v in conditions)
        return DocgenError(
            f"没有同时满足 {wanted} 的行，未生成任何文件", hint="每个条件单独都有符合的行，请检查条件的组合"
        )
    field, value = missing[0]
    return DocgenError(
        f"没有「{field}」为「{to_text(value)}」的行，未生成任何文件",
        hint=f"「{field}」列中有：{_values_held(field, in_rows)}",
    )


def _values_held(field: str, records: Sequence[dict[str, object]]) -> str:
    """The distinct values of a column, most common first: 受理（180 行）、不予受理（40 行）."""
    counts = Counter(to_text(values.get(field)) or "（空白）" for values in records)
    shown = [f"{value}（{count} 行）" for value, count in counts.most_common(SHOWN_VALUES)]
    more = f"等 {len(counts)} 种" if len(counts) > SHOWN_VALUES else ""
    return "、".join(shown) + more
