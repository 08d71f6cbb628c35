"""The document-number ledger: sequence, re-runs, renumbering, years, concurrent processes, the 发文登记簿."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from docgen.cli import cli
from docgen.config import Config, load_config
from docgen.errors import ConfigError
from docgen.ledger.store import LEDGER_NAME, Ledger, LedgerError, format_number, kind_of, ledger_path, prefix_for

ROOT = Path(__file__).resolve().parent.parent
KIND = "受理告知书"
D25, D26 = dt.date(2025, 6, 1), dt.date(2026, 6, 1)


@pytest.fixture
def ledger(tmp_path):
    with Ledger(tmp_path / "发文登记.sqlite") as opened:
        yield opened


def test_numbers_are_sequential_in_the_official_spelling(ledger):
    numbers = [ledger.allocate(f"XF2025-{i:04d}", KIND, D25) for i in range(1, 13)]
    assert numbers[0] == "某信受〔2025〕1号"
    assert numbers[-1] == "某信受〔2025〕12号"  # no 第, no leading zeros, 六角括号
    assert numbers == [f"某信受〔2025〕{i}号" for i in range(1, 13)]


def test_same_case_kind_and_date_get_their_number_back_a_new_date_is_a_new_document(ledger):
    first = ledger.allocate("XF2025-0001", KIND, D25)
    ledger.allocate("XF2025-0002", KIND, D25)
    assert ledger.allocate(" XF2025-0001 ", KIND, D25) == first  # the same batch run again
    assert ledger.allocate("XF2025-0001", "督办函", D25) == "某信督〔2025〕1号"
    assert ledger.allocate("XF2025-0001", "督办函", D25 + dt.timedelta(days=30)) == "某信督〔2025〕2号"
    assert ledger.allocate("XF2025-0001", KIND, D26) == "某信受〔2026〕1号"  # the year follows the date
    entries = ledger.entries()
    assert len(entries) == 5 and all(e.status == "有效" for e in entries)  # the ledger keeps both letters
    assert [e.issued for e in ledger.entries(kind="督办函")] == [D25, D25 + dt.timedelta(days=30)]
    assert ledger.lookup("XF2025-0001", "督办函").issued == D25 + dt.timedelta(days=30)
    before = ledger.lookup("XF2025-0001", "督办函", on_or_before=D25 + dt.timedelta(days=29))
    assert before.number == "某信督〔2025〕1号"
    assert ledger.lookup("XF2025-0001", "督办函", on_or_before=D25 - dt.timedelta(days=1)) is None


def test_renumber_voids_the_old_number_and_never_reuses_it(ledger):
    old = ledger.allocate("XF2025-0001", KIND, D25)
    ledger.allocate("XF2025-0002", KIND, D25)
    new = ledger.allocate("XF2025-0001", KIND, D25, renumber=True)
    assert (old, new) == ("某信受〔2025〕1号", "某信受〔2025〕3号")
    assert ledger.allocate("XF2025-0003", KIND, D25) == "某信受〔2025〕4号"
    assert ledger.allocate("XF2025-0001", KIND, D25) == new
    statuses = {e.number: e.status for e in ledger.entries()}
    assert statuses[old] == "作废" and statuses[new] == "有效"
    assert [e.number for e in ledger.entries(voided=False)] == ["某信受〔2025〕2号", new, "某信受〔2025〕4号"]


def test_a_new_year_restarts_at_one(ledger):
    for i in range(3):
        ledger.allocate(f"A{i}", KIND, D25)
    assert ledger.allocate("B1", KIND, D26) == "某信受〔2026〕1号"
    assert ledger.allocate("B2", KIND, D26) == "某信受〔2026〕2号"
    assert ledger.allocate("A9", KIND, D25) == "某信受〔2025〕4号"
    assert [e.number for e in ledger.entries(year=2026)] == ["某信受〔2026〕1号", "某信受〔2026〕2号"]


def test_each_kind_has_its_own_sequence(ledger):
    assert ledger.allocate("X1", KIND, D25) == "某信受〔2025〕1号"
    assert ledger.allocate("X1", "处理意见书", D25) == "某信处〔2025〕1号"
    assert ledger.allocate("X2", "处理意见书", D25) == "某信处〔2025〕2号"
    assert [e.kind for e in ledger.entries(kind="处理意见书")] == ["处理意见书", "处理意见书"]


def test_numbers_survive_reopening_and_record_outputs(tmp_path):
    path = tmp_path / "l.sqlite"
    with Ledger(path) as first:
        number = first.allocate("XF1", KIND, dt.date(2025, 3, 5))
        first.record_output(number, tmp_path / "a.docx", "ab" * 32)
    with Ledger(path) as again:
        assert again.allocate("XF2", KIND, D25) == "某信受〔2025〕2号"
        entry = again.lookup("XF1", KIND)
        assert entry.number == number and entry.issued == dt.date(2025, 3, 5)
        assert entry.output == str(tmp_path / "a.docx") and entry.sha256 == "ab" * 32 and entry.written
        with pytest.raises(LedgerError, match="没有"):
            again.record_output("某信受〔2025〕9号", "x.docx", "00")


def test_prefixes_from_config_defaults_and_unknown_kinds():
    config = Config()
    config.organ.short_name = "某县信"
    config.numbering.prefixes = {"处理意见书": "某县信复"}
    assert prefix_for("受理告知书", config) == "某县信受"
    assert prefix_for("处理意见书", config) == "某县信复"
    assert kind_of("templates/受理告知书.docx") == "受理告知书"
    with pytest.raises(ConfigError, match="没有设置发文字号前缀") as raised:
        prefix_for("情况通报", config)
    assert raised.value.hint.endswith('"情况通报" = "某县信函"')
    samples = load_config(ROOT / "samples" / "docgen.toml")
    assert prefix_for("不予受理告知书", samples) == "某信不受"
    assert format_number("某信复", 2025, 7) == "某信复〔2025〕7号"


def test_ledger_path_beside_config_or_register(tmp_path):
    toml = tmp_path / "cfg" / "docgen.toml"
    toml.parent.mkdir()
    toml.write_text('[numbering]\nledger = "登记/发文.sqlite"\n', encoding="utf-8")
    assert ledger_path(load_config(toml)) == toml.parent / "登记" / "发文.sqlite"
    toml.write_text("", encoding="utf-8")
    assert ledger_path(load_config(toml)) == toml.parent / LEDGER_NAME
    assert ledger_path(Config(), tmp_path / "台账.xlsx") == tmp_path / LEDGER_NAME


def test_bad_input_and_damaged_files_are_clear_errors(tmp_path, ledger):
    with pytest.raises(LedgerError, match="信访编号为空"):
        ledger.allocate("  ", KIND, D25)
    damaged = tmp_path / "坏.sqlite"
    damaged.write_bytes(b"not a database" * 100)
    with pytest.raises(LedgerError, match="无法打开发文登记簿") as raised:
        Ledger(damaged)
    assert "备份" in raised.value.hint


def _allocate_many(path: str, cases: list[str], start, results) -> None:
    start.wait()
    with Ledger(path, timeout=60) as ledger:
        results.put([(case, ledger.allocate(case, KIND, D25)) for case in cases])


def test_processes_allocating_at_once_never_share_a_number(tmp_path):
    path = str(tmp_path / "并发.sqlite")
    Ledger(path).close()
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    start, results = context.Event(), context.Queue()
    own = [[f"P{w}-{i}" for i in range(30)] for w in range(4)]
    shared = [f"S-{i}" for i in range(10)]  # every process also numbers these same cases
    workers = [context.Process(target=_allocate_many, args=(path, own[w] + shared, start, results)) for w in range(4)]
    for worker in workers:
        worker.start()
    start.set()
    got = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    numbers: dict[str, set[str]] = {}
    for pairs in got:
        for case, number in pairs:
            numbers.setdefault(case, set()).add(number)
    assert all(len(v) == 1 for v in numbers.values())  # a shared case got one number in every process
    issued = [next(iter(v)) for v in numbers.values()]
    assert len(issued) == len(set(issued)) == 4 * 30 + 10
    assert sorted(issued) == sorted(format_number("某信受", 2025, i) for i in range(1, 131))  # no gaps


def test_cli_list_and_export_the_register_of_issued_documents(tmp_path):
    toml = tmp_path / "docgen.toml"
    toml.write_text('[organ]\nname = "某县信访局"\nshort_name = "某信"\n', encoding="utf-8")
    with Ledger.for_config(load_config(toml)) as ledger:
        for i in range(1, 4):
            ledger.allocate(f"XF2025-000{i}", KIND, dt.date(2025, 3, i))
        ledger.allocate("XF2025-0001", KIND, dt.date(2025, 3, 1), renumber=True)
        ledger.record_output("某信受〔2025〕2号", tmp_path / "二.docx", "f" * 64)
    runner = CliRunner()
    listed = runner.invoke(cli, ["ledger", "list", "--config", str(toml)])
    assert listed.exit_code == 0, listed.output
    assert "4 条" in listed.output
    assert "某信受〔2025〕1号　受理告知书　XF2025-0001　2025-03-01　（已分配，未生成文件）　[作废]" in listed.output
    assert "某信受〔2025〕2号　受理告知书　XF2025-0002　2025-03-02　二.docx" in listed.output
    target = tmp_path / "发文登记簿.xlsx"
    exported = runner.invoke(cli, ["ledger", "export", str(target), "--config", str(toml)])
    assert exported.exit_code == 0 and "已导出 4 条" in exported.output
    sheet = load_workbook(target).active
    assert sheet["A1"].value == "某县信访局发文登记簿"
    assert [c.value for c in sheet[2]][:6] == ["序号", "发文字号", "文书种类", "信访编号", "成文日期", "状态"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [r[1] for r in rows] == [f"某信受〔2025〕{i}号" for i in range(1, 5)]
    assert rows[0][5] == "作废" and rows[1][6] == str(tmp_path / "二.docx") and rows[1][7] == "f" * 64
    again = runner.invoke(cli, ["ledger", "export", str(target), "--config", str(toml)])
    assert again.exit_code == 2 and "已存在" in again.output


def test_cli_without_a_ledger_says_how_one_appears(tmp_path):
    result = CliRunner().invoke(cli, ["ledger", "list", "--ledger", str(tmp_path / "无.sqlite")])
    assert result.exit_code == 2 and "找不到发文登记簿" in result.output and "Traceback" not in result.output
