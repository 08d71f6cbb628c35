"""What the format checker reports: one deviation from GB/T 9704, and how fonts and colours are judged."""

from __future__ import annotations

from dataclasses import dataclass

# Rule names as printed, one per check the issue lists (and the letter format).
PAGE_SIZE = "纸张"
MARGINS = "页边距"
BODY_SIZE = "正文字号"
BODY_FONT = "正文字体"
TITLE_SIZE = "标题字号"
TITLE_FONT = "标题字体"
HEADING_FONT = "小标题字体"
LINE_SPACING = "行距"
INDENT = "首行缩进"
PAGE_NUMBER = "页码"
DATE = "日期"
DOC_NUMBER = "发文字号"
CLOSING = "版记"
LETTER = "信函格式"

FAMILIES = {
    "仿宋": ("仿宋", "fangsong"),
    "小标宋": ("小标宋",),
    "黑体": ("黑体", "simhei"),
    "楷体": ("楷体", "kaiti"),
    "宋体": ("宋体", "simsun"),
}


@dataclass(frozen=True)
class Deviation:
    """One place where a document departs from the official format."""

    rule: str
    message: str
    where: str
    text: str = ""

    def __str__(self) -> str:
        quoted = f"「{self.text}」" if self.text else ""
        return f"[{self.rule}] {self.where}{quoted}：{self.message}"


def in_family(font: str | None, family: str) -> bool:
    """Whether `font` is one of the names a family goes by (仿宋_GB2312 and FangSong are both 仿宋)."""
    if not font:
        return False
    lowered = font.lower()
    return any(name in lowered for name in FAMILIES[family])


def is_red(color: str | None) -> bool:
    """Red enough for a letterhead: FF0000, C00000, E60012 and the like."""
    if not color or len(color) != 6:
        return False
    try:
        red, green, blue = (int(color[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return red >= 0xB0 and green <= 0x40 and blue <= 0x40


def shorten(text: str, limit: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def font_label(font: str | None) -> str:
    return f"「{font}」" if font else "未设置（Word 会用默认的西文或主题字体）"
