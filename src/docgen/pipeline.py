"""Library entry points: merge a register into a template, one document per case (no Click here)."""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import re
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docgen import cases
from docgen.config import Config
from docgen.context import DATE_FIELDS, ORGAN_FIELDS, organ_context, suggest
from docgen.errors import DocgenError, Location, OutputError, Problem, UnknownFieldsError
from docgen.outputs.atomic import TEMP_PREFIX, clean_stale_temps, write_atomic
from docgen.outputs.naming import NamePattern, Namer
from docgen.register import Register
from docgen.render import DocxTemplate
from docgen.values import to_date

Progress = Callable[[int, int], None]
TEMPLATE_NAME_FIELD = "模板"


@dataclass
class MergeResult:
    """What a merge did: files written, files left alone, and every row problem."""

    outdir: Path
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fast: bool = True

    @property
    def error_rows(self) -> int:
        return len({p.where.row for p in self.problems if p.severity == "error"})

    @property
    def ok(self) -> bool:
        return self.error_rows == 0

    def summary(self) -> str:
        text = f"已生成 {len(self.written)} 份"
        if self.skipped:
            text += f"，跳过已存在的 {len(self.skipped)} 份"
        if self.error_rows:
            text += f"，{self.error_rows} 行有错误"
        return text


@dataclass
class _Job:
    row: int
    context: dict[str, object]
    path: Path


def merge(
    register: str | Path,
    template: str | Path,
    outdir: str | Path,
    *,
    config: Config | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    name: str | None = None,
    where: Sequence[str] = (),
    rows: str | None = None,
    force: bool = False,
    strict: bool = False,
    resume: bool = False,
    as_of: dt.date | None = None,
    issued: dt.date | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> MergeResult:
    """Generate one .docx per selected case of `register` from `template` into `outdir`.

    Nothing is written when the template uses unknown fields; with `strict`, nothing is written
    when any row has an error. Existing files are kept unless `force`; `resume` skips them quietly.
    """
    config = config or Config()
    today = dt.date.today()
    as_of, issued = as_of or today, issued or today
    book = Register(register, config.register, sheet=sheet, header_row=header_row)
    compiled = DocxTemplate(template)
    pattern = NamePattern(name or config.output.name)
    available = set(book.fields) | set(cases.COMPUTED_FIELDS) | set(ORGAN_FIELDS) | set(DATE_FIELDS)
    _check_fields(compiled, available)
    _check_pattern(pattern, available)
    selectors = [_parse_where(text, book) for text in where]
    wanted_rows = _parse_rows(rows) if rows else None

    used = compiled.fields | set(pattern.fields) | {s[0] for s in selectors}
    computed = sorted(used & set(cases.COMPUTED_FIELDS))
    inputs = {col for name in computed for col in cases.COMPUTED_FIELDS[name][1]}
    columns = (used | inputs | set(config.register.required)) & set(book.fields)
    history = cases.build_history(book) if cases.needs_history(computed) else None
    base = organ_context(config, issued)
    base[TEMPLATE_NAME_FIELD] = compiled.name

    final = Path(outdir)
    final.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(final)
    target = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + "staging-", dir=final)) if strict else final
    result = MergeResult(outdir=final, fast=compiled.fast)
    namer = Namer(final)

    def planned() -> Iterator[_Job]:
        for record in book.records(columns):
            if wanted_rows is not None and record.row not in wanted_rows:
                continue
            if not all(_matches(record.values.get(f), v) for f, v in selectors):
                continue
            result.problems.extend(record.problems)
            if not record.ok:
                continue
            context = {**base, **record.values}
            try:
                context.update(cases.compute(record.values, computed, config=config, as_of=as_of, history=history))
                path = namer.claim(pattern.name(context))
            except DocgenError as exc:
                result.problems.append(_row_problem(exc, book.location(record.row)))
                continue
            if path.exists() and not force:
                if resume and _complete(path):
                    result.skipped.append(path)
                    continue
                if not resume:
                    result.problems.append(
                        Problem(
                            book.location(record.row),
                            f"{path.name} 已存在，未覆盖",
                            hint="如需覆盖请加 --force，或用 --resume 跳过已生成的",
                        )
                    )
                    continue
            yield _Job(record.row, context, target / path.relative_to(final) if strict else path)

    total = book.estimated_rows()
    done = 0
    try:
        for row, path, error in _produce_all(compiled, planned(), force=force or resume, jobs=jobs):
            done += 1
            if error is None:
                result.written.append(path)
            else:
                result.problems.append(_row_problem(error, book.location(row)))
            if progress:
                progress(done, max(total, done))
        if strict:
            _finish_staging(result, target, final, force=force or resume)
    finally:
        if strict:
            shutil.rmtree(target, ignore_errors=True)
    return result


def _check_fields(compiled: DocxTemplate, available: set[str]) -> None:
    unknown = sorted(compiled.fields - available)
    if unknown:
        raise UnknownFieldsError(str(compiled.path), [(n, suggest(n, available)) for n in unknown])


def _check_pattern(pattern: NamePattern, available: set[str]) -> None:
    unknown = [f for f in pattern.fields if f not in available and f != TEMPLATE_NAME_FIELD]
    if unknown:
        hints = "；".join(
            f"「{f}」" + (f"（是不是「{s}」？）" if (s := suggest(f, available)) else "") for f in unknown
        )
        raise OutputError(
            f"文件名模式用到了台账里没有的字段：{hints}", hint="请修改 --name 或 docgen.toml 中的 [output] name"
        )


def _parse_where(text: str, book: Register) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise DocgenError(
            f"--where 的写法应是 字段=值，收到的是「{text}」", hint="例如 --where 责任单位=城关镇人民政府"
        )
    if name not in book.fields:
        hint = f"是不是「{s}」？" if (s := suggest(name, book.fields)) else "可用的列：" + "、".join(book.fields)
        raise DocgenError(f"--where 中的字段「{name}」不是台账的列", hint=hint)
    value = value.strip()
    with contextlib.suppress(DocgenError):
        if name.endswith(tuple(book.settings.date_suffixes)):
            return name, to_date(value)
    return name, value


def _matches(actual: object, wanted: object) -> bool:
    if isinstance(wanted, dt.date):
        return actual == wanted
    return str(actual).strip() == str(wanted)


def _parse_rows(text: str) -> set[int]:
    """Excel row numbers from 5-20 or 5,8,10-12."""
    wanted: set[int] = set()
    for part in text.replace("，", ",").split(","):
        match = re.fullmatch(r"\s*(\d+)\s*(?:[-~～]\s*(\d+))?\s*", part)
        if not match:
            raise DocgenError(f"--rows 的写法应是 5-20 或 5,8,10-12，收到的是「{text}」")
        start, end = int(match.group(1)), int(match.group(2) or match.group(1))
        if end < start:
            raise DocgenError(f"--rows 的范围 {start}-{end} 前大后小", hint="请写成 小-大")
        wanted.update(range(start, end + 1))
    return wanted


def _row_problem(error: DocgenError, where: Location) -> Problem:
    problem = Problem.from_error(error)
    if problem.where.row is None:
        problem.where = where
    return problem


def _complete(path: Path) -> bool:
    """A .docx is complete when its zip directory is whole and its main part is there."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "[Content_Types].xml" in archive.namelist() and archive.testzip() is None
    except (zipfile.BadZipFile, OSError):
        return False


def _finish_staging(result: MergeResult, staging: Path, final: Path, *, force: bool) -> None:
    """Strict mode: move staged files into place only when no row failed."""
    if not result.ok:
        result.written.clear()
        return
    moved = []
    for path in result.written:
        destination = final / path.relative_to(staging)
        destination.parent.mkdir(parents=True, exist_ok=True)
        if not force and destination.exists():
            raise OutputError(f"{destination.name} 已存在，未覆盖", hint="如需覆盖请加 --force")
        os.replace(path, destination)
        moved.append(destination)
    result.written = moved


# -- producing documents, in this process or in workers ----------------------------------
_WORKER: dict[str, object] = {}


def _produce(job: _Job, compiled: DocxTemplate, force: bool) -> DocgenError | None:
    try:
        write_atomic(job.path, compiled.render(job.context), force=force)
    except DocgenError as exc:
        return exc
    except Exception as exc:  # a failed row must not stop the others
        return DocgenError(f"生成时出现意外错误：{type(exc).__name__}: {exc}", hint="请把这条信息报告给维护人员")
    return None


def _worker_init(template: Path, force: bool) -> None:
    if "template" not in _WORKER:  # inherited as is under fork; compiled again under spawn
        _WORKER["template"] = DocxTemplate(template)
    _WORKER["force"] = force


def _worker_produce(job: _Job) -> tuple[int, Path, DocgenError | None]:
    return job.row, job.path, _produce(job, _WORKER["template"], _WORKER["force"])  # type: ignore[arg-type]


def _produce_all(
    compiled: DocxTemplate, planned: Iterable[_Job], *, force: bool, jobs: int
) -> Iterator[tuple[int, Path, DocgenError | None]]:
    """Render and write every job, results in register order; `jobs` > 1 uses worker processes."""
    if jobs <= 1:
        for job in planned:
            yield job.row, job.path, _produce(job, compiled, force)
        return
    window = threading.Semaphore(jobs * 128)

    def bounded() -> Iterator[_Job]:
        for job in planned:
            window.acquire()
            yield job

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":
        _WORKER["template"] = compiled
    try:
        with multiprocessing.get_context(method).Pool(jobs, _worker_init, (compiled.path, force)) as pool:
            for outcome in pool.imap(_worker_produce, bounded(), chunksize=16):
                window.release()
                yield outcome
    finally:
        _WORKER.clear()
