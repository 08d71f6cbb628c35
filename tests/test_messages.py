"""Messages a clerk can act on: template errors in Chinese, nothing silent, one language (issue 14)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import HEADER, ROOT, all_text, case_row, listing, write_template, write_xlsx

from docgen.cli import cli
from docgen.cli.cases import _problem_table
from docgen.errors import Location, Problem
from docgen.petition.periods import parse_period
from docgen.web.views import problem_rows


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], prog_name="docgen")


def error_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.startswith("错误：")]
    assert lines, result.output
    return lines[0]


# -- template errors -------------------------------------------------------------------------------
FILTER_HINT = "docgen 的过滤器有 中文日期、大写日期、加天数、脱敏、成句，Jinja 自带的 default、truncate 等也可以用"
PAIRS = "字段要写成 {{ 字段 }}，条件写成 {% if … %}…{% endif %}，两边的大括号、百分号要成对"


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "{{ 身份证号|脱密 }}",
            "错误：模板 t.docx 的段落「{{ 身份证号|脱密 }}」有错：过滤器「脱密」不存在，是不是「脱敏」？" + FILTER_HINT,
        ),
        (
            "你于{{ 登记日期|中文日其 }}来信",
            "错误：模板 t.docx 的段落「你于{{ 登记日期|中文日其 }}来信」有错："
            "标签「{{ 登记日期|中文日其 }}」中的过滤器「中文日其」不存在，是不是「中文日期」？" + FILTER_HINT,
        ),
        (  # Jinja would only notice inside an {% if %} when the branch is taken
            "{% if 人数 %}{{ 信访人|脱密 }}{% endif %}",
            "错误：模板 t.docx 的段落「{% if 人数 %}{{ 信访人|脱密 }}{% endif %}」有错："
            "标签「{{ 信访人|脱密 }}」中的过滤器「脱密」不存在，是不是「脱敏」？" + FILTER_HINT,
        ),
    ],
)
def test_a_misspelled_filter_is_a_template_error(tmp_path: Path, register: Path, paragraph: str, expected: str) -> None:
    template = write_template(tmp_path / "t.docx", ["前一段", paragraph, "后一段"])
    result = run("merge", register, template, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert error_line(result) == expected
    assert not (tmp_path / "out").exists() or not listing(tmp_path / "out")


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (
            ["前一段", "你于{{ 登记日期 }来信", "后一段"],
            "错误：模板 t.docx 的段落「你于{{ 登记日期 }来信」有错："
            "大括号不成对（多了一个「}」，或「{{ … }}」的结尾少写了一个「}」）。" + PAIRS,
        ),
        (  # a tag split over runs by Word
            ["前一段", ["你好{{ 信", "访人 }来"], "后一段"],
            "错误：模板 t.docx 的段落「你好{{ 信访人 }来」有错："
            "大括号不成对（多了一个「}」，或「{{ … }}」的结尾少写了一个「}」）。" + PAIRS,
        ),
        (
            ["前一段", "{%p if 人数 > 5 %}", "集体访", "后一段"],
            "错误：模板 t.docx 的段落「{%p if 人数 > 5 %}」有错：「{% if %}」没有对应的「{% endif %}」。" + PAIRS,
        ),
        (
            ["前一段", "{% if 人数 %}", "{% endfor %}", "后一段"],
            "错误：模板 t.docx 的段落「{% endfor %}」有错：「{% endfor %}」与前面的「{% if %}」不配对。" + PAIRS,
        ),
        (
            ["前一段", "{{ 信访人 {{ 人数 }}", "后一段"],
            "错误：模板 t.docx 的段落「{{ 信访人 {{ 人数 }}」有错："
            "「{{ … }}」里多了「{」（两个字段要分别写成 {{ 甲 }}{{ 乙 }}）。" + PAIRS,
        ),
        (
            ["前一段", "{{ 责任单位|default（“待定”） }}", "后一段"],
            "错误：模板 t.docx 的段落「{{ 责任单位|default（“待定”） }}」有错：有中文（全角）符号「（」。"
            '标签里的括号、引号、竖线、逗号要用英文半角符号，例如 default("待定")，不是 default（“待定”）',
        ),
    ],
)
def test_syntax_errors_in_chinese_quote_the_paragraph_with_the_tag(
    tmp_path: Path, register: Path, paragraphs: list, expected: str
) -> None:
    template = write_template(tmp_path / "t.docx", paragraphs)
    result = run("merge", register, template, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert error_line(result) == expected


def test_a_syntax_error_in_a_table_quotes_the_cell(tmp_path: Path, register: Path) -> None:
    template = write_template(tmp_path / "t.docx", ["前一段"], table=[["甲", "{{ 信访人 }"], ["乙", "丙"]])
    result = run("merge", register, template, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert error_line(result) == (
        "错误：模板 t.docx 的表格单元格「{{ 信访人 }」有错："
        "大括号不成对（多了一个「}」，或「{{ … }}」的结尾少写了一个「}」）。" + PAIRS
    )


def test_readme_default_prints_for_an_empty_cell_and_if_still_sees_it_empty(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "台账.xlsx", [case_row(1, "张三", 责任单位=""), case_row(2, "李四")])
    template = write_template(
        tmp_path / "t.docx",
        [
            '单位：{{ 责任单位|default("待定") }}',
            "[{{ 责任单位 }}]",
            "{% if 责任单位 %}有单位{% else %}无单位{% endif %}",
        ],
    )
    result = run("merge", book, template, "-o", tmp_path / "out", "--name", "{信访人}.docx")
    assert result.exit_code == 0, result.output
    assert all_text(tmp_path / "out" / "张三.docx").splitlines()[:3] == ["单位：待定", "[]", "无单位"]
    assert all_text(tmp_path / "out" / "李四.docx").splitlines()[:3] == ["单位：县住建局", "[县住建局]", "有单位"]


# -- suggested config lines parse ------------------------------------------------------------------
def test_the_missing_prefix_hint_is_a_toml_line_that_parses(tmp_path: Path, register: Path) -> None:
    from docgen.tomlfile import tomllib

    template = write_template(tmp_path / "情况通报.docx", ["{{ 文号 }}", "{{ 信访人 }}"])
    (tmp_path / "docgen.toml").write_text('[organ]\nshort_name = "某信"\n', encoding="utf-8")
    result = run("merge", register, template, "-o", tmp_path / "out", "--config", tmp_path / "docgen.toml")
    assert result.exit_code == 2
    assert error_line(result) == (
        "错误：文书「情况通报」没有设置发文字号前缀。"
        '请在 docgen.toml 的 [numbering.prefixes] 下添加一行（键名要加英文双引号）："情况通报" = "某信函"'
    )
    line = error_line(result).rsplit("：", 1)[1]
    assert tomllib.loads(f"[numbering.prefixes]\n{line}\n") == {"numbering": {"prefixes": {"情况通报": "某信函"}}}


def test_templates_build_names_the_folder_plainly(tmp_path: Path) -> None:
    assert run("templates", "build", "-o", tmp_path / "模板").exit_code == 0
    result = run("templates", "build", "-o", tmp_path / "模板")
    assert result.exit_code == 2
    assert error_line(result).startswith(f"错误：文件夹「{tmp_path / '模板'}」里已有同名模板：受理告知书.docx、")


# -- nothing selected is said, with what the register holds ----------------------------------------
def test_where_matching_nothing_shows_the_values_the_column_holds(tmp_path: Path, letter: Path) -> None:
    book = write_xlsx(
        tmp_path / "台账.xlsx", [case_row(1), case_row(2, "李四"), case_row(3, "王五", 责任单位="县公安局")]
    )
    result = run("merge", book, letter, "-o", tmp_path / "out", "--where", "责任单位=县公安")
    assert result.exit_code == 1
    assert error_line(result) == (
        "错误：没有「责任单位」为「县公安」的行，未生成任何文件。「责任单位」列中有：县住建局（2 行）、县公安局（1 行）"
    )
    assert "已生成 0 份" not in result.output


def test_report_unit_matching_nothing_is_said(tmp_path: Path, register: Path) -> None:
    result = run("report", register, "--period", "2025Q1", "--unit", "县住建", "-o", tmp_path / "r.docx")
    assert result.exit_code == 1
    assert error_line(result) == (
        "错误：没有「责任单位」为「县住建」的行，未生成任何文件。「责任单位」列中有：县住建局（3 行）"
    )
    assert not (tmp_path / "r.docx").exists()


def test_conditions_that_match_only_apart(tmp_path: Path, register: Path, letter: Path) -> None:
    result = run(
        "merge", register, letter, "-o", tmp_path / "out", "--where", "信访人=张三", "--where", "信访形式=来访"
    )
    assert result.exit_code == 1
    assert error_line(result) == (
        "错误：没有同时满足 信访人=张三、信访形式=来访 的行，未生成任何文件。每个条件单独都有符合的行，请检查条件的组合"
    )


def test_rows_outside_the_data_say_where_the_data_is(tmp_path: Path, register: Path, letter: Path) -> None:
    result = run("merge", register, letter, "-o", tmp_path / "out", "--rows", "7-9")
    assert result.exit_code == 1
    assert error_line(result) == (
        "错误：--rows 选中的行里没有数据，未生成任何文件。台账 台账.xlsx 的工作表「台账」的数据在第 2–4 行。"
        "--rows 写的是 Excel 左边的行号"
    )


def test_a_register_with_only_a_header(tmp_path: Path, letter: Path) -> None:
    book = write_xlsx(tmp_path / "台账.xlsx", [], title_rows=[["某县信访事项登记台账"]])
    result = run("merge", book, letter, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert error_line(result) == (
        "错误：台账 台账.xlsx 的工作表「台账」在表头（第 2 行）下面没有数据，未生成任何文件。"
        "请确认选对了台账文件和工作表（--sheet）"
    )


def test_where_takes_the_clerks_own_header_and_a_full_width_equals(tmp_path: Path, letter: Path) -> None:
    header = ["姓名" if name == "信访人" else name for name in HEADER]
    book = write_xlsx(tmp_path / "台账.xlsx", [case_row(1, "张三"), case_row(2, "李四")], header=header)
    (tmp_path / "docgen.toml").write_text('[register.aliases]\n"姓名" = "信访人"\n', encoding="utf-8")
    config = ("--config", tmp_path / "docgen.toml")
    for condition in ("姓名=李四", "信访人＝李四", " 姓 名 ＝ 李四 "):
        out = tmp_path / condition.strip()
        result = run("merge", book, letter, "-o", out, "--where", condition, *config)
        assert result.exit_code == 0, result.output
        assert [p.name for p in listing(out)] == ["XF2025-002-李四-告知书.docx"]


# -- one language ------------------------------------------------------------------------------------
CLICK_ENGLISH = re.compile(
    r"Usage|Options|Commands|Show this|Error|Missing|Invalid value|Try '|for help|No such|Did you mean|default:"
    r"|required\]|\bTEXT\b|INTEGER|\bPATH\b|\bFILE\b|DIRECTORY|RANGE|\[OPTIONS\]|COMMAND|ARGS|REGISTER|TEMPLATE|x>="
)


def _command_paths(command: click.Command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [path]
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            paths += _command_paths(sub, (*path, name))
    return paths


@pytest.mark.parametrize("path", _command_paths(cli), ids=lambda p: " ".join(p) or "docgen")
def test_help_and_usage_errors_have_no_english_click_boilerplate(path: tuple[str, ...]) -> None:
    help_text = run(*path, "--help")
    assert help_text.exit_code == 0
    assert help_text.output.startswith(f"用法： docgen {' '.join(path)}".rstrip() + " [选项]")
    assert "选项:" in help_text.output and "显示本帮助" in help_text.output
    assert not CLICK_ENGLISH.search(help_text.output), CLICK_ENGLISH.search(help_text.output)
    error = run(*path, "--no-such-option")
    assert error.exit_code == 2
    assert not CLICK_ENGLISH.search(error.output), error.output
    assert error_line(error) == "错误：没有选项「--no-such-option」。"


def test_a_missing_option_in_chinese(tmp_path: Path, register: Path, letter: Path) -> None:
    result = run("merge", register, letter)
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "用法： docgen merge [选项] 台账 模板",
        "用「docgen merge -h」查看帮助。",
        "",
        "错误：缺少选项「-o」/「--output」。",
    ]


@pytest.mark.parametrize("spelling", ["2025-03-05", "2025.3.5", "2025/3/5", "2025年3月5日", "20250305"])
def test_date_options_take_the_registers_spellings(tmp_path: Path, register: Path, spelling: str) -> None:
    template = write_template(tmp_path / "t.docx", ["{{ 成文日期 }}", "{{ 信访人 }}"])
    result = run("merge", register, template, "-o", tmp_path / "out", "--date", spelling, "--as-of", spelling)
    assert result.exit_code == 0, result.output
    assert all_text(tmp_path / "out" / "XF2025-001-张三-t.docx").splitlines()[0] == "2025年3月5日"


def test_a_date_that_is_no_date(tmp_path: Path, register: Path) -> None:
    result = run("due", register, "--as-of", "2025.13.5")
    assert result.exit_code == 2
    assert error_line(result) == (
        "错误：「--as-of」的值不对：「2025.13.5」不是日期，"
        "请写成 2025-03-05、2025.3.5、2025/3/5、2025年3月5日 或 20250305。"
    )
    assert not CLICK_ENGLISH.search(result.output)


@pytest.mark.parametrize(
    ("text", "label"),
    [("2025年上半年", "2025年上半年"), ("2025年下半年", "2025年下半年"), ("2025年度", "2025年"),
     ("2025年第三季度", "2025年第三季度"), ("2025Q3", "2025年第三季度"), ("2025年7月", "2025年7月")],
)  # fmt: skip
def test_periods_as_docs_reports_md_writes_them(text: str, label: str) -> None:
    assert parse_period(text).label == label


def test_the_assess_period_error_does_not_suggest_from_and_to(tmp_path: Path, register: Path) -> None:
    rules = ROOT / "samples" / "考核细则.toml"
    result = run("assess", register, "--rules", rules, "--period", "2025年秋")
    assert result.exit_code == 2
    assert error_line(result) == (
        "错误：无法识别的统计期间「2025年秋」。请写成 2025Q3 或 2025年第三季度、2025-07 或 2025年7月、"
        "2025H1 或 2025年上半年、2025 或 2025年度"
    )
    report = run("report", register, "--period", "2025年秋")
    assert error_line(report) == error_line(result) + "，或用 --from/--to 指定起止日期"


# -- the cell a problem table shows ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("where", "cell"),
    [
        (Location(file="台账.xlsx", row=5, column="B", header="信访人"), "B5"),
        (Location(file="台账.xlsx", row=5), "第 5 行"),
        (Location(file="台账.xlsx", column="B", header="信访人"), ""),  # the header row: the table says 表头
        (Location(), ""),
    ],
)
def test_a_problem_names_its_cell_once_for_the_command_line_and_the_web_page(where: Location, cell: str) -> None:
    problem = Problem(where, "日期无法识别", value="2025-13-01")
    assert problem.cell == cell
    assert problem_rows([problem])[0]["cell"] == cell
    (shown,) = _problem_table([problem], 0).columns[1].cells
    assert str(shown) == (cell or "表头")


# -- the same message on many rows is printed once ---------------------------------------------------
def test_the_same_problem_on_many_rows_is_one_line(tmp_path: Path, letter: Path) -> None:
    book = write_xlsx(tmp_path / "台账.xlsx", [case_row(n, f"人{n}") for n in range(1, 8)])
    assert run("merge", book, letter, "-o", tmp_path / "out").exit_code == 0
    result = run("merge", book, letter, "-o", tmp_path / "out", "--rows", "2-6,8")
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if line.startswith("错误")] == [
        "错误：文件 台账.xlsx，工作表「台账」，第 2–6、8 行（共 6 处）：文件已存在，未覆盖"
        "（「XF2025-001-人1-告知书.docx」、「XF2025-002-人2-告知书.docx」等 6 个）。"
        "如需覆盖请加 --force，或用 --resume 跳过已生成的"
    ]


def test_a_bad_filter_argument_is_reported_once_with_its_rows(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "台账.xlsx", [case_row(n, f"人{n}") for n in range(1, 6)])
    template = write_template(tmp_path / "t.docx", ['{{ 登记日期|加天数("六十") }}'])
    result = run("merge", book, template, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if line.startswith("错误")] == [
        "错误：文件 台账.xlsx，工作表「台账」，第 2–6 行（共 5 处）："
        "过滤器「加天数」的参数应是整数，模板里写的是「六十」。例如 加天数(60)"
    ]


# -- many rows dated after the deadline they state: one line ------------------------------------------
LATE_HEADER = ["信访编号", "信访人", "受理情况", "受理日期", "交办日期"]


def late_register(tmp_path: Path, accepted: list[dt.date | None]) -> tuple[Path, Path]:
    """A 转送交办函 per accepted case (None: a row not accepted, so not selected)."""
    rows = [[f"XF-{n}", f"人{n}", "受理" if day else "不予受理", day, day] for n, day in enumerate(accepted, 1)]
    register = write_xlsx(tmp_path / "台账.xlsx", rows, header=LATE_HEADER)
    return register, write_template(tmp_path / "转送交办函.docx", ["请于{{ 原办理截止日期 }}前办结。"])


def warning_lines(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("警告")]


def test_many_rows_dated_after_their_deadline_are_one_line_with_one_date_that_fits_all(tmp_path: Path) -> None:
    register, template = late_register(tmp_path, [dt.date(2025, 1, d) if d else None for d in (6, 7, 0, 8, 9, 10)])
    args = ("merge", register, template, "-o", tmp_path / "out", "--where", "受理情况=受理", "--date", "2025-11-20")
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert warning_lines(result) == [
        "警告：文件 台账.xlsx，工作表「台账」，第 2–3、5–7 行共 5 份文书的成文日期 2025年11月20日 "
        "晚于文中写明的60日办理期限的截止日期（最早 2025年3月7日，最晚 2025年3月11日），这些期限已经过去。"
        "补打以前的文书请用 --date 2025年1月10日 写上当时的成文日期"
    ]
    again = run(*args[:4], tmp_path / "again", *args[5:8], "2025年1月10日")  # the date it suggests
    assert again.exit_code == 0 and warning_lines(again) == []


def test_many_rows_with_deadlines_far_apart_are_one_line_suggesting_batches(tmp_path: Path) -> None:
    months = [dt.date(2025, m, 6) if m % 2 else None for m in range(1, 13)]  # rows 2, 4, …, 12 accepted
    register, template = late_register(tmp_path, months)
    result = run(
        "merge", register, template, "-o", tmp_path / "out", "--where", "受理情况=受理", "--date", "2025-12-31"
    )
    assert result.exit_code == 0, result.output
    assert warning_lines(result) == [
        "警告：文件 台账.xlsx，工作表「台账」，第 2、4、6、8 行等 5 份文书的成文日期 2025年12月31日 "
        "晚于文中写明的60日办理期限的截止日期（最早 2025年3月7日，最晚 2025年11月5日），这些期限已经过去。"
        "补打以前的文书请按受理日期分批用 --rows 与 --date 写上当时的成文日期（每批不晚于其中最早的期限），"
        "例如 --rows 2 --date 2025年1月6日"
    ]


def test_three_rows_dated_after_their_deadline_keep_a_line_each(tmp_path: Path) -> None:
    register, template = late_register(tmp_path, [dt.date(2025, 1, 6), dt.date(2025, 1, 7), dt.date(2025, 1, 8)])
    result = run("merge", register, template, "-o", tmp_path / "out", "--date", "2025-11-20")
    assert result.exit_code == 0, result.output
    assert warning_lines(result) == [
        f"警告：文件 台账.xlsx，工作表「台账」，第 {row} 行：成文日期 2025年11月20日 晚于文中写明的"
        f"60日办理期限的截止日期（2025年3月{day}日），文书所说的期限已经过去。"
        f"补打以前的文书请用 --date 2025-01-0{row + 4} 写上当时的成文日期"
        for row, day in ((2, 7), (3, 10), (4, 10))
    ]


# -- no statement the register cannot support --------------------------------------------------------
def test_due_refuses_a_register_without_a_finishing_date(tmp_path: Path, register: Path) -> None:
    from docgen.tomlfile import tomllib

    result = run("due", register, "--as-of", "2025-12-31", "--letters", tmp_path / "督办函")
    assert result.exit_code == 2
    assert error_line(result) == (
        "错误：台账 台账.xlsx 没有「办结日期」列，分不清哪些事项已经办结，不能列出超期事项"
        "（否则已办结的事项也会被当作超期督办）。请在台账中加一列「办结日期」（已办结的填日期），"
        '本单位的列名不同时，在 docgen.toml 的 [register.aliases] 下加一行，例如 "结案日期" = "办结日期"'
    )
    line = error_line(result).rsplit("例如 ", 1)[1]
    assert tomllib.loads(f"[register.aliases]\n{line}") == {"register": {"aliases": {"结案日期": "办结日期"}}}
    assert not (tmp_path / "督办函").exists()


def test_report_without_level_and_finishing_columns_says_so_and_claims_nothing(tmp_path: Path, register: Path) -> None:
    target = tmp_path / "报告.docx"
    result = run("report", register, "--period", "2025Q1", "-o", target, "--date", "2025-04-08")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if line.startswith("提示：台账没有")]
    assert notes == [
        "提示：台账没有「上访层级」列，报告中的赴省、进京上访印为「（台账无此项）」",
        "提示：台账没有「受理日期」列，报告中的按期受理率印为「（台账无此项）」",
        "提示：台账没有「办结日期」列，报告中的办结、未办结、超期情况和按期办结率印为「（台账无此项）」",
        "提示：台账没有「满意度」列，报告中的满意率印为「（台账无此项）」",
    ]
    text = all_text(target)
    assert "未发生赴省、进京上访" not in text and "均已办结" not in text and "按期受理率0.0%" not in text
    assert "赴省、进京上访情况（台账无此项）；集体访1批、6人次。" in text.splitlines()
    assert "本季度登记的信访事项的办结情况（台账无此项）。" in text.splitlines()
    workbook = tmp_path / "统计表.xlsx"
    assert run("report", register, "--period", "2025Q1", "-o", target, "--xlsx", workbook, "--force").exit_code == 0
    from openpyxl import load_workbook

    rows = {row[0]: row[1] for row in load_workbook(workbook)["主要指标"].iter_rows(values_only=True)}
    assert [rows[label] for label in ("赴省进京（件）", "按期受理率", "按期办结率", "满意率", "其中超期（件）")] == [
        "（台账无此项）"
    ] * 5
    assert rows["集体访（批次）"] == 1


# -- the ledger after README's first command, consistent options --------------------------------------
def test_merge_says_where_the_ledger_is_and_ledger_list_finds_it_with_the_same_config(
    tmp_path: Path, register: Path
) -> None:
    from openpyxl import load_workbook

    settings = tmp_path / "设置"
    settings.mkdir()
    (settings / "docgen.toml").write_text('[organ]\nshort_name = "某信"\n', encoding="utf-8")
    template = write_template(tmp_path / "受理告知书.docx", ["{{ 文号 }}", "{{ 信访人 }}"])
    config = ("--config", settings / "docgen.toml")
    result = run("merge", register, template, "-o", tmp_path / "out", *config, "--date", "2025.3.5")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        f"发文字号记在发文登记簿 {settings / '发文登记.sqlite'}"
        f"（查看：docgen ledger list --config {settings / 'docgen.toml'}）"
    )
    listed = run("ledger", "list", *config)
    assert listed.exit_code == 0
    assert listed.output.splitlines()[1].startswith("  某信受〔2025〕1号　受理告知书　XF2025-001　2025-03-05")
    assert run("ledger", "export", tmp_path / "a.xlsx", "--kind", "受理告知书", *config).exit_code == 0
    assert run("ledger", "export", tmp_path / "b.xlsx", "--kind", "督办函", *config).exit_code == 0
    rows = lambda name: load_workbook(tmp_path / name).active.max_row  # noqa: E731
    assert rows("a.xlsx") == rows("b.xlsx") + 3


def test_ledger_list_without_the_config_explains_where_ledgers_are(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("ledger", "list")
    assert result.exit_code == 2
    assert error_line(result) == (
        f"错误：找不到发文登记簿 {tmp_path / '发文登记.sqlite'}。登记簿在生成第一份带发文字号的文书时建立，"
        "放在所用 docgen.toml 的旁边（不用 docgen.toml 时放在台账旁边）；生成时用了 --config 的，"
        "这里也加同样的 --config，或用 --ledger 指定登记簿文件"
    )


def test_check_format_takes_config_like_every_command(tmp_path: Path) -> None:
    document = write_template(tmp_path / "a.docx", ["正文"])
    (tmp_path / "docgen.toml").write_text("[organ]\nnmae = 1\n", encoding="utf-8")
    result = run("check-format", document, "--config", tmp_path / "docgen.toml")
    assert result.exit_code == 2 and error_line(result).startswith("错误：配置文件 docgen.toml")


def test_readme_points_at_no_missing_figures_and_its_dev_commands_run(tmp_path: Path) -> None:
    import subprocess
    import sys

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "实测见" not in readme
    assert ".venv/bin/python samples/make_samples.py" in readme
    assert "`.venv/bin/docgen ledger list --config samples/docgen.toml`" in readme
    for name in ("make_samples.py", "sample_template.py"):
        (tmp_path / name).write_bytes((ROOT / "samples" / name).read_bytes())
    done = subprocess.run([sys.executable, tmp_path / "make_samples.py"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "register.xlsx").is_file() and (tmp_path / "答复意见书样例.docx").is_file()


# -- docs a pip user can read ----------------------------------------------------------------------
def test_help_topics_are_the_projects_docs_shipped_in_the_package() -> None:
    from docgen.cli.guide import TOPICS

    listing = run("help")
    assert listing.exit_code == 0
    assert listing.output.splitlines()[1] == (
        "  模板　模板的写法、十种自带模板、发文字号和发文登记簿（merge、fields、templates、ledger）"
    )
    for topic, (name, _) in TOPICS.items():
        source = ROOT / ("samples" if name.endswith(".toml") else "docs") / name
        shown = run("help", topic)
        assert shown.exit_code == 0
        assert shown.output == source.read_text(encoding="utf-8") + "\n"
    assert run("help", "assess").output == run("help", "考核").output
    wrong = run("help", "考合")
    assert wrong.exit_code == 2
    assert error_line(wrong) == (
        "错误：没有「考合」这个说明，是不是「考核」？可用的主题：模板、台账、报告、考核、通报、网页、配置、考核细则"
    )


@pytest.mark.parametrize("path", _command_paths(cli), ids=lambda p: " ".join(p) or "docgen")
def test_help_texts_point_at_docgen_help_not_at_files_of_the_repository(path: tuple[str, ...]) -> None:
    text = run(*path, "--help").output
    assert "docs/" not in text and "samples/" not in text
