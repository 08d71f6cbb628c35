"""The choices of one merge, written once: what `merge`, `Merge`, `preview`, the command line and the web page pass."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docgen.config import Config
from docgen.pipeline.result import Progress


@dataclass(frozen=True)
class MergeOptions:
    """Everything a merge may be told besides register, template and output folder (defaults: a plain run today)."""

    config: Config | None = None
    sheet: str | None = None
    header_row: int | None = None
    name: str | None = None  # file name pattern; the config's when None
    where: Sequence[str] = ()  # 字段=值 conditions, all must hold
    rows: str | None = None  # Excel rows, e.g. "5-20"
    force: bool = False
    strict: bool = False
    resume: bool = False
    renumber: bool = False
    as_of: dt.date | None = None  # 统计截止日 (today when None)
    issued: dt.date | None = None  # 成文日期 (today when None)
    jobs: int = 1
    combine: str | Path | None = None
    duplex: bool = False
    to_pdf: bool = False
    zip_to: str | Path | None = None
    progress: Progress | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "where", tuple(self.where))  # a list from a form or Click, frozen here

    def dry(self) -> MergeOptions:
        """The same selection, naming and dates with none of the writing choices (what a preview plans)."""
        return replace(self, force=False, strict=False, resume=False, renumber=False, jobs=1, combine=None,
                       duplex=False, to_pdf=False, zip_to=None, progress=None)  # fmt: skip


def with_choices(options: MergeOptions | None, choices: dict[str, Any]) -> MergeOptions:
    """`options` with the keyword choices on top (`merge(..., where=[...])` builds its options here)."""
    return replace(options or MergeOptions(), **choices)  # an unknown keyword is a TypeError, as in a call
