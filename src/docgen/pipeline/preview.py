"""A dry run of a merge: the rows it would generate, their file names and problems, the first document."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import Problem
from docgen.ledger.numbering import NUMBER_FIELD
from docgen.pipeline.merge import Merge
from docgen.pipeline.options import MergeOptions, with_choices

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
    options: MergeOptions | None = None,
    *,
    render_first: bool = True,
    **choices: Any,
) -> Preview:
    """The merge's own plan step without writing a file or allocating a number ({{ 文号 }} reads （待分配）).

    Takes the merge's options (or their fields as keywords); only the selection, naming and dates count."""
    job = Merge(register, template, outdir, with_choices(options, choices).dry())
    planner, seen = job.planner, Preview()
    try:
        for record in planner.select():
            item = planner.prepare(record)
            if item is None or not planner.check([item]):  # a row the template refuses is not listed
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
