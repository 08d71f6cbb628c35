"""Long work off the request thread: one job at a time per session, its progress polled by the page."""

from __future__ import annotations

import secrets
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import DocgenError


@dataclass
class Job:
    """What the page shows of a job: its state, progress, the files to download, messages."""

    id: str
    sid: str
    title: str
    state: str = "running"  # running, done, failed
    done: int = 0
    total: int = 0
    summary: str = ""
    error: str = ""
    files: list[tuple[str, Path]] = field(default_factory=list)  # (label, path) offered for download
    view: dict = field(default_factory=dict)  # whatever the page's result part shows

    def progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def as_json(self) -> dict:
        return {"id": self.id, "state": self.state, "done": self.done, "total": self.total, "summary": self.summary,
                "error": self.error}  # fmt: skip


class Jobs:
    """Jobs by id; work runs on a small thread pool so requests stay quick."""

    def __init__(self, workers: int = 2) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="docgen-job")
        self._jobs: dict[str, Job] = {}

    def start(self, sid: str, title: str, work: Callable[[Job], None]) -> Job:
        job = Job(secrets.token_hex(8), sid, title)
        self._jobs[job.id] = job
        self._pool.submit(self._run, job, work)
        return job

    def get(self, sid: str, job_id: str) -> Job | None:
        job = self._jobs.get(job_id)
        return job if job is not None and job.sid == sid else None  # another tab's session never sees it

    def _run(self, job: Job, work: Callable[[Job], None]) -> None:
        try:
            work(job)
            job.state = "done"
        except DocgenError as exc:
            job.error, job.state = f"错误：{exc}", "failed"
        except Exception as exc:  # a bug: the page says so plainly; the details go to the server's log
            traceback.print_exc()
            name = type(exc).__name__
            job.error = f"错误：docgen 内部出错（{name}）。已写完的文件完整可用，请把服务窗口中的信息发给维护人员。"
            job.state = "failed"

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
