"""Choosing the cases to generate: --where 字段=值 conditions and --rows Excel row ranges."""

from __future__ import annotations

import contextlib
import datetime as dt
import re

from docgen.context import suggest
from docgen.errors import DocgenError
from docgen.register import Register
from docgen.values import to_date


def parse_where(text: str, book: Register) -> tuple[str, object]:
    """A 字段=值 condition; the value of a date column may be typed in any accepted spelling."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise DocgenError(
            f"--where 的写法应是 字段=值，收到的是「{text}」", hint="例如 --where 责任单位=城关镇人民政府"
        )
    if name not in book.fields:
        hint = f"是不是「{s}」？" if (s := suggest(name, book.fields)) else "可用的列：" + "、".join(book.fields)
        raise DocgenError(f"--where 中的字段「{name}」不是台账的列", hint=hint)
    value = value.strip()
    with contextlib.suppress(DocgenError):
        if name.endswith(tuple(book.settings.date_suffixes)):
            return name, to_date(value)
    return name, value


def matches(actual: object, wanted: object) -> bool:
    """Whether a typed cell value satisfies a parsed condition value."""
    if isinstance(wanted, dt.date):
        return actual == wanted
    return str(actual).strip() == str(wanted)


def parse_rows(text: str) -> set[int]:
    """Excel row numbers from 5-20 or 5,8,10-12."""
    wanted: set[int] = set()
    for part in text.replace("，", ",").split(","):
        match = re.fullmatch(r"\s*(\d+)\s*(?:[-~～]\s*(\d+))?\s*", part)
        if not match:
            raise DocgenError(f"--rows 的写法应是 5-20 或 5,8,10-12，收到的是「{text}」")
        start, end = int(match.group(1)), int(match.group(2) or match.group(1))
        if end < start:
            raise DocgenError(f"--rows 的范围 {start}-{end} 前大后小", hint="请写成 小-大")
        wanted.update(range(start, end + 1))
    return wanted
