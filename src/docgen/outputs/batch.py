"""Rendering and writing a batch of documents, in this process or in worker processes, in order."""

from __future__ import annotations

import hashlib
import multiprocessing
import threading
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DocgenError
from docgen.outputs.atomic import write_atomic
from docgen.render import DocxTemplate


@dataclass
class Job:
    """One document to produce: the register row it comes from, its context and its path."""

    row: int
    context: dict[str, object]
    path: Path


@dataclass(frozen=True)
class Outcome:
    """What became of a job: the SHA-256 of the file written, or the error."""

    row: int
    path: Path
    sha256: str | None
    error: DocgenError | None


def produce(job: Job, compiled: DocxTemplate, force: bool) -> Outcome:
    """Render and write one document; any failure is returned, never raised."""
    try:
        data = compiled.render(job.context)
        write_atomic(job.path, data, force=force)
    except DocgenError as exc:
        return Outcome(job.row, job.path, None, exc)
    except Exception as exc:  # a failed row must not stop the others
        error = DocgenError(f"生成时出现意外错误：{type(exc).__name__}: {exc}", hint="请把这条信息报告给维护人员")
        return Outcome(job.row, job.path, None, error)
    return Outcome(job.row, job.path, hashlib.sha256(data).hexdigest(), None)


def complete(path: Path) -> bool:
    """A .docx is complete when its zip directory is whole and every member reads back."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "[Content_Types].xml" in archive.namelist() and archive.testzip() is None
    except (zipfile.BadZipFile, OSError):
        return False


_WORKER: dict[str, object] = {}


def _worker_init(template: Path, force: bool) -> None:
    if "template" not in _WORKER:  # inherited as is under fork; compiled again under spawn
        _WORKER["template"] = DocxTemplate(template)
    _WORKER["force"] = force


def _worker_produce(job: Job) -> Outcome:
    return produce(job, _WORKER["template"], _WORKER["force"])  # type: ignore[arg-type]


def produce_all(compiled: DocxTemplate, jobs: Iterable[Job], *, force: bool, workers: int) -> Iterator[Outcome]:
    """Every job's outcome in the order given; `workers` > 1 renders in worker processes while
    this process reads ahead a bounded number of jobs, so memory stays flat."""
    if workers <= 1:
        for job in jobs:
            yield produce(job, compiled, force)
        return
    window = threading.Semaphore(workers * 128)

    def bounded() -> Iterator[Job]:
        for job in jobs:
            window.acquire()
            yield job

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":
        _WORKER["template"] = compiled
    try:
        with multiprocessing.get_context(method).Pool(workers, _worker_init, (compiled.path, force)) as pool:
            for outcome in pool.imap(_worker_produce, bounded(), chunksize=16):
                window.release()
                yield outcome
    finally:
        _WORKER.clear()
