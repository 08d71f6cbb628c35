"""Template filters in Chinese: dates the official way, day arithmetic, masking personal data."""

from __future__ import annotations

import datetime as dt
import re

from jinja2 import Undefined

from docgen.errors import TemplateError
from docgen.values import to_date

_DIGITS = "〇一二三四五六七八九"


def chinese_date(value: object) -> str:
    """2025年3月5日: Arabic numerals, no leading zeros (GB/T 9704)."""
    day = _as_date(value, "中文日期")
    if day is None:
        return ""
    text = f"{day.year}年{day.month}月{day.day}日"
    if isinstance(day, dt.datetime):
        text += f" {day.hour}:{day.minute:02d}"
    return text


def upper_date(value: object) -> str:
    """二〇二五年三月五日, as printed on seals and some formal letters."""
    day = _as_date(value, "大写日期")
    if day is None:
        return ""
    year = "".join(_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{_small_number(day.month)}月{_small_number(day.day)}日"


def add_days(value: object, days: int) -> dt.date | str:
    """The date `days` calendar days later (negative for earlier)."""
    day = _as_date(value, "加天数")
    if day is None:
        return ""
    try:
        return day + dt.timedelta(days=int(days))
    except (TypeError, ValueError):
        raise TemplateError(f"过滤器「加天数」的参数应是整数，模板里写的是「{days}」", hint="例如 加天数(60)") from None


def mask(value: object) -> str:
    """Hide the middle of an ID number, a phone number or a personal name."""
    text = "" if value is None else str(value).strip()
    if re.fullmatch(r"\d{17}[\dXx]|\d{15}", text):
        return text[:6] + "*" * (len(text) - 10) + text[-4:]
    if re.fullmatch(r"1\d{10}", text):
        return text[:3] + "****" + text[-4:]
    landline = re.fullmatch(r"(0\d{2,3})([-\s]?)(\d{7,8})", text)
    if landline:
        area, sep, number = landline.groups()
        return f"{area}{sep}{'*' * (len(number) - 4)}{number[-4:]}"
    if re.fullmatch(r"[\u4e00-\u9fff·]{2,6}", text):
        return text[0] + "*" * (len(text) - 1) if len(text) <= 2 else text[0] + "*" * (len(text) - 2) + text[-1]
    if len(text) > 4:
        return text[:2] + "*" * (len(text) - 4) + text[-2:]
    return "*" * len(text)


_ENDING = "。．.；;，,、：:！!？? \t\n"


def as_sentence(value: object) -> str:
    """The text ending with exactly one 。, whatever punctuation the clerk typed; nothing when empty.

    Templates write {{ 处理意见|成句 }} where a free-text column ends a sentence, so 「属实。」 does not
    print as 「属实。。」.
    """
    text = "" if value is None else str(value).rstrip(_ENDING)
    return f"{text}。" if text else ""


def default(value: object, default_value: object = "", boolean: bool = False) -> object:
    """Jinja's default, which also stands in for an empty cell: the register gives those as ""."""
    if isinstance(value, Undefined) or value is None or (isinstance(value, str) and not value.strip()):
        return default_value
    return default_value if boolean and not value else value


def _small_number(number: int) -> str:
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "") or "〇"


def _as_date(value: object, name: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return to_date(value)
    except Exception:
        raise TemplateError(f"过滤器「{name}」只能用于日期，收到的是「{value}」") from None


FILTERS = {
    "中文日期": chinese_date,
    "大写日期": upper_date,
    "加天数": add_days,
    "脱敏": mask,
    "成句": as_sentence,
    "default": default,
    "d": default,
}
