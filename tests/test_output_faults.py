"""Hostile folders and names: write failures by cause, links never followed out, odd patterns, the error log."""

from __future__ import annotations

import errno
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import case_row, write_template, write_xlsx

from docgen.cli import cli
from docgen.errors import OutputError, WriteRefusedError
from docgen.outputs import locks
from docgen.outputs.atomic import write_atomic
from docgen.outputs.failures import write_failure
from docgen.outputs.naming import NamePattern


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def batch(tmp_path: Path) -> tuple[Path, Path]:
    rows = [case_row(1, "张三"), case_row(2, "李四", 责任单位="县公安局"), case_row(3, "王五")]
    register = write_xlsx(tmp_path / "r.xlsx", rows)
    return register, write_template(tmp_path / "告知书.docx", ["{{ 信访人 }}：", "编号：{{ 信访编号 }}"])


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "磁盘空间已满"), (errno.EROFS, "只读"), (errno.EACCES, "没有在"), (errno.EPERM, "没有在")],
)
def test_a_refused_write_names_its_real_cause(tmp_path: Path, monkeypatch, code: int, words: str) -> None:
    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(locks.os, "open", refuse)
    with pytest.raises(WriteRefusedError) as caught:
        write_atomic(tmp_path / "a.docx", b"x")
    assert words in str(caught.value) and "Word/WPS" not in str(caught.value)


def test_disk_full_while_writing_is_refused_and_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    import docgen.outputs.atomic as atomic

    real = os.fdopen

    class Full:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: Full(real(fd, mode)))
    with pytest.raises(WriteRefusedError, match="磁盘空间已满"):
        write_atomic(tmp_path / "a.docx", b"x")
    assert list(tmp_path.iterdir()) == []


def test_only_a_sharing_violation_blames_word(tmp_path: Path) -> None:
    in_use = OSError(errno.EACCES, "in use")
    in_use.winerror = 32
    error = write_failure(in_use, tmp_path / "a.docx", creating=False)
    assert "Word/WPS" in str(error) and not isinstance(error, WriteRefusedError)
    read_only = write_failure(OSError(errno.EACCES, "denied"), tmp_path / "a.docx", creating=False)
    assert "Word/WPS" not in str(read_only) and "只读" in str(read_only)


def test_merge_into_a_refused_folder_is_a_clear_error_not_an_internal_one(tmp_path, batch, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(locks.os, "open", refuse)
    result = run("merge", *batch, "-o", tmp_path / "out", "--jobs", "1")
    assert result.exit_code in (1, 2), result.output
    assert "磁盘空间已满" in result.output and "内部出错" not in result.output


def test_output_folder_that_cannot_be_created_is_a_clear_error(tmp_path: Path, batch) -> None:
    (tmp_path / "占位").write_text("a file, not a folder")
    result = run("merge", *batch, "-o", tmp_path / "占位" / "sub")
    assert result.exit_code == 2, result.output
    assert "无法创建输出文件夹" in result.output


def test_strict_through_a_linked_output_folder_works(tmp_path: Path, batch) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    result = run("merge", *batch, "-o", tmp_path / "link" / "out", "--strict")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "real" / "out").glob("*.docx"))) == 3


def test_a_linked_subfolder_is_never_written_through(tmp_path: Path, batch) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "县住建局").symlink_to(outside)
    result = run("merge", *batch, "-o", out, "--name", "{责任单位}/{信访编号}.docx")
    assert result.exit_code == 1
    assert "链接" in result.output
    assert list(outside.iterdir()) == []
    assert [p.name for p in (out / "县公安局").iterdir()] == ["XF2025-002.docx"]


def test_resume_zip_and_combine_never_take_a_planted_link(tmp_path: Path, batch) -> None:
    out = tmp_path / "out"
    assert run("merge", *batch, "-o", out).exit_code == 0
    secret = tmp_path / "secret.docx"
    secret.write_bytes((out / "XF2025-001-张三-告知书.docx").read_bytes().replace(b"XF2025-001", b"SECRET-01"))
    planted = out / "XF2025-001-张三-告知书.docx"
    planted.unlink()
    planted.symlink_to(secret)
    before = secret.read_bytes()
    result = run("merge", *batch, "-o", out, "--resume", "--zip", tmp_path / "a.zip", "--combine", tmp_path / "c.docx")
    assert result.exit_code == 0, result.output
    assert not planted.is_symlink() and secret.read_bytes() == before
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert all(b"SECRET" not in archive.read(name) for name in archive.namelist())
    assert b"SECRET" not in zipfile.ZipFile(tmp_path / "c.docx").read("word/document.xml")


def test_an_empty_field_in_the_name_pattern_is_refused_up_front(tmp_path: Path, batch) -> None:
    result = run("merge", *batch, "-o", tmp_path / "out", "--name", "{}-{信访人}.docx")
    assert result.exit_code == 2
    assert "空的字段" in result.output
    assert not (tmp_path / "out").exists()


def test_invisible_characters_leave_file_names() -> None:
    pattern = NamePattern("{信访人}.docx")
    name = pattern.name({"信访人": "张\u202e三\u200b\u2066\ufeff"})
    assert name == "张三.docx"
    assert NamePattern("{a}/{b}.docx").name({"a": "单" * 300, "b": "x"}).split("/")[0].encode() <= b"\xff" * 200


def test_internal_error_log_is_per_user_and_never_fails(tmp_path: Path, batch, monkeypatch) -> None:
    import platformdirs

    from docgen import pipeline

    def bug(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("docgen.cli.merge.merge", bug)
    monkeypatch.setattr(platformdirs, "user_log_path", lambda *a, **k: tmp_path / "logs")
    result = run("merge", *batch, "-o", tmp_path / "out")
    assert result.exit_code == 70
    assert (tmp_path / "logs" / "docgen-error.log").read_text().count("RuntimeError: boom") == 1
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setattr(platformdirs, "user_log_path", lambda *a, **k: blocked / "logs")
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(blocked))
    result = run("merge", *batch, "-o", tmp_path / "out")
    assert result.exit_code == 70 and "内部出错" in result.output and "请把上面这行信息发给维护人员" in result.output
    assert pipeline.merge is not bug


def test_output_error_is_the_base_of_write_refused() -> None:
    assert issubclass(WriteRefusedError, OutputError)
