"""One 文号 = one document: duplicate 信访编号, the register's own 文号, dates, new letters, citing, resume."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import HEADER, all_text, case_row, listing, write_template, write_xlsx

from docgen.cli import cli
from docgen.ledger.store import Ledger
from docgen.pipeline.plan import GROWTH

TOML = '[organ]\nname = "某县信访局"\nshort_name = "某信"\n'


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def setup(tmp_path: Path, rows: list[list[object]], header=HEADER, kind: str = "受理告知书"):
    register = write_xlsx(tmp_path / "r.xlsx", rows, header=header)
    template = write_template(tmp_path / f"{kind}.docx", ["{{ 文号 }}", "{{ 信访人 }}", "{{ 成文日期 }}"])
    config = tmp_path / "docgen.toml"
    config.write_text(TOML, encoding="utf-8")
    return register, template, config


def first_lines(out: Path) -> dict[str, list[str]]:
    return {p.name: all_text(p).splitlines() for p in sorted(out.glob("*.docx"))}


def ledger_entries(tmp_path: Path):
    with Ledger(tmp_path / "发文登记.sqlite") as ledger:
        return ledger.entries()


def test_a_repeated_case_number_is_a_row_error_naming_both_rows_and_takes_no_number(tmp_path: Path) -> None:
    rows = [case_row(1, "张三"), case_row(1, "李四"), case_row(3, "王五")]  # Excel rows 2, 3, 4
    register, template, config = setup(tmp_path, rows)
    out = tmp_path / "out"
    result = run("merge", register, template, "-o", out, "--config", config, "--date", "2025-06-01")
    assert result.exit_code == 1, result.output
    assert "第 3 行" in result.output and "与第 2 行重复" in result.output and "XF2025-001" in result.output
    texts = first_lines(out)
    assert sorted(t[1] for t in texts.values()) == ["张三", "王五"]  # 李四 gets no document
    numbers = [t[0] for t in texts.values()]
    assert sorted(numbers) == ["某信受〔2025〕1号", "某信受〔2025〕2号"]
    assert sorted(e.number for e in ledger_entries(tmp_path)) == sorted(numbers)


def test_the_registers_own_number_column_wins_and_empty_cells_fall_back_to_the_ledger(tmp_path: Path) -> None:
    header = [*HEADER, "文号"]
    rows = [[*case_row(1, "张三"), "某信函〔2025〕88号"], [*case_row(2, "李四"), None]]
    register, template, config = setup(tmp_path, rows, header=header)
    out = tmp_path / "out"
    result = run("merge", register, template, "-o", out, "--config", config, "--date", "2025-06-01")
    assert result.exit_code == 0, result.output
    texts = {t[1]: t[0] for t in first_lines(out).values()}
    assert texts == {"张三": "某信函〔2025〕88号", "李四": "某信受〔2025〕1号"}
    assert [(e.case_no, e.number) for e in ledger_entries(tmp_path)] == [("XF2025-002", "某信受〔2025〕1号")]
    assert "文号」列为空的 1 行（第 3 行）已从发文登记簿分配文号" in result.output


def test_a_kind_without_prefix_is_fine_while_the_register_gives_every_number(tmp_path: Path) -> None:
    header = [*HEADER, "文号"]
    rows = [[*case_row(1, "张三"), "某信函〔2025〕88号"], [*case_row(2, "李四"), None]]
    register, template, config = setup(tmp_path, rows, header=header, kind="自制函件")
    out = tmp_path / "out"
    result = run("merge", register, template, "-o", out, "--config", config)
    assert result.exit_code == 1  # only the row with an empty cell needs a prefix
    assert "第 3 行" in result.output and "没有设置发文字号前缀" in result.output
    assert [t[:2] for t in first_lines(out).values()] == [["某信函〔2025〕88号", "张三"]]
    assert not (tmp_path / "发文登记.sqlite").exists()  # the ledger was never touched


def test_the_year_and_sequence_follow_the_documents_date(tmp_path: Path) -> None:
    register, template, config = setup(tmp_path, [case_row(1, "张三")])
    out = tmp_path / "out"
    assert run("merge", register, template, "-o", out, "--config", config, "--date", "2026-01-05").exit_code == 0
    result = run("merge", register, template, "-o", out, "--config", config, "--date", "2025-03-01", "--force")
    assert result.exit_code == 0, result.output
    (text,) = first_lines(out).values()
    assert text[0] == "某信受〔2025〕1号" and text[2] == "2025年3月1日"


def test_the_same_batch_reuses_its_numbers_a_new_date_is_a_new_letter(tmp_path: Path) -> None:
    register, template, config = setup(tmp_path, [case_row(i, n) for i, n in ((1, "张三"), (2, "李四"))], kind="督办函")
    out = tmp_path / "out"
    common = ("merge", register, template, "-o", out, "--config", config, "--force")
    assert run(*common, "--date", "2025-06-01").exit_code == 0
    assert run(*common, "--date", "2025-06-01").exit_code == 0  # the same batch again
    assert sorted(t[0] for t in first_lines(out).values()) == ["某信督〔2025〕1号", "某信督〔2025〕2号"]
    assert run(*common, "--date", "2025-07-01").exit_code == 0  # a second round a month later
    assert sorted(t[0] for t in first_lines(out).values()) == ["某信督〔2025〕3号", "某信督〔2025〕4号"]
    entries = ledger_entries(tmp_path)
    assert [(e.number, e.issued, e.status) for e in entries] == [
        ("某信督〔2025〕1号", dt.date(2025, 6, 1), "有效"),
        ("某信督〔2025〕2号", dt.date(2025, 6, 1), "有效"),
        ("某信督〔2025〕3号", dt.date(2025, 7, 1), "有效"),
        ("某信督〔2025〕4号", dt.date(2025, 7, 1), "有效"),
    ]


def test_a_letter_cites_only_a_number_issued_on_or_before_its_date(tmp_path: Path) -> None:
    header = [*HEADER, "交办日期"]
    rows = [[*case_row(1, "张三"), None], [*case_row(2, "李四"), dt.date(2025, 10, 1)]]
    register, _, config = setup(tmp_path, rows, header=header)
    assign = write_template(tmp_path / "转送交办函.docx", ["{{ 文号 }}"])
    supervise = write_template(tmp_path / "督办函.docx", ["{{ 文号 }}", "原交办：{{ 交办文号 }}。"])
    assigned = run("merge", register, assign, "-o", tmp_path / "交办", "--config", config, "--date", "2025-10-23")
    assert assigned.exit_code == 0

    early = run("merge", register, supervise, "-o", tmp_path / "早", "--config", config, "--date", "2025-10-20")
    assert early.exit_code == 0, early.output
    assert [t[1] for t in first_lines(tmp_path / "早").values()] == ["原交办：。", "原交办：。"]
    assert "第 2 行" in early.output and "某信交〔2025〕1号" in early.output and "晚于" in early.output

    late = run("merge", register, supervise, "-o", tmp_path / "晚", "--config", config, "--date", "2025-12-20")
    assert late.exit_code == 0, late.output
    cited = [t[1] for t in first_lines(tmp_path / "晚").values()]
    # row 2's register says it was assigned on 2025-10-01: the letter of 2025-10-23 is not that assignment
    assert cited == ["原交办：某信交〔2025〕1号。", "原交办：。"]
    assert "第 3 行" in late.output and "2025-10-01" in late.output


def test_strict_with_a_relative_output_folder(tmp_path: Path, monkeypatch) -> None:
    register, template, config = setup(tmp_path, [case_row(1, "张三"), case_row(2, "李四")])
    monkeypatch.chdir(tmp_path)
    result = run("merge", register.name, template.name, "-o", "out", "--config", config.name, "--strict")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").glob("*.docx"))) == 2
    assert all(e.output and Path(e.output).is_file() for e in ledger_entries(tmp_path))


def test_resume_makes_again_what_the_corrected_register_changes_and_reports_leftovers(tmp_path: Path) -> None:
    rows = [case_row(1, "张三"), case_row(2, "李四"), case_row(3, "王五")]
    register, template, config = setup(tmp_path, rows)
    write_template(template, ["{{ 文号 }}", "{{ 信访人 }}", "{{ 诉求 }}"])
    out = tmp_path / "out"
    common = ("merge", register, template, "-o", out, "--config", config, "--date", "2025-06-01", "--resume")
    assert run(*common).exit_code == 0
    kept = out / "XF2025-001-张三-受理告知书.docx"
    before = kept.stat().st_mtime_ns

    rows[1] = case_row(2, "李四", 诉求="恢复供水")  # a corrected request: same file name
    write_xlsx(register, rows)
    result = run(*common)
    assert result.exit_code == 0, result.output
    assert "已生成 1 份，跳过已存在的 2 份" in result.output
    assert all_text(out / "XF2025-002-李四-受理告知书.docx").splitlines()[2] == "恢复供水"
    assert kept.stat().st_mtime_ns == before

    rows[2] = case_row(3, "王武")  # a corrected name: a new file name under the same number
    write_xlsx(register, rows)
    result = run(*common)
    assert result.exit_code == 0, result.output
    assert "已生成 1 份，跳过已存在的 2 份" in result.output
    assert "1 份以前生成的文书已没有台账行对应：XF2025-003-王五-受理告知书.docx" in result.output
    both = "XF2025-003-王五-受理告知书.docx 与 XF2025-003-王武-受理告知书.docx 是同一文号 某信受〔2025〕3号"
    assert both in result.output
    assert len(listing(out)) == 4


@pytest.mark.parametrize("jobs", [1, 2])
def test_resume_after_an_interrupt_records_every_document_and_lists_numbers_without_one(
    tmp_path: Path, jobs: int
) -> None:
    ROWS = 100
    from docgen import merge
    from docgen.config import load_config

    register, template, config = setup(tmp_path, [case_row(i, f"人{i}") for i in range(1, ROWS + 1)])
    out = tmp_path / "out"

    def interrupt(done: int, total: int) -> None:
        if done == 5:
            raise KeyboardInterrupt

    options = {"config": load_config(config), "issued": dt.date(2025, 6, 1), "jobs": jobs}
    with contextlib.suppress(KeyboardInterrupt):
        merge(register, template, out, progress=interrupt, **options)
    entries = ledger_entries(tmp_path)
    on_disk = sorted(out.glob("*.docx"))  # 5 handed out, and any the writer finished ahead of the stop
    assert len(on_disk) >= 5
    assert sorted(Path(e.output) for e in entries if e.output) == on_disk  # written before the stop: recorded
    listed = run("ledger", "list", "--config", config)
    unused = len(entries) - len(on_disk)  # the rest of the batches allocated before the stop
    assert listed.output.count("（已分配，未生成文件）") == unused
    assert len(entries) <= 1 + GROWTH + GROWTH**2 < ROWS  # batches growing from one number, not one per row

    result = merge(register, template, out, resume=True, **options)
    assert result.ok and len(result.written) + len(result.skipped) == ROWS
    entries = ledger_entries(tmp_path)
    assert len(entries) == ROWS and all(e.output for e in entries)
    for entry in entries:
        assert all_text(Path(entry.output)).splitlines()[0] == entry.number


def test_an_interrupt_while_the_workers_check_a_batch_allocates_none_of_it(tmp_path: Path, monkeypatch) -> None:
    import multiprocessing

    from docgen import merge
    from docgen.config import load_config
    from docgen.outputs.batch import Workers

    register, template, config = setup(tmp_path, [case_row(i, f"人{i}") for i in range(1, 101)])
    out = tmp_path / "out"
    checked = []
    check = Workers.prerender_many

    def interrupted(self, contexts, slot):
        checked.append(len(contexts))
        if len(checked) == 3:  # the third batch (64 rows) is being rendered in the workers
            raise KeyboardInterrupt
        return check(self, contexts, slot)

    monkeypatch.setattr(Workers, "prerender_many", interrupted)
    options = {"config": load_config(config), "issued": dt.date(2025, 6, 1), "jobs": 2}
    with pytest.raises(KeyboardInterrupt):
        merge(register, template, out, **options)
    assert checked == [1, GROWTH, GROWTH**2]
    assert multiprocessing.active_children() == [] and list(out.glob(".~docgen-*")) == []
    entries = ledger_entries(tmp_path)
    assert len(entries) == 1 + GROWTH  # the batches checked before the stop, none of the third
    assert sorted(Path(e.output) for e in entries if e.output) == sorted(out.glob("*.docx"))

    monkeypatch.setattr(Workers, "prerender_many", check)
    result = merge(register, template, out, resume=True, **options)
    assert result.ok and len(result.written) + len(result.skipped) == 100
    numbers = sorted(int(e.number.split("〕")[1].rstrip("号")) for e in ledger_entries(tmp_path))
    assert numbers == list(range(1, 101))  # no gap, none twice


KILLED_RUN = """
import os, signal, sys, datetime as dt
from docgen import merge
from docgen.config import load_config

def stop(done, total):
    if done == 5:
        os.kill(os.getpid(), signal.SIGKILL)

merge(sys.argv[1], sys.argv[2], sys.argv[3], config=load_config(sys.argv[4]), issued=dt.date(2025, 6, 1),
      jobs=2, progress=stop)
"""


def test_documents_written_before_a_sigkill_are_recorded_by_resume(tmp_path: Path) -> None:
    import hashlib
    import subprocess
    import sys

    from docgen import merge
    from docgen.config import load_config

    register, template, config = setup(tmp_path, [case_row(i, f"人{i}") for i in range(1, 61)])
    out = tmp_path / "out"
    killed = subprocess.run([sys.executable, "-c", KILLED_RUN, register, template, out, config], check=False)
    assert killed.returncode == -9
    assert len(list(out.glob("*.docx"))) >= 5

    result = merge(register, template, out, resume=True, config=load_config(config), issued=dt.date(2025, 6, 1))
    assert result.ok and len(result.written) + len(result.skipped) == 60
    entries = {e.number: e for e in ledger_entries(tmp_path)}
    assert len(entries) == 60
    for document in out.glob("*.docx"):
        number = all_text(document).splitlines()[0]
        assert entries[number].output == str(document)
        assert entries[number].sha256 == hashlib.sha256(document.read_bytes()).hexdigest()
