"""The output folder: created with a clear error, and never left through a link planted inside it."""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from pathlib import Path

from docgen.errors import OutputError
from docgen.outputs.failures import write_failure


def make_output_folder(path: Path) -> Path:
    """Create `path` and its parents if need be; returns it resolved (links in the path given are
    the clerk's choice and are followed once, here)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(
            f"无法创建输出文件夹 {path}：已有同名的文件", hint="请换一个文件夹名，或把该文件移走"
        ) from None
    except OSError as exc:
        if exc.errno == errno.ENOTDIR:
            raise OutputError(
                f"无法创建输出文件夹 {path}：路径中有一部分是文件而不是文件夹", hint="请检查 -o 给出的路径"
            ) from None
        raise write_failure(exc, path / "_", creating=True) from exc
    return path.resolve()


def is_link(path: Path) -> bool:
    """A symbolic link, or on Windows a junction, which leads elsewhere just the same."""
    return os.path.islink(path) or bool(getattr(os.path, "isjunction", lambda _: False)(path))


def refuse_links(root: Path, parts: Sequence[str]) -> None:
    """Refuse a relative path under `root` whose existing folders include a link."""
    current = root
    for part in parts[:-1]:
        current = current / part
        if is_link(current):
            raise OutputError(
                f"输出文件夹中的「{current.relative_to(root).as_posix()}」是一个链接，指向输出文件夹之外，为安全起见不写入",
                hint="请删除该链接，或换一个输出文件夹",
            )
        if not current.exists():
            return


def inside(path: Path, root: Path) -> bool:
    """`path` is a real file under `root`, not reached through any link."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    current = root
    for part in parts:
        current = current / part
        if is_link(current):
            return False
    return True
