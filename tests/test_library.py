"""docgen as a Python library: the same merge the command runs, with progress through a callback."""

from __future__ import annotations

from pathlib import Path

import docgen
from docgen.config import Config


def test_merge_from_python_with_progress(tmp_path: Path, register: Path, letter: Path) -> None:
    seen: list[tuple[int, int]] = []
    config = Config()
    config.organ.name = "某区信访局"
    result = docgen.merge(register, letter, tmp_path / "out", config=config, progress=lambda d, t: seen.append((d, t)))
    assert result.ok and len(result.written) == 3
    assert [done for done, _ in seen] == [1, 2, 3]
    assert all(total >= done for done, total in seen)
    assert result.documents == sorted(result.written)
    assert result.summary() == "已生成 3 份"


def test_rows_keep_register_order_with_workers(tmp_path: Path, letter: Path) -> None:
    from conftest import case_row, write_xlsx

    reg = write_xlsx(tmp_path / "r.xlsx", [case_row(i, f"人{i:02d}") for i in range(1, 61)])
    result = docgen.merge(reg, letter, tmp_path / "out", jobs=2)
    assert [p.name[:10] for p in result.written] == [f"XF2025-{i:03d}" for i in range(1, 61)]
