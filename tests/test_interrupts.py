"""Stopping a run: Ctrl+C and SIGKILL on a real `docgen` process, concurrent runs in one folder, errors mid-batch."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import case_row, write_template, write_xlsx

from docgen.cli import cli
from docgen.config import load_config
from docgen.errors import INTERRUPTED
from docgen.outputs import batch
from docgen.outputs.atomic import STAGING_PREFIX, TEMP_PREFIX, Staging, atomic_output, clean_stale_temps
from docgen.pipeline import merge
from docgen.render import DocxTemplate

POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="signals to a process group")
HANG = 30  # seconds: a bound that only a hang reaches


@pytest.fixture
def big(tmp_path: Path) -> tuple[Path, Path]:
    """Enough rows that a run is still busy when the pause hook fires."""
    register = write_xlsx(tmp_path / "r.xlsx", [case_row(i, f"人{i}") for i in range(1, 81)])
    return register, write_template(tmp_path / "告知书.docx", ["{{ 信访人 }}：", "编号：{{ 信访编号 }}"])


def start(tmp_path: Path, register: Path, template: Path, out: Path, *extra: str, pause: int = 6):
    """A real docgen process in its own process group that pauses after `pause` documents."""
    marker = tmp_path / f"paused-{time.monotonic_ns()}"
    env = {**os.environ, batch.PAUSE_VARIABLE: f"{pause}:{marker}"}
    command = [sys.executable, "-X", "faulthandler", "-m", "docgen", "merge", register, template, "-o", out, *extra]
    process = subprocess.Popen(
        [str(c) for c in command], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + HANG
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the run never reached the pause"
        time.sleep(0.02)
    return process


def finish(process: subprocess.Popen) -> tuple[int, str]:
    try:
        _, err = process.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGABRT)  # -X faulthandler: every thread's stack, for the report
        try:
            _, err = process.communicate(timeout=HANG)
        finally:
            os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("docgen hung after the signal:\n" + err.decode()[-8000:])
    return process.returncode, err.decode()


def leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.name.startswith(TEMP_PREFIX))


@POSIX_ONLY
@pytest.mark.parametrize("attempt", range(3))
@pytest.mark.parametrize("options", [("--jobs", "2"), ("--jobs", "2", "--strict"), ("--jobs", "1")])
def test_ctrl_c_stops_with_one_line_exit_130_and_no_temporary_file(tmp_path, big, options, attempt) -> None:
    out = tmp_path / "out"
    process = start(tmp_path, *big, out, *options)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: the main process and its workers
    code, err = finish(process)
    assert code == 130
    assert [line for line in err.splitlines() if line.strip()] == [INTERRUPTED]
    assert leftovers(out) == []
    assert multiprocessing.active_children() == []


@POSIX_ONLY
def test_killed_strict_run_leaves_staging_that_the_next_run_removes(tmp_path, big) -> None:
    out = tmp_path / "out"
    process = start(tmp_path, *big, out, "--jobs", "2", "--strict")
    os.kill(process.pid, signal.SIGKILL)
    finish(process)
    staged = [p for p in out.iterdir() if p.is_dir() and p.name.startswith(STAGING_PREFIX)]
    assert staged and list(staged[0].glob("*.docx")), "the killed run had staged complete documents"
    result = CliRunner().invoke(cli, ["merge", *map(str, big), "-o", str(out), "--rows", "2-3"])
    assert result.exit_code == 0, result.output
    assert leftovers(out) == []
    assert sorted(p.name for p in out.glob("*.docx")) == ["XF2025-001-人1-告知书.docx", "XF2025-002-人2-告知书.docx"]
    assert not [p for p in out.iterdir() if p.is_dir()]


@POSIX_ONLY
def test_a_second_run_leaves_a_live_runs_staging_and_temporary_files_alone(tmp_path, big) -> None:
    out = tmp_path / "out"
    first = start(tmp_path, *big, out, "--jobs", "1", "--strict")
    staged = [p for p in out.iterdir() if p.is_dir() and p.name.startswith(STAGING_PREFIX)]
    with atomic_output(out / "在写.docx") as stream:  # this process is writing a file right now
        stream.write(b"partial")
        temp = [p for p in out.iterdir() if p.suffix == ".tmp"]
        result = CliRunner().invoke(cli, ["merge", *map(str, big), "-o", str(out), "--rows", "2", "--strict"])
        assert result.exit_code == 0, result.output
        assert temp and all(p.exists() for p in temp)
    assert all(p.is_dir() and len(list(p.glob("*.docx"))) == 6 for p in staged) and staged
    os.killpg(first.pid, signal.SIGINT)
    assert finish(first)[0] == 130
    assert leftovers(out) == []


def test_abandoned_temporary_file_and_staging_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / f"{TEMP_PREFIX}4242-dead-1.tmp"
    stale.write_bytes(b"x")  # nobody holds it: its writer died
    dead = tmp_path / f"{STAGING_PREFIX}4242-dead"
    dead.mkdir()
    (dead / "张三.docx").write_bytes(b"personal data")
    (tmp_path / f"{STAGING_PREFIX}4242-dead.lock").write_bytes(b"")
    live = Staging(tmp_path)
    (live.folder / "李四.docx").write_bytes(b"in progress")
    assert clean_stale_temps(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.folder.name, live.folder.name + ".lock"])
    live.close()
    assert list(tmp_path.iterdir()) == []


def test_closing_the_batch_early_ends_the_workers(tmp_path: Path, big) -> None:
    template = big[1]
    jobs = (batch.Job(i, {"信访人": f"人{i}", "信访编号": str(i)}, tmp_path / f"{i}.docx") for i in range(200))
    outcomes = batch.produce_all(DocxTemplate(template), jobs, force=False, workers=2)
    assert next(outcomes).error is None
    outcomes.close()
    assert multiprocessing.active_children() == []
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("workers", [1, 2])
def test_every_document_on_disk_after_an_early_close_is_handed_out_or_reported_finished(
    tmp_path: Path, big, workers: int
) -> None:
    """The writers run ahead of the caller: what they wrote before the stop is listed, so it gets recorded."""
    template, out = big[1], tmp_path / "out"
    jobs = (batch.Job(i, {"信访人": f"人{i}", "信访编号": str(i)}, out / f"{i}.docx") for i in range(200))
    finished: list[batch.Outcome] = []
    outcomes = batch.produce_all(DocxTemplate(template), jobs, force=False, workers=workers, finished=finished)
    handed = [next(outcomes) for _ in range(3)]
    time.sleep(0.5)  # the writers get ahead
    outcomes.close()
    on_disk = sorted(out.glob("*.docx"))
    assert finished, "the writers had written ahead of the caller"
    assert sorted(o.path for o in handed + finished) == on_disk
    assert all(o.error is None and o.sha256 for o in finished)
    assert leftovers(out) == []


def test_documents_written_ahead_of_an_interrupt_are_recorded_in_the_ledger(tmp_path: Path, big, monkeypatch) -> None:
    """Ctrl+C while the writer thread is ahead: every numbered document on disk is in the ledger with its hash."""
    from docgen import pipeline
    from docgen.ledger.store import Ledger

    register, _ = big
    template = tmp_path / "告知书.docx"
    write_template(template, ["{{ 文号 }}", "{{ 信访人 }}"])
    (tmp_path / "docgen.toml").write_text(
        '[organ]\nshort_name = "某信"\n[numbering.prefixes]\n"告知书" = "某信告"\n', encoding="utf-8"
    )
    config = load_config(tmp_path / "docgen.toml")

    def interrupt(done: int, total: int) -> None:
        if done == 5:
            time.sleep(0.5)  # the writer thread gets ahead
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        pipeline.merge(register, template, tmp_path / "out", config=config, jobs=1, progress=interrupt)
    written = sorted((tmp_path / "out").glob("*.docx"))
    assert len(written) > 5
    with Ledger(tmp_path / "发文登记.sqlite") as ledger:
        recorded = {Path(e.output): e.sha256 for e in ledger.entries() if e.output}
    assert sorted(recorded) == written
    assert all(recorded[p] == hashlib.sha256(p.read_bytes()).hexdigest() for p in written)


def test_an_error_in_the_merge_loop_stops_the_workers_without_a_hang(tmp_path: Path, big, monkeypatch) -> None:
    from docgen import pipeline

    class Broken(Exception):
        pass

    def broken_progress(done: int, total: int) -> None:
        if done == 3:
            raise Broken

    with pytest.raises(Broken):
        pipeline.merge(*big, tmp_path / "out", jobs=2, progress=broken_progress)
    assert multiprocessing.active_children() == []
    assert leftovers(tmp_path / "out") == []


def test_a_worker_killed_midway_is_a_clear_error_not_a_hang(tmp_path: Path, big) -> None:
    def kill_a_worker(done: int, total: int) -> None:
        if done == 2:
            os.kill(multiprocessing.active_children()[0].pid, signal.SIGKILL)

    with pytest.raises(Exception) as caught:
        merge(*big, tmp_path / "out", jobs=2, progress=kill_a_worker)
    assert "子进程意外退出" in str(caught.value)
    assert multiprocessing.active_children() == []
