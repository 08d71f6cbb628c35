"""The per-column converters give exactly what the general cell rule gives, for any cell value."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.errors import CellError
from docgen.register.cells import converter, typed_cell
from docgen.register.kinds import COERCERS, COUNT, DATE, ID, PHONE

KINDS = [None, ID, PHONE, COUNT, DATE]
# Cells as calamine, the streamed reader and a .csv give them, and the hostile ones.
EDGE_CELLS = [
    None, "", " ", "\u3000", "\n", "\x01", "a\x0bb", " 张三 ", "１２３", "340111199001011234 ",
    "3401 1119 9001 0112 3x",
    "13812345678", "2025-03-05", "2025-02-30", "1899-12-31", "2101-01-01", "２０２５-03-05", "2025-3-5", "2025年3月5日",
    "2025-03-05 09:30", "20250305", "5人", " 5 ", "٥", "2025-0３-05", "abcd-ef-gh",
    0, 1, 5, -3, True, False, 20250305, 45000, 3.0, 2.5, 13812345678.0, 3.4e17,
    math.inf, -math.inf, math.nan, 1e300,
    dt.date(2025, 3, 5), dt.date(1800, 1, 1), dt.date(2200, 1, 1), dt.date(1900, 1, 1), dt.date(2100, 12, 31),
    dt.datetime(2025, 3, 5), dt.datetime(2025, 3, 5, 9, 30), dt.datetime(1850, 1, 1), dt.time(9, 30),
]  # fmt: skip


def outcome(function, value):
    """What a conversion gives: ("ok", value and its type) or ("error", the message)."""
    try:
        result = function(value)
    except CellError as exc:
        return ("error", exc.message)
    return ("ok", type(result), result)


def general(kind):
    coerce = COERCERS.get(kind or "")
    if coerce is None:
        from docgen.values import to_value as coerce
    return lambda value: typed_cell(coerce, value)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("value", EDGE_CELLS, ids=repr)
def test_converter_equals_the_general_rule_on_edge_cells(kind, value):
    assert outcome(converter(kind), value) == outcome(general(kind), value)


CELLS = st.one_of(
    st.none(),
    st.text(max_size=24),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z"),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


@given(st.sampled_from(KINDS), CELLS)
def test_converter_equals_the_general_rule(kind, value):
    assert outcome(converter(kind), value) == outcome(general(kind), value)


@pytest.mark.parametrize("stream", [False, True], ids=["calamine", "streamed"])
def test_rows_typed_together_or_one_by_one_read_the_same(tmp_path, stream) -> None:
    """Plain columns of printable text are typed in one go; a number, an empty cell, a control
    character or an unreadable cell elsewhere sends the row through the cell-by-cell rule."""
    from conftest import HEADER, case_row, write_xlsx

    from docgen.register import Register

    rows = [
        case_row(1, 诉求=" 退还 "),
        case_row(2, 诉求=12.0),  # a number in a plain column
        case_row(3, 诉求=None, 责任单位="县\r\n住建局"),  # an empty cell and a Windows line break
        case_row(4, 人数="三人"),  # unreadable: the row keeps its other values
        case_row(5, 信访人="  "),  # required column blank
    ]
    book = Register(write_xlsx(tmp_path / "r.xlsx", rows), stream=stream)
    records = list(book.records())
    assert [list(r.values) for r in records] == [HEADER] * 5
    assert [r.values["诉求"] for r in records[:3]] == ["退还", 12, ""]
    assert records[2].values["责任单位"] == "县\n住建局"
    assert records[3].values["人数"] == "" and records[3].values["信访人"] == "张三"
    assert [p.message for p in records[3].problems] == ["应是整数"]
    assert [p.message for p in records[4].problems] == ["必填列「信访人」为空"]
    assert all(not r.problems for r in records[:3])
    assert records[0].values["登记日期"] == dt.date(2025, 3, 2)


NAMES = ["编号", "登记日期", "信访人", "身份证号", "联系电话", "人数", "办结日期", "备注"]
KINDS_OF = {"登记日期": DATE, "身份证号": ID, "联系电话": PHONE, "人数": COUNT, "办结日期": DATE}


@given(st.lists(st.lists(st.one_of(CELLS, st.sampled_from(EDGE_CELLS)), min_size=8, max_size=8), max_size=6))
def test_a_row_typed_at_once_equals_each_cell_typed(rows) -> None:
    """RowTyping (text in one go, dates remembered across rows) gives each cell's own result, in order."""
    from docgen.register.cells import RowTyping

    typing = RowTyping(NAMES, KINDS_OF)
    for row in rows * 2:  # the second time, dates come from what was remembered
        each = [outcome(general(KINDS_OF.get(name)), value) for name, value in zip(NAMES, row)]
        if any(result[0] == "error" for result in each):
            with pytest.raises(CellError):
                typing(row)
            continue
        values = typing(row)
        assert list(values) == NAMES
        assert [("ok", type(v), v) for v in values.values()] == each
