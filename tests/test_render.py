"""Rendering: data printed literally and safely, split tags, headers/footers, filters, errors."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from conftest import write_template
from docxtext import body_text, dump
from lxml import etree

from docgen.errors import TemplateError
from docgen.render import DocxTemplate


def render(path: Path, **context: object) -> bytes:
    return DocxTemplate(path).render(context)


def test_markup_characters_in_data_come_out_literally(tmp_path: Path) -> None:
    tpl = write_template(tmp_path / "t.docx", ["单位：{{ 单位 }}", "诉求：{{ 诉求 }}"])
    data = render(tpl, 单位="A&B<无>", 诉求="他说\"不\" & '好' > 1")
    assert body_text(data).splitlines() == ["单位：A&B<无>", "诉求：他说\"不\" & '好' > 1"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        etree.fromstring(archive.read("word/document.xml"))  # still well-formed


def test_jinja_in_data_is_printed_not_executed(tmp_path: Path) -> None:
    tpl = write_template(tmp_path / "t.docx", ["{{ 问题 }}"])
    text = body_text(render(tpl, 问题="{{ 7*7 }} {% if true %}x{% endif %} {{ ''.__class__ }}"))
    assert text == "{{ 7*7 }} {% if true %}x{% endif %} {{ ''.__class__ }}"


def test_characters_outside_bmp_and_line_breaks(tmp_path: Path) -> None:
    tpl = write_template(tmp_path / "t.docx", ["{{ 信访人 }}：{{ 反映问题 }}"])
    data = render(tpl, 信访人="𠮷野家", 反映问题="第一行\n第二行\t完")
    assert body_text(data) == "𠮷野家：第一行\\n第二行\\t完"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "<w:br/>" in xml and "<w:tab/>" in xml


def test_characters_xml_forbids_are_dropped(tmp_path: Path) -> None:
    tpl = write_template(tmp_path / "t.docx", ["{{ x }}"])
    assert body_text(render(tpl, x="a\x00b\x1bc")) == "abc"


def test_dates_print_the_official_way_and_filters(tmp_path: Path) -> None:
    tpl = write_template(
        tmp_path / "t.docx",
        [
            "{{ d }}",
            "{{ d|大写日期 }}",
            "{{ d|加天数(60) }}",
            "{{ d.strftime('%Y-%m-%d') }}",
            "{{ id|脱敏 }} {{ phone|脱敏 }}",
        ],
    )
    lines = body_text(render(tpl, d=dt.date(2025, 3, 5), id="110101199003071234", phone="13800138000")).splitlines()
    assert lines == [
        "2025年3月5日",
        "二〇二五年三月五日",
        "2025年5月4日",
        "2025-03-05",
        "110101********1234 138****8000",
    ]


def test_empty_value_prints_nothing(tmp_path: Path) -> None:
    tpl = write_template(tmp_path / "t.docx", ["[{{ a }}][{{ b }}]"])
    assert body_text(render(tpl, a="", b=None)) == "[][]"


@pytest.mark.parametrize("marks", [False, True])
def test_tags_split_across_runs_still_work(tmp_path: Path, marks: bool) -> None:
    tpl = write_template(
        tmp_path / "t.docx",
        [
            ["尊敬的", "{", "{ 信", "访人 }", "}，你好"],
            ["{%", " if 人数 ", ">= 5 %}集体访{% ", "endif %}"],
        ],
        proof_marks=marks,
    )
    assert DocxTemplate(tpl).fields == {"信访人", "人数"}
    assert body_text(render(tpl, 信访人="李四", 人数=6)).splitlines() == ["尊敬的李四，你好", "集体访"]


def test_curly_quotes_from_the_ime_inside_tags(tmp_path: Path) -> None:
    tpl = write_template(tmp_path / "t.docx", ["{% if 形式 == “来信” %}书面{% else %}口头{% endif %}"])
    assert body_text(render(tpl, 形式="来信")) == "书面"
    assert body_text(render(tpl, 形式="来访")) == "口头"


def test_tags_in_tables_headers_and_footers(tmp_path: Path) -> None:
    tpl = write_template(
        tmp_path / "t.docx",
        ["正文{{ a }}"],
        header="页眉{{ a }}",
        footer="页脚{{ b }}",
        table=[["{{ a }}", "{{ b }}"]],
    )
    text = dump(render(tpl, a="甲&", b="<乙>"))
    assert "P: 正文甲&" in text
    assert "T1R1C1 P: 甲&" in text and "T1R1C2 P: <乙>" in text
    assert "# section 1 header default\nP: 页眉甲&" in text
    assert "# section 1 footer default\nP: 页脚<乙>" in text


def test_paragraph_condition_removes_the_paragraph(tmp_path: Path) -> None:
    tpl = write_template(tmp_path / "t.docx", ["开头", "{%p if 延期 %}", "已延期", "{%p endif %}", "结尾"])
    assert body_text(render(tpl, 延期=False)).splitlines() == ["开头", "结尾"]
    assert body_text(render(tpl, 延期=True)).splitlines() == ["开头", "已延期", "结尾"]


def test_sandbox_refuses_unsafe_attribute_access(tmp_path: Path) -> None:
    tpl = write_template(tmp_path / "t.docx", ["{{ x.__class__.__mro__ }}"])
    with pytest.raises(TemplateError, match=r"t\.docx"):
        render(tpl, x="a")


def test_undefined_field_is_an_error_at_render(tmp_path: Path) -> None:
    tpl = write_template(tmp_path / "t.docx", ["{{ 没有 }}"])
    with pytest.raises(TemplateError, match="没有"):
        render(tpl)


def test_syntax_error_names_the_template_and_the_text_near_it(tmp_path: Path) -> None:
    tpl = write_template(tmp_path / "坏模板.docx", ["第一段", "{% if 人数 > 5 %}集体访", "第三段"])
    with pytest.raises(TemplateError) as info:
        DocxTemplate(tpl)
    assert "坏模板.docx" in str(info.value) and "集体访" in str(info.value)


def test_not_a_docx_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "t.docx"
    bad.write_text("hello")
    with pytest.raises(TemplateError, match=r"不是有效的 \.docx"):
        DocxTemplate(bad)


def test_untouched_parts_are_copied_as_stored(tmp_path: Path) -> None:
    """Every part but the rendered one and those tidied for validity (see test_schema.py) is copied as stored."""
    tpl = write_template(tmp_path / "t.docx", ["{{ a }}"], footer="静态页脚")
    data = render(tpl, a="x")
    dropped = {"word/stylesWithEffects.xml"}
    tidied = {"[Content_Types].xml", "word/_rels/document.xml.rels", "word/settings.xml"}
    with zipfile.ZipFile(tpl) as src, zipfile.ZipFile(io.BytesIO(data)) as out:
        assert out.testzip() is None
        assert sorted(set(src.namelist()) - dropped) == sorted(out.namelist())
        for info in src.infolist():
            if info.filename not in {"word/document.xml"} | dropped | tidied:
                assert out.getinfo(info.filename).CRC == info.CRC
                assert out.read(info.filename) == src.read(info.filename)


def test_document_properties_are_rendered_once_as_typed(tmp_path: Path) -> None:
    tpl = write_template(tmp_path / "t.docx", ["x"])
    from docx import Document

    doc = Document(tpl)
    doc.core_properties.title = "关于{{ 信访人 }}的告知"
    doc.save(tpl)
    out = tmp_path / "o.docx"
    out.write_bytes(render(tpl, 信访人="A&B<C>"))
    assert Document(out).core_properties.title == "关于A&B<C>的告知"
