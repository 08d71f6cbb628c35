"""Property-based tests on hostile registers and name patterns: a clear message, never an internal error.

CI runs a bounded profile (about 200 examples in all); `HYPOTHESIS_PROFILE=long pytest tests/test_fuzz.py`
runs many more locally.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_template
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from docgen.cli import cli
from docgen.config import Config
from docgen.errors import DocgenError
from docgen.outputs.naming import NamePattern, safe_component
from docgen.pipeline import merge
from docgen.register import Register

settings.register_profile(
    "ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile("long", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
SMALL = settings(max_examples=settings().max_examples // 2)  # the slow ones (each writes documents)

KNOWN = ["信访编号", "信访人", "登记日期", "责任单位", "反映问题", "人数", "办结日期", "联系电话", "身份证号"]
WEIRD_TEXT = st.one_of(
    st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8", exclude_categories=("Cs",)),
            st.sampled_from(["\u202e", "\u200b", "\ufeff", "\x00", "\x07", "\r", "\n", "😀", "𠀀", "=", "张"]),
        ),
        max_size=12,
    ),
    st.sampled_from(["#N/A", "=SUM(A1:A2)", "TRUE", "  ", "XF2025-001", "张三"]),
)
HEADERS = st.lists(st.one_of(st.sampled_from(KNOWN), st.just(""), WEIRD_TEXT), min_size=1, max_size=6)
CELLS = st.one_of(
    st.none(),
    WEIRD_TEXT,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from(["=1/0", "=NA()", "#N/A", "#VALUE!", "2025-02-30", "20250305", "9999-12-31", "１２３"]),
)
ROWS = st.lists(st.lists(CELLS, min_size=1, max_size=6), max_size=5)


def clean(value: object) -> object:
    """What openpyxl can write: it refuses control characters in strings (that is a malformed-xlsx case)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def xlsx(folder: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append([clean(h) for h in header])
    for row in rows:
        sheet.append([clean(v) for v in row])
    path = folder / "台账.xlsx"
    book.save(path)
    return path


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "big5", "latin-1"])


@st.composite
def csv_bytes(draw) -> bytes:
    header = draw(HEADERS)
    rows = draw(st.lists(st.lists(WEIRD_TEXT, min_size=1, max_size=6), max_size=4))
    text = "\n".join(",".join(cells) for cells in [header, *rows])
    data = text.encode(draw(ENCODINGS), errors="replace")
    if draw(st.booleans()):
        at = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:at] + b"\x00" + data[at:]
    return data


def assert_clean_exit(result) -> None:
    """Exit 0, 1 or 2 with a message; never 70, never a traceback."""
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output and "内部出错" not in result.output
    if result.exit_code == 2:
        assert "错误" in result.output or "Error" in result.output


def folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="docgen-fuzz-"))


@given(header=HEADERS, rows=ROWS)
def test_register_reader_gives_records_or_a_docgen_error(header, rows) -> None:
    path = xlsx(folder(), header, rows)
    try:
        book = Register(path, Config().register)
        records = list(book.records())
    except DocgenError as error:
        assert str(error)
        return
    assert all(r.row > 1 for r in records)
    assert all(p.where.row == r.row for r in records for p in r.problems if p.where.row is not None)


@given(header=HEADERS, rows=ROWS)
def test_validate_never_fails_internally_on_an_xlsx(header, rows) -> None:
    path = xlsx(folder(), header, rows)
    assert_clean_exit(CliRunner().invoke(cli, ["validate", str(path)]))


@given(data=csv_bytes())
def test_validate_never_fails_internally_on_csv_bytes(data) -> None:
    path = folder() / "台账.csv"
    path.write_bytes(data)
    assert_clean_exit(CliRunner().invoke(cli, ["validate", str(path)]))


TEMPLATE = None


def template() -> Path:
    global TEMPLATE
    if TEMPLATE is None:
        TEMPLATE = write_template(folder() / "告知书.docx", ["{{ 信访人 }}：", "{{ 信访编号 }}"])
    return TEMPLATE


@SMALL
@given(rows=ROWS, names=st.sampled_from(["{信访编号}-{信访人}.docx", "{信访人}/{信访编号}.docx", "{信访人}.docx"]))
def test_merge_makes_a_document_or_reports_a_problem_for_every_row(rows, names) -> None:
    base = folder()
    path = xlsx(base, ["信访编号", "信访人", "登记日期"], rows)
    try:
        expected = len(list(Register(path, Config().register).records()))
        result = merge(path, template(), base / "out", name=names, jobs=1)
    except DocgenError as error:
        assert str(error)
        return
    assert len(result.written) + result.error_rows >= expected
    assert all(p.exists() and p.is_relative_to(base / "out") for p in result.written)


@SMALL
@given(rows=ROWS)
def test_merge_command_exits_cleanly(rows) -> None:
    base = folder()
    path = xlsx(base, ["信访编号", "信访人", "登记日期", "责任单位"], rows)
    result = CliRunner().invoke(
        cli, ["merge", str(path), str(template()), "-o", str(base / "out"), "--name", "{责任单位}/{信访人}.docx"]
    )
    assert_clean_exit(result)


@given(pattern=st.text(max_size=30), value=WEIRD_TEXT)
def test_name_pattern_is_refused_up_front_or_names_a_file_inside(pattern, value) -> None:
    try:
        names = NamePattern(pattern)
    except DocgenError as error:
        assert str(error)
        return
    assume(all(field.isidentifier() or field for field in names.fields))
    try:
        name = names.name(dict.fromkeys(names.fields, value))
    except DocgenError as error:  # a field the values lack: caught up front by merge's own check
        assert str(error)
        return
    parts = name.split("/")
    assert all(part == safe_component(part) and part not in ("", ".", "..") for part in parts)
    assert all(len(part.encode("utf-8")) <= 200 for part in parts)
    assert not any(ch in name for ch in '\u202e\u200b\ufeff\x00\\:*?"<>|')
    assert name.endswith(".docx")


@pytest.mark.parametrize("pattern", ["{}", "{ }-{信访人}.docx", "{信访人}{}.docx"])
def test_an_empty_field_is_refused_by_the_pattern_itself(pattern) -> None:
    with pytest.raises(DocgenError, match="空的字段"):
        NamePattern(pattern)


def test_a_huge_number_in_a_date_column_is_a_row_problem(tmp_path: Path) -> None:
    """Found by the long profile: 1.7976931348623155e+308 is read back as inf; int(inf) overflows."""
    path = xlsx(tmp_path, ["", "登记日期", "信访编号"], [[None, 1.7976931348623155e308]])
    records = list(Register(path, Config().register).records())
    assert records and not records[0].ok
