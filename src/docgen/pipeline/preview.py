"""A dry run of a merge: the rows it would generate, their file names and problems, the first document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docgen.config import Config
from docgen.errors import Problem
from docgen.ledger.numbering import NUMBER_FIELD
from docgen.pipeline.merge import Merge

PENDING_NUMBER = "（待分配）"


@dataclass
class Preview:
    """What a merge would do: (Excel row, 信访编号, file name) per document, every problem, the first document."""

    rows: list[tuple[int, str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    first: bytes | None = None


def preview(
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
    as_of: dt.date | None = None,
    issued: dt.date | None = None,
    render_first: bool = True,
) -> Preview:
    """The merge's own plan step without writing a file or allocating a number ({{ 文号 }} reads （待分配）)."""
    job = Merge(
        register, template, outdir, config=config, sheet=sheet, header_row=header_row, name=name, where=where,
        rows=rows, as_of=as_of, issued=issued,
    )  # fmt: skip
    planner, seen = job.planner, Preview()
    try:
        for record in planner.select():
            item = planner.prepare(record)
            if item is None:
                continue
            if item.from_ledger:
                item.context[NUMBER_FIELD] = PENDING_NUMBER
            path = item.path or planner.namer.claim(planner.pattern.name(item.context))
            seen.rows.append((item.row, item.case_no, path.relative_to(job.outdir).as_posix()))
            if render_first and seen.first is None:
                seen.first = job.render(item)
    finally:
        planner.close()
    seen.problems = job.result.problems
    return seen
