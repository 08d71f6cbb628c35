"""Checks a merge makes before any work: fields the template and the name pattern use, the extra outputs."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from docgen.context import suggest
from docgen.errors import DocgenError, Location, OutputError, Problem, UnknownFieldsError
from docgen.outputs.atomic import TEMP_PREFIX
from docgen.outputs.failures import write_failure
from docgen.outputs.naming import NamePattern
from docgen.render import DocxTemplate

TEMPLATE_NAME_FIELD = "模板"
LOW_DISK_BYTES = 1 << 20


def check_fields(compiled: DocxTemplate, available: set[str]) -> None:
    unknown = sorted(compiled.fields - available)
    if unknown:
        raise UnknownFieldsError(str(compiled.path), [(n, suggest(n, available)) for n in unknown])


def check_pattern(pattern: NamePattern, available: set[str]) -> None:
    unknown = [f for f in pattern.fields if f not in available and f != TEMPLATE_NAME_FIELD]
    if unknown:
        hints = "；".join(
            f"「{f}」" + (f"（是不是「{s}」？）" if (s := suggest(f, available)) else "") for f in unknown
        )
        raise OutputError(
            f"文件名模式用到了台账里没有的字段：{hints}", hint="请修改 --name 或 docgen.toml 中的 [output] name"
        )


def check_extra_outputs(combine: str | Path | None, zip_to: str | Path | None, force: bool) -> None:
    """Refuse before any work what would fail after it."""
    for extra, suffix in ((combine, ".docx"), (zip_to, ".zip")):
        if not extra:
            continue
        if Path(extra).suffix.lower() != suffix:
            raise OutputError(f"{Path(extra).name} 的扩展名应是 {suffix}")
        if Path(extra).exists() and not force:
            raise OutputError(f"{Path(extra).name} 已存在，未覆盖", hint="如需覆盖请加 --force")


def check_writable(folder: Path) -> None:
    """Write and remove a small file in `folder` before any number is allocated; the real cause if refused."""
    probe = folder / f"{TEMP_PREFIX}{os.getpid()}-probe.tmp"
    try:
        probe.write_bytes(b"docgen")
    except OSError as exc:
        refused = write_failure(exc, probe, creating=True)
        raise type(refused)(f"{refused.message}，未生成任何文书", hint=refused.hint) from None
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()


def output_fault(folder: Path) -> str | None:
    """What is wrong with the output folder as a whole (not with one file), if anything."""
    with contextlib.suppress(OSError):
        if shutil.disk_usage(folder).free < LOW_DISK_BYTES:
            return "所在磁盘已满"
    with contextlib.suppress(OSError, AttributeError):  # no statvfs on Windows
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "所在的磁盘是只读的"
    if not os.access(folder, os.W_OK | os.X_OK):
        return "没有写入权限"
    return None


def field_of(error: DocgenError) -> str | None:
    """The column a row error names (a document refusing for want of a value, see 必填), if any."""
    return getattr(error, "field", None)


def row_problem(error: DocgenError, where: Location) -> Problem:
    problem = Problem.from_error(error)
    if problem.where.row is None:
        problem.where = where
    return problem
