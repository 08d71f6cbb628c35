"""Official fonts and sizes, set on runs and styles with the East Asian font (w:eastAsia) included."""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import RGBColor
from docx.styles.style import BaseStyle
from docx.text.run import Run

from docgen.official.xml import ordered_child

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
SONG_FONT = "宋体"

# 字号 in points
SIZES = {"初号": 42.0, "小初": 36.0, "一号": 26.0, "小一": 24.0, "二号": 22.0, "小二": 18.0, "三号": 16.0}
SIZES |= {"小三": 15.0, "四号": 14.0, "小四": 12.0, "五号": 10.5, "小五": 9.0}
TITLE_SIZE = SIZES["二号"]
BODY_SIZE = SIZES["三号"]
SMALL_SIZE = SIZES["四号"]

RED = RGBColor(0xFF, 0x00, 0x00)
BLACK = RGBColor(0, 0, 0)

_FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_rpr_fonts(rpr: CT_RPr, font: str, *, latin: str | None = None) -> None:
    """Name `font` for East Asian text (and `latin` or the same font for the rest) on a w:rPr.

    Theme font attributes are removed: Word prefers them over the explicit names.
    """
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in _FONT_ATTRS:
        fonts.set(qn(attr), font if attr == "w:eastAsia" else (latin or font))


def set_rpr_size(rpr: CT_RPr, size: float) -> None:
    """Size in points, for both the Latin/East Asian (w:sz) and complex-script (w:szCs) text."""
    half_points = str(round(size * 2))
    for tag in ("w:sz", "w:szCs"):
        ordered_child(rpr, tag, val=half_points)


def style_run(
    run: Run,
    font: str = BODY_FONT,
    size: float = BODY_SIZE,
    *,
    bold: bool | None = None,
    color: RGBColor | None = None,
) -> Run:
    """Font (East Asian included), size, weight and colour of one run."""
    rpr = run._r.get_or_add_rPr()
    set_rpr_fonts(rpr, font)
    set_rpr_size(rpr, size)
    if bold is not None:
        run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    return run


def style_font(
    style: BaseStyle,
    font: str = BODY_FONT,
    size: float | None = BODY_SIZE,
    *,
    bold: bool | None = False,
    color: RGBColor | None = BLACK,
) -> None:
    """Font (East Asian included), size, weight and colour of a paragraph or character style."""
    rpr = style.element.get_or_add_rPr()
    set_rpr_fonts(rpr, font)
    if size is not None:
        set_rpr_size(rpr, size)
    font_proxy = style.font  # type: ignore[attr-defined]
    if bold is not None:
        font_proxy.bold = bold
        font_proxy.italic = False
    if color is not None:
        font_proxy.color.rgb = color
