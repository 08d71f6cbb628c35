"""What a merge did: files written or kept, the extra outputs, notes and every row problem."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import Problem

Progress = Callable[[int, int], None]


@dataclass
class MergeResult:
    """What a merge did: files written or kept, the extra outputs, and every row problem."""

    outdir: Path
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    documents: list[Path] = field(default_factory=list)  # written and kept, in register order
    combined: Path | None = None
    pdfs: list[Path] = field(default_factory=list)
    archive: Path | None = None
    notes: list[str] = field(default_factory=list)
    fast: bool = True

    @property
    def error_rows(self) -> int:
        return len({(p.where.row, p.where.file) for p in self.problems if p.severity == "error"})

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
