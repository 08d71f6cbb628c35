"""Explaining a header docgen cannot find: what each sheet holds, and what a wrong header row holds."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice
from pathlib import Path

from docgen.errors import DocgenError
from docgen.register.headers import detect_header_row, header_score
from docgen.register.sources import open_source
from docgen.values import to_text

SHOWN_CELLS = 6


def row_text(cells: Sequence[object], limit: int = SHOWN_CELLS) -> str:
    """A row as the clerk sees it: its first non-empty cells, quoted."""
    shown = [to_text(c) for c in cells if c is not None and to_text(c).strip()]
    text = "".join(f"「{c[:20]}」" for c in shown[:limit])
    return text + ("…" if len(shown) > limit else "") if text else "（空行）"


def describe_sheets(path: Path, names: Sequence[str], known: frozenset[str], scan: int) -> tuple[list[str], str | None]:
    """One line per sheet (where its header seems to be and what it starts with, or its first row),
    and the first sheet that looks like a register."""
    lines = []
    found: str | None = None
    for name in names:
        try:
            head = list(islice(open_source(path, name).rows(), scan))
        except DocgenError:
            lines.append(f"「{name}」：无法读取")
            continue
        index = detect_header_row([cells for _, cells in head], known)
        if index is not None and header_score(head[index][1], known)[0] >= 2:
            number, cells = head[index]
            lines.append(f"「{name}」：像台账，表头在第 {number} 行：{row_text(cells)}")
            found = found or name
        elif head:
            number, cells = next(((n, c) for n, c in head if any(v is not None for v in c)), head[0])
            lines.append(f"「{name}」：不像台账，第 {number} 行是{row_text(cells)}")
        else:
            lines.append(f"「{name}」：空表")
    return lines, found


def likely_header(head: Sequence[tuple[int, Sequence[object]]], known: frozenset[str]) -> int | None:
    """The row number that looks like the header, when it has at least two known column names."""
    index = detect_header_row([cells for _, cells in head], known)
    if index is None or header_score(head[index][1], known)[0] < 2:
        return None
    return head[index][0]
