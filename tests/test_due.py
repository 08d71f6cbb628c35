"""`docgen due`: overdue and due-soon cases by unit, the workbook, and 督办函 letters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import all_text, read_docx, write_template, write_xlsx
from docx.oxml.ns import qn
from openpyxl import load_workbook

from docgen.cli import cli
from docgen.config import Config
from docgen.due import DueItem, group_by_unit, select_due
from docgen.due.letter import write_plain_template
from docgen.errors import Location, Problem
from docgen.ledger.store import Ledger
from docgen.register import Record

D = dt.date
AS_OF = D(2025, 5, 5)
HEADER = [
    "信访编号",
    "登记日期",
    "信访人",
    "受理情况",
    "受理日期",
    "责任单位",
    "是否延期",
    "延期天数",
    "办结日期",
    "反映问题",
]


def case(number: str, registered: dt.date, name: str, accepted=None, unit=None, **values) -> dict[str, object]:
    base = {
        "信访编号": number,
        "登记日期": registered,
        "信访人": name,
        "受理情况": "受理" if accepted else "",
        "受理日期": accepted or "",
        "责任单位": unit or "",
        "是否延期": "",
        "延期天数": "",
        "办结日期": "",
        "反映问题": "工地拖欠工资",
    }
    base.update(values)
    return base


# Hand-computed as of Mon 2025-05-05 (inside the May 1–5 holiday):
CASES = {
    2: case("XF-2", D(2025, 3, 1), "张三", D(2025, 3, 10), "县住建局"),  # Mar 10 + 60 = Fri May 9: 4 days left
    3: case("XF-3", D(2025, 4, 20), "李四"),  # Apr 20 + 15 = May 5, a holiday → Tue May 6: 1 day left
    4: case("XF-4", D(2025, 2, 10), "王五", D(2025, 2, 20), "县住建局"),  # Feb 20 + 60 = Mon Apr 21: 14 days late
    5: case("XF-5", D(2025, 2, 10), "赵六", D(2025, 2, 20), "县住建局", 办结日期=D(2025, 4, 1)),  # finished
    6: case("XF-6", D(2025, 3, 10), "孙七", D(2025, 3, 17), "县教育局"),  # Mar 17 + 60 = Fri May 16: 11 days left
    7: case("XF-7", D(2025, 2, 1), "周八", D(2025, 2, 5), None, 受理情况="不予受理"),  # refused: closed
    8: case("XF-8", D(2025, 2, 1), "吴九", D(2025, 2, 5), "县教育局", 是否延期="是", 延期天数=45),  # bad extension
    9: case("XF-9", D(2025, 1, 6), "郑十", D(2025, 1, 8), "县教育局", 是否延期="是", 延期天数=30),
    # Jan 8 + 60 = Sun Mar 9 → Mon Mar 10; + 30 = Wed Apr 9: 26 days late
}


def locate(row: int | None, name: str | None) -> Location:
    letter = chr(ord("A") + HEADER.index(name)) if name in HEADER else None
    return Location(row=row, column=letter, header=name)


def records() -> list[Record]:
    found = [Record(row=row, values=dict(values)) for row, values in CASES.items()]
    unreadable = Record(row=10, values=case("XF-10", D(2025, 1, 6), "钱一", "", "县教育局"))
    unreadable.problems.append(Problem(locate(10, "受理日期"), "无法识别的日期", value="2025-02-30"))
    return [*found, unreadable]


def test_selection_lists_overdue_and_due_soon_cases_soonest_first():
    due = select_due(records(), config=Config(), as_of=AS_OF, within=7, locate=locate)
    assert [(i.row, i.stage, i.deadline, i.remaining) for i in due.items] == [
        (9, "办理", D(2025, 4, 9), -26),
        (4, "办理", D(2025, 4, 21), -14),
        (3, "受理", D(2025, 5, 6), 1),
        (2, "办理", D(2025, 5, 9), 4),
    ]
    assert [i.row for i in due.overdue] == [9, 4]
    assert [i.row for i in due.soon] == [3, 2]
    assert due.items[0].late_days == 26 and due.items[2].late_days == 0


def test_rows_that_cannot_be_judged_are_reported_not_guessed():
    due = select_due(records(), config=Config(), as_of=AS_OF, within=7, locate=locate)
    assert sorted(p.where.row for p in due.problems) == [8, 10]
    bad_extension = next(p for p in due.problems if p.where.row == 8)
    assert "无法判断XF-8是否超期" in bad_extension.message and "30" in bad_extension.message


def test_within_is_inclusive():
    def rows(within: int) -> list[int]:
        due = select_due(records(), config=Config(), as_of=AS_OF, within=within, locate=locate)
        return [item.row for item in due.items]

    assert 6 not in rows(10)
    assert 6 in rows(11)
    assert rows(0) == [9, 4]


def test_unknown_calendar_year_matters_only_when_the_case_could_be_due():
    # Accepted Nov 5, 2026: the deadline is Jan 4, 2027 at the earliest, 43 days after Nov 22.
    recent = [Record(row=2, values=case("XF-1", D(2026, 11, 2), "张三", D(2026, 11, 5), "县教育局"))]
    quiet = select_due(recent, config=Config(), as_of=D(2026, 11, 22), within=7, locate=locate)
    assert (quiet.items, quiet.problems) == ([], [])
    wide = select_due(recent, config=Config(), as_of=D(2026, 11, 22), within=60, locate=locate)
    assert wide.items == [] and "2027" in wide.problems[0].message


def test_grouping_puts_units_with_most_overdue_cases_first():
    due = select_due(records(), config=Config(), as_of=AS_OF, within=30, locate=locate)
    groups = group_by_unit(due.items)
    assert list(groups) == ["县教育局", "县住建局", "（未填责任单位）"]
    assert [i.row for i in groups["县住建局"]] == [4, 2]
    assert [i.row for i in groups["县教育局"]] == [9, 6]


def test_due_item_properties():
    item = DueItem(row=5, number="X", petitioner="Y", unit="Z", stage="办理", deadline=D(2025, 5, 1), remaining=0)
    assert not item.overdue and item.late_days == 0


# -- the command on a real register -------------------------------------------------------------
@pytest.fixture
def register(tmp_path: Path) -> Path:
    rows = [[values[h] or None for h in HEADER] for values in CASES.values()]
    return write_xlsx(tmp_path / "台账.xlsx", rows, header=HEADER)


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_cli_prints_cases_by_unit(register: Path):
    result = run("due", register, "--as-of", "2025-05-05")
    assert result.exit_code == 0, result.output
    assert "截至 2025年5月5日：已超期 2 件，7 日内到期 2 件，涉及 3 个责任单位" in result.output
    assert "县住建局（超期 1 件，即将到期 1 件）" in result.output
    assert "超期 14 天" in result.output and "还剩 4 天" in result.output
    assert "XF-6" not in result.output
    assert "XF-8" in result.output  # named among the rows that could not be judged


def test_cli_writes_the_list_as_a_workbook(register: Path, tmp_path: Path):
    target = tmp_path / "清单.xlsx"
    result = run("due", register, "--as-of", "2025-05-05", "--within", "11", "--xlsx", target)
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    rows = list(book["到期提醒"].iter_rows(values_only=True))
    assert rows[0][:4] == ("责任单位", "信访编号", "信访人", "台账行号")
    assert [(r[0], r[1], r[6], r[8]) for r in rows[1:]] == [
        ("县教育局", "XF-9", -26, "已超期"),
        ("县教育局", "XF-6", 11, "即将到期"),
        ("县住建局", "XF-4", -14, "已超期"),
        ("县住建局", "XF-2", 4, "即将到期"),
        ("（未填责任单位）", "XF-3", 1, "即将到期"),
    ]
    summary = list(book["按单位汇总"].iter_rows(values_only=True))
    assert summary[-1] == ("合计", 2, 3, 5)
    assert run("due", register, "--as-of", "2025-05-05", "--xlsx", target).exit_code == 2  # never overwrites


def test_cli_writes_a_plain_letter_for_each_overdue_case(register: Path, tmp_path: Path):
    out = tmp_path / "督办函"
    result = run("due", register, "--as-of", "2025-05-05", "--letters", out, "--plain")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.glob("*.docx"))
    assert names == ["XF-4-王五-督办函.docx", "XF-9-郑十-督办函.docx"]
    text = all_text(out / "XF-4-王五-督办函.docx").strip()
    assert "县住建局：" in text
    assert "2025年2月10日登记的王五信访事项（编号：XF-4），反映工地拖欠工资" in text
    assert "办理期限已于2025年4月21日届满，至今已超过期限14日" in text
    assert "2025年5月5日" in text  # dated as of the list unless --date says otherwise
    assert "简易督办函" in result.output


def test_plain_template_sets_the_east_asian_font_on_every_run(tmp_path: Path):
    path = write_plain_template(tmp_path / "督办函.docx", ["信访编号", "信访人", "责任单位"], Config())
    document = read_docx(path)
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    assert runs
    for item in runs:
        fonts = item._element.rPr.find(qn("w:rFonts"))
        assert fonts is not None and fonts.get(qn("w:eastAsia")) in ("仿宋_GB2312", "方正小标宋简体"), item.text
    text = "\n".join(p.text for p in document.paragraphs)
    assert "{{ 责任单位 }}：" in text and "{{ 登记日期 }}" not in text and "{{ 反映问题 }}" not in text


def test_cli_uses_the_official_template_beside_the_config(register: Path, tmp_path: Path):
    folder = tmp_path / "office"
    (folder / "templates").mkdir(parents=True)
    (folder / "docgen.toml").write_text('[organ]\nname = "某某县信访局"\n', encoding="utf-8")
    write_template(folder / "templates" / "督办函.docx", ["正式督办函 {{ 信访编号 }} {{ 发文机关 }} {{ 超期天数 }}"])
    out = tmp_path / "letters"
    result = run("due", register, "--as-of", "2025-05-05", "--letters", out, "--config", folder / "docgen.toml")
    assert result.exit_code == 0, result.output
    assert "正式督办函 XF-4 某某县信访局 14" in all_text(out / "XF-4-王五-督办函.docx")
    assert "模板 督办函.docx" in result.output


def test_cli_letters_with_nothing_overdue(register: Path, tmp_path: Path):
    result = run("due", register, "--as-of", "2025-03-01", "--letters", tmp_path / "none")
    assert result.exit_code == 0, result.output
    assert "没有超期事项，未生成督办函" in result.output
    assert not (tmp_path / "none").exists()


def test_cli_official_template_with_a_document_number(register: Path, tmp_path: Path):
    folder = tmp_path / "office"
    (folder / "templates").mkdir(parents=True)
    (folder / "docgen.toml").write_text('[organ]\nshort_name = "某信"\n', encoding="utf-8")
    write_template(folder / "templates" / "督办函.docx", ["{{ 文号 }} {{ 信访编号 }}"])
    out = tmp_path / "letters"
    result = run("due", register, "--as-of", "2025-05-05", "--letters", out, "--config", folder / "docgen.toml")
    assert result.exit_code == 0, result.output
    assert "某信督〔2025〕1号 XF-4" in all_text(out / "XF-4-王五-督办函.docx")  # the letter is dated --as-of
    assert (folder / "发文登记.sqlite").exists()


def test_cli_official_template_that_does_not_fit_suggests_the_plain_letter(register: Path, tmp_path: Path):
    folder = tmp_path / "office"
    (folder / "templates").mkdir(parents=True)
    (folder / "docgen.toml").write_text("", encoding="utf-8")
    write_template(folder / "templates" / "督办函.docx", ["{{ 督办文号 }} {{ 信访编号 }}"])
    out = tmp_path / "letters"
    result = run("due", register, "--as-of", "2025-05-05", "--letters", out, "--config", folder / "docgen.toml")
    assert result.exit_code == 2
    assert "督办文号" in result.output and "--plain" in result.output
    assert not list(out.glob("*.docx"))


def test_a_second_round_of_letters_a_month_later_takes_new_numbers(register: Path, tmp_path: Path):
    folder = tmp_path / "office"
    (folder / "templates").mkdir(parents=True)
    (folder / "docgen.toml").write_text('[organ]\nshort_name = "某信"\n', encoding="utf-8")
    write_template(folder / "templates" / "督办函.docx", ["{{ 文号 }} {{ 信访编号 }} {{ 成文日期 }}"])
    out, config = tmp_path / "letters", folder / "docgen.toml"
    first = run("due", register, "--as-of", "2025-05-05", "--letters", out, "--config", config)
    assert first.exit_code == 0, first.output
    again = run("due", register, "--as-of", "2025-05-05", "--letters", out, "--config", config, "--force")
    assert again.exit_code == 0, again.output
    assert all_text(out / "XF-4-王五-督办函.docx").strip() == "某信督〔2025〕1号 XF-4 2025年5月5日"  # the same round
    later = run("due", register, "--as-of", "2025-06-05", "--letters", out, "--config", config, "--force")
    assert later.exit_code == 0, later.output
    text = all_text(out / "XF-4-王五-督办函.docx").strip()
    assert text.startswith("某信督〔2025〕") and text.endswith("XF-4 2025年6月5日") and "〔2025〕1号" not in text
    with Ledger(folder / "发文登记.sqlite") as ledger:
        letters = [e for e in ledger.entries() if e.case_no == "XF-4"]
    assert [e.issued for e in letters] == [dt.date(2025, 5, 5), dt.date(2025, 6, 5)]
    assert all(e.status == "有效" and e.output for e in letters)
