"""docgen check-format: for each rule a deliberately broken document that it catches, with the paragraph named."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from docgen.cli import cli
from docgen.config import load_config
from docgen.official.catalog import PACKAGED_DIR
from docgen.official.checker import check
from docgen.official.fonts import set_rpr_fonts
from docgen.official.preview import NUMBER_FIELD, case_contexts, sample_number
from docgen.render import DocxTemplate
from docgen.render.combine import combine

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2025, 11, 20)


@pytest.fixture(scope="module")
def good() -> dict[str, bytes]:
    """One rendered document per template used here, each passing the checker."""
    config = load_config(ROOT / "samples" / "docgen.toml")
    contexts = [c for _, c in case_contexts(ROOT / "samples" / "register.xlsx", config, as_of=DAY, issued=DAY)]
    context = next(c for c in contexts if c["处理结论"] and c["责任单位"])
    rendered = {}
    for name in ("受理告知书", "处理意见书", "转送交办函"):
        number = sample_number(name, config, 2025, 12)
        rendered[name] = DocxTemplate(PACKAGED_DIR / f"{name}.docx").render({**context, NUMBER_FIELD: number})
        assert check(rendered[name]).ok
    return rendered


def _broken(good: dict[str, bytes], change: Callable[[Document], None], name: str = "受理告知书", profile="自动"):
    document = docx.Document(io.BytesIO(good[name]))
    change(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return check(buffer.getvalue(), profile).deviations


def _rules(deviations) -> set[str]:
    return {d.rule for d in deviations}


def _paragraph(document: Document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def _set_east_asian(run, font: str) -> None:
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


# -- page ------------------------------------------------------------------------------------
def test_letter_paper_is_caught(good):
    def change(d):
        d.sections[0].page_width, d.sections[0].page_height = Mm(215.9), Mm(279.4)

    found = _broken(good, change)
    assert [d.message for d in found if d.rule == "纸张"] == ["纸张为 216×279 毫米，应为 A4（210×297 毫米）"]


def test_margins_are_checked_within_one_millimetre(good):
    def slightly(d):
        d.sections[0].top_margin = Mm(37.8)

    def too_much(d):
        d.sections[0].top_margin, d.sections[0].left_margin = Mm(38.5), Mm(31.8)

    assert "页边距" not in _rules(_broken(good, slightly))
    found = [d.message for d in _broken(good, too_much) if d.rule == "页边距"]
    assert found == [
        "上边距 38.5 毫米，应为 37 毫米（版心 156×225 毫米）",
        "左边距 31.8 毫米，应为 28 毫米（版心 156×225 毫米）",
    ]


# -- body fonts and sizes --------------------------------------------------------------------
def test_body_size_is_caught_with_its_paragraph(good):
    def change(d):
        _paragraph(d, "经审查").runs[0].font.size = Pt(14)

    found = [d for d in _broken(good, change) if d.rule == "正文字号"]
    assert len(found) == 1
    assert found[0].text.startswith("经审查") and found[0].message == "字号为 14 磅，应为3号（16磅）"
    assert str(found[0]).startswith("[正文字号] 第")


def test_body_east_asian_font_is_caught(good):
    def change(d):
        _set_east_asian(_paragraph(d, "经审查").runs[0], "宋体")

    found = [d for d in _broken(good, change) if d.rule == "正文字体"]
    assert len(found) == 1 and found[0].message == "中文字体为「宋体」，应为仿宋_GB2312"


def test_latin_font_only_leaves_chinese_in_the_theme_font(tmp_path):
    """The classic defect: python-docx's font.name sets only the Latin font."""
    document = docx.Document()
    run = document.add_paragraph().add_run("你于2025年3月5日来信反映的问题已收悉。")
    run.font.name = "仿宋_GB2312"
    run.font.size = Pt(16)
    path = tmp_path / "latin.docx"
    document.save(path)
    found = [d for d in check(path).deviations if d.rule == "正文字体"]
    assert found and "主题字体" in found[0].message


def test_heading_font_is_caught(good):
    def change(d):
        _set_east_asian(_paragraph(d, "二、调查核实").runs[0], "仿宋_GB2312")

    found = [d for d in _broken(good, change, "处理意见书") if d.rule == "小标题字体"]
    assert len(found) == 1 and found[0].message == "中文字体为「仿宋_GB2312」，应为黑体"
    assert found[0].text == "二、调查核实的事实和理由"


# -- title -----------------------------------------------------------------------------------
def test_title_size_is_caught(good):
    def change(d):
        _paragraph(d, "信访事项受理告知书").runs[0].font.size = Pt(18)

    found = [d for d in _broken(good, change) if d.rule == "标题字号"]
    assert len(found) == 1 and found[0].message == "标题字号为 18 磅，应为2号（22磅）"
    assert found[0].text == "信访事项受理告知书"


def test_title_font_is_caught(good):
    def change(d):
        set_rpr_fonts(_paragraph(d, "信访事项受理告知书").runs[0]._r.get_or_add_rPr(), "黑体")

    found = [d for d in _broken(good, change) if d.rule == "标题字体"]
    assert len(found) == 1 and found[0].message == "标题中文字体为「黑体」，应为方正小标宋简体"


def test_missing_title_is_caught(good):
    def change(d):
        for paragraph in d.paragraphs[:2]:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT

    assert "未找到标题（应为居中的2号小标宋体字）" in [d.message for d in _broken(good, change)]


# -- spacing and indent ----------------------------------------------------------------------
def test_line_spacing_is_caught(good):
    def change(d):
        _paragraph(d, "经审查").paragraph_format.line_spacing = 1.5

    found = [d for d in _broken(good, change) if d.rule == "行距"]
    assert len(found) == 1 and "1.5 倍行距" in found[0].message and found[0].text.startswith("经审查")


def test_first_line_indent_is_caught(good):
    def change(d):
        paragraph = _paragraph(d, "经审查")
        ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), "0")
        ind.set(qn("w:firstLine"), "0")

    def hanging(d):
        _paragraph(d, "经审查").paragraph_format.first_line_indent = Pt(-32)

    found = [d for d in _broken(good, change) if d.rule == "首行缩进"]
    assert len(found) == 1 and "首行缩进为 0 字符，应为2个字符（32磅）" in found[0].message
    assert "首行缩进" in _rules(_broken(good, hanging))


# -- page numbers ----------------------------------------------------------------------------
def test_page_number_without_dashes_is_caught(good):
    def change(d):
        paragraph = d.sections[0].footer.paragraphs[0]
        paragraph.runs[0].text = "第"
        paragraph.runs[-1].text = "页"

    found = [d for d in _broken(good, change) if d.rule == "页码"]
    assert [(d.where, d.text) for d in found] == [("页脚（奇数页）", "第1页")]
    assert "“— 1 —”" in found[0].message


def test_page_numbers_must_differ_on_odd_and_even_pages(good):
    def same(d):
        d.settings.odd_and_even_pages_header_footer = False

    def even_right(d):
        d.sections[0].even_page_footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    assert "未设置奇偶页不同：单页码应居右、双页码应居左" in [d.message for d in _broken(good, same)]
    assert "双页码应居左（空一字）" in [d.message for d in _broken(good, even_right)]


def test_page_number_font_and_field_are_checked(good):
    def small(d):
        for run in d.sections[0].footer.paragraphs[0].runs:
            run.font.size = Pt(10.5)

    def typed(d):
        footer = d.sections[0].footer.paragraphs[0]
        for child in list(footer._p):
            if child.tag == qn("w:r"):
                footer._p.remove(child)
        footer.add_run("— 1 —")

    assert any("应为4号（14磅）" in d.message for d in _broken(good, small))
    assert any(d.where == "页脚（奇数页）" and "PAGE 域" in d.message for d in _broken(good, typed))


def test_letter_has_no_page_number_on_page_one(good):
    def numbered(d):
        d.sections[0].different_first_page_header_footer = False

    found = _broken(good, numbered, "转送交办函", profile="信函")
    assert "信函格式首页不显示页码（应设置首页不同且首页页脚无页码）" in [d.message for d in found]
    official = _broken(good, lambda d: None, "受理告知书", profile="信函")
    assert "信函格式" in _rules(official) and "页码" in _rules(official)


def test_official_profile_wants_a_number_on_page_one(good):
    found = check(good["转送交办函"], "公文").deviations
    assert any(d.where == "页脚（首页）" and "没有页码" in d.message for d in found)


# -- dates and document numbers ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("二〇二五年十一月二十日", "应使用阿拉伯数字"),
        ("2025年03月05日", "不编虚位"),
        ("2025年3月05日", "不编虚位"),
        ("２０２５年３月５日", "半角阿拉伯数字"),
        ("2025-3-5", "应写成“2025年3月5日”的形式"),
        ("2025/03/05", "应写成“2025年3月5日”的形式"),
    ],
)
def test_date_spelling_is_caught(good, typed, message):
    def change(d):
        _paragraph(d, "特此告知").runs[0].text = f"特此告知。{typed}"

    found = [d for d in _broken(good, change) if d.rule == "日期"]
    assert len(found) == 1 and message in found[0].message and typed in found[0].message


def test_date_must_stand_four_characters_in(good):
    def change(d):
        date = d.paragraphs[-1] if d.paragraphs[-1].text else d.paragraphs[-2]
        ind = date._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:rightChars"), "200")

    assert any("应右空四字" in d.message for d in _broken(good, change) if d.rule == "日期")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("某信受[2025]12号", "应使用六角括号〔〕，不用[]"),
        ("某信受【2025】12号", "应使用六角括号〔〕，不用【】"),
        ("某信受（2025）12号", "应使用六角括号〔〕，不用（）"),
        ("某信受(2025)12号", "应使用六角括号〔〕，不用()"),
        ("某信受〔2025〕第12号", "序号前不加“第”"),
        ("某信受〔2025〕012号", "不编虚位"),
        ("某信受〔25〕12号", "年份应写全"),
    ],
)
def test_document_number_brackets_and_spelling_are_caught(good, typed, message):
    def change(d):
        _paragraph(d, "某信受〔2025〕").runs[0].text = typed

    found = [d for d in _broken(good, change) if d.rule == "发文字号"]
    assert len(found) == 1 and message in found[0].message and found[0].text == typed


def test_court_case_numbers_are_left_alone(good):
    def change(d):
        _paragraph(d, "特此告知").runs[0].text = "特此告知。参见（2025）皖1122民初123号判决。"

    assert "发文字号" not in _rules(_broken(good, change))


# -- closing block and letter format -----------------------------------------------------------
def test_closing_block_size_is_caught(good):
    def change(d):
        copies = next(p for p in d.paragraphs if p.text.startswith("抄送"))
        for run in copies.runs:
            run.font.size = Pt(16)

    found = [d for d in _broken(good, change, "处理意见书") if d.rule == "版记"]
    assert (
        len(found) == 1 and found[0].text.startswith("抄送") and found[0].message == "版记字号为 16 磅，应为4号（14磅）"
    )


def test_letterhead_must_be_red_xiaobiaosong_with_double_rules(good):
    def black(d):
        d.sections[0].first_page_header.paragraphs[0].runs[0].font.color.rgb = RGBColor(0, 0, 0)

    def no_rule(d):
        ppr = d.sections[0].first_page_header.paragraphs[0]._p.pPr
        ppr.remove(ppr.find(qn("w:pBdr")))

    def indented_number(d):
        d.paragraphs[0].paragraph_format.right_indent = Pt(32)

    assert "发文机关标志应使用红色小标宋体字" in [d.message for d in _broken(good, black, "转送交办函", "信函")]
    assert "发文机关标志下应有一条红色双线" in [d.message for d in _broken(good, no_rule, "转送交办函", "信函")]
    found = _broken(good, indented_number, "转送交办函", "信函")
    assert "发文字号应顶格居版心右边缘（不留右缩进）" in [d.message for d in found]


# -- the command -------------------------------------------------------------------------------
def test_cli_passes_good_and_fails_broken_documents(good, tmp_path):
    ok = tmp_path / "好.docx"
    ok.write_bytes(good["受理告知书"])
    document = docx.Document(io.BytesIO(good["受理告知书"]))
    _paragraph(document, "某信受〔2025〕").runs[0].text = "某信受[2025]12号"
    bad = tmp_path / "坏.docx"
    document.save(bad)
    runner = CliRunner()
    passed = runner.invoke(cli, ["check-format", str(ok)])
    assert passed.exit_code == 0 and "好.docx：符合 GB/T 9704 版式（公文）" in passed.output
    failed = runner.invoke(cli, ["check-format", str(ok), str(bad)])
    assert failed.exit_code == 1
    assert "坏.docx：1 处不符合 GB/T 9704 版式（公文）" in failed.output
    assert "[发文字号] 第4段「某信受[2025]12号」：发文字号「某信受[2025]12号」的年份应使用六角括号〔〕" in failed.output
    assert "共检查 2 份，1 份符合，1 份有问题" in failed.output
    letter = runner.invoke(cli, ["check-format", "--profile", "信函", str(ok)])
    assert letter.exit_code == 1 and "（信函）" in letter.output


def test_cli_reports_unreadable_files_without_traceback(tmp_path):
    fake = tmp_path / "假.docx"
    fake.write_text("不是 Word 文件", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["check-format", str(fake)])
    assert result.exit_code == 2 and "无法打开 假.docx：不是有效的 .docx 文件" in result.output
    assert "Traceback" not in result.output
    missing = runner.invoke(cli, ["check-format", str(tmp_path / "无.docx")])
    assert missing.exit_code == 2 and "找不到文件" in missing.output


def test_a_combined_print_file_is_checked_document_by_document(good, tmp_path):
    """Each document of a `merge --combine` file has its own title and salutation (addressed without indent)."""
    paths = []
    for index in range(3):
        paths.append(tmp_path / f"{index}.docx")
        paths[-1].write_bytes(good["受理告知书"])
    combined = combine(paths, tmp_path / "打印.docx")
    assert check(combined).ok
    document = docx.Document(io.BytesIO(combined))
    titles = [p for p in document.paragraphs if p.style.name == "公文标题" and p.text.strip()]
    assert len(titles) % 3 == 0
    third = titles[len(titles) // 3 * 2]  # the first line of the third document's title
    for run in third.runs:
        run.font.size = Pt(18)
    buffer = io.BytesIO()
    document.save(buffer)
    (deviation,) = check(buffer.getvalue()).deviations
    assert "标题字号为 18 磅" in deviation.message and third.text.startswith(deviation.text.rstrip("…"))


def test_a_masthead_is_not_mistaken_for_the_title(tmp_path):
    """The 文件 format's 版头 (red organ mark, number above the red rule) comes before the title."""
    from docgen.official import OfficialDocument
    from docgen.official.checker import check

    doc = OfficialDocument("公文", organ="某县信访局", organ_chars=5)
    doc.masthead("某县信访局", "某信督通〔2025〕1号")
    doc.title("关于督查情况的通报")
    doc.addressee("各乡镇人民政府：")
    doc.body("现将有关情况通报如下。")
    report = check(doc.to_bytes())
    assert report.ok, report.deviations
