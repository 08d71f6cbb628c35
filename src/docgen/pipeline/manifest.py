"""What each document in an output folder was made from, so `--resume` knows a stale file from a done one."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from docgen.outputs.atomic import write_atomic

MANIFEST_NAME = ".docgen-manifest.jsonl"


@dataclass(frozen=True)
class Made:
    """One document: its file (relative to the folder), template, register row, inputs digest, number, SHA-256."""

    file: str
    template: str
    row: int
    inputs: str
    number: str | None
    sha256: str


def inputs_digest(template_sha: str, values: Mapping[str, object]) -> str:
    """A digest of what a document is made from: the template's bytes and the register row's values."""
    text = json.dumps([template_sha, sorted((k, str(v)) for k, v in values.items())], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Manifest:
    """The folder's `.docgen-manifest.jsonl`: one JSON line per document written, the latest line wins.

    Lines are appended as documents are recorded (a stopped run keeps what it recorded) and the file is
    rewritten compactly when it holds many superseded lines. Only the entries found when the folder was
    opened stay in memory (what --resume and the leftovers check ask about); a run's own lines are on disk."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / MANIFEST_NAME
        self.entries, self._lines = self._read()
        self._added = 0  # lines of files the folder's manifest did not hold
        self._forgotten: set[str] = set()

    def _read(self) -> tuple[dict[str, Made], int]:
        entries: dict[str, Made] = {}
        lines = 0
        with contextlib.suppress(FileNotFoundError, UnicodeDecodeError), open(self.path, encoding="utf-8") as stream:
            for line in stream:
                with contextlib.suppress(ValueError, TypeError):
                    made = Made(**json.loads(line))
                    entries[made.file] = made
                    lines += 1
        return entries, lines

    def relative(self, path: Path) -> str:
        return path.relative_to(self.folder).as_posix()

    def get(self, path: Path) -> Made | None:
        return self.entries.get(self.relative(path))

    def add(self, made: Iterable[Made]) -> None:
        """Append these documents' lines (one write)."""
        lines = []
        for item in made:
            if item.file in self.entries:
                self.entries[item.file] = item
            else:
                self._added += 1
            lines.append(json.dumps(vars(item), ensure_ascii=False) + "\n")
        if not lines:
            return
        with open(self.path, "a", encoding="utf-8") as stream:
            stream.writelines(lines)
        self._lines += len(lines)

    def latest(self) -> dict[str, Made]:
        """Every document the file records now (the latest line of each), less those forgotten."""
        entries, _ = self._read()
        for file in self._forgotten:
            entries.pop(file, None)
        return entries

    def forget(self, files: Iterable[str]) -> None:
        for file in files:
            self._forgotten.add(file)
            self.entries.pop(file, None)

    def close(self) -> None:
        """Rewrite compactly when superseded lines outnumber the live ones."""
        if self._forgotten or self._lines > (len(self.entries) + self._added) * 2:
            text = "".join(json.dumps(vars(m), ensure_ascii=False) + "\n" for m in self.latest().values())
            with contextlib.suppress(OSError):
                write_atomic(self.path, text.encode("utf-8"), force=True)
