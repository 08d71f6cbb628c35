"""Format checks of the page: size and margins, page numbers in the footers, the letter format's letterhead."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docx.document import Document
from docx.oxml.ns import qn
from docx.section import Section
from lxml import etree

from docgen.official import findings as f
from docgen.official.findings import Deviation, in_family, is_red, shorten
from docgen.official.layout import A4, TOLERANCE_MM
from docgen.official.resolve import Resolver

_EMU_PER_MM = 36000
_DOUBLE_RULES = {"double", "triple"} | {
    f"{a}{b}{gap}Gap" for a, b in (("thick", "Thin"), ("thin", "Thick")) for gap in ("Small", "Medium", "Large")
}
_PAGE_NUMBER_TEXT = re.compile(r"^—\s?\{PAGE\}\s?—$")
PAGE_NUMBER_SIZE = 14.0


def check_page(section: Section, index: int) -> Iterator[Deviation]:
    """A4 portrait and the GB/T 9704 margins, each within ±1 mm."""
    where = f"第{index}节"
    width, height = _mm(section.page_width), _mm(section.page_height)
    if abs(width - A4.width) > TOLERANCE_MM or abs(height - A4.height) > TOLERANCE_MM:
        yield Deviation(f.PAGE_SIZE, f"纸张为 {width:.0f}×{height:.0f} 毫米，应为 A4（210×297 毫米）", where)
    for name, value, wanted in (
        ("上", section.top_margin, A4.top),
        ("下", section.bottom_margin, A4.bottom),
        ("左", section.left_margin, A4.left),
        ("右", section.right_margin, A4.right),
    ):
        actual = _mm(value)
        if abs(actual - wanted) > TOLERANCE_MM:
            yield Deviation(
                f.MARGINS,
                f"{name}边距 {actual:.1f} 毫米，应为 {wanted:g} 毫米（版心 156×225 毫米）",
                where,
            )


def check_page_numbers(document: Document, resolver: Resolver, profile: str) -> Iterator[Deviation]:
    """ "— 1 —" in 4号宋体 from a PAGE field; odd pages right, even pages left; page 1 per profile."""
    settings = document.settings.element
    odd_even = settings.find(qn("w:evenAndOddHeaders")) is not None and settings.find(qn("w:evenAndOddHeaders")).get(
        qn("w:val"), "true"
    ) not in ("0", "false", "off")
    if not odd_even:
        yield Deviation(f.PAGE_NUMBER, "未设置奇偶页不同：单页码应居右、双页码应居左", "页面设置")
    for index, section in enumerate(document.sections, 1):
        yield from _footer(section.footer, resolver, "页脚（奇数页）", "right", required=True)
        if odd_even:
            yield from _footer(section.even_page_footer, resolver, "页脚（偶数页）", "left", required=True)
        first_page = section.different_first_page_header_footer
        if profile == "信函":
            if not first_page or _has_page_field(section.first_page_footer):
                message = "信函格式首页不显示页码（应设置首页不同且首页页脚无页码）"
                yield Deviation(f.PAGE_NUMBER, message, f"第{index}节")
        elif first_page:
            yield from _footer(section.first_page_footer, resolver, "页脚（首页）", "right", required=True)


def check_letterhead(document: Document, resolver: Resolver) -> Iterator[Deviation]:
    """Letter format: red 小标宋 organ name and a red double rule on page 1's header, one in its footer."""
    section = document.sections[0]
    if not section.different_first_page_header_footer or section.first_page_header.is_linked_to_previous:
        message = "缺少首页的发文机关标志（应设置首页不同，在首页页眉中放红色发文机关名称）"
        yield Deviation(f.LETTER, message, "页眉（首页）")
        return
    header = section.first_page_header._element
    named = False
    for paragraph in header.iter(qn("w:p")):
        for run in paragraph.iter(qn("w:r")):
            if _run_text(run).strip():
                look = resolver.run(paragraph, run)
                named = named or (is_red(look.color) and in_family(look.east_asian, "小标宋"))
    if not named:
        yield Deviation(f.LETTER, "发文机关标志应使用红色小标宋体字", "页眉（首页）")
    if not _has_red_double_rule(header):
        yield Deviation(f.LETTER, "发文机关标志下应有一条红色双线", "页眉（首页）")
    footer = section.first_page_footer
    if footer.is_linked_to_previous or not _has_red_double_rule(footer._element):
        yield Deviation(f.LETTER, "首页下方（距下页边 20 毫米处）应有一条红色双线", "页脚（首页）")


def _footer(footer, resolver: Resolver, where: str, side: str, *, required: bool) -> Iterator[Deviation]:
    paragraphs = [] if footer.is_linked_to_previous else [p._p for p in footer.paragraphs]
    numbered = [p for p in paragraphs if _page_field_in(p)]
    if not numbered:
        if required:
            yield Deviation(f.PAGE_NUMBER, "没有页码（应插入 PAGE 域，形如“— 1 —”）", where)
        return
    paragraph = numbered[0]
    text = _field_text(paragraph)
    if not _PAGE_NUMBER_TEXT.match(text.strip()):
        shown = text.replace("{PAGE}", "1")
        yield Deviation(f.PAGE_NUMBER, "页码应写成“— 1 —”（数字两侧各一条一字线）", where, shorten(shown))
    layout = resolver.paragraph(paragraph)
    if layout.align not in (side, "end" if side == "right" else "start"):
        wanted = "居右" if side == "right" else "居左"
        yield Deviation(f.PAGE_NUMBER, f"{'单' if side == 'right' else '双'}页码应{wanted}（空一字）", where)
    for run in paragraph.iter(qn("w:r")):
        if not _run_text(run).strip() and run.find(qn("w:instrText")) is None:
            continue
        look = resolver.run(paragraph, run)
        if look.size is None or abs(look.size - PAGE_NUMBER_SIZE) > 0.25:
            yield Deviation(f.PAGE_NUMBER, f"页码字号为 {look.size or '默认'} 磅，应为4号（14磅）", where)
            break
        if not (in_family(look.latin, "宋体") and in_family(look.east_asian, "宋体")):
            font = look.latin if not in_family(look.latin, "宋体") else look.east_asian
            yield Deviation(f.PAGE_NUMBER, f"页码字体为「{font or '未设置'}」，应为宋体", where)
            break


def _has_page_field(footer) -> bool:
    return not footer.is_linked_to_previous and any(_page_field_in(p._p) for p in footer.paragraphs)


def _page_field_in(paragraph: etree._Element) -> bool:
    instructions = [t.text or "" for t in paragraph.iter(qn("w:instrText"))]
    instructions += [s.get(qn("w:instr"), "") for s in paragraph.iter(qn("w:fldSimple"))]
    return any(re.match(r"\s*PAGE\b", text) for text in instructions)


def _field_text(paragraph: etree._Element) -> str:
    """The footer's text with a field's result shown as {PAGE}."""
    out: list[str] = []
    in_result = False
    for child in paragraph:
        if child.tag == qn("w:fldSimple"):
            out.append("{PAGE}")
            continue
        runs = [child] if child.tag == qn("w:r") else list(child.iter(qn("w:r")))
        for run in runs:
            for element in run:
                if element.tag == qn("w:fldChar"):
                    kind = element.get(qn("w:fldCharType"))
                    if kind == "separate":
                        out.append("{PAGE}")
                        in_result = True
                    elif kind == "end":
                        in_result = False
                elif element.tag == qn("w:t") and not in_result:
                    out.append(element.text or "")
    return "".join(out)


def _has_red_double_rule(part: etree._Element) -> bool:
    for borders in part.iter(qn("w:pBdr")):
        for side in borders:
            if side.get(qn("w:val")) in _DOUBLE_RULES and is_red((side.get(qn("w:color")) or "").upper()):
                return True
    return False


def _run_text(run: etree._Element) -> str:
    return "".join(t.text or "" for t in run.iter(qn("w:t")))


def _mm(length) -> float:
    return (length or 0) / _EMU_PER_MM
