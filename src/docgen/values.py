"""Typing cell values: dates typed five ways, ID numbers, phones, counts and plain text."""

from __future__ import annotations

import datetime as dt
import re

from docgen.errors import CellError

# Characters XML 1.0 forbids (C0 controls but tab, newline, carriage return; surrogates; FFFE/FFFF).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_DATE_PATTERNS = (
    re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_TIME = re.compile(r"(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_FULLWIDTH_DIGITS = {0xFF10 + i: 0x30 + i for i in range(10)}
# The years a register date may fall in; later ones are typing slips (9999-12-31 would overflow deadlines).
FIRST_YEAR, LAST_YEAR = 1900, 2100


def clean_text(value: str) -> str:
    """Strip surrounding spaces, unify line breaks and drop characters XML forbids."""
    if value.isprintable():  # most cells: nothing to unify or drop
        return value.strip()
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_FORBIDDEN.sub("", text).strip()


def to_text(value: object) -> str:
    """Any cell as text: numbers without a trailing .0, dates in Chinese."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    return clean_text(str(value))


def to_date(value: object) -> dt.date | dt.datetime:
    """A real Excel date or one of 2025-03-05, 2025/3/5, 2025.3.5, 2025年3月5日, 20250305, in 1900–2100."""
    day = _to_date(value)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CellError(
            f"日期的年份 {day.year} 不合理",
            value=to_text(value) if isinstance(value, dt.date) else value,
            hint=f"请核对年份：台账中的日期应在 {FIRST_YEAR}–{LAST_YEAR} 年之间",
        )
    return day


def _to_date(value: object) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.time() != dt.time(0) else value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError("不是日期", value=value, hint="请写成 2025-03-05 或 2025年3月5日")
    if isinstance(value, (int, float)):
        number = int(value)
        if number != value:
            raise CellError("不是日期", value=value, hint="请写成 2025-03-05 或 2025年3月5日")
        if 19000101 <= number <= 21001231:
            return _from_parts(str(number)[:4], str(number)[4:6], str(number)[6:], value)
        if 20000 <= number <= 80000:  # an Excel serial whose date format was lost
            return _EXCEL_EPOCH + dt.timedelta(days=number)
        raise CellError("不是日期", value=value, hint="请写成 2025-03-05 或 2025年3月5日")
    text = clean_text(str(value)).translate(_FULLWIDTH_DIGITS)
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text) or pattern.match(text)
        if match:
            day = _from_parts(*match.groups(), original=value)
            rest = text[match.end() :].strip()
            if not rest:
                return day
            time = _TIME.fullmatch(rest)
            if time:
                hour, minute = int(time.group(1)), int(time.group(2))
                if hour < 24 and minute < 60:
                    return dt.datetime(day.year, day.month, day.day, hour, minute)
            break
    raise CellError(
        "无法识别的日期",
        value=value,
        hint="请写成 2025-03-05、2025/3/5、2025.3.5、2025年3月5日 或 20250305",
    )


def _from_parts(year: str, month: str, day: str, original: object) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise CellError("日期不存在", value=original, hint="请检查年、月、日") from None


def to_id_number(value: object) -> str:
    """An ID number kept as text; a number means Excel has already dropped digits."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise CellError(
            "身份证号被 Excel 存成了数字，末几位已经丢失",
            value=f"{value:.0f}" if isinstance(value, float) else value,
            hint="请把该列设为「文本」格式，再按原件重新录入这个号码",
        )
    return clean_text(str(value)).replace(" ", "").upper()


def to_phone(value: object) -> str:
    """A phone number as text, without the .0 a numeric cell would add."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


def to_int(value: object) -> int:
    """A whole count such as 人数; accepts 5, 5.0 and "5", "5人"."""
    if isinstance(value, bool):
        raise CellError("应是整数", value=value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    match = re.fullmatch(r"\s*(\d+)\s*人?\s*", str(value))
    if match:
        return int(match.group(1))
    raise CellError("应是整数", value=value, hint="请只填数字，如 5")


def to_value(value: object) -> object:
    """A cell of an untyped column: text stays text, whole numbers lose .0, dates stay dates."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value
