"""`docgen validate`: every planted error found at its exact cell, nothing in a clean register."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLES, write_xlsx
from openpyxl import load_workbook

from docgen.cli import cli
from docgen.config import Config, load_config
from docgen.errors import OutputError
from docgen.petition.validate import check_values, validate
from docgen.register import Register
from docgen.register.annotate import PROBLEM_SHEET, write_report
from docgen.register.identity import check_id_number, check_phone

D = dt.date
AS_OF = D(2025, 12, 31)
HEADER = [
    "信访编号",  # A
    "登记日期",  # B
    "信访形式",  # C
    "信访人",  # D
    "性别",  # E
    "身份证号",  # F
    "联系电话",  # G
    "人数",  # H
    "问题类别",  # I
    "受理情况",  # J
    "受理日期",  # K
    "责任单位",  # L
    "是否延期",  # M
    "延期天数",  # N
    "办结日期",  # O
    "处理结论",  # P
    "答复日期",  # Q
    "满意度",  # R
]
LISTS = """
[lists]
"信访形式" = ["来信", "来访", "网上信访", "电话"]
"满意度" = ["满意", "基本满意", "不满意"]
"问题类别" = ["城乡建设", "劳动社保", "国土资源", "农村农业", "卫生健康", "教育", "政法", "环境保护", "民政"]
"""


def make_id(birth: str, sequence: str = "123", area: str = "341122") -> str:
    """An 18-digit ID number with its GB 11643 check character (computed here independently)."""
    body = area + birth + sequence
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


MALE = make_id("19800512", "131")  # odd sequence digit: male
FEMALE = make_id("19850304", "222")


def row(number: str, **values: object) -> list[object]:
    """A finished, correct case; keyword arguments replace single cells."""
    case = {
        "信访编号": number,
        "登记日期": D(2025, 3, 3),
        "信访形式": "来信",
        "信访人": "张三",
        "性别": "男",
        "身份证号": MALE,
        "联系电话": "13812345678",
        "人数": 1,
        "问题类别": "城乡建设",
        "受理情况": "受理",
        "受理日期": D(2025, 3, 10),
        "责任单位": "县住房和城乡建设局",
        "是否延期": "否",
        "延期天数": None,
        "办结日期": D(2025, 4, 20),
        "处理结论": "予以支持",
        "答复日期": D(2025, 4, 22),
        "满意度": "满意",
    }
    case.update(values)
    return [case[h] for h in HEADER]


OPEN = {"办结日期": None, "处理结论": None, "答复日期": None, "满意度": None}
CLEAN_ROWS = [
    row("XF-001"),
    row("XF-002", 信访人="李芳", 性别="女", 身份证号=FEMALE, **OPEN),
    row("XF-003", 受理情况="不予受理", 受理日期=D(2025, 3, 12), 责任单位=None, 是否延期=None, **OPEN),
    row("XF-004", 是否延期="是", 延期天数=30, 人数=12, 办结日期=D(2025, 6, 1), 答复日期=D(2025, 6, 3)),
    row("XF-005", 联系电话="0551-62345678、13912345678", 信访形式="网上信访", 满意度="基本满意"),
    row("XF-006", 受理情况=None, 受理日期=None, 责任单位=None, 是否延期=None, **OPEN),
]
# Excel row → (row values, cell, severity, words the message must contain); rows 3–8 are the clean ones.
PLANTED = {
    9: (row("XF-101", 身份证号=MALE[:-1] + ("0" if MALE[-1] != "0" else "1")), "F9", "error", "校验位"),
    10: (row("XF-102", 身份证号=make_id("19900230")), "F10", "error", "出生日期"),
    11: (row("XF-103", 联系电话="1381234567"), "G11", "error", "既不是"),
    12: (row("XF-104", 联系电话="6234567"), "G12", "warning", "区号"),
    13: (row("XF-105", 登记日期=D(2025, 3, 12)), "K13", "error", "受理日期（2025年3月10日）早于登记日期"),
    14: (row("XF-106", 答复日期=D(2025, 3, 8)), "Q14", "error", "答复日期（2025年3月8日）早于受理日期"),
    15: (row("XF-001"), "A15", "error", "与第 3 行重复"),
    16: (row("XF-107", 信访形式="来訪"), "C16", "error", "信访形式「来訪」不在"),
    17: (row("XF-108", 是否延期="是", 延期天数=45, **OPEN), "N17", "error", "超过"),
    18: (row("XF-109", 办结日期=None), "O18", "error", "办结日期为空"),
    19: (row("XF-110", 登记日期="2025-13-45"), "B19", "error", "日期"),
    20: (row("XF-111", 信访人=None), "D20", "error", "必填列「信访人」为空"),
    21: (row("XF-112", 满意度="很满意"), "R21", "error", "满意度「很满意」不在"),
    22: (row("XF-113", 性别="女"), "F22", "warning", "显示为男性"),
    23: (row("XF-114", 登记日期=D(2026, 2, 1), 受理情况=None, 受理日期=None, **OPEN), "B23", "warning", "晚于检查日期"),
    24: (row("XF-115", 身份证号=110105194912310021.0), "F24", "error", "存成了数字"),
    25: (row("XF-116", 是否延期="待定", **OPEN), "M25", "error", "是否延期应填"),
}


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "docgen.toml"
    path.write_text(LISTS, encoding="utf-8")
    return path


def _write(path: Path, rows: list[list[object]]) -> Path:
    return write_xlsx(path, rows, header=HEADER, title_rows=[["某县信访局信访事项登记台账"]], merges=["A1:R1"])


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    return _write(tmp_path / "有错的台账.xlsx", CLEAN_ROWS + [case for case, *_ in PLANTED.values()])


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return _write(tmp_path / "干净的台账.xlsx", CLEAN_ROWS)


def problems_of(path: Path, config_path: Path | None = None):
    config = load_config(config_path) if config_path else Config()
    return validate(Register(path, config.register), config=config, as_of=AS_OF)


def test_every_planted_problem_is_found_at_its_cell_and_nothing_else(planted: Path, config: Path):
    problems = problems_of(planted, config)
    found = {(f"{p.where.column}{p.where.row}", p.severity): p for p in problems}
    expected = {(cell, severity) for _, cell, severity, _ in PLANTED.values()}
    assert set(found) == expected
    assert len(problems) == len(expected)
    for _, cell, severity, words in PLANTED.values():
        assert words in found[(cell, severity)].message, (cell, found[(cell, severity)].message)


def test_problems_name_header_value_and_hint(planted: Path, config: Path):
    problems = {f"{p.where.column}{p.where.row}": p for p in problems_of(planted, config)}
    extension = problems["N17"]
    assert extension.where.header == "延期天数"
    assert extension.value == "45"
    assert "30" in extension.hint
    assert problems["C16"].hint.startswith("是不是「来访」？")
    assert all(p.hint for p in problems.values())
    assert [p.where.row for p in problems_of(planted, config)] == sorted(PLANTED)


def test_a_clean_register_has_no_problems(clean: Path, config: Path):
    assert problems_of(clean, config) == []


def test_an_extension_of_45_days_is_rejected():
    issues = check_values({"是否延期": "是", "延期天数": 45}, config=Config(), as_of=AS_OF)
    assert [(i.field, i.severity) for i in issues] == [("延期天数", "error")]
    assert "45" in issues[0].message and "30" in issues[0].message
    assert check_values({"是否延期": "是", "延期天数": 30}, config=Config(), as_of=AS_OF) == []


def test_missing_required_column_is_an_error_at_the_header(tmp_path: Path):
    path = write_xlsx(
        tmp_path / "缺列.xlsx",
        [["XF-1", D(2025, 3, 3), D(2025, 3, 5), ""]],
        header=[*HEADER[:2], "受理日期", "办结日期"],
    )
    problems = problems_of(path)
    assert [(p.severity, p.where.row, p.message) for p in problems] == [("error", 1, "台账缺少必填列「信访人」")]


def test_missing_rule_columns_are_warnings(tmp_path: Path):
    path = write_xlsx(tmp_path / "少列.xlsx", [["XF-1", "张三"]], header=["信访编号", "信访人"])
    problems = problems_of(path)
    assert {p.severity for p in problems} == {"warning"}
    assert sorted(p.extra["field"] for p in problems) == ["办结日期", "受理日期", "登记日期"]


def test_a_date_before_the_calendar_is_a_warning_on_its_cell():
    issues = check_values({"登记日期": D(2003, 5, 1)}, config=Config(), as_of=AS_OF)
    assert [(i.field, i.severity) for i in issues] == [("登记日期", "warning")]
    assert "核对年份" in issues[0].hint


@pytest.mark.parametrize(("policy", "words"), [("error", "暂时无法计算"), ("weekends", "只按周末顺延估算")])
def test_deadlines_in_an_unknown_year_get_one_summary_warning(tmp_path: Path, policy: str, words: str):
    rows = [
        row("XF-1", 登记日期=D(2026, 11, 2), 受理日期=D(2026, 11, 5), **OPEN),  # Nov 5 + 60 = Jan 4, 2027
        row("XF-2", 登记日期=D(2026, 10, 9), 受理日期=D(2026, 10, 12), **OPEN),  # Oct 12 + 60 = Dec 11, 2026
        row("XF-3", 登记日期=D(2026, 12, 20), 受理情况=None, 受理日期=None, **OPEN),  # Dec 20 + 15 = Jan 4, 2027
    ]
    path = _write(tmp_path / "明年.xlsx", rows)
    config = Config()
    config.deadlines.beyond_calendar = policy
    problems = validate(Register(path), config=config, as_of=D(2026, 12, 31))
    assert len(problems) == 1
    summary = problems[0]
    assert (summary.severity, summary.where.row, summary.extra["rows"]) == ("warning", None, [3, 5])
    assert "2 件事项的期限落在 2027 年" in summary.message and words in summary.message


def test_the_bundled_sample_register_has_no_errors(config: Path):
    problems = problems_of(SAMPLES / "register.xlsx", config)
    assert [str(p) for p in problems if p.severity == "error"] == []


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("11010519491231002X", None),  # the example in GB 11643
        ("11010519491231002x", None),
        ("110105194912310021", "校验位"),
        ("1101051949123100", "18 位"),
        ("991122198005121317", "行政区划"),
        ("110105491231002", "15 位"),
        ("１１０１０５１９４９１２３１００２Ｘ", "全角"),
    ],
)
def test_id_numbers(value: str, problem: str | None):
    messages = [f.message for f in check_id_number(value.upper())]
    assert (messages == []) if problem is None else any(problem in m for m in messages), messages


def test_id_birth_date_after_registration_is_impossible():
    assert any("不可能" in f.message for f in check_id_number(make_id("20250601"), latest=D(2025, 3, 3)))


@pytest.mark.parametrize(
    ("value", "severity"),
    [
        ("13812345678", None),
        ("138 1234 5678", None),
        ("+86 13812345678", None),
        ("010-12345678", None),
        ("(0551)6234567", None),
        ("0551-62345678转123", None),
        ("13812345678、0551-6234567", None),
        ("13812345678 13912345678", None),
        ("6234567", "warning"),
        ("400-123-4567", "warning"),
        ("1381234567", "error"),
        ("12812345678", "error"),
        ("010-1234567", "error"),
        ("电话不详", "error"),
    ],
)
def test_phone_numbers(value: str, severity: str | None):
    assert [f.severity for f in check_phone(value)] == ([] if severity is None else [severity])


# -- the annotated copy --------------------------------------------------------------------
def test_report_marks_every_problem_cell_and_lists_them(planted: Path, config: Path, tmp_path: Path):
    before = hashlib.sha256(planted.read_bytes()).hexdigest()
    settings = load_config(config)
    book = Register(planted, settings.register)
    problems = validate(book, config=settings, as_of=AS_OF)
    report = write_report(book, problems, tmp_path / "问题.xlsx")
    assert hashlib.sha256(planted.read_bytes()).hexdigest() == before

    workbook = load_workbook(report)
    assert workbook.sheetnames[0] == PROBLEM_SHEET
    data = workbook["台账"]
    for _, cell, severity, words in PLANTED.values():
        comment = data[cell].comment
        assert comment is not None and words in comment.text, cell
        assert comment.text.startswith("错误" if severity == "error" else "警告")
        assert data[cell].fill.fgColor.rgb.endswith("FFC7CE" if severity == "error" else "FFEB9C")
    assert data["A3"].comment is None and data["A3"].value == "XF-001"
    listing = list(workbook[PROBLEM_SHEET].iter_rows(values_only=True))
    assert listing[0][:3] == ("序号", "级别", "单元格")
    assert [r[2] for r in listing[1:]] == [cell for _, cell, _, _ in PLANTED.values()]
    assert workbook[PROBLEM_SHEET]["C2"].hyperlink.location == "'台账'!F9"


def test_report_never_overwrites_the_register_or_an_existing_file(planted: Path, tmp_path: Path):
    book = Register(planted)
    with pytest.raises(OutputError):
        write_report(book, [], planted)
    existing = tmp_path / "已有.xlsx"
    existing.write_bytes(b"keep")
    with pytest.raises(OutputError):
        write_report(book, [], existing)
    assert existing.read_bytes() == b"keep"
    write_report(book, [], existing, force=True)
    assert load_workbook(existing).sheetnames == [PROBLEM_SHEET, "台账"]


def test_report_of_a_csv_register(tmp_path: Path):
    path = tmp_path / "台账.csv"
    path.write_text("信访编号,信访人,联系电话\nXF-1,张三,12345\n", encoding="utf-8-sig")
    book = Register(path)
    problems = validate(book, config=Config(), as_of=AS_OF)
    report = write_report(book, problems, tmp_path / "问题.xlsx")
    sheet = load_workbook(report)["台账"]
    assert "既不是" in sheet["C2"].comment.text


# -- the command -------------------------------------------------------------------------------
def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_cli_lists_problems_and_exits_1_on_errors(planted: Path, config: Path, tmp_path: Path):
    report = tmp_path / "标注.xlsx"
    result = run("validate", planted, "--config", config, "--as-of", "2025-12-31", "--report", report)
    assert result.exit_code == 1, result.output
    for cell in ("F9", "N17", "O18", "B23"):
        assert cell in result.output
    assert f"共发现 {sum(1 for p in PLANTED.values() if p[2] == 'error')} 个错误、3 个警告" in result.output
    assert "原台账未改动" in result.output and report.is_file()


def test_cli_clean_register_exits_0(clean: Path, config: Path):
    result = run("validate", clean, "--config", config, "--as-of", "2025-12-31")
    assert result.exit_code == 0, result.output
    assert "检查通过" in result.output


def test_cli_strict_fails_on_warnings(tmp_path: Path):
    path = _write(tmp_path / "警告.xlsx", [row("XF-1", 联系电话="6234567")])
    assert run("validate", path, "--as-of", "2025-12-31").exit_code == 0
    strict = run("validate", path, "--as-of", "2025-12-31", "--strict")
    assert strict.exit_code == 1
    assert "0 个错误、1 个警告" in strict.output


def test_cli_missing_register_is_a_clear_error(tmp_path: Path):
    result = run("validate", tmp_path / "没有.xlsx")
    assert result.exit_code == 2
    assert "错误：找不到台账文件" in result.output
