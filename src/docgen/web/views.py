"""Small helpers the pages share: dates from forms, problem tables, document text, safe downloads."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from docx import Document
from flask import abort, send_file

from docgen.errors import DocgenError, Problem
from docgen.official.latedates import WEB_PAGE, row_hint, summarize_late
from docgen.values import to_date
from docgen.web.jobs import Job
from docgen.web.workspace import Workspace

LEVELS = {"error": "错误", "warning": "警告"}


def as_day(text: str | None) -> dt.date:
    """A date typed or picked in a form (any spelling the register accepts); today when empty."""
    if not text or not text.strip():
        return dt.date.today()
    try:
        day = to_date(text.strip())
    except DocgenError as exc:
        raise DocgenError(f"日期「{text}」无法识别", hint="请写成 2025-03-05 或 2025年3月5日") from exc
    return day.date() if isinstance(day, dt.datetime) else day


def problem_rows(problems: Iterable[Problem]) -> list[dict[str, str]]:
    """Problems as table rows, errors first: 级别, 单元格, 表头, 值, 问题, 建议."""
    rows = []
    for problem in sorted(problems, key=lambda p: p.severity != "error"):
        rows.append({
            "level": LEVELS.get(problem.severity, problem.severity),
            "severity": problem.severity,
            "cell": problem.cell,
            "header": problem.where.header or "",
            "value": "" if problem.value is None else str(problem.value),
            "message": problem.message,
            "hint": row_hint(problem, WEB_PAGE),
        })  # fmt: skip
    return rows


def late_lines(space: Workspace, sid: str, problems: Sequence[Problem]) -> list[str]:
    """One line for each kind of 成文日期-after-deadline warning many rows share (the table keeps every row),
    naming the register as the clerk uploaded it."""
    return [space.as_shown(sid, line) for line in summarize_late(problems, WEB_PAGE)[0]]


def docx_text(source: Path | bytes) -> list[str]:
    """The paragraphs of a document, a file or its bytes (tables' cells included, in order), for a text preview."""
    document = Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    lines = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = ["".join(t.text or "" for t in c.iter() if t.tag.endswith("}t")) for c in row
                             if c.tag.endswith("}tc")]  # fmt: skip
                    lines.append(" | ".join(cells))
    return lines


def send_output(space: Workspace, sid: str, job: Job | None, index: int):
    """Send a job's file `index`, only when it lies inside the session's own folder."""
    if job is None or not 0 <= index < len(job.files):
        abort(404)
    path = job.files[index][1]
    real = path.resolve()
    if not real.is_relative_to(space.folder(sid).resolve()) or not real.is_file():
        abort(404)
    return send_file(real, as_attachment=True, download_name=path.name)
