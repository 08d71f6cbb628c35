"""A merge's steps one by one, numbers in batches, concurrent runs, and a failing output folder."""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import shutil
from pathlib import Path

import pytest
from conftest import all_text, case_row, write_template, write_xlsx

from docgen import merge, pipeline
from docgen.config import load_config
from docgen.errors import OutputError
from docgen.ledger.store import Ledger
from docgen.pipeline import MergeOptions
from docgen.pipeline.plan import BATCH, GROWTH

TOML = '[organ]\nname = "某县信访局"\nshort_name = "某信"\n'
DAY = dt.date(2025, 6, 1)


def setup(tmp_path: Path, count: int, start: int = 1, name: str = "r.xlsx"):
    register = write_xlsx(tmp_path / name, [case_row(i, f"人{i}") for i in range(start, start + count)])
    template = tmp_path / "受理告知书.docx"
    if not template.exists():
        write_template(template, ["{{ 文号 }}", "{{ 信访人 }}"])
    config = tmp_path / "docgen.toml"
    config.write_text(TOML, encoding="utf-8")
    return register, template, load_config(config)


def ledger_entries(tmp_path: Path):
    with Ledger(tmp_path / "发文登记.sqlite") as ledger:
        return ledger.entries()


def test_each_step_is_a_method_with_its_state_on_the_object(tmp_path: Path) -> None:
    register, template, config = setup(tmp_path, 3)
    job = pipeline.Merge(register, template, tmp_path / "out", MergeOptions(config=config, issued=DAY))
    planner = job.planner
    items = [planner.prepare(record) for record in planner.select()]
    assert [i.row for i in items] == [2, 3, 4] and all(i.from_ledger for i in items)
    assert "文号" not in items[0].context and not (tmp_path / "发文登记.sqlite").exists()  # nothing allocated yet
    planner.allocate(items)
    assert [i.context["文号"] for i in items] == [f"某信受〔2025〕{n}号" for n in (1, 2, 3)]
    assert all(e.output is None for e in ledger_entries(tmp_path))  # allocated, no document yet
    assert job.render(items[1]).startswith(b"PK")
    result = job.run()  # the same numbers again: same case, kind and date
    assert result.ok and len(result.written) == 3
    assert [all_text(p).splitlines()[0] for p in result.documents] == [i.context["文号"] for i in items]
    assert all(e.output for e in ledger_entries(tmp_path))


def test_numbers_are_allocated_and_recorded_a_batch_at_a_time(tmp_path: Path, monkeypatch) -> None:
    register, template, config = setup(tmp_path, 1200)
    begun = []
    original = Ledger._begin
    monkeypatch.setattr(Ledger, "_begin", lambda self: (begun.append(1), original(self))[1])
    result = merge(register, template, tmp_path / "out", config=config, issued=DAY)
    assert result.ok and len(result.written) == 1200
    # open, then allocations of 1, 8, 64 and BATCH numbers and one record per BATCH documents, not two per document
    allocations = 3 + -(-(1200 - 1 - GROWTH - GROWTH**2) // BATCH)
    assert len(begun) <= 2 + allocations + 1200 // BATCH + 2
    entries = ledger_entries(tmp_path)
    assert len({e.number for e in entries}) == 1200 and all(e.output and e.sha256 for e in entries)


def test_a_full_disk_stops_at_the_first_failure_and_allocates_no_more(tmp_path: Path, monkeypatch) -> None:
    register, template, config = setup(tmp_path, 60)

    def full(path, data, *, force=False):
        raise OutputError(f"无法在 {path.parent} 中写入文件：No space left on device")

    monkeypatch.setattr("docgen.outputs.batch.write_atomic", full)
    monkeypatch.setattr("docgen.pipeline.checks.shutil.disk_usage", lambda _: shutil._ntuple_diskusage(1, 1, 0))
    result = merge(register, template, tmp_path / "out", config=config, issued=DAY)
    assert not result.ok and not result.written
    assert any("所在磁盘已满" in p.message and "已停止" in p.message for p in result.problems)
    assert len(ledger_entries(tmp_path)) == 1  # not a number for every row


def _merge_in_process(register: str, template: str, out: str, config_path: str, renumber: bool, start) -> None:
    start.wait()
    merge(register, template, out, config=load_config(config_path), issued=DAY, renumber=renumber, force=True)


def _at_once(runs: list[tuple]) -> None:
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    start = context.Event()
    workers = [context.Process(target=_merge_in_process, args=(*map(str, args), renumber, start))
               for *args, renumber in runs]  # fmt: skip
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=300)
        assert worker.exitcode == 0


def test_two_runs_at_once_never_share_a_number(tmp_path: Path) -> None:
    first, template, _ = setup(tmp_path, 300)
    second, _, _ = setup(tmp_path, 300, start=301, name="r2.xlsx")
    config = tmp_path / "docgen.toml"
    _at_once([(first, template, tmp_path / "a", config, False), (second, template, tmp_path / "b", config, False)])
    entries = ledger_entries(tmp_path)
    assert sorted(e.seq for e in entries) == list(range(1, 601))  # every number once, no gaps
    for entry in entries:
        assert all_text(Path(entry.output)).splitlines()[0] == entry.number


def test_a_renumber_meanwhile_leaves_no_document_with_a_voided_number(tmp_path: Path) -> None:
    register, template, config = setup(tmp_path, 4)
    out = tmp_path / "out"
    merge(register, template, out, config=config, issued=DAY)
    slow = pipeline.Merge(register, template, out, MergeOptions(config=config, issued=DAY, renumber=True, force=True))
    slow.open_folder()
    jobs = list(slow.plan())  # numbers 5-8 allocated, 1-4 voided
    fast = merge(register, template, out, config=config, issued=DAY, renumber=True, force=True)  # 5-8 voided
    assert fast.ok and len(fast.written) == 4
    for outcome in slow.write(jobs):  # the slow run writes last, over the fast run's files
        slow.collect(outcome)
    slow.record()
    assert len(slow.result.problems) == 4 and "已被同时运行的另一次 --renumber 作废" in slow.result.problems[0].message
    status = {e.number: e for e in ledger_entries(tmp_path)}
    for document in out.glob("*.docx"):
        number = all_text(document).splitlines()[0]
        assert status[number].status == "有效", f"{document.name} bears voided {number}"


def test_preview_plans_like_merge_without_writing_or_numbering(tmp_path: Path) -> None:
    register = write_xlsx(tmp_path / "p.xlsx", [case_row(1, "张三"), case_row(1, "李四"), case_row(3, "王五")])
    template = write_template(tmp_path / "受理告知书.docx", ["{{ 文号 }}", "{{ 信访人 }}"])
    (tmp_path / "docgen.toml").write_text(TOML, encoding="utf-8")
    config = load_config(tmp_path / "docgen.toml")
    seen = pipeline.preview(register, template, tmp_path / "out", config=config, issued=DAY)
    assert seen.rows == [
        (2, "XF2025-001", "XF2025-001-张三-受理告知书.docx"),
        (4, "XF2025-003", "XF2025-003-王五-受理告知书.docx"),
    ]
    assert len(seen.problems) == 1 and "与第 2 行重复" in seen.problems[0].message
    first = tmp_path / "first.docx"
    first.write_bytes(seen.first)
    assert all_text(first).splitlines()[:2] == ["（待分配）", "张三"]
    assert not (tmp_path / "out").exists() and not (tmp_path / "发文登记.sqlite").exists()


def test_a_read_only_output_folder_is_refused_before_any_number(tmp_path: Path, monkeypatch) -> None:
    register, template, config = setup(tmp_path, 5)
    real_write = Path.write_bytes

    def refuse(self: Path, data: bytes) -> int:
        if self.parent.name == "out":
            raise PermissionError(13, "Permission denied")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", refuse)
    monkeypatch.setattr("docgen.pipeline.checks.os.access", lambda path, mode: False)
    with pytest.raises(OutputError, match=r"没有在 .* 中写入文件的权限，未生成任何文书"):
        merge(register, template, tmp_path / "out", config=config, issued=DAY)
    assert not (tmp_path / "发文登记.sqlite").exists()  # no number allocated


def test_merge_options_are_one_value_the_keywords_build_or_override(tmp_path: Path) -> None:
    register, template, config = setup(tmp_path, 3)
    options = MergeOptions(config=config, issued=DAY, where=["信访人=人2"])
    assert options.where == ("信访人=人2",)  # a list from a form or Click is frozen too
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.rows = "2"  # type: ignore[misc]
    result = merge(register, template, tmp_path / "out", options, rows="2-3")  # keywords go on top
    assert [p.name for p in result.documents] == ["XF2025-002-人2-受理告知书.docx"]
    same = merge(register, template, tmp_path / "kw", config=config, issued=DAY, where=["信访人=人2"], rows="2-3")
    assert [all_text(p) for p in same.documents] == [all_text(p) for p in result.documents]
    with pytest.raises(TypeError, match="wher"):
        merge(register, template, tmp_path / "typo", options, wher=["信访人=人2"])


def test_preview_takes_the_merge_options_and_ignores_the_writing_ones(tmp_path: Path) -> None:
    register, template, config = setup(tmp_path, 2)
    (tmp_path / "print.docx").write_bytes(b"kept")  # a merge without --force would refuse this print file
    options = MergeOptions(config=config, issued=DAY, rows="3", combine=tmp_path / "print.docx", to_pdf=True)
    seen = pipeline.preview(register, template, tmp_path / "out", options)
    assert [row for row, _, _ in seen.rows] == [3] and seen.first is not None
    assert options.dry() == MergeOptions(config=config, issued=DAY, rows="3")
    with pytest.raises(OutputError, match=r"print\.docx 已存在"):
        merge(register, template, tmp_path / "out", options)


@pytest.mark.parametrize("jobs", [1, 2])
def test_rows_the_template_refuses_spend_no_number_in_this_process_or_the_workers(tmp_path: Path, jobs: int) -> None:
    # With workers, the rows awaiting a number are rendered there first; the refused ones come back as problems.
    rows = [case_row(i, f"人{i}", 诉求="" if i in (2, 5) else "退还") for i in range(1, 8)]
    register = write_xlsx(tmp_path / "r.xlsx", rows)
    template = write_template(tmp_path / "受理告知书.docx", ["{{ 文号 }}", "{{ 诉求|必填('诉求') }}"])
    (tmp_path / "docgen.toml").write_text(TOML, encoding="utf-8")
    config = load_config(tmp_path / "docgen.toml")
    seen = pipeline.preview(register, template, tmp_path / "seen", config=config, issued=DAY)
    assert [row for row, _, _ in seen.rows] == [2, 4, 5, 7, 8]
    result = merge(register, template, tmp_path / "out", config=config, issued=DAY, jobs=jobs)
    assert sorted(p.where.row for p in result.problems) == [3, 6]
    assert all("「诉求」为空" in p.message and p.where.column == "I" for p in result.problems)
    numbers = [all_text(p).splitlines()[0] for p in result.documents]
    assert numbers == [f"某信受〔2025〕{n}号" for n in range(1, 6)]  # no gap where a row was refused
    assert sorted(e.number for e in ledger_entries(tmp_path)) == sorted(numbers)
