"""Charts: PNGs of the asked size, Chinese in a CJK font, and no missing-glyph warning ever."""

from __future__ import annotations

import datetime as dt
import io
import warnings

import pytest
from matplotlib import font_manager
from PIL import Image

from docgen.errors import DocgenError
from docgen.reports import charts

CATEGORIES = [("城乡建设", 9), ("劳动社保", 5), ("环境保护", 4), ("卫生健康", 0), ("其余各类", 3)]
CHANNELS = [("来信", 9), ("来访", 7), ("网上信访", 6), ("电话", 0)]
TREND = [(dt.date(2024, 10, 1), None, None), (dt.date(2024, 11, 1), 4, 6), (dt.date(2024, 12, 1), 5, None)]
TREND += [(dt.date(2025, m, 1), m + 2, m) for m in range(1, 10)]


def draw_all() -> list[bytes]:
    return [
        charts.category_chart(CATEGORIES, 150, 70),
        charts.trend_chart(TREND, 150, 70),
        charts.channel_chart(CHANNELS, 150, 60),
        charts.category_chart([], 100, 40),
        charts.trend_chart([], 100, 40),
        charts.channel_chart([("来信", 0)], 100, 40),
        charts.placeholder("问题类别", 150, 70),
    ]


def test_no_missing_glyph_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s) …" is a UserWarning
        images = draw_all()
    assert all(image.startswith(b"\x89PNG") for image in images)


def test_the_check_catches_missing_glyphs(monkeypatch):
    """Without a CJK font the same charts warn: the test above would fail on empty boxes."""
    monkeypatch.setattr(charts, "cjk_font", lambda: "DejaVu Sans")
    with pytest.warns(UserWarning, match="missing from font"):
        charts.category_chart(CATEGORIES, 150, 70)


def test_font_is_cjk_and_has_every_label_glyph():
    family = charts.cjk_font()
    assert family == "Noto Sans CJK SC"  # fonts-noto-cjk, as CI installs it
    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    font = font_manager.get_font(path)
    assert font.family_name == family
    labels = "".join(n for n, _ in CATEGORIES + CHANNELS) + "件数共本期无数据登记上年同期年月（）%统计图"
    missing = [ch for ch in set(labels) if font.get_char_index(ord(ch)) == 0]
    assert missing == []


def test_size_follows_the_picture():
    image = Image.open(io.BytesIO(charts.category_chart(CATEGORIES, 150, 70)))
    assert image.size == (round(150 / 25.4 * charts.DPI), round(70 / 25.4 * charts.DPI))


def test_same_data_same_bytes():
    assert charts.trend_chart(TREND) == charts.trend_chart(TREND)


def test_month_labels():
    labels = [charts.month_label(d, i == 0) for i, (d, _, _) in enumerate(TREND)]
    assert labels[:4] == ["2024年10月", "11月", "12月", "2025年1月"]


def test_no_cjk_font_is_a_clear_error(monkeypatch):
    charts.cjk_font.cache_clear()
    monkeypatch.setattr(charts, "CJK_FAMILIES", ("没有这种字体",))
    try:
        with pytest.raises(DocgenError, match="找不到可以显示中文的字体") as error:
            charts.cjk_font()
        assert "fonts-noto-cjk" in str(error.value)
    finally:
        charts.cjk_font.cache_clear()
