"""What a merge did: files written or kept, the extra outputs, notes and every row problem."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, MutableSequence
from dataclasses import dataclass, field
from pathlib import Path

from docgen.errors import Problem

Progress = Callable[[int, int], None]


class Files(MutableSequence[Path]):
    """A list of paths kept as their names under one folder: a run of 100,000 documents holds 100,000 of
    them, and a Path costs three times its name. Paths outside the folder are kept whole."""

    def __init__(self, folder: Path, paths: Iterable[Path] = ()) -> None:
        self.folder = folder
        self._prefix = str(folder).rstrip(os.sep) + os.sep
        self.names: list[str] = []
        self.extend(paths)

    def name(self, path: Path | str) -> str:
        """How `path` is kept: its name under the folder with / between parts, else the whole path."""
        text = str(path)
        if not text.startswith(self._prefix):
            return text
        return text[len(self._prefix) :].replace(os.sep, "/")

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self.folder / name for name in self.names[index]]
        return self.folder / self.names[index]

    def __setitem__(self, index, value) -> None:  # type: ignore[override]
        if isinstance(index, slice):
            self.names[index] = [self.name(p) for p in value]
        else:
            self.names[index] = self.name(value)

    def __delitem__(self, index) -> None:  # type: ignore[override]
        del self.names[index]

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self) -> Iterator[Path]:
        return (self.folder / name for name in self.names)

    def __contains__(self, path: object) -> bool:
        return isinstance(path, (str, Path)) and self.name(path) in self.names

    def insert(self, index: int, value: Path) -> None:
        self.names.insert(index, self.name(value))

    def clear(self) -> None:
        self.names.clear()

    def __add__(self, other: Iterable[Path]) -> list[Path]:
        return [*self, *other]

    def __radd__(self, other: Iterable[Path]) -> list[Path]:
        return [*other, *self]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, (list, Files)) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"Files({self.folder!s}, {self.names!r})"


@dataclass
class MergeResult:
    """What a merge did: files written or kept, the extra outputs, and every row problem."""

    outdir: Path
    written: MutableSequence[Path] = field(default_factory=list)
    skipped: MutableSequence[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    documents: MutableSequence[Path] = field(default_factory=list)  # written and kept, in register order
    combined: Path | None = None
    pdfs: list[Path] = field(default_factory=list)
    archive: Path | None = None
    notes: list[str] = field(default_factory=list)
    fast: bool = True

    def __post_init__(self) -> None:
        self.written, self.skipped, self.documents = (
            Files(self.outdir, paths) for paths in (self.written, self.skipped, self.documents)
        )

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
