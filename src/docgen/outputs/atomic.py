"""Writing files atomically: a temporary name in the same folder, then a rename; never clobbering."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from docgen.errors import OutputError

TEMP_PREFIX = ".~docgen-"
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_counter = 0


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` so that readers see the old file, or the whole new one.

    Missing folders are created. Without `force` an existing file is never replaced, even one that
    appears meanwhile. The new file gets the usual permissions (0666 less the umask).
    """
    with atomic_output(path, force=force) as stream:
        stream.write(data)


@contextlib.contextmanager
def atomic_output(path: Path, *, force: bool = False) -> Iterator[BinaryIO]:
    """A file to write that appears at `path` whole when the block ends, or not at all."""
    global _counter
    _counter += 1
    folder = os.path.dirname(path)
    temp = os.path.join(folder, f"{TEMP_PREFIX}{os.getpid()}-{_counter}.tmp")
    try:
        try:
            handle = os.open(temp, _FLAGS, 0o666)
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
            handle = os.open(temp, _FLAGS, 0o666)
        except FileExistsError:  # left by a crashed process that had our pid
            os.unlink(temp)
            handle = os.open(temp, _FLAGS, 0o666)
    except OSError as exc:
        raise OutputError(
            f"无法在 {os.path.dirname(path)} 中写入文件：{exc.strerror}", hint="请检查文件夹权限和磁盘空间"
        ) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
        if force:
            os.replace(temp, path)
        else:
            _link_or_fail(Path(temp), Path(path))
    except FileExistsError:
        raise OutputError(f"{Path(path).name} 已存在，未覆盖", hint="如需覆盖请加 --force") from None
    except OSError as exc:
        raise OutputError(
            f"无法写入 {Path(path).name}：{exc.strerror}", hint="文件可能正在 Word/WPS 中打开，请关闭后重试"
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
