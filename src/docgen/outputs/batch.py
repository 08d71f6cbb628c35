"""Rendering and writing a batch of documents, in this process or in worker processes, in order."""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import signal
import sys
import threading
import time
import zipfile
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from docgen.errors import DocgenError, OutputError
from docgen.outputs.atomic import abandon_writes, write_atomic
from docgen.render import DocxTemplate
from docgen.render.template import Prerendered

CHUNK = 4  # documents per task sent to a worker
AHEAD = 4  # tasks per worker read ahead, so memory stays flat and a stop is quick
WRITE_AHEAD = 8  # rendered documents waiting for the writer thread (--jobs 1)
STOP_GRACE_SECONDS = 1.0  # on a stop, documents being written may finish within this; then workers are killed
PAUSE_VARIABLE = "DOCGEN_PAUSE_AFTER"  # "N:path" for fault tests: after N documents touch path and wait


@dataclass
class Job:
    """One document to produce: the register row it comes from, its context and its path."""

    row: int
    context: dict[str, object]
    path: Path
    prerendered: Prerendered | None = None  # rendered already, its slot's value (in the context) still to write in


@dataclass(frozen=True)
class Outcome:
    """What became of a job: the SHA-256 of the file written, or the error."""

    row: int
    path: Path
    sha256: str | None
    error: DocgenError | None


def produce(job: Job, compiled: DocxTemplate, force: bool) -> Outcome:
    """Render and write one document; any failure is returned, never raised."""
    rendered = render(job, compiled)
    return rendered if isinstance(rendered, Outcome) else write(job, rendered, force)


def render(job: Job, compiled: DocxTemplate) -> bytes | Outcome:
    """One document's bytes, or the outcome of a row that cannot be rendered."""
    try:
        if job.prerendered is not None:
            return compiled.finish(job.prerendered, job.context[job.prerendered.slot])
        return compiled.render(job.context)
    except Exception as exc:  # a failed row must not stop the others
        return _failed(job, exc)


def write(job: Job, data: bytes, force: bool) -> Outcome:
    """Write one rendered document; any failure is returned, never raised."""
    try:
        write_atomic(job.path, data, force=force)
    except Exception as exc:
        return _failed(job, exc)
    return Outcome(job.row, job.path, hashlib.sha256(data).hexdigest(), None)


def _failed(job: Job, exc: Exception) -> Outcome:
    return Outcome(job.row, job.path, None, _as_docgen(exc))


def _as_docgen(exc: Exception) -> DocgenError:
    if isinstance(exc, DocgenError):
        return exc
    return DocgenError(f"生成时出现意外错误：{type(exc).__name__}: {exc}", hint="请把这条信息报告给维护人员")


def complete(path: Path) -> bool:
    """A .docx is complete when it is a real file (not a link), its zip directory is whole and
    every member reads back."""
    if os.path.islink(path):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return "[Content_Types].xml" in archive.namelist() and archive.testzip() is None
    except (zipfile.BadZipFile, OSError):
        return False


_WORKER: dict[str, object] = {}


def _worker_init(template: Path, force: bool) -> None:
    # Ctrl+C reaches the whole process group: the main process decides, workers carry on until told.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_cleanly)
    threading.Thread(target=_end_with_parent, args=(os.getppid(),), daemon=True).start()
    if "template" not in _WORKER:  # inherited as is under fork; compiled again under spawn
        _WORKER["template"] = DocxTemplate(template)
    _WORKER["force"] = force


def _exit_cleanly(signum: int, frame: object) -> None:
    # Not SystemExit: concurrent.futures would catch it, send it back as a result and wait for more work.
    abandon_writes()
    os._exit(128 + signum)


def _end_with_parent(parent: int) -> None:
    """A worker whose main process was killed ends too (orphans would hold files and pipes open)."""
    if os.name == "nt":
        process = multiprocessing.parent_process()
        if process is not None:
            process.join()
        os._exit(1)
    # Signals must reach the main thread, which is the one that unwinds; and a sibling worker may hold
    # the parent's sentinel pipe open, so watch the parent's pid instead.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    while os.getppid() == parent:
        time.sleep(0.2)
    os.kill(os.getpid(), signal.SIGTERM)


def _worker_produce(jobs: list[Job]) -> list[Outcome]:
    return [produce(job, _WORKER["template"], _WORKER["force"]) for job in jobs]  # type: ignore[arg-type]


def _worker_prerender(contexts: list[dict[str, object]], slot: str) -> list[Prerendered | DocgenError | None]:
    return prerender_each(_WORKER["template"], contexts, slot)  # type: ignore[arg-type]


def prerender_each(
    compiled: DocxTemplate, contexts: list[dict[str, object]], slot: str
) -> list[Prerendered | DocgenError | None]:
    """`compiled.prerender` of each case in order, a refusal returned, never raised (see DocxTemplate.prerender)."""
    results: list[Prerendered | DocgenError | None] = []
    for context in contexts:
        try:
            results.append(compiled.prerender(context, slot))
        except Exception as exc:
            results.append(_as_docgen(exc))
    return results


class Workers:
    """`count` worker processes sharing one compiled template, started on first use and ended by
    `produce_all`: they prerender cases to check them (`prerender_many`) and render and write documents."""

    def __init__(self, compiled: DocxTemplate, count: int, force: bool) -> None:
        self.compiled, self.count, self.force = compiled, count, force
        self._executor: ProcessPoolExecutor | None = None

    @property
    def executor(self) -> ProcessPoolExecutor:
        if self._executor is None:
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            if method == "fork":
                _WORKER["template"] = self.compiled
                gc.freeze()  # forked workers then never touch (and so copy) the pages of what this process holds
            self._executor = ProcessPoolExecutor(
                self.count,
                multiprocessing.get_context(method),
                initializer=_worker_init,
                initargs=(self.compiled.path, self.force),
            )
        return self._executor

    def prerender_many(self, contexts: list[dict[str, object]], slot: str) -> list[Prerendered | DocgenError | None]:
        """Each case prerendered (or its refusal) in the workers, in order; a few large tasks, not one per case."""
        size = max(1, -(-len(contexts) // (self.count * 2)))
        try:
            futures = [
                self.executor.submit(_worker_prerender, contexts[start : start + size], slot)
                for start in range(0, len(contexts), size)
            ]
            return [result for future in futures for result in future.result()]
        except BrokenProcessPool:
            raise _broken() from None

    def stop(self, pending: deque[Future[list[Outcome]]]) -> None:
        """End the workers, if they were started (see `_stop`)."""
        if self._executor is not None:
            _stop(self._executor, pending)


def _broken() -> OutputError:
    return OutputError(
        "生成文书的子进程意外退出（可能是内存不足）", hint="已写完的文件完整可用；请加 --jobs 1 --resume 重试"
    )


def produce_all(
    compiled: DocxTemplate,
    jobs: Iterable[Job],
    *,
    force: bool,
    workers: int | Workers,
    finished: list[Outcome] | None = None,
) -> Iterator[Outcome]:
    """Every job's outcome in the order given; more than one worker renders in worker processes while
    this process reads ahead a bounded number of jobs. Jobs are drawn in this thread only.

    Close the iterator when stopping early (an interrupt, an error in the caller's loop):
    workers then stop within about a second, leaving no temporary file. The outcomes of documents
    written by then but not yet handed out go into `finished`, so that the caller can record them."""
    pause = _pause_from_environment()
    finished = finished if finished is not None else []
    pool = workers if isinstance(workers, Workers) else Workers(compiled, workers, force)
    if pool.count <= 1:
        # the fault tests' pause comes after exactly N documents: then nothing is written ahead
        write_ahead = WRITE_AHEAD if PAUSE_VARIABLE not in os.environ else 0
        for count, outcome in enumerate(_render_here(compiled, jobs, force, write_ahead, finished), 1):
            yield outcome
            pause(count)
        return
    pending: deque[Future[list[Outcome]]] = deque()
    count = 0
    source = iter(jobs)
    outcomes: deque[Outcome] = deque()  # of the chunk being handed out
    try:
        while True:
            while len(pending) < pool.count * AHEAD and (chunk := list(islice(source, CHUNK))):
                pending.append(pool.executor.submit(_worker_produce, chunk))
            if not pending:
                break
            outcomes = deque(pending[0].result())
            pending.popleft()
            while outcomes:
                count += 1
                yield outcomes.popleft()
                pause(count)
    except BrokenProcessPool:
        raise _broken() from None
    finally:
        pool.stop(pending)
        finished += outcomes
        finished += (o for future in _completed(pending) for o in future.result())
        _WORKER.clear()
        gc.unfreeze()


def _render_here(
    compiled: DocxTemplate, jobs: Iterable[Job], force: bool, write_ahead: int, finished: list[Outcome]
) -> Iterator[Outcome]:
    """Render in this thread while a writer thread writes the previous documents: the disk's waits (a new
    file's journal entry, a virus scanner's look) overlap the next document's rendering. In order."""
    writer = ThreadPoolExecutor(1, thread_name_prefix="docgen-write")
    pending: deque[Future[Outcome]] = deque()
    broken = threading.Event()  # a write was interrupted: write nothing more

    def write_next(job: Job, data: bytes) -> Outcome:
        if broken.is_set():
            raise _Abandoned
        try:
            return write(job, data, force)
        except BaseException:
            broken.set()
            raise

    ahead = 0  # the first document is written before the next job is drawn: a folder that fails costs one number
    try:
        for job in jobs:
            rendered = render(job, compiled)
            if isinstance(rendered, Outcome):
                done: Future[Outcome] = Future()
                done.set_result(rendered)
                pending.append(done)
            else:
                pending.append(writer.submit(write_next, job, rendered))
            while len(pending) > ahead or (pending and pending[0].done()):
                yield pending.popleft().result()
                ahead = write_ahead
        while pending:
            yield pending.popleft().result()
    finally:
        writer.shutdown(wait=True, cancel_futures=True)  # a write under way finishes: no temporary file stays
        finished += (future.result() for future in _completed(pending))


class _Abandoned(Exception):
    """A queued write skipped because an earlier one was interrupted."""


def _completed(futures: Iterable[Future]) -> list[Future]:
    """The futures that finished with a result (not cancelled, not failed)."""
    return [f for f in futures if f.done() and not f.cancelled() and f.exception() is None]


def _stop(executor: ProcessPoolExecutor, pending: deque[Future[list[Outcome]]]) -> None:
    """Cancel what has not started, let documents being written finish briefly, then end the workers."""
    for future in pending:
        future.cancel()
    busy = [future for future in pending if not future.done()]
    if busy and wait(busy, timeout=STOP_GRACE_SECONDS).not_done:
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            process.terminate()  # SIGTERM: the worker unwinds its atomic write and exits
    executor.shutdown(wait=True, cancel_futures=True)


def _pause_from_environment():
    """The fault tests' hook: after N documents, touch a file and wait to be signalled."""
    setting = os.environ.get(PAUSE_VARIABLE, "")
    count, _, marker = setting.partition(":")
    if not count.isdigit() or not marker:
        return lambda done: None

    def pause(done: int) -> None:
        if done == int(count):
            Path(marker).touch()
            sys.stderr.flush()
            time.sleep(60)

    return pause
