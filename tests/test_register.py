"""Reading registers as clerks keep them: title rows, odd headers, merges, blank rows, types."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import HEADER, case_row, write_xlsx

from docgen.config import RegisterSettings
from docgen.errors import RegisterError
from docgen.register import Register


def test_header_found_under_merged_title_and_unit_line(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "r.xlsx",
        [case_row(1)],
        title_rows=[["某县信访局2025年信访事项登记台账"], ["填报单位：某县信访局", None, None, "填报日期：2025年3月"]],
        merges=["A1:J1"],
    )
    book = Register(path)
    assert book.header_row == 3
    assert book.fields == HEADER
    [record] = book.records()
    assert record.row == 4
    assert record.values["信访人"] == "张三"


def test_headers_normalised_whitespace_fullwidth_and_aliases(tmp_path: Path) -> None:
    header = ["信访\n编号", "登记　日期", " 姓 名 ", "ＩＤ号", "联系电话"]
    path = write_xlsx(tmp_path / "r.xlsx", [["A1", "2025-3-5", "赵六", "x", "010-1"]], header=header)
    settings = RegisterSettings(aliases={"姓名": "信访人", "ID号": "身份证号"})
    book = Register(path, settings)
    assert book.fields == ["信访编号", "登记日期", "信访人", "身份证号", "联系电话"]
    assert [c.header for c in book.columns][:3] == ["信访\n编号", "登记　日期", "姓 名"]
    assert [c.letter for c in book.columns] == ["A", "B", "C", "D", "E"]


def test_merged_unit_cells_apply_to_every_row(tmp_path: Path) -> None:
    rows = [case_row(i, 责任单位="城关镇人民政府" if i == 1 else None) for i in range(1, 4)]
    rows.append(case_row(4, 责任单位="县教育局"))
    path = write_xlsx(tmp_path / "r.xlsx", rows, merges=["J2:J4"])
    units = [r.values["责任单位"] for r in Register(path).records()]
    assert units == ["城关镇人民政府"] * 3 + ["县教育局"]


def test_blank_rows_skipped_including_formatted_empty_rows(tmp_path: Path) -> None:
    rows = [case_row(1), [None] * len(HEADER), ["  "] + [None] * 9, case_row(2)]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    from openpyxl import load_workbook

    book = load_workbook(path)
    for row in range(6, 30):  # formatting Excel leaves after the data
        book.active.cell(row, 2).number_format = "yyyy-mm-dd"
    book.save(path)
    records = list(Register(path).records())
    assert [r.row for r in records] == [2, 5]


@pytest.mark.parametrize(
    "typed",
    [dt.datetime(2025, 3, 5), "2025-03-05", "2025/3/5", "2025.3.5", "2025年3月5日", "20250305", 20250305],
)
def test_five_date_spellings(tmp_path: Path, typed: object) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [case_row(1, 登记日期=typed)])
    [record] = Register(path).records()
    assert record.values["登记日期"] == dt.date(2025, 3, 5)


def test_bad_date_is_a_cell_error_with_location(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [case_row(1, 登记日期="三月初")])
    [record] = Register(path).records()
    assert not record.ok
    message = str(record.problems[0])
    assert "r.xlsx" in message and "台账" in message and "B2" in message and "登记日期" in message
    assert "三月初" in message


def test_id_stored_as_number_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [case_row(1, 身份证号=1.10101199003071e17), case_row(2)])
    first, second = Register(path).records()
    assert not first.ok and second.ok
    problem = first.problems[0]
    assert (problem.where.row, problem.where.column, problem.where.header) == (2, "E", "身份证号")
    assert "数字" in problem.message and "文本" in (problem.hint or "")
    assert second.values["身份证号"] == "110101199003071234"


def test_phone_as_number_and_count_as_integer(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [case_row(1, 联系电话=13800138000.0, 人数=6.0)])
    [record] = Register(path).records()
    assert record.values["联系电话"] == "13800138000"
    assert record.values["人数"] == 6 and isinstance(record.values["人数"], int)


def test_required_columns_must_have_values(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [case_row(1, 信访人=None), case_row(2)])
    first, second = Register(path).records()
    assert "必填" in first.problems[0].message and first.problems[0].where.column == "D"
    assert second.ok


def test_text_cleaned_and_line_breaks_kept(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [case_row(1, 反映问题="  第一行\r\n第二行  ")])
    [record] = Register(path).records()
    assert record.values["反映问题"] == "第一行\n第二行"


def test_characters_xml_forbids_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text('信访编号,信访人,反映问题\nXF-1,张三,"甲\x0b乙\x01丙\n丁"\n', encoding="utf-8")
    [record] = Register(path).records()
    assert record.values["反映问题"] == "甲乙丙\n丁"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_in_excel_encodings(tmp_path: Path, encoding: str) -> None:
    text = "某县信访局台账\n信访编号,登记日期,信访人\nXF-1,2025年3月5日,张三\n\nXF-2,2025/3/6,李四\n"
    path = tmp_path / "r.csv"
    path.write_bytes(text.encode(encoding))
    book = Register(path)
    records = list(book.records())
    assert book.header_row == 2
    assert [(r.row, r.values["信访人"], r.values["登记日期"]) for r in records] == [
        (3, "张三", dt.date(2025, 3, 5)),
        (5, "李四", dt.date(2025, 3, 6)),
    ]


def test_missing_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [case_row(1)])
    with pytest.raises(RegisterError) as info:
        Register(path, sheet="2024年")
    assert "2024年" in str(info.value) and "台账" in str(info.value)


def test_old_xls_and_broken_files_are_clear_errors(tmp_path: Path) -> None:
    old = tmp_path / "r.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(RegisterError, match="另存为"):
        Register(old)
    broken = tmp_path / "r.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(RegisterError, match="无法打开"):
        Register(broken)


def test_explicit_header_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [case_row(1)], title_rows=[["说明", "见附件"]])
    book = Register(path, header_row=2)
    assert book.header_row == 2 and book.fields[0] == "信访编号"


def test_register_file_is_never_modified(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [case_row(1), case_row(2)], merges=["J2:J3"])
    before = path.read_bytes()
    list(Register(path).records())
    assert path.read_bytes() == before


def test_two_row_header_with_names_merged_down(tmp_path: Path) -> None:
    """序号 and 信访编号 span both header rows; 基本情况 and 办理情况 group the columns beside them."""
    rows = [["1", "XF-1", "张三", "13800138000", "2025-3-5", "县教育局"], ["2", "XF-2", "李四", None, "2025-3-6", None]]
    path = write_xlsx(
        tmp_path / "r.xlsx",
        rows,
        header=[None, None, "信访人", "联系电话", "受理日期", "责任单位"],
        title_rows=[["某县信访局台账"], ["序号", "信访编号", "基本情况", None, "办理情况", None]],
        merges=["A1:F1", "A2:A3", "B2:B3", "C2:D2", "E2:F2"],
    )
    book = Register(path)
    assert book.header_row == 3
    assert book.fields == ["序号", "信访编号", "信访人", "联系电话", "受理日期", "责任单位"]
    assert [(r.row, r.values["信访编号"], r.values["受理日期"]) for r in book.records()] == [
        (4, "XF-1", dt.date(2025, 3, 5)),
        (5, "XF-2", dt.date(2025, 3, 6)),
    ]
