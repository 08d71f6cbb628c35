"""The paragraph styles of an official document (标题、正文、各级标题、署名、日期、版记…), East Asian fonts on all."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.oxml.text.parfmt import CT_PPr
from docx.shared import Pt, RGBColor
from docx.styles.style import ParagraphStyle

from docgen.official.fonts import (
    BLACK,
    BODY_FONT,
    BODY_SIZE,
    HEI_FONT,
    KAI_FONT,
    RED,
    SMALL_SIZE,
    SONG_FONT,
    TITLE_FONT,
    TITLE_SIZE,
    set_rpr_fonts,
    set_rpr_size,
    style_font,
)
from docgen.official.layout import LINE_SPACING, condensed_spacing
from docgen.official.xml import ordered_child

NORMAL = "Normal"
TITLE = "公文标题"
BODY = "公文正文"
HEADING_1 = "一级标题"
HEADING_2 = "二级标题"
HEADING_3 = "三级标题"
ADDRESSEE = "主送机关"
NUMBER = "发文字号"
SIGNATURE = "发文机关署名"
DATE = "成文日期"
CLOSING = "版记"
PAGE_NUMBER = "页码"
TABLE_TEXT = "表格文字"
LETTERHEAD = "信函机关标志"
TAG = "模板标签"

LETTERHEAD_SIZE = 30.0
TABLE_LINE = Pt(20)
# Built-in styles kept from python-docx's default template; every other one is removed.
_KEEP = {"Normal", "Default Paragraph Font", "Normal Table", "No List", "Table Grid", "Header", "Footer"}


@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style: ASCII id, font, size, alignment and indents in characters."""

    name: str
    style_id: str
    font: str = BODY_FONT
    size: float = BODY_SIZE
    align: WD_ALIGN_PARAGRAPH | None = None
    first_line_chars: int = 0
    left_chars: int = 0
    right_chars: int = 0
    outline: int | None = None
    keep_with_next: bool = False
    color: RGBColor = BLACK
    line: Pt = LINE_SPACING


CENTER, RIGHT, LEFT, BOTH = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)
SPECS = (
    StyleSpec(TITLE, "GwTitle", TITLE_FONT, TITLE_SIZE, CENTER, keep_with_next=True),
    StyleSpec(BODY, "GwBody", align=BOTH, first_line_chars=2),
    StyleSpec(HEADING_1, "GwHeading1", HEI_FONT, first_line_chars=2, outline=0, keep_with_next=True),
    StyleSpec(HEADING_2, "GwHeading2", KAI_FONT, first_line_chars=2, outline=1, keep_with_next=True),
    StyleSpec(HEADING_3, "GwHeading3", BODY_FONT, first_line_chars=2, outline=2, keep_with_next=True),
    StyleSpec(ADDRESSEE, "GwAddressee", align=LEFT, keep_with_next=True),
    StyleSpec(NUMBER, "GwNumber", align=RIGHT),
    StyleSpec(SIGNATURE, "GwSignature", align=RIGHT, right_chars=4, keep_with_next=True),
    StyleSpec(DATE, "GwDate", align=RIGHT, right_chars=4),
    StyleSpec(CLOSING, "GwClosing", BODY_FONT, SMALL_SIZE, LEFT, left_chars=1, right_chars=1),
    StyleSpec(PAGE_NUMBER, "GwPageNumber", SONG_FONT, SMALL_SIZE),
    StyleSpec(TABLE_TEXT, "GwTableText", BODY_FONT, SMALL_SIZE, LEFT, line=TABLE_LINE),
    StyleSpec(LETTERHEAD, "GwLetterhead", TITLE_FONT, LETTERHEAD_SIZE, CENTER, color=RED, line=Pt(40)),
    StyleSpec(TAG, "GwTag", align=LEFT),
)


def install_styles(document: Document) -> None:
    """Doc defaults, Normal and the official styles; other styles removed, East Asian font on every one."""
    _set_doc_defaults(document)
    _prune(document)
    normal = document.styles[NORMAL]
    style_font(normal, BODY_FONT, BODY_SIZE)
    normal_rpr = normal.element.get_or_add_rPr()
    ordered_child(normal_rpr, "w:spacing", val=str(condensed_spacing()))
    _paragraph(normal, StyleSpec(NORMAL, "Normal", align=BOTH))
    for spec in SPECS:
        style = document.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = spec.style_id
        style.base_style = normal
        style.quick_style = True
        style_font(style, spec.font, spec.size, color=spec.color)
        _paragraph(style, spec)
    for name in ("Header", "Footer"):
        style_font(document.styles[name], SONG_FONT, SMALL_SIZE)
    for style in document.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            rpr = style.element.get_or_add_rPr()
            if rpr.find(qn("w:rFonts")) is None or rpr.find(qn("w:rFonts")).get(qn("w:eastAsia")) is None:
                set_rpr_fonts(rpr, BODY_FONT)
    _chinese_theme_language(document)


def chars_indent(
    ppr: CT_PPr, *, first_line: float = 0, left: float = 0, right: float = 0, size: float = BODY_SIZE
) -> None:
    """Indents in characters (Word's *Chars attributes) with their point equivalents for other readers."""
    ind = ppr.get_or_add_ind()
    for attr, chars in (("firstLine", first_line), ("left", left), ("right", right)):
        if chars:
            ind.set(qn(f"w:{attr}Chars"), str(round(chars * 100)))
            ind.set(qn(f"w:{attr}"), str(round(chars * size * 20)))


def _paragraph(style: ParagraphStyle, spec: StyleSpec) -> None:
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = spec.line
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.widow_control = False
    ppr = style.element.get_or_add_pPr()
    for name in ("autoSpaceDE", "autoSpaceDN"):  # no extra gap between Chinese and Latin/digits
        ordered_child(ppr, f"w:{name}", val="0")
    if spec.align is not None:
        fmt.alignment = spec.align
    if spec.keep_with_next:
        fmt.keep_with_next = True
    chars_indent(
        style.element.get_or_add_pPr(),
        first_line=spec.first_line_chars,
        left=spec.left_chars,
        right=spec.right_chars,
        size=spec.size,
    )
    if spec.outline is not None:
        ordered_child(style.element.get_or_add_pPr(), "w:outlineLvl", val=str(spec.outline))


def _set_doc_defaults(document: Document) -> None:
    """Defaults every style inherits: 3号仿宋 with Chinese as the East Asian language, no spacing after."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_rpr_fonts(rpr, BODY_FONT)
    set_rpr_size(rpr, BODY_SIZE)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    if spacing is not None:
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")


def _prune(document: Document) -> None:
    root = document.styles.element
    for style in list(root.findall(qn("w:style"))):
        names = style.find(qn("w:name"))
        if names is None or names.get(qn("w:val")) not in _KEEP | {"header", "footer", "normal", "Table Normal"}:
            root.remove(style)
    _drop_dangling_references(root)


def _drop_dangling_references(root) -> None:
    """Remove links to styles that are gone (Header → HeaderChar): Word reports them as unreadable content."""
    ids = {style.get(qn("w:styleId")) for style in root.findall(qn("w:style"))}
    for style in root.findall(qn("w:style")):
        for tag in ("w:basedOn", "w:next", "w:link"):
            reference = style.find(qn(tag))
            if reference is not None and reference.get(qn("w:val")) not in ids:
                style.remove(reference)


def _chinese_theme_language(document: Document) -> None:
    """Theme fonts resolve for Chinese, not Japanese as python-docx's default template says."""
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
