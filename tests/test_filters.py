"""The template filters as plain functions: official dates, day arithmetic, masking."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from docgen.errors import TemplateError
from docgen.official.catalog import PACKAGED_DIR
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


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("情况属实", "情况属实。"),
        ("情况属实。", "情况属实。"),
        ("属实；  ", "属实。"),
        ("属实.", "属实。"),
        ("", ""),
        (None, ""),
    ],
)
def test_as_sentence(value: object, expected: str) -> None:
    from docgen.render.filters import as_sentence

    assert as_sentence(value) == expected


def test_official_templates_never_print_a_double_full_stop(tmp_path: Path) -> None:
    from conftest import SAMPLES, all_text

    from docgen.config import load_config
    from docgen.official.preview import case_contexts
    from docgen.render import DocxTemplate

    config = load_config(SAMPLES / "docgen.toml")
    day = dt.date(2025, 12, 1)
    # a case every template writes for: replied, reviewed, re-examined, petitioned again
    contexts = case_contexts(SAMPLES / "register.xlsx", config, as_of=day, issued=day)
    context = next(c for _, c in contexts if c["再次信访日期"])
    typed = {**context, "文号": "某信〔2025〕1号", "复查结论": "变更", "复核结论": "变更"}
    for field in ("反映问题", "诉求", "处理意见", "不予受理理由", "复查意见", "复核意见"):
        typed[field] = f"{field}的内容。"  # as clerks type it, with the full stop
    for path in sorted(PACKAGED_DIR.glob("*.docx")):
        out = tmp_path / path.name
        out.write_bytes(DocxTemplate(path).render(typed))
        assert "。。" not in all_text(out), path.name
