"""One register saved as .xlsx, .xls and .ods reads the same: title rows, two-row header, merges,
typed cells, blank rows, Excel row numbers; the .xlsx both whole (calamine) and streamed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from pathlib import Path

import pytest

from docgen.register import Register
from docgen.register.sources import CalamineSource, XlsxSource

DATA = Path(__file__).parent / "data" / "registers"
sys.path.insert(0, str(DATA))
FIELDS = ["序号", "信访编号", "信访人", "身份证号码", "手机号码", "登记日期", "人数", "责任单位", "备注"]
READS = [("formats.xlsx", False), ("formats.xlsx", True), ("formats.xls", False), ("formats.ods", False)]
IDS = ["xlsx", "xlsx-streamed", "xls", "ods"]


def open_register(path: Path, stream: bool) -> Register:
    book = Register(path, stream=stream)
    assert isinstance(book.source, XlsxSource if stream else CalamineSource)
    return book


def assert_same_register(book: Register) -> None:
    """Every reading rule on the register make_formats.py writes."""
    assert book.header_row == 4  # under a merged title row, a unit line and the upper header row
    assert book.fields == FIELDS  # 序号 and 信访编号 merged down from row 3
    records = list(book.records())
    assert [r.row for r in records] == [5, 6, 7, 10]  # formatted-only and spaces-only rows skipped
    by_row = {r.row: r for r in records}
    assert [by_row[n].values["责任单位"] for n in (5, 6, 7, 10)] == ["城关镇人民政府"] * 3 + ["县教育局"]
    assert [by_row[n].values["登记日期"] for n in (5, 6, 7, 10)] == [
        dt.date(2025, 3, 5),  # a date cell
        dt.date(2025, 3, 6),  # a serial number in a date-formatted cell
        dt.date(2025, 3, 7),  # text
        dt.date(2023, 3, 15),  # a serial that lost its date format, in a date column
    ]
    assert by_row[10].values["备注"] == dt.date(2025, 4, 1)  # a date cell in an untyped column stays a date
    assert by_row[5].values["序号"] == 1 and by_row[5].values["信访编号"] == "XF-001"
    assert by_row[5].values["手机号码"] == "13800138000"  # a phone stored as a number
    assert by_row[6].values["手机号码"] == "0551-1234567"
    assert [by_row[n].values["人数"] for n in (5, 6, 7, 10)] == [1, 2, 3, 6]
    assert by_row[5].values["身份证号码"] == "110101199003071234"
    [problem] = by_row[6].problems  # an ID number Excel stored as a number
    assert (problem.where.row, problem.where.column, problem.where.header) == (6, "D", "身份证号码")
    assert problem.message == "身份证号被 Excel 存成了数字，末几位已经丢失"
    assert all(by_row[n].ok for n in (5, 7, 10))


@pytest.mark.parametrize(("name", "stream"), READS, ids=IDS)
def test_the_same_register_in_every_format(name: str, stream: bool) -> None:
    assert_same_register(open_register(DATA / name, stream))


@pytest.mark.parametrize(("name", "stream"), READS, ids=IDS)
def test_typed_columns_recognised_by_their_usual_names(name: str, stream: bool) -> None:
    book = open_register(DATA / name, stream)
    assert [(c.letter, c.header, kind) for c, kind in book.typed_columns()] == [
        ("D", "身份证号码", "身份证号"),
        ("E", "手机号码", "电话"),
        ("F", "登记日期", "日期"),
        ("G", "人数", "人数"),
    ]


@pytest.mark.parametrize(("name", "stream"), READS, ids=IDS)
def test_merged_ranges_per_format(name: str, stream: bool) -> None:
    merges = sorted(open_register(DATA / name, stream).source.merges)
    assert merges == sorted([(1, 1, 9, 1), (1, 3, 1, 4), (2, 3, 2, 4), (3, 3, 5, 3), (6, 3, 9, 3), (8, 5, 8, 7)])


def needs_soffice() -> None:
    if shutil.which("soffice") is None:
        if os.environ.get("DOCGEN_REQUIRE_SOFFICE") == "1":
            pytest.fail("soffice 未安装，但 DOCGEN_REQUIRE_SOFFICE=1")
        pytest.skip("LibreOffice (soffice) is not installed")


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_a_register_saved_by_libreoffice_reads_the_same(tmp_path: Path, suffix: str) -> None:
    """The committed files are LibreOffice's; this converts afresh, so a new LibreOffice is checked too."""
    needs_soffice()
    from make_formats import convert, write_xlsx

    source = write_xlsx(tmp_path / "台账.xlsx")
    assert_same_register(open_register(convert(source, suffix, tmp_path), False))


CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>
<table:table table:name="甲"><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell>
</table:table-row></table:table>
<table:table table:name="乙"><table:table-row><table:table-cell table:number-columns-spanned="3"/>
<table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>
<table:table-row table:number-rows-repeated="4"><table:table-cell/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell>
<table:table-cell table:number-rows-spanned="2" table:number-columns-spanned="2"><text:p>y</text:p>
</table:table-cell></table:table-row><table:table-row><table:table-cell/></table:table-row></table:table>
<table:table table:name="丙"><table:table-row><table:table-cell/></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"""


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 10, 31, 64, 100, 1 << 20])
def test_ods_merges_whatever_the_pieces_content_xml_is_read_in(tmp_path: Path, monkeypatch, chunk: int) -> None:
    """Spans are found up to the row holding the file's last one, wherever the reading pieces end."""
    import zipfile

    from docgen.register import workbook

    monkeypatch.setattr(workbook, "_CHUNK", chunk)
    path = tmp_path / "merges.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", CONTENT)
    assert workbook.ods_merges(path, "甲") == []
    assert workbook.ods_merges(path, "乙") == [(1, 1, 3, 1), (3, 6, 4, 7)]
    assert workbook.ods_merges(path, "丙") == []
    expected = [(1, 1, 9, 1), (1, 3, 1, 4), (2, 3, 2, 4), (3, 3, 5, 3), (6, 3, 9, 3), (8, 5, 8, 7)]
    assert sorted(workbook.ods_merges(DATA / "formats.ods", "登记台账")) == expected
