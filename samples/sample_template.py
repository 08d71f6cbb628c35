"""The sample reply letter template (答复意见书样例.docx): about 20 fields, a table and a footer."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docgen.render.tidy import tidy_docx


def _font(run, name: str = "仿宋_GB2312", size: float = 16, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _para(doc, text: str, *, indent: bool = True, align=None, name: str = "仿宋_GB2312", size: float = 16):
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(size * 2) if indent else None
    paragraph.paragraph_format.line_spacing = Pt(28.95)
    paragraph.paragraph_format.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align
    _font(paragraph.add_run(text), name, size)
    return paragraph


def write_sample_template(path: Path, *, masked: bool = True) -> None:
    """The sample reply letter; `masked=False` leaves out docgen's own filters (for plain docxtpl)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = "仿宋_GB2312"
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")

    _para(doc, "{{ 发文机关 }}", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, name="方正小标宋简体", size=22)
    _para(
        doc,
        "关于{{ 信访人 }}信访事项的处理意见",
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        name="方正小标宋简体",
        size=22,
    )
    _para(doc, "{{ 信访人 }}：", indent=False)
    _para(
        doc,
        "你（们）于{{ 登记日期 }}通过{{ 信访形式 }}方式反映的{{ 反映问题 }}问题"
        "（信访编号：{{ 信访编号 }}），本机关已于{{ 受理日期 }}依法受理，并交{{ 责任单位 }}调查处理。",
    )
    _para(doc, "你（们）的诉求是：{{ 诉求 }}。")
    _para(doc, "{{ 处理意见 }}。")
    _para(doc, '{%p if 是否延期 == "是" %}')
    _para(doc, "因{{ 延期理由 }}，本事项经批准延期{{ 延期天数 }}日办理。")
    _para(doc, "{%p endif %}")
    _para(doc, "根据{{ 法律依据 }}，本机关的处理意见是：{{ 处理结论 }}。")
    _para(doc, "如对本处理意见不服，可自收到本意见书之日起30日内，向{{ 上一级机关 }}书面提出复查申请。")

    table = doc.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    cells = [
        ("信访人", "{{ 信访人 }}", "身份证号", "{{ 身份证号|脱敏 }}" if masked else "{{ 身份证号 }}"),
        ("联系电话", "{{ 联系电话|脱敏 }}" if masked else "{{ 联系电话 }}", "人数", "{{ 人数 }}"),
        ("问题类别", "{{ 问题类别 }}", "所属地区", "{{ 所属地区 }}"),
        ("住址", "{{ 住址 }}", "答复日期", "{{ 答复日期 }}"),
    ]
    for row, values in zip(table.rows, cells):
        for cell, value in zip(row.cells, values):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(value), size=12)

    _para(doc, "")
    _para(doc, "{{ 发文机关 }}", indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, "{{ 成文日期 }}", indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(footer.add_run("信访编号：{{ 信访编号 }}　{{ 发文机关 }}"), "宋体", 10.5)
    doc.core_properties.title = "关于{{ 信访人 }}信访事项的处理意见"
    doc.core_properties.author = "某县信访局"
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(tidy_docx(buffer.getvalue(), date_time=(2025, 1, 1, 0, 0, 0)))  # valid OOXML, same bytes each run
