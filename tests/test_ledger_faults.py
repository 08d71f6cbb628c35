"""A ledger in trouble: empty, missing folder, locked, disk full, a failed COMMIT; backups and how to restore."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import case_row, write_template, write_xlsx

from docgen.cli import cli
from docgen.ledger.store import Ledger, LedgerError

KIND, DAY = "受理告知书", dt.date(2025, 6, 1)
TOML = '[organ]\nname = "某县信访局"\nshort_name = "某信"\n'


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def merge_setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    register = write_xlsx(tmp_path / "r.xlsx", [case_row(i, f"人{i}") for i in range(1, 4)])
    template = write_template(tmp_path / "受理告知书.docx", ["{{ 文号 }}"])
    config = tmp_path / "docgen.toml"
    config.write_text(TOML, encoding="utf-8")
    return register, template, config


def test_an_empty_ledger_is_an_error_never_a_fresh_start(tmp_path: Path) -> None:
    register, template, config = merge_setup(tmp_path)
    (tmp_path / "发文登记.sqlite").write_bytes(b"")
    result = run("merge", register, template, "-o", tmp_path / "out", "--config", config)
    assert result.exit_code == 2, result.output
    assert "是空文件" in result.output and "不能从 1 号重新编号" in result.output
    assert "发文登记-备份" in result.output and "先确认没有任何 docgen 正在运行" in result.output
    assert not list((tmp_path / "out").glob("*.docx"))
    assert (tmp_path / "发文登记.sqlite").stat().st_size == 0  # left as it was for the clerk to restore


def test_a_new_ledger_says_so_in_one_line_and_each_run_keeps_a_backup(tmp_path: Path) -> None:
    register, template, config = merge_setup(tmp_path)
    out = tmp_path / "out"
    first = run("merge", register, template, "-o", out, "--config", config, "--date", "2025-06-01")
    assert first.exit_code == 0, first.output
    assert first.output.count("已新建发文登记簿") == 1
    second = run("merge", register, template, "-o", out, "--config", config, "--date", "2025-07-01", "--force")
    assert second.exit_code == 0 and "已新建" not in second.output
    (backup,) = (tmp_path / "发文登记-备份").glob("*.sqlite")
    with Ledger(backup) as copy:  # the state before the second run: its three numbers
        assert [e.number for e in copy.entries()] == [f"某信受〔2025〕{i}号" for i in (1, 2, 3)]
    for _ in range(6):
        assert run("merge", register, template, "-o", out, "--config", config, "--force").exit_code == 0
    assert len(list((tmp_path / "发文登记-备份").glob("*.sqlite"))) == 5  # the last few runs


def test_a_ledger_in_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    register, template, config = merge_setup(tmp_path)
    config.write_text(TOML + '[numbering]\nledger = "共享盘/发文登记.sqlite"\n', encoding="utf-8")
    result = run("merge", register, template, "-o", tmp_path / "out", "--config", config)
    assert result.exit_code == 2, result.output
    assert "共享盘" in result.output and "不存在" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "共享盘").exists()


def test_a_lock_held_past_the_timeout_is_waited_out_with_a_message(tmp_path: Path, caplog) -> None:
    path = tmp_path / "l.sqlite"
    Ledger(path).close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.6, lambda: holder.execute("COMMIT"))
    release.start()
    with caplog.at_level(logging.WARNING, logger="docgen.ledger"), Ledger(path, timeout=0.2) as ledger:
        assert ledger.allocate("XF1", KIND, DAY) == "某信受〔2025〕1号"
    release.join()
    holder.close()
    assert "正被另一个 docgen 占用" in caplog.text and "继续等待" in caplog.text


def test_the_lock_hint_never_advises_restoring_a_backup(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("docgen.ledger.store.LOCK_RETRIES", 0)
    path = tmp_path / "l.sqlite"
    Ledger(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(LedgerError, match="正被其他程序占用") as raised:
            Ledger(path, timeout=0.1)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "不要从备份恢复" in raised.value.hint and "请从备份恢复" not in raised.value.hint


def test_a_full_disk_while_allocating_rolls_back_and_says_so(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        ledger.allocate("XF0", KIND, DAY)
        (pages,) = ledger._db.execute("PRAGMA page_count").fetchone()
        ledger._db.execute(f"PRAGMA max_page_count = {pages}")  # no room for another page: SQLITE_FULL
        with pytest.raises(LedgerError, match="磁盘已满") as raised:
            ledger.allocate_many([f"XF{i:05d}-{'长' * 50}" for i in range(1, 2000)], KIND, DAY)
        assert "--resume" in raised.value.hint
        assert not ledger._db.in_transaction
        ledger._db.execute("PRAGMA max_page_count = 1073741823")
        assert ledger.allocate("XF1", KIND, DAY) == "某信受〔2025〕2号"  # nothing half-written, still usable


class _FailingCommit:
    """A connection whose COMMIT fails once, as on a disk that filled up at the last moment."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.failed = False

    def execute(self, sql: str, *args):
        if sql == "COMMIT" and not self.failed:
            self.failed = True
            raise sqlite3.OperationalError("disk I/O error")
        return self.db.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self.db, name)


def test_a_failed_commit_leaves_no_transaction_open(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite") as ledger:
        real = ledger._db
        ledger._db = _FailingCommit(real)
        with pytest.raises(LedgerError, match="写入失败"):
            ledger.allocate("XF1", KIND, DAY)
        assert not real.in_transaction
        assert ledger.allocate("XF1", KIND, DAY) == "某信受〔2025〕1号"  # the failed one was rolled back
        ledger._db = real
