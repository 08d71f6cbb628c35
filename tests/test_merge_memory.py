"""What a long merge keeps per document: the file lists hold names, the manifest keeps only what it found."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import tracemalloc
from pathlib import Path

from conftest import case_row, write_template, write_xlsx

from docgen import merge, pipeline
from docgen.config import load_config
from docgen.pipeline.manifest import MANIFEST_NAME
from docgen.pipeline.result import Files

TOML = '[organ]\nname = "某县信访局"\nshort_name = "某信"\n'
DAY = dt.date(2025, 6, 1)


def setup(tmp_path: Path, count: int):
    register = write_xlsx(tmp_path / "r.xlsx", [case_row(i, f"人{i}") for i in range(1, count + 1)])
    template = write_template(tmp_path / "受理告知书.docx", ["{{ 文号 }}", "{{ 信访人 }}"])
    config = tmp_path / "docgen.toml"
    config.write_text(TOML, encoding="utf-8")
    return register, template, load_config(config)


def held_at_the_end(register: Path, template: Path, out: Path, config, monkeypatch) -> tuple[int, object]:
    """Bytes a merge holds once every document is written and recorded (traced from its start)."""
    held = []
    last_step = pipeline.Merge.report_leftovers

    def measure(self) -> None:
        gc.collect()
        held.append(tracemalloc.get_traced_memory()[0])
        last_step(self)

    monkeypatch.setattr(pipeline.Merge, "report_leftovers", measure)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = merge(register, template, out, config=config, issued=DAY)
    finally:
        tracemalloc.stop()
    return held[0] - before, result


def test_a_numbered_merge_holds_under_700_bytes_per_document(tmp_path: Path, monkeypatch) -> None:
    # 100,000 letters in 200 MB with --jobs 2: what the main process keeps per document (its name in the
    # result, its row, its name's hash) must stay small. A Path per document (0.6 kB), the manifest's entry
    # (0.6 kB) and the namer's own copy of each name (0.3 kB) once made it 1.7 kB.
    small, large = 200, 1400
    register, template, config = setup(tmp_path, large)
    short = write_xlsx(tmp_path / "short.xlsx", [case_row(i, f"人{i}") for i in range(1, small + 1)])
    merge(register, template, tmp_path / "warm", config=config, issued=DAY)  # imports, caches (deadlines by date)
    few, _ = held_at_the_end(short, template, tmp_path / "few", config, monkeypatch)
    many, result = held_at_the_end(register, template, tmp_path / "many", config, monkeypatch)
    assert result.ok and len(result.written) == large and len(result.documents) == large
    per_document = (many - few) / (large - small)
    assert per_document < 700, f"{per_document:.0f} bytes kept per document"


def test_the_result_lists_are_paths_in_the_output_folder(tmp_path: Path) -> None:
    register, template, config = setup(tmp_path, 3)
    result = merge(register, template, tmp_path / "out", config=config, issued=DAY)
    out = (tmp_path / "out").resolve()
    expected = [out / f"XF2025-{i:03d}-人{i}-受理告知书.docx" for i in (1, 2, 3)]
    assert result.written == expected and result.documents == expected
    assert all(isinstance(p, Path) and p.is_file() for p in result.documents)
    assert expected[1] in result.written and out / "其他.docx" not in result.written
    extra = [out / "合并.docx"]  # the merge's extras add their files to the list this way
    assert result.documents + extra == [*expected, *extra] and extra + result.written == [*extra, *expected]
    assert result.written[1:] == expected[1:] and result.written[-1] == expected[2]
    result.written.remove(expected[0])
    assert list(result.written) == expected[1:]


def test_files_keep_names_under_the_folder_and_whole_paths_outside_it(tmp_path: Path) -> None:
    files = Files(tmp_path, [tmp_path / "a" / "b.docx", Path("/elsewhere/c.docx")])
    assert files.names == ["a/b.docx", "/elsewhere/c.docx"]
    assert list(files) == [tmp_path / "a" / "b.docx", Path("/elsewhere/c.docx")]
    files[0] = tmp_path / "d.docx"
    del files[1]
    files.insert(0, tmp_path / "e.docx")
    assert files.names == ["e.docx", "d.docx"] and len(files) == 2


def test_the_manifest_is_compacted_from_disk_after_runs_over_the_same_files(tmp_path: Path) -> None:
    register, template, config = setup(tmp_path, 5)
    out = tmp_path / "out"
    for _ in range(3):  # each run appends 5 lines for the same 5 files; the third leaves 15 for 5
        result = merge(register, template, out, config=config, issued=DAY, force=True)
        assert result.ok
    lines = [json.loads(line) for line in (out / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()]
    assert sorted(line["file"] for line in lines) == sorted(p.name for p in result.documents)
    for line in lines:  # the latest line of each file was kept: its digest is the file's
        assert line["sha256"] == hashlib.sha256((out / line["file"]).read_bytes()).hexdigest()
        assert line["number"].startswith("某信受〔2025〕")
