"""`docgen merge` and `docgen fields` end to end on real files, through Click's CliRunner."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import HEADER, all_text, case_row, listing, write_template, write_xlsx

from docgen.cli import cli


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def hand_kept(tmp_path: Path) -> Path:
    """A register as a clerk really keeps it."""
    rows = [
        case_row(1, "张三", 登记日期=dt.datetime(2025, 3, 5), 责任单位="城关镇人民政府"),
        case_row(2, "李四", 登记日期="2025/3/6", 反映问题="A&B<无>", 责任单位=None),
        case_row(3, "王五", 登记日期="2025.3.7", 反映问题="{{ 7*7 }}", 责任单位=None),
        [None] * len(HEADER),
        case_row(4, "𠮷田", 登记日期="2025年3月8日", 信访编号="XF2025/004"),
        case_row(5, "赵六", 登记日期="20250309", 身份证号=1.10101199003071e17),
        case_row(6, "钱七", 登记日期="2025-03-10", 反映问题="第一行\n第二行"),
    ]
    return write_xlsx(
        tmp_path / "台账.xlsx",
        rows,
        title_rows=[["某县信访局2025年信访事项登记台账"], ["填报单位：某县信访局"]],
        merges=["A1:J1", "J4:J6"],
    )


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return write_template(
        tmp_path / "受理告知书.docx",
        [
            "{{ 信访人 }}（{{ 身份证号|脱敏 }}）：",
            "你于{{ 登记日期 }}反映的{{ 反映问题 }}已交{{ 责任单位 }}办理。",
            "编号{{ 信访编号 }}",
        ],
        header="{{ 发文机关 }}",
        footer="{{ 信访编号 }}",
    )


def test_hand_kept_register_end_to_end(tmp_path: Path, hand_kept: Path, template: Path) -> None:
    out = tmp_path / "out"
    before = hand_kept.read_bytes()
    result = run("merge", hand_kept, template, "-o", out)
    assert result.exit_code == 1, result.output
    assert "已生成 5 份，1 行有错误" in result.output
    assert "台账.xlsx" in result.output and "E9" in result.output and "身份证号" in result.output
    names = sorted(p.name for p in listing(out))
    assert names == sorted(
        [
            "XF2025-001-张三-受理告知书.docx",
            "XF2025-002-李四-受理告知书.docx",
            "XF2025-003-王五-受理告知书.docx",
            "XF2025_004-𠮷田-受理告知书.docx",
            "XF2025-006-钱七-受理告知书.docx",
        ]
    )
    li = all_text(out / "XF2025-002-李四-受理告知书.docx")
    assert "你于2025年3月6日反映的A&B<无>已交城关镇人民政府办理。" in li
    assert "某县信访局" in li  # the organ in the header, with no config at all
    assert "反映的{{ 7*7 }}已交城关镇人民政府办理" in all_text(out / "XF2025-003-王五-受理告知书.docx")
    ji = all_text(out / "XF2025_004-𠮷田-受理告知书.docx")
    assert "𠮷田（110101********1234）：" in ji and "编号XF2025/004" in ji and "2025年3月8日" in ji
    assert "第一行\\n第二行" in all_text(out / "XF2025-006-钱七-受理告知书.docx")
    assert hand_kept.read_bytes() == before


def test_bad_value_in_a_column_the_template_does_not_use_does_not_block(tmp_path: Path, letter: Path) -> None:
    reg = write_xlsx(tmp_path / "r.xlsx", [case_row(1, 身份证号=1.10101199003071e17), case_row(2)])
    out = tmp_path / "out"
    result = run("merge", reg, letter, "-o", out)
    assert result.exit_code == 0, result.output
    assert "已生成 2 份" in result.output and "错误" not in result.output


def test_unknown_field_stops_before_anything_is_written(tmp_path: Path, register: Path) -> None:
    tpl = write_template(tmp_path / "t.docx", ["{{ 信访人 }}的{{ 诉球 }}和{{ 不存在的列 }}"])
    out = tmp_path / "out"
    result = run("merge", register, tpl, "-o", out)
    assert result.exit_code == 2
    assert "诉球" in result.output and "是不是「诉求」" in result.output and "不存在的列" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_strict_writes_nothing_when_a_row_fails(tmp_path: Path, hand_kept: Path, template: Path) -> None:
    out = tmp_path / "out"
    result = run("merge", hand_kept, template, "-o", out, "--strict")
    assert result.exit_code == 1
    assert "未写入任何文件" in result.output
    assert list(out.iterdir()) == []


def test_strict_writes_everything_when_all_rows_are_good(tmp_path: Path, register: Path, letter: Path) -> None:
    out = tmp_path / "out"
    result = run("merge", register, letter, "-o", out, "--strict", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.docx"))) == 3 and not list(out.glob(".~*"))


def test_where_and_rows_select_cases(tmp_path: Path, register: Path, letter: Path) -> None:
    out = tmp_path / "a"
    assert run("merge", register, letter, "-o", out, "--where", "信访形式=来访").exit_code == 0
    assert [p.name for p in listing(out)] == ["XF2025-002-李四-告知书.docx"]
    out = tmp_path / "b"
    result = run("merge", register, letter, "-o", out, "--rows", "3-4", "--where", "人数=6")
    assert result.exit_code == 0
    assert [p.name for p in listing(out)] == ["XF2025-003-王五-告知书.docx"]
    out = tmp_path / "c"
    assert run("merge", register, letter, "-o", out, "--where", "登记日期=2025年3月3日").exit_code == 0
    assert [p.name for p in listing(out)] == ["XF2025-002-李四-告知书.docx"]


def test_where_with_an_unknown_column(tmp_path: Path, register: Path, letter: Path) -> None:
    result = run("merge", register, letter, "-o", tmp_path / "o", "--where", "信访型式=来信")
    assert result.exit_code == 2 and "信访型式" in result.output and "信访形式" in result.output


def test_existing_files_are_kept_without_force(tmp_path: Path, register: Path, letter: Path) -> None:
    out = tmp_path / "out"
    assert run("merge", register, letter, "-o", out).exit_code == 0
    target = out / "XF2025-001-张三-告知书.docx"
    target.write_bytes(b"clerk's own edits")
    result = run("merge", register, letter, "-o", out)
    assert result.exit_code == 1 and "已存在" in result.output and "--force" in result.output
    assert target.read_bytes() == b"clerk's own edits"
    assert run("merge", register, letter, "-o", out, "--force").exit_code == 0
    assert target.read_bytes()[:2] == b"PK"


def test_same_name_twice_gets_a_number(tmp_path: Path, letter: Path) -> None:
    reg = write_xlsx(tmp_path / "r.xlsx", [case_row(1, "张三"), case_row(1, "张三"), case_row(1, "张三")])
    out = tmp_path / "out"
    assert run("merge", reg, letter, "-o", out, "--name", "{信访人}.docx").exit_code == 0
    assert sorted(p.name for p in listing(out)) == ["张三-2.docx", "张三-3.docx", "张三.docx"]


def test_names_cannot_leave_the_output_folder(tmp_path: Path, letter: Path) -> None:
    reg = write_xlsx(tmp_path / "r.xlsx", [case_row(1, "../../etc/passwd"), case_row(2, "a:b*c?")])
    out = tmp_path / "out"
    assert run("merge", reg, letter, "-o", out, "--name", "{信访人}.docx").exit_code == 0
    assert sorted(p.name for p in listing(out)) == ["_.._etc_passwd.docx", "a_b_c_.docx"]
    assert run("merge", reg, letter, "-o", out, "--name", "../{信访人}.docx").exit_code == 2


def test_name_pattern_with_subfolders_and_dates(tmp_path: Path, register: Path, letter: Path) -> None:
    out = tmp_path / "out"
    result = run("merge", register, letter, "-o", out, "--name", "{信访形式}/{登记日期:%Y%m%d}-{信访人}.docx")
    assert result.exit_code == 0, result.output
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.docx")) == [
        "来信/20250302-张三.docx",
        "来信/20250304-王五.docx",
        "来访/20250303-李四.docx",
    ]


def test_parallel_jobs_give_the_same_documents(tmp_path: Path, letter: Path) -> None:
    reg = write_xlsx(tmp_path / "r.xlsx", [case_row(i, f"人{i}") for i in range(1, 41)])
    one, two = tmp_path / "one", tmp_path / "two"
    assert run("merge", reg, letter, "-o", one, "--jobs", "1", "--date", "2025-04-01").exit_code == 0
    assert run("merge", reg, letter, "-o", two, "--jobs", "2", "--date", "2025-04-01").exit_code == 0
    for path in listing(one):
        assert (two / path.name).read_bytes() == path.read_bytes()
    assert len(list(listing(two))) == 40


def test_fields_command_lists_sources_and_missing(tmp_path: Path, register: Path) -> None:
    tpl = write_template(tmp_path / "t.docx", ["{{ 信访人 }}{{ 发文机关 }}{{ 成文日期 }}{{ 诉球 }}"])
    result = run("fields", tpl, register)
    assert result.exit_code == 1
    assert "信访人　台账列" in result.output and "发文机关　机关信息" in result.output
    assert "诉球　台账中没有，是不是「诉求」？" in result.output
    assert run("fields", tpl).exit_code == 0


def test_config_aliases_and_organ(tmp_path: Path, letter: Path) -> None:
    header = ["编号", "登记日期", "姓名", "反映问题"]
    reg = write_xlsx(tmp_path / "r.xlsx", [["X-1", "2025-1-2", "孙八", "噪音"]], header=header)
    config = tmp_path / "docgen.toml"
    config.write_text(
        '[organ]\nname = "某市某区信访局"\n[register.aliases]\n"编号" = "信访编号"\n"姓名" = "信访人"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("merge", reg, letter, "-o", out, "--config", config)
    assert result.exit_code == 0, result.output
    assert "某市某区信访局" in all_text(out / "X-1-孙八-告知书.docx")


def test_config_with_a_typo_is_a_clear_error(tmp_path: Path, register: Path, letter: Path) -> None:
    config = tmp_path / "docgen.toml"
    config.write_text('[organ]\nnmae = "x"\n', encoding="utf-8")
    result = run("merge", register, letter, "-o", tmp_path / "o", "--config", config)
    assert result.exit_code == 2 and "organ.nmae" in result.output and "Traceback" not in result.output


def test_missing_register_is_a_clear_error(tmp_path: Path, letter: Path) -> None:
    result = run("merge", tmp_path / "无.xlsx", letter, "-o", tmp_path / "o")
    assert result.exit_code == 2 and "找不到台账文件" in result.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_row_that_fails_to_render_does_not_stop_the_others(tmp_path: Path, jobs: str) -> None:
    reg = write_xlsx(
        tmp_path / "r.xlsx", [case_row(1, "甲", 人数=2), case_row(2, "乙", 人数=0), case_row(3, "丙", 人数=4)]
    )
    tpl = write_template(tmp_path / "t.docx", ["人均 {{ 100 // 人数 }}"])
    out = tmp_path / "out"
    result = run("merge", reg, tpl, "-o", out, "--jobs", jobs)
    assert result.exit_code == 1
    assert "已生成 2 份，1 行有错误" in result.output and "第 3 行" in result.output
    assert sorted(p.name for p in listing(out)) == ["XF2025-001-甲-t.docx", "XF2025-003-丙-t.docx"]
