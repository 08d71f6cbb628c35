"""{{ 文号 }} in a merge: numbers from the ledger, kept on a rerun, renewed with --renumber."""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner
from conftest import all_text, case_row, write_template, write_xlsx

from docgen.cli import cli
from docgen.ledger.store import Ledger


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    register = write_xlsx(tmp_path / "r.xlsx", [case_row(1, "张三"), case_row(2, "李四"), case_row(3, "王五")])
    template = write_template(tmp_path / "受理告知书.docx", ["{{ 文号 }}", "{{ 信访人 }}"])
    config = tmp_path / "docgen.toml"
    config.write_text('[organ]\nshort_name = "某信"\n', encoding="utf-8")
    return register, template, config


def numbers(out: Path) -> list[str]:
    return [all_text(p).splitlines()[0] for p in sorted(out.glob("*.docx"))]


def test_numbers_in_sequence_kept_on_rerun_renewed_with_renumber(tmp_path: Path) -> None:
    register, template, config = setup(tmp_path)
    out = tmp_path / "out"
    common = ("--config", config, "--date", "2025-06-01", "--jobs", "2")
    assert run("merge", register, template, "-o", out, *common).exit_code == 0
    assert numbers(out) == ["某信受〔2025〕1号", "某信受〔2025〕2号", "某信受〔2025〕3号"]
    assert run("merge", register, template, "-o", out, *common, "--force").exit_code == 0
    assert numbers(out) == ["某信受〔2025〕1号", "某信受〔2025〕2号", "某信受〔2025〕3号"]
    result = run("merge", register, template, "-o", out, *common, "--force", "--renumber", "--rows", "3")
    assert result.exit_code == 0, result.output
    assert numbers(out) == ["某信受〔2025〕1号", "某信受〔2025〕4号", "某信受〔2025〕3号"]


def test_ledger_records_each_file_and_its_hash(tmp_path: Path) -> None:
    register, template, config = setup(tmp_path)
    out = tmp_path / "out"
    assert run("merge", register, template, "-o", out, "--config", config, "--date", "2025-06-01").exit_code == 0
    with Ledger(tmp_path / "发文登记.sqlite") as ledger:
        entries = {e.case_no: e for e in ledger.entries()}
    assert sorted(entries) == ["XF2025-001", "XF2025-002", "XF2025-003"]
    written = Path(entries["XF2025-002"].output)
    assert written == out / "XF2025-002-李四-受理告知书.docx"
    assert entries["XF2025-002"].sha256 == hashlib.sha256(written.read_bytes()).hexdigest()


def test_template_kind_without_prefix_stops_before_writing(tmp_path: Path) -> None:
    register, _, config = setup(tmp_path)
    template = write_template(tmp_path / "自制函件.docx", ["{{ 文号 }}"])
    out = tmp_path / "out"
    result = run("merge", register, template, "-o", out, "--config", config)
    assert result.exit_code == 2 and "自制函件" in result.output and "[numbering.prefixes]" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_the_supervision_letter_cites_the_assignment_letters_number(tmp_path: Path) -> None:
    register, _, config = setup(tmp_path)
    assign = write_template(tmp_path / "转送交办函.docx", ["{{ 文号 }}"])
    supervise = write_template(tmp_path / "督办函.docx", ["{{ 文号 }}", "原交办：{{ 交办文号 }}。"])
    common = ("--config", config, "--date", "2025-06-01")
    assert run("merge", register, assign, "-o", tmp_path / "交办", "--rows", "2", *common).exit_code == 0
    result = run("merge", register, supervise, "-o", tmp_path / "督办", *common)
    assert result.exit_code == 0, result.output
    texts = [all_text(p).splitlines() for p in sorted((tmp_path / "督办").glob("*.docx"))]
    assert texts[0][:2] == ["某信督〔2025〕1号", "原交办：某信交〔2025〕1号。"]
    assert texts[1][1] == "原交办：。"  # no assignment letter was issued for this case
