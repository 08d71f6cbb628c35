"""Damaged and hostile registers: a clear error naming the file and cell, never a traceback;
decompression bombs refused before memory is spent; --rows stops reading at its last row."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import HEADER, case_row, write_template, write_xlsx

from docgen.cli import cli
from docgen.errors import RegisterError
from docgen.register import Register, budget
from docgen.register.sources import CalamineSource, XlsxSource

DATA = Path(__file__).parent / "data" / "registers"
SHEET = "xl/worksheets/sheet1.xml"


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def rewrite(path: Path, part: str, change: Callable[[bytes], bytes], target: Path | None = None) -> Path:
    """A copy of the .xlsx at `path` (or `path` itself) with one part changed."""
    target = target or path
    with zipfile.ZipFile(path) as source:
        parts = [(item, source.read(item.filename)) for item in source.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item, data in parts:
            out.writestr(item, change(data) if item.filename == part else data)
    return target


def set_cell(coordinate: str, xml: bytes) -> Callable[[bytes], bytes]:
    pattern = re.compile(rb'<c r="' + coordinate.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.S)
    return lambda data: pattern.sub(xml, data, count=1)


def with_shared_strings(path: Path, strings: list[str], cells: bytes) -> Path:
    """A minimal .xlsx with a shared-string table and the given sheet cells."""
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
        f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{pkg}">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}">{items}</sst>',
        SHEET: f'<worksheet xmlns="{main}"><sheetData>'.encode() + cells + b"</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


HEADER_CELLS = b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'


def test_rows_option_stops_reading_after_its_last_row(tmp_path: Path) -> None:
    """Row 300 is damaged: the whole register is refused there, --rows 2-100 never reaches it."""
    path = write_xlsx(tmp_path / "台账.xlsx", [case_row(i) for i in range(1, 300)])
    rewrite(path, SHEET, set_cell("A300", b'<c r="A300" t="s"><v>99999</v></c>'))
    letter = write_template(tmp_path / "告知书.docx", ["{{ 信访人 }}：{{ 信访编号 }}"])
    whole = run("merge", path, letter, "-o", tmp_path / "all")
    assert whole.exit_code == 2, whole.output
    assert "错误：文件 台账.xlsx，工作表「台账」，单元格 A300：单元格已损坏：引用了不存在的共享字符串" in whole.output
    some = run("merge", path, letter, "-o", tmp_path / "some", "--rows", "2-100")
    assert some.exit_code == 0, some.output
    assert len(list((tmp_path / "some").glob("*.docx"))) == 99


def test_a_bad_shared_string_index_names_the_file(tmp_path: Path) -> None:
    path = with_shared_strings(
        tmp_path / "r.xlsx", ["信访编号", "信访人"], HEADER_CELLS + b'<row r="2"><c r="A2" t="s"><v>7</v></c></row>'
    )
    for stream in (False, True):  # calamine refuses the sheet whole: it is streamed to find the cell
        with pytest.raises(RegisterError) as info:
            list(Register(path, stream=stream).records())
        error = info.value
        assert (error.where.row, error.where.column) == (2, "A")
        assert error.message == "单元格已损坏：引用了不存在的共享字符串"


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize(
    ("cell", "value"),
    [
        (b'<c r="B2"><v>NaN</v></c>', "nan"),
        (b'<c r="B2"><v>inf</v></c>', "inf"),
    ],
)
def test_not_a_number_is_a_problem_at_its_cell(tmp_path: Path, stream: bool, cell: bytes, value: str) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [case_row(1), case_row(2)])
    rewrite(path, SHEET, set_cell("B2", cell))
    first, second = Register(path, stream=stream).records()
    [problem] = first.problems
    assert (problem.where.row, problem.where.column, problem.where.header) == (2, "B", "登记日期")
    assert problem.message == "单元格的数值无效（文件可能已损坏）" and str(problem.value) == value
    assert second.ok


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_a_bad_iso_date_cell_is_a_problem_at_its_cell(tmp_path: Path, stream: bool) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [case_row(1)])
    rewrite(path, SHEET, set_cell("B2", b'<c r="B2" t="d"><v>2025-13-45</v></c>'))
    [record] = Register(path, stream=stream).records()
    assert [(p.where.column, p.message) for p in record.problems] == [("B", "日期不存在")]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_control_bytes_are_dropped_from_text(tmp_path: Path, stream: bool) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [case_row(1)])
    cell = b'<c r="H2" t="inlineStr"><is><t>\x01\xe7\x89\xa9\x02\xe4\xb8\x9a</t></is></c>'
    rewrite(path, SHEET, set_cell("H2", cell))
    [record] = Register(path, stream=stream).records()
    assert record.ok and record.values["反映问题"] == "物业"


def test_a_shared_string_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    big = "x" * (budget.MAX_SHARED_STRINGS + 1)
    path = with_shared_strings(tmp_path / "bomb.xlsx", ["信访编号", "信访人", big], HEADER_CELLS)
    assert path.stat().st_size < 1 << 20
    with pytest.raises(RegisterError) as info:
        Register(path)
    assert str(info.value).startswith(
        "台账 bomb.xlsx 的共享字符串表解压后有 128 MB，超过 docgen 的上限 128 MB，文件可能已损坏或被恶意构造，未读取"
    )


def test_a_long_string_used_in_many_cells_is_streamed_not_copied(tmp_path: Path) -> None:
    """calamine would copy the 1 MB string into each of 200 cells (200 MB): the sheet is streamed instead."""
    rows = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>2</v></c></row>' % (n, n) for n in range(2, 202))
    path = with_shared_strings(tmp_path / "r.xlsx", ["信访编号", "信访人", "x" * (1 << 20)], HEADER_CELLS + rows)
    assert isinstance(Register(path).source, XlsxSource)
    small = with_shared_strings(tmp_path / "s.xlsx", ["信访编号", "信访人", "XF-1"], HEADER_CELLS + rows)
    assert isinstance(Register(small).source, CalamineSource)


def test_a_wps_et_file_is_read(tmp_path: Path) -> None:
    path = shutil.copy(DATA / "formats.xls", tmp_path / "台账.et")
    assert Register(path).fields[:2] == ["序号", "信访编号"]


def test_an_et_file_calamine_cannot_read_says_how_to_save_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "台账.et"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(RegisterError) as info:
        Register(path)
    assert str(info.value).startswith(
        "无法读取 WPS 表格文件 台账.et。请用 WPS 表格打开它，点「文件」→「另存为」，"
        "文件类型选「Excel 文件（*.xlsx）」，再用新文件重试"
    )


def test_an_unknown_file_type_lists_the_readable_ones(tmp_path: Path) -> None:
    path = tmp_path / "台账.numbers"
    path.write_bytes(b"x")
    with pytest.raises(RegisterError) as info:
        Register(path)
    assert info.value.message == "台账.numbers 不是 docgen 能读的台账文件"
    assert info.value.hint == "请提供 .xlsx、.xls、.xlsb、.ods、.et 或 .csv 文件"


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_a_lone_surrogate_escape_stays_as_written(tmp_path: Path, stream: bool) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [case_row(1)])
    cell = b'<c r="H2" t="inlineStr"><is><t>\xe7\x89\xa9_xD83D_\xe4\xb8\x9a_x000D_</t></is></c>'
    rewrite(path, SHEET, set_cell("H2", cell))
    [record] = Register(path, stream=stream).records()
    assert record.ok and record.values["反映问题"] == "物_xD83D_业"


def test_validate_with_a_lone_surrogate_in_the_header_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [case_row(1)], title_rows=[["台账", "说明"]])
    rewrite(path, SHEET, set_cell("A1", b'<c r="A1" t="inlineStr"><is><t>_xD83D_\xe5\x8f\xb0\xe8\xb4\xa6</t></is></c>'))
    result = run("validate", path, "--header-row", "1")
    assert result.exit_code == 2, result.output
    assert "第 1 行看起来不是表头，这一行是：「_xD83D_台账」「说明」" in result.output


def test_a_date_in_year_9999_is_a_problem_at_its_cell(tmp_path: Path) -> None:
    """9999-12-31 used to overflow the deadline arithmetic of validate, due, merge and report."""
    from docgen.config import Config
    from docgen.petition.validate import validate

    rows = [[*case_row(1, 登记日期=dt.datetime(9999, 12, 31)), None], [*case_row(2), None]]
    path = write_xlsx(tmp_path / "台账.xlsx", rows, header=[*HEADER, "办结日期"])
    problems = validate(Register(path), config=Config(), as_of=dt.date(2025, 12, 31))
    assert [(p.where.row, p.where.column, p.message, p.value) for p in problems if p.where.column == "B"] == [
        (2, "B", "日期的年份 9999 不合理", "9999年12月31日")
    ]
    result = run("due", path, "--as-of", "2025-12-31")
    assert result.exit_code == 0, result.output  # the other case is listed
    assert "单元格 B2（登记日期）：日期的年份 9999 不合理（值：「9999年12月31日」）" in result.output
    assert "请核对年份：台账中的日期应在 1900–2100 年之间" in result.output


def test_a_number_in_a_date_formatted_cell_is_read_as_the_date_it_spells(tmp_path: Path) -> None:
    """20250305 in a cell formatted as a date (Excel shows ####) used to crash every command."""
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "台账.xlsx", [case_row(1, 登记日期=20250305), case_row(2, 登记日期=99999999)])
    book = load_workbook(path)
    for row in (2, 3):
        book.active.cell(row, 2).number_format = "yyyy-mm-dd"
    book.save(path)
    for stream in (False, True):
        first, second = Register(path, stream=stream).records()
        assert first.ok and first.values["登记日期"] == dt.date(2025, 3, 5)
        assert [(p.where.column, p.message) for p in second.problems] == [("B", "不是日期")]


def test_the_streamed_reader_reads_shared_strings_only_as_far_as_the_rows_read(tmp_path: Path) -> None:
    """`fields` and `--rows 2-3` on a big register need the header's strings, not the whole table."""
    strings = ["信访编号", "信访人", *(f"XF-{i}" for i in range(20_000))]
    rows = b"".join(f'<row r="{i}"><c r="A{i}" t="s"><v>{i}</v></c></row>'.encode() for i in range(2, 20_002))
    book = Register(with_shared_strings(tmp_path / "r.xlsx", strings, HEADER_CELLS + rows), stream=True)
    first = next(book.records(stop_after=3))
    assert (first.row, first.values["信访编号"]) == (2, "XF-0")
    assert len(book.source.book.strings) < 100
    assert [r.values["信访编号"] for r in book.records()][-1] == "XF-19999"
    assert len(book.source.book.strings) == 20_002
