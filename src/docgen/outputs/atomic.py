"""Writing files atomically: a temporary name in the same folder, then a rename; never clobbering."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from docgen.errors import OutputError

TEMP_PREFIX = ".~docgen-"


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` so that readers see the old file, or the whole new one.

    Without `force` an existing file is never replaced, even one that appears meanwhile.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"无法在 {folder} 中写入文件：{exc.strerror}", hint="请检查文件夹权限和磁盘空间") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if force:
            os.replace(temp, path)
        else:
            _link_or_fail(Path(temp), path)
    except FileExistsError:
        raise OutputError(f"{path.name} 已存在，未覆盖", hint="如需覆盖请加 --force") from None
    except OSError as exc:
        raise OutputError(
            f"无法写入 {path.name}：{exc.strerror}", hint="文件可能正在 Word/WPS 中打开，请关闭后重试"
        ) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def _link_or_fail(temp: Path, path: Path) -> None:
    """Move `temp` to `path` only if `path` does not exist (hard link where the disk allows)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temp, path)


def clean_stale_temps(folder: Path) -> int:
    """Remove temporary files an interrupted run left behind; returns how many."""
    removed = 0
    if folder.is_dir():
        for stale in folder.rglob(TEMP_PREFIX + "*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
                removed += 1
    return removed
