"""GB/T 9704 layout of docgen.official, read back with python-docx: page, fonts, styles, page numbers, letterhead."""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docgen.config import Config
from docgen.official import OfficialDocument, signature_indent
from docgen.official.catalog import CATALOG, build_document
from docgen.official.layout import A4, condensed_spacing

W = qn


def _reopen(doc: OfficialDocument) -> docx.document.Document:
    return docx.Document(io.BytesIO(doc.to_bytes()))


@pytest.fixture(scope="module")
def built() -> dict[str, docx.document.Document]:
    return {spec.name: _reopen(build_document(spec, Config())) for spec in CATALOG}


def _near(length, mm: float) -> bool:
    return abs(length - Mm(mm)) <= Mm(0.1)


@pytest.mark.parametrize("name", [spec.name for spec in CATALOG])
def test_page_is_a4_with_official_margins_and_line_grid(built, name):
    section = built[name].sections[0]
    assert _near(section.page_width, 210) and _near(section.page_height, 297)
    assert _near(section.top_margin, 37) and _near(section.left_margin, 28)
    assert _near(section.right_margin, 26) and _near(section.bottom_margin, 35)
    text_width = section.page_width - section.left_margin - section.right_margin
    text_height = section.page_height - section.top_margin - section.bottom_margin
    assert _near(text_width, 156) and _near(text_height, 225)
    grid = section._sectPr.find(W("w:docGrid"))
    assert grid.get(W("w:linePitch")) == "579"  # 28.95 pt


def test_28_characters_fit_a_line():
    # 156 mm / 28 = 15.79 pt a character: 3号 (16 pt) condensed by a quarter point
    spacing = condensed_spacing()
    assert spacing == -5
    assert (16 + spacing / 20) * 28 <= A4.block_width / 25.4 * 72


@pytest.mark.parametrize("name", [spec.name for spec in CATALOG])
def test_every_run_and_every_style_names_an_east_asian_font(built, name):
    document = built[name]
    parts = [document.element.body]
    for section in document.sections:
        for part in (section.footer, section.even_page_footer, section.first_page_header, section.first_page_footer):
            if not part.is_linked_to_previous:
                parts.append(part._element)
    runs = [r for part in parts for r in part.iter(W("w:r")) if r.find(W("w:t")) is not None]
    assert runs
    for run in runs:
        fonts = run.find(W("w:rPr")).find(W("w:rFonts"))
        assert fonts.get(W("w:eastAsia")), run.xpath("string(.)")
        assert fonts.get(W("w:eastAsiaTheme")) is None
    for style in document.styles.element.findall(W("w:style")):
        if style.get(W("w:type")) in ("paragraph", "character", "table"):
            fonts = style.find(W("w:rPr")).find(W("w:rFonts"))
            assert fonts.get(W("w:eastAsia")), style.get(W("w:styleId"))
            assert fonts.get(W("w:eastAsiaTheme")) is None
    defaults = document.styles.element.find(W("w:docDefaults")).find(f"{W('w:rPrDefault')}/{W('w:rPr')}")
    assert defaults.find(W("w:rFonts")).get(W("w:eastAsia")) == "仿宋_GB2312"
    assert defaults.find(W("w:lang")).get(W("w:eastAsia")) == "zh-CN"


def test_styles_carry_the_official_fonts_sizes_and_indents(built):
    styles = built["处理意见书"].styles
    expectations = {
        "公文标题": ("方正小标宋简体", 22, WD_ALIGN_PARAGRAPH.CENTER),
        "公文正文": ("仿宋_GB2312", 16, WD_ALIGN_PARAGRAPH.JUSTIFY),
        "一级标题": ("黑体", 16, None),
        "二级标题": ("楷体_GB2312", 16, None),
        "版记": ("仿宋_GB2312", 14, WD_ALIGN_PARAGRAPH.LEFT),
        "页码": ("宋体", 14, None),
    }
    for name, (font, size, align) in expectations.items():
        style = styles[name]
        fonts = style.element.rPr.find(W("w:rFonts"))
        assert fonts.get(W("w:eastAsia")) == font and fonts.get(W("w:ascii")) == font
        assert style.font.size == Pt(size)
        if align is not None:
            assert style.paragraph_format.alignment == align
    body = styles["公文正文"].paragraph_format
    assert body.line_spacing == Pt(28.95)
    ind = styles["公文正文"].element.pPr.find(W("w:ind"))
    assert ind.get(W("w:firstLineChars")) == "200" and ind.get(W("w:firstLine")) == "640"
    date = styles["成文日期"].element.pPr.find(W("w:ind"))
    assert date.get(W("w:rightChars")) == "400"
    assert styles["成文日期"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_body_paragraphs_use_the_styles(built):
    document = built["处理意见书"]
    by_text = {p.text: p for p in reversed(document.paragraphs)}  # first occurrence wins
    organ = document.paragraphs[0]  # the handling organ, after the tags that name it
    assert organ.text.endswith("{{ 处理机关 }}") and organ.style.name == "公文标题"
    signature = next(p for p in document.paragraphs if p.style.name == "发文机关署名")
    assert signature.text == "{{ 处理机关 }}"
    assert by_text["信访事项处理意见书"].style.name == "公文标题"
    assert by_text["{{ 文号 }}"].style.name == "发文字号"
    assert by_text["{{ 信访人 }}："].style.name == "主送机关"
    assert by_text["一、信访请求"].style.name == "一级标题"
    assert by_text["{{ 成文日期 }}"].style.name == "成文日期"
    heading = by_text["一、信访请求"].runs[0]._r.rPr.find(W("w:rFonts"))
    assert heading.get(W("w:eastAsia")) == "黑体"


def _page_number(footer) -> tuple[str, WD_ALIGN_PARAGRAPH, str]:
    paragraph = footer.paragraphs[0]
    instruction = "".join(t.text for t in paragraph._p.iter(W("w:instrText")))
    return paragraph.text, paragraph.alignment, instruction


@pytest.mark.parametrize("name", [spec.name for spec in CATALOG if spec.profile == "公文"])
def test_page_numbers_dash_page_dash_odd_right_even_left(built, name):
    document = built[name]
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    assert not section.different_first_page_header_footer
    text, align, instruction = _page_number(section.footer)
    assert (text, align, instruction.strip()) == ("— 1 —", WD_ALIGN_PARAGRAPH.RIGHT, "PAGE")
    text, align, instruction = _page_number(section.even_page_footer)
    assert (text, align, instruction.strip()) == ("— 1 —", WD_ALIGN_PARAGRAPH.LEFT, "PAGE")
    for run in section.footer.paragraphs[0].runs:
        assert run._r.rPr.find(W("w:rFonts")).get(W("w:eastAsia")) == "宋体"
        assert run._r.rPr.find(W("w:sz")).get(W("w:val")) == "28"  # 4号
    assert section.footer.paragraphs[0]._p.pPr.find(W("w:ind")).get(W("w:rightChars")) == "100"
    assert section.even_page_footer.paragraphs[0]._p.pPr.find(W("w:ind")).get(W("w:leftChars")) == "100"
    assert section._sectPr.find(W("w:pgNumType")).get(W("w:start")) == "1"


@pytest.mark.parametrize("name", ["转送交办函", "督办函"])
def test_letters_have_red_letterhead_double_rules_and_no_number_on_page_one(built, name):
    section = built[name].sections[0]
    assert section.different_first_page_header_footer
    name_paragraph = section.first_page_header.paragraphs[0]
    assert name_paragraph.text == "{{ 发文机关 }}"
    run = name_paragraph.runs[0]
    assert str(run.font.color.rgb) == "FF0000"
    assert run._r.rPr.find(W("w:rFonts")).get(W("w:eastAsia")) == "方正小标宋简体"
    upper = name_paragraph._p.pPr.find(W("w:pBdr")).find(W("w:bottom"))
    assert upper.get(W("w:val")) == "thickThinSmallGap" and upper.get(W("w:color")) == "FF0000"
    assert _near(-name_paragraph.paragraph_format.left_indent, 7)  # a 170 mm rule over the 156 mm block
    assert _near(-name_paragraph.paragraph_format.right_indent, 7)
    lower = section.first_page_footer.paragraphs[0]._p.pPr.find(W("w:pBdr")).find(W("w:top"))
    assert lower.get(W("w:val")) == "thinThickSmallGap" and lower.get(W("w:color")) == "FF0000"
    assert not list(section.first_page_footer._element.iter(W("w:instrText")))
    assert "PAGE" in _page_number(section.footer)[2]
    number = built[name].paragraphs[0]
    assert number.text == "{{ 文号 }}" and number.alignment is None  # right-aligned through its style
    assert number.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_closing_block_has_rules_and_4hao_text(built):
    document = built["处理意见书"]
    lines = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.find(W("w:framePr")) is not None]
    assert [p.text for p in lines] == ["抄送：{{ 发文机关 }}。", "{{ 处理机关 }}\t{{ 成文日期 }}印发"]
    assert all(p.style.name == "版记" for p in lines)
    tags = [p.text for p in document.paragraphs if p.style.name == "模板标签"][-2:]
    assert tags == ["{%p if 处理机关 != 发文机关 %}", "{%p endif %}"]  # 抄送 only when another organ issues it
    first, last = (p._p.pPr.find(W("w:pBdr")) for p in lines)
    assert first.find(W("w:top")).get(W("w:sz")) == "8" and first.find(W("w:bottom")).get(W("w:sz")) == "6"
    assert first.find(W("w:top")) is not None and last.find(W("w:top")) is None
    assert last.find(W("w:bottom")).get(W("w:sz")) == "8"
    # the last line on the last line of the text block (225 mm = 12756 twips), the one above it a line up
    frames = [p._p.pPr.find(W("w:framePr")) for p in lines]
    assert [int(f.get(W("w:y"))) + int(f.get(W("w:h"))) for f in frames] == [12756 - 579, 12756]
    assert frames[0].get(W("w:vAnchor")) == "margin" and int(frames[0].get(W("w:vSpace"))) == 2 * 579


def test_signature_is_centred_over_the_date():
    assert signature_indent(5) == pytest.approx(4.75)
    assert signature_indent(7) == pytest.approx(3.75)
    assert signature_indent(30) == 0
    doc = OfficialDocument(organ_chars=7)
    doc.body("正文。")
    doc.signature()
    reopened = _reopen(doc)
    name, date = reopened.paragraphs[-2], reopened.paragraphs[-1]
    assert name._p.pPr.find(W("w:ind")).get(W("w:rightChars")) == "375"
    assert date.style.name == "成文日期"
    assert reopened.paragraphs[0].paragraph_format.keep_with_next  # the last text stays with the seal


def test_builder_api_for_other_documents():
    doc = OfficialDocument()
    doc.title("2025年第三季度信访形势分析")
    doc.heading("一、基本情况")
    doc.heading("（一）总体情况", level=2)
    doc.body("本季度共受理信访事项120件。")
    table = doc.table([["项目", "件数"], ["来信", "12"]], [78, 78])
    reopened = _reopen(doc)
    styles = [p.style.name for p in reopened.paragraphs]
    assert styles == ["公文标题", "一级标题", "二级标题", "公文正文"]
    kai = reopened.paragraphs[2].runs[0]._r.rPr.find(W("w:rFonts")).get(W("w:eastAsia"))
    assert kai == "楷体_GB2312"
    assert table.rows[0].cells[0].paragraphs[0].style.name == "表格文字"
    assert _near(reopened.tables[0].columns[0].width, 78)
    with pytest.raises(ValueError):
        OfficialDocument("报告")


def test_builds_are_reproducible():
    spec = CATALOG[0]
    assert build_document(spec).to_bytes() == build_document(spec).to_bytes()
