"""docgen bulletin: the 督查通报 and 包案通报, hand-counted on a small register and read back from .docx and .xlsx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import read_docx, write_xlsx
from docx import Document
from openpyxl import load_workbook

from docgen.bulletins.build import OWNERSHIP, SUPERVISION, make_bulletin
from docgen.bulletins.ownership import LATE, RESOLVED, RUNNING
from docgen.cli import cli
from docgen.config import load_config
from docgen.ledger.store import Ledger, ledger_path
from docgen.official.checker import check
from docgen.register import Register

D = dt.date
HEADER = ["信访编号", "登记日期", "信访人", "问题类别", "受理情况", "受理日期", "责任单位", "办结日期",
          "包案领导", "定办结时间", "办案人员", "最新进展"]  # fmt: skip
# Excel rows 2–11. Deadlines (受理日期 + 60 days, calendar) worked out by hand:
#   XF-003: 2025-08-22 + 60 = 2025-10-21 (Tue); open on 2025-11-05 → 15 days overdue, across the month end.
#   XF-007: 2025-06-05 + 60 = 2025-08-04 (Mon); open on 2025-11-05 → 27 + 30 + 31 + 5 = 93 days overdue.
#   XF-009: 2025-07-02 + 60 = 2025-08-31 (Sun) → 2025-09-01 (Mon); finished 2025-09-10 → late.
ROWS = [
    ["XF-001", D(2025, 10, 9), "张三", "城乡建设", "受理", D(2025, 10, 10), "甲镇", D(2025, 10, 28),
     "张局长", None, "刘一", "已答复"],
    ["XF-002", D(2025, 10, 13), "李四", "劳动社保", "受理", D(2025, 10, 14), "甲镇", None,
     "张局长", D(2025, 10, 31), "刘一", "正在协调"],
    ["XF-003", D(2025, 8, 21), "王五", "城乡建设", "受理", D(2025, 8, 22), "乙局", None,
     "李主任", D(2025, 11, 30), "陈二", "已约谈"],
    ["XF-004", D(2025, 10, 15), "赵六", "环境保护", "受理", D(2025, 10, 16), "乙局", D(2025, 10, 30),
     None, None, None, None],
    ["XF-005", D(2025, 10, 20), "钱七", "环境保护", "受理", D(2025, 10, 21), "丙办", D(2025, 10, 31),
     None, None, None, None],
    ["XF-006", D(2025, 10, 22), "孙八", "其他", None, None, None, None, None, None, None, None],
    ["XF-007", D(2025, 6, 2), "周九", "农村农业", "受理", D(2025, 6, 5), "丙办", None,
     "李主任", D(2025, 9, 30), "陈二", "待复核"],
    ["XF-008", D(2025, 10, 2), "吴十", "城乡建设", "受理", D(2025, 10, 9), "戊镇", D(2025, 10, 20),
     None, None, None, None],
    ["XF-009", D(2025, 7, 1), "郑一", "劳动社保", "受理", D(2025, 7, 2), "甲镇", D(2025, 9, 10),
     None, None, None, None],
]  # fmt: skip
AS_OF = "2025-11-05"
CONFIG = """
[organ]
name = "某县信访局"
short_name = "某信"

[bulletin]
units = ["甲镇", "乙局", "丙办", "丁局"]
copies_to = "县委办公室，县政府办公室"
praise_min_rate = 95
criticise_overdue_days = 30
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_xlsx(tmp_path / "台账.xlsx", ROWS, header=HEADER)
    (tmp_path / "docgen.toml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _bulletin(folder: Path, period: str, kind: str = SUPERVISION):
    from docgen.petition.periods import parse_period

    config = load_config(folder / "docgen.toml")
    book = Register(folder / "台账.xlsx", config.register)
    return make_bulletin(book, config, kind, parse_period(period), as_of=D(2025, 11, 5))


def test_unit_figures_for_a_month_hand_counted(folder: Path):
    figures = _bulletin(folder, "2025-10").figures
    by_unit = {u.unit: u for u in figures.units}
    assert list(by_unit) == ["甲镇", "戊镇", "丁局", "乙局", "丙办"]  # ranked; config order breaks ties
    a, e, d, b, c = (by_unit[n] for n in ("甲镇", "戊镇", "丁局", "乙局", "丙办"))
    assert (a.received, a.closed, a.on_time, a.open) == ([2, 3], [2], [2], [3])
    assert (b.received, b.closed, b.open) == ([5], [5], [4])  # XF-003 is from August but still open
    assert [(o.number, o.late_days, o.deadline) for o in b.overdue] == [("XF-003", 15, D(2025, 10, 21))]
    assert [(o.number, o.late_days, o.deadline) for o in c.overdue] == [("XF-007", 93, D(2025, 8, 4))]
    assert (d.received, d.open, d.overdue, d.rate.text()) == ([], [], [], "—")  # a unit with no case
    assert (a.rank, e.rank, d.rank, b.rank, c.rank) == (1, 1, 3, 4, 5)  # 甲镇 and 戊镇 tie
    assert [u.unit for u in figures.praised] == ["甲镇", "戊镇"]
    assert [(u.unit, u.criticised) for u in figures.criticised] == [("丙办", ["有信访事项超期93日未办结"])]
    assert figures.unassigned == [7]  # XF-006: not yet accepted, no unit
    total = figures.totals()
    assert (len(total.received), len(total.closed), len(total.on_time), len(total.open), len(total.overdue)) == (
        5, 4, 4, 3, 2,
    )  # fmt: skip


def test_rate_of_a_quarter_counts_late_and_overdue_cases(folder: Path):
    by_unit = {u.unit: u for u in _bulletin(folder, "2025Q3").figures.units}
    assert (by_unit["甲镇"].received, by_unit["甲镇"].on_time, by_unit["甲镇"].rate.text()) == ([10], [], "0.0%")
    assert (by_unit["乙局"].received, by_unit["乙局"].rate.text()) == ([4], "0.0%")  # overdue: due, not done
    assert by_unit["丙办"].received == []  # XF-007 was registered in June


def test_ownership_by_leader_late_first(folder: Path):
    figures = _bulletin(folder, "2025Q4", OWNERSHIP).figures
    assert [x.name for x in figures.leaders] == ["张局长", "李主任"]
    zhang, li = figures.leaders
    assert [(c.number, c.state, c.days_left) for c in zhang.cases] == [("XF-002", LATE, -5), ("XF-001", RESOLVED, None)]
    assert [(c.number, c.state, c.days_left) for c in li.cases] == [("XF-007", LATE, -36), ("XF-003", RUNNING, 25)]
    assert (zhang.rate.text(), li.rate.text(), figures.total.text()) == ("50.0%", "0.0%", "25.0%")
    assert [c.number for c in figures.late] == ["XF-007", "XF-002"]
    assert figures.without_leader == 5


def _table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_cli_supervision_document_and_workbook(folder: Path):
    ledger = Ledger(ledger_path(load_config(folder / "docgen.toml"), folder / "台账.xlsx"))
    ledger.allocate("XF-003", "督办函", D(2025, 10, 25))
    ledger.allocate("XF-007", "督办函", D(2025, 11, 10))  # after the day looked at: not counted
    ledger.close()
    args = ["bulletin", "台账.xlsx", "--period", "2025-10", "--as-of", AS_OF, "--date", "2025-11-06"]
    result = CliRunner().invoke(cli, [*args, "-o", "通报.docx", "--xlsx", "通报.xlsx"])
    assert result.exit_code == 0, result.output
    assert "5 个单位，收件 5 件，按期办结率 100.0%，超期 2 件；表扬 2 个，通报批评 1 个。" in result.output
    doc = read_docx(folder / "通报.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert text.startswith("某信督通〔2025〕1号\n关于2025年10月\n信访事项办理情况的通报")
    assert "主送" not in text and "各乡镇人民政府，县直各单位：" in text
    assert (
        "各单位共登记信访事项5件，已办结4件，其中按期办结4件，按期办结率100.0%。截至2025年11月5日，仍在办理3件，其中超过办理期限2件。另有1件尚未明确责任单位"
        in text
    )
    assert "甲镇、戊镇2025年10月信访事项按期办结率高、无超期事项，予以通报表扬。" in text
    assert "丙办（有信访事项超期93日未办结），予以通报批评" in text
    assert "特此通报。" in text and text.rstrip().endswith("2025年11月6日")
    units, overdue = (_table_rows(t) for t in doc.tables[:2])
    assert units[1] == ["1", "甲镇", "2", "1", "1", "100.0%", "1", "0", "—", "0"]
    assert units[4] == ["4", "乙局", "1", "1", "1", "100.0%", "1", "1", "15", "1"]  # one 督办函 by 11-05
    assert units[-1] == ["", "合计", "5", "4", "4", "100.0%", "3", "2", "93", "1"]
    assert overdue[1:] == [
        ["1", "XF-007", "周*", "农村农业", "丙办", "2025年8月4日", "93"],
        ["2", "XF-003", "王*", "城乡建设", "乙局", "2025年10月21日", "15"],
    ]
    closing = _table_rows(doc.tables[-1])
    assert closing == [["抄送：县委办公室，县政府办公室。"], ["某县信访局\t2025年11月6日印发"]]
    book = load_workbook(folder / "通报.xlsx")
    assert [c.value for c in book["单位情况"][2]] == [1, "甲镇", 2, 1, 1, "100.0%", 1, 0, "—", 0]
    detail = [tuple(c.value for c in row) for row in book["统计明细"].iter_rows(min_row=2)]
    assert ("乙局", "超期", 4) in detail and ("乙局", "督办函", "某信督〔2025〕1号") in detail
    assert sum(1 for unit, item, _ in detail if item == "本期收件") == 5
    with Ledger(ledger_path(load_config(folder / "docgen.toml"), folder / "台账.xlsx")) as ledger:
        entry = ledger.lookup("督查通报:2025年10月", "督查通报")
    assert entry is not None and entry.number == "某信督通〔2025〕1号" and entry.sha256


def test_cli_ownership_document(folder: Path):
    args = ["bulletin", "台账.xlsx", "--period", "2025Q4", "--kind", "包案", "--as-of", AS_OF, "--date", "2025-11-06"]
    result = CliRunner().invoke(cli, [*args, "-o", "包案.docx", "--xlsx", "包案.xlsx"])
    assert result.exit_code == 0, result.output
    assert "包案领导 2 名，包案 4 件，化解 1 件（25.0%），超过定办结时间 2 件。" in result.output
    doc = read_docx(folder / "包案.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "领导包案信访事项共4件，已化解1件，化解率25.0%；超过定办结时间仍未化解2件。" in text
    assert "（一）张局长：包案2件，化解1件，化解率50.0%" in text
    assert "另有5件信访事项未明确包案领导，不在本通报范围内。" in text
    late = _table_rows(doc.tables[0])
    assert late[0] == [
        "包案领导",
        "信访编号",
        "信访人",
        "办案单位",
        "办案人员",
        "定办结时间",
        "状态",
        "剩余天数",
        "最新进展",
    ]
    assert [r[1] for r in late[1:]] == ["XF-007", "XF-002"] and late[1][7] == "-36"
    book = load_workbook(folder / "包案.xlsx")
    assert [c.value for c in book["包案领导"][4]] == ["合计", 4, 1, "25.0%", 2]


def test_missing_ownership_columns_are_left_out_and_said(folder: Path):
    rows = [r[:9] for r in ROWS]
    write_xlsx(folder / "台账2.xlsx", rows, header=HEADER[:9])
    args = ["bulletin", "台账2.xlsx", "--period", "2025Q4", "--kind", "包案", "--as-of", AS_OF, "-o", "包案2.docx"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    doc = read_docx(folder / "包案2.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "台账中没有办案人员、定办结时间、最新进展列，表中不列这些栏目。" in text
    assert _table_rows(doc.tables[0])[0] == ["信访编号", "信访人", "办案单位", "状态"]  # 办案单位 = 责任单位


def test_no_leader_column_is_refused(folder: Path):
    write_xlsx(folder / "台账3.xlsx", [r[:8] for r in ROWS], header=HEADER[:8])
    result = CliRunner().invoke(cli, ["bulletin", "台账3.xlsx", "--period", "2025Q4", "--kind", "包案"])
    assert result.exit_code == 2
    assert "错误：台账中没有「包案领导」列，无法生成包案通报" in result.output


def test_outputs_pass_the_format_check_and_never_overwrite(folder: Path):
    args = ["bulletin", "台账.xlsx", "--period", "2025-10", "--as-of", AS_OF, "-o", "通报.docx"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    number = Document(folder / "通报.docx").paragraphs[0].text
    report = check(folder / "通报.docx")
    assert report.profile == "公文" and report.ok, report.deviations
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 2 and "通报.docx 已存在，未覆盖" in again.output
    assert CliRunner().invoke(cli, [*args, "--force"]).exit_code == 0
    assert Document(folder / "通报.docx").paragraphs[0].text == number  # the same bulletin keeps its number


def test_bad_bulletin_settings_are_explained(folder: Path):
    (folder / "docgen.toml").write_text("[bulletin]\npraise_min_rate = 120\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["bulletin", "台账.xlsx", "--period", "2025-10"])
    assert result.exit_code == 2
    assert "[bulletin] praise_min_rate 应是 0 到 100 之间的百分数（现为 120）" in result.output
