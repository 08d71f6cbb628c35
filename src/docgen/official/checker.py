"""The format checker: a .docx against GB/T 9704-2012, every deviation with the paragraph it is in."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from docgen.errors import DocgenError
from docgen.official import findings as f
from docgen.official.findings import Deviation, font_label, in_family, is_red, shorten
from docgen.official.pagecheck import check_letterhead, check_page, check_page_numbers
from docgen.official.resolve import Resolver

PROFILES = ("公文", "信函")
AUTO = "自动"
BODY_SIZE, TITLE_SIZE, CLOSING_SIZE = 16.0, 22.0, 14.0
SIZE_NAMES = {BODY_SIZE: "3号（16磅）", TITLE_SIZE: "2号（22磅）", CLOSING_SIZE: "4号（14磅）"}
FONT_NAMES = {"仿宋": "仿宋_GB2312", "黑体": "黑体", "楷体": "楷体_GB2312", "小标宋": "方正小标宋简体"}
LINE_MIN, LINE_MAX = 28.0, 29.6  # fixed line spacing around 28.95 pt
INDENT_MIN, INDENT_MAX = 30.0, 34.0  # two characters of 3号, in points
DATE_RIGHT_CHARS = 4

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_TAG = re.compile(r"^\s*\{%-?\s*(?:p|tr|tc)?\s")
_DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,15}?)\s*([〔\[【(（［﹝{])\s*(\d{2,4})\s*([〕\]】)）］﹞}])\s*(第?)\s*(\d+)\s*号"
)
_ARABIC_DATE = re.compile(r"([0-9０-９]{4})\s*年\s*([0-9０-９]{1,2})\s*月\s*([0-9０-９]{1,2})\s*日")
_CHINESE_DATE = re.compile(
    r"[〇○零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,2}\s*月\s*[一二三四五六七八九十]{1,3}\s*日"
)
_NUMERIC_DATE = re.compile(r"(?<![\d-])(?:19|20)\d{2}([-/.])\d{1,2}\1\d{1,2}(?![\d-])")
_FULL_WIDTH_DIGITS = re.compile("[０-９]")
_HEADINGS = (
    (re.compile(r"^[一二三四五六七八九十]+、"), "黑体", "一级标题"),
    (re.compile(r"^（[一二三四五六七八九十]+）"), "楷体", "二级标题"),
)


@dataclass
class Report:
    """The deviations found in one document, checked under `profile`."""

    path: str
    profile: str
    deviations: list[Deviation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.deviations


def check(source: str | Path | bytes, profile: str = AUTO) -> Report:
    """Check a .docx (path or bytes) under profile 公文, 信函 or 自动 (信函 when page 1 has a letterhead)."""
    name = str(source) if not isinstance(source, bytes) else "(内存中的文档)"
    document = _open(source, name)
    if profile == AUTO:
        profile = detect_profile(document)
    if profile not in PROFILES:
        raise DocgenError(f"未知的格式类型「{profile}」", hint="可选：公文、信函、自动")
    report = Report(name, profile)
    report.deviations = list(_check(document, profile))
    return report


def detect_profile(document: Document) -> str:
    """信函 when the first page has its own header with red text (a letterhead), else 公文."""
    section = document.sections[0]
    if section.different_first_page_header_footer and not section.first_page_header.is_linked_to_previous:
        for color in section.first_page_header._element.iter(qn("w:color")):
            if is_red((color.get(qn("w:val")) or "").upper()):
                return "信函"
    return "公文"


def _check(document: Document, profile: str) -> Iterator[Deviation]:
    resolver = Resolver(document)
    for index, section in enumerate(document.sections, 1):
        yield from check_page(section, index)
    yield from check_page_numbers(document, resolver, profile)
    if profile == "信函":
        yield from check_letterhead(document, resolver)
    yield from _check_body(document, resolver, profile)
    for where, paragraph in _all_paragraphs(document):
        yield from _check_text(paragraph, where)


# -- the body -------------------------------------------------------------------------------
def _check_body(document: Document, resolver: Resolver, profile: str) -> Iterator[Deviation]:
    body = document.element.body
    starts = _document_starts(body)
    index = 0
    for position, child in enumerate(body):
        if position in starts:  # each document of a combined print file has its own title and addressee
            in_title, title_seen, addressee_done, numbered = True, False, False, False
        if child.tag == qn("w:tbl"):
            yield from _check_table(child, resolver)
            continue
        if child.tag != qn("w:p"):
            continue
        index += 1
        text = _text(child)
        if not text.strip() or _TAG.match(text):
            continue
        where = f"第{index}段"
        layout = resolver.paragraph(child)
        if in_title and not title_seen and _masthead_line(child, text):
            yield from _check_masthead(child, resolver, where, text)
            continue
        if in_title and layout.align == "center":
            title_seen = True
            yield from _check_title(child, resolver, where, text)
            continue
        if layout.align in ("right", "end"):
            if in_title and not title_seen and profile == "信函" and not numbered:
                numbered = True
                if layout.right > 1 or (layout.right_chars or 0) > 0:
                    yield Deviation(f.LETTER, "发文字号应顶格居版心右边缘（不留右缩进）", where, shorten(text))
            yield from _check_runs(child, resolver, where, text, "仿宋")
            if _ARABIC_DATE.fullmatch(text.strip()):
                yield from _check_date_position(layout, where, text)
            continue
        if in_title:
            in_title = False
            if not title_seen:
                yield Deviation(f.TITLE_SIZE, "未找到标题（应为居中的2号小标宋体字）", where, shorten(text))
        if layout.align == "center":
            continue
        if text.startswith("抄送") or text.rstrip().endswith("印发"):
            yield from _check_closing(child, resolver, where, text)
            continue
        family = "仿宋"
        for pattern, heading_family, _name in _HEADINGS:
            if pattern.match(text):
                family = heading_family
        yield from _check_runs(child, resolver, where, text, family)
        yield from _check_spacing(layout, where, text, document)
        addressee = not addressee_done and text.rstrip().endswith(("：", ":")) and len(text) <= 40
        addressee_done = True
        if not addressee:
            yield from _check_indent(layout, where, text)


def _masthead_line(paragraph: etree._Element, text: str) -> bool:
    """A line of the 文件 format's 版头: the red organ mark (…文件), or the 发文字号 above the red rule."""
    colours = [c.get(qn("w:val")) or "" for c in paragraph.iter(qn("w:color"))]
    if text.strip().endswith("文件") and colours and all(is_red(c.upper()) for c in colours):
        return True
    bottom = paragraph.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    return bottom is not None and is_red((bottom.get(qn("w:color")) or "").upper()) and "〔" in text


def _check_masthead(paragraph: etree._Element, resolver: Resolver, where: str, text: str) -> Iterator[Deviation]:
    """The organ mark is red 小标宋 (its size fits the line, so it is not checked); the number is 仿宋."""
    if text.strip().endswith("文件"):
        for run in _text_runs(paragraph):
            font = resolver.run(paragraph, run).east_asian
            if not in_family(font, "小标宋"):
                yield Deviation(f.TITLE_FONT, f"版头发文机关标志字体为「{font_label(font)}」，应为小标宋体", where,
                                shorten(text))  # fmt: skip
                return
        return
    yield from _check_runs(paragraph, resolver, where, text, "仿宋")


def _document_starts(body: etree._Element) -> set[int]:
    """Positions in `body` where a document begins: 0, and after each section break whose next section numbers
    its pages from 1 again, as `merge --combine` joins the documents of a print file."""
    starts, following = {0}, body.find(qn("w:sectPr"))
    children = list(body)
    for position in range(len(children) - 1, -1, -1):
        section = children[position].find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if section is None:
            continue
        numbering = following.find(qn("w:pgNumType")) if following is not None else None
        if numbering is not None and numbering.get(qn("w:start")) == "1":
            starts.add(position + 1)
        following = section
    return starts


def _check_title(paragraph, resolver: Resolver, where: str, text: str) -> Iterator[Deviation]:
    yield from _wrong_size(paragraph, resolver, TITLE_SIZE, f.TITLE_SIZE, "标题字号", where, text)
    yield from _wrong_font(paragraph, resolver, "小标宋", f.TITLE_FONT, "标题中文字体", where, text)


def _check_runs(paragraph, resolver: Resolver, where: str, text: str, family: str) -> Iterator[Deviation]:
    """3号 size and the East Asian font of `family` on every run with text."""
    yield from _wrong_size(paragraph, resolver, BODY_SIZE, f.BODY_SIZE, "字号", where, text)
    rule = f.BODY_FONT if family == "仿宋" else f.HEADING_FONT
    yield from _wrong_font(paragraph, resolver, family, rule, "中文字体", where, text)


def _wrong_size(paragraph, resolver: Resolver, wanted: float, rule: str, label: str, where: str, text: str
                ) -> Iterator[Deviation]:  # fmt: skip
    """The first run with text whose size is not `wanted` points (or not set), as one deviation."""
    for run in _text_runs(paragraph):
        size = resolver.run(paragraph, run).size
        if size is None or abs(size - wanted) > 0.25:
            yield Deviation(rule, f"{label}为 {_size(size)}，应为{SIZE_NAMES[wanted]}", where, shorten(text))
            return


def _wrong_font(paragraph, resolver: Resolver, family: str, rule: str, label: str, where: str, text: str
                ) -> Iterator[Deviation]:  # fmt: skip
    """The first run with Chinese text whose East Asian font is not of `family`, as one deviation."""
    for run in _text_runs(paragraph):
        east_asian = resolver.run(paragraph, run).east_asian
        if _CJK.search(_run_text(run)) and not in_family(east_asian, family):
            yield Deviation(rule, f"{label}为{font_label(east_asian)}，应为{FONT_NAMES[family]}", where, shorten(text))
            return


def _check_spacing(layout, where: str, text: str, document: Document) -> Iterator[Deviation]:
    if layout.line_rule in ("exact", "atLeast") and layout.line and LINE_MIN <= layout.line <= LINE_MAX:
        return
    if layout.line_rule == "auto" and (layout.line in (None, 1.0)) and _grid_pitch(document) in range(560, 600):
        return  # single spacing snapped to a 28.95 pt line grid, as Word templates often do
    shown = f"{layout.line:g} 磅" if layout.line_rule != "auto" and layout.line else f"{layout.line or 1:g} 倍行距"
    yield Deviation(f.LINE_SPACING, f"行距为 {shown}，应为固定值约 28.95 磅（每页22行）", where, shorten(text))


def _check_indent(layout, where: str, text: str) -> Iterator[Deviation]:
    if layout.first_line_chars is not None:
        if abs(layout.first_line_chars - 2) < 0.05:
            return
        shown = f"{layout.first_line_chars:g} 字符"
    else:
        if INDENT_MIN <= layout.first_line <= INDENT_MAX:
            return
        shown = f"{layout.first_line:g} 磅" if layout.first_line else "无"
    yield Deviation(f.INDENT, f"首行缩进为 {shown}，应为2个字符（32磅）", where, shorten(text))


def _check_date_position(layout, where: str, text: str) -> Iterator[Deviation]:
    chars = layout.right_chars if layout.right_chars is not None else layout.right / BODY_SIZE
    if abs(chars - DATE_RIGHT_CHARS) > 0.25:
        yield Deviation(f.DATE, f"成文日期右空 {chars:g} 字，应右空四字", where, shorten(text))


def _check_closing(paragraph, resolver: Resolver, where: str, text: str) -> Iterator[Deviation]:
    yield from _wrong_size(paragraph, resolver, CLOSING_SIZE, f.CLOSING, "版记字号", where, text)


def _check_table(table: etree._Element, resolver: Resolver) -> Iterator[Deviation]:
    """Tables: the East Asian font must be named (size is free); 版记 lines in 4号."""
    for row_index, row in enumerate(table.iter(qn("w:tr")), 1):
        for paragraph in row.iter(qn("w:p")):
            text = _text(paragraph)
            if not text.strip() or _TAG.match(text):
                continue
            where = f"表格第{row_index}行"
            if text.startswith("抄送") or text.rstrip().endswith("印发"):
                yield from _check_closing(paragraph, resolver, where, text)
            for run in _text_runs(paragraph):
                look = resolver.run(paragraph, run)
                if _CJK.search(_run_text(run)) and (look.east_asian in (None, "主题字体")):
                    message = f"中文字体{font_label(look.east_asian)}，应明确设置（如仿宋_GB2312）"
                    yield Deviation(f.BODY_FONT, message, where, shorten(text))
                    break


# -- text anywhere: dates and document numbers ---------------------------------------------
def _check_text(paragraph: etree._Element, where: str) -> Iterator[Deviation]:
    text = _text(paragraph)
    if not text.strip():
        return
    for match in _CHINESE_DATE.finditer(text):
        yield Deviation(f.DATE, f"日期「{match.group(0)}」应使用阿拉伯数字，如 2025年3月5日", where, shorten(text))
    for match in _ARABIC_DATE.finditer(text):
        if _FULL_WIDTH_DIGITS.search(match.group(0)):
            yield Deviation(f.DATE, f"日期「{match.group(0)}」应使用半角阿拉伯数字", where, shorten(text))
        elif match.group(2).startswith("0") or match.group(3).startswith("0"):
            yield Deviation(f.DATE, f"日期「{match.group(0)}」的月、日不编虚位（不加0）", where, shorten(text))
    for match in _NUMERIC_DATE.finditer(text):
        yield Deviation(f.DATE, f"日期「{match.group(0)}」应写成“2025年3月5日”的形式", where, shorten(text))
    for match in _DOC_NUMBER.finditer(text):
        _prefix, left, year, right, ordinal, seq = match.groups()
        shown = match.group(0)
        if left + right != "〔〕":
            message = f"发文字号「{shown}」的年份应使用六角括号〔〕，不用{left}{right}"
            yield Deviation(f.DOC_NUMBER, message, where, shorten(text))
        if len(year) != 4:
            yield Deviation(f.DOC_NUMBER, f"发文字号「{shown}」的年份应写全（4位）", where, shorten(text))
        if ordinal:
            yield Deviation(f.DOC_NUMBER, f"发文字号「{shown}」的序号前不加“第”", where, shorten(text))
        if len(seq) > 1 and seq.startswith("0"):
            yield Deviation(f.DOC_NUMBER, f"发文字号「{shown}」的序号不编虚位（不加0）", where, shorten(text))


# -- helpers --------------------------------------------------------------------------------
def _open(source: str | Path | bytes, name: str) -> Document:
    try:
        return docx.Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DocgenError(
            f"无法打开 {Path(name).name}：不是有效的 .docx 文件",
            hint="请用 Word 或 WPS 打开后另存为 .docx（不是 .doc 或 .wps）",
        ) from exc


def _all_paragraphs(document: Document) -> Iterator[tuple[str, etree._Element]]:
    body_index = 0
    for child in document.element.body:
        if child.tag == qn("w:p"):
            body_index += 1
            yield f"第{body_index}段", child
        elif child.tag == qn("w:tbl"):
            for row_index, row in enumerate(child.iter(qn("w:tr")), 1):
                for paragraph in row.iter(qn("w:p")):
                    yield f"表格第{row_index}行", paragraph
    for section in document.sections:
        for label, part in (
            ("页眉", section.header),
            ("页眉（首页）", section.first_page_header),
            ("页眉（偶数页）", section.even_page_header),
            ("页脚（奇数页）", section.footer),
            ("页脚（首页）", section.first_page_footer),
            ("页脚（偶数页）", section.even_page_footer),
        ):
            if not part.is_linked_to_previous:
                for paragraph in part._element.iter(qn("w:p")):
                    yield label, paragraph


def _text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


def _run_text(run: etree._Element) -> str:
    return "".join(t.text or "" for t in run.iter(qn("w:t")))


def _text_runs(paragraph: etree._Element) -> Iterator[etree._Element]:
    for run in paragraph.iter(qn("w:r")):
        if _run_text(run).strip():
            yield run


def _size(size: float | None) -> str:
    return f"{size:g} 磅" if size else "未设置"


def _grid_pitch(document: Document) -> int:
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    try:
        return int(grid.get(qn("w:linePitch"))) if grid is not None else 0
    except (TypeError, ValueError):
        return 0
