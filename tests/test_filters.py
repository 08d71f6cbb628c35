"""The template filters as plain functions: official dates, day arithmetic, masking."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.errors import TemplateError
from docgen.render.filters import add_days, chinese_date, mask, upper_date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 3, 5), "二〇二五年三月五日"),
        (dt.date(2025, 10, 10), "二〇二五年十月十日"),
        (dt.date(2020, 11, 20), "二〇二〇年十一月二十日"),
        (dt.date(2031, 12, 31), "二〇三一年十二月三十一日"),
        (dt.date(2025, 1, 21), "二〇二五年一月二十一日"),
    ],
)
def test_upper_date(day: dt.date, expected: str) -> None:
    assert upper_date(day) == expected


def test_chinese_date_has_no_leading_zeros_and_reads_text() -> None:
    assert chinese_date(dt.date(2025, 3, 5)) == "2025年3月5日"
    assert chinese_date("2025-03-05") == "2025年3月5日"
    assert chinese_date(dt.datetime(2025, 3, 5, 9, 5)) == "2025年3月5日 9:05"
    assert chinese_date("") == "" and upper_date(None) == ""


def test_add_days() -> None:
    assert add_days(dt.date(2025, 1, 31), 30) == dt.date(2025, 3, 2)
    assert add_days(dt.date(2025, 3, 1), -1) == dt.date(2025, 2, 28)
    assert add_days("", 5) == ""
    with pytest.raises(TemplateError, match="整数"):
        add_days(dt.date(2025, 1, 1), "三十")


def test_date_filters_refuse_non_dates() -> None:
    with pytest.raises(TemplateError, match="只能用于日期"):
        chinese_date("张三")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("110101199003071234", "110101********1234"),
        ("11010119900307123x", "110101********123x"),
        ("110101900307123", "110101*****7123"),
        ("13800138000", "138****8000"),
        ("0571-87654321", "0571-****4321"),
        ("张三", "张*"),
        ("欧阳娜娜", "欧**娜"),
        ("", ""),
    ],
)
def test_mask(value: str, expected: str) -> None:
    assert mask(value) == expected
