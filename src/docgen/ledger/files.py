"""The ledger's file: never started afresh by accident, created atomically, backed up, and how to restore it."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path

from docgen.errors import DocgenError

KEEP_BACKUPS = 5
_RESTORE_HINT = (
    "如文件已损坏，请从备份恢复：先确认没有任何 docgen 正在运行，再把「{backups}」中最新的备份复制为 {path}；"
    "恢复后对每个输出文件夹运行一次 merge --resume，把备份之后生成的文书重新登记"
)


class LedgerError(DocgenError):
    """The ledger cannot be opened, is locked for too long, or is asked something it cannot answer."""


def backup_folder(path: Path) -> Path:
    """Where the backups of the ledger at `path` are kept: 发文登记-备份/ beside it."""
    return path.with_name(f"{path.stem}-备份")


def restore_hint(path: Path) -> str:
    return _RESTORE_HINT.format(backups=backup_folder(path), path=path)


def check_file(path: Path, schema: str, *, create: bool) -> bool:
    """Make sure `path` is a ledger to open; True when it was just created (a missing file, when `create`).

    An empty file, a folder, or a missing folder is an error: never a fresh start at number 1."""
    if not path.parent.is_dir():
        raise LedgerError(
            f"发文登记簿所在的文件夹 {path.parent} 不存在",
            hint="如登记簿放在共享盘上，请先连接；确要新建，请先建立该文件夹，或修改 docgen.toml 的 [numbering] ledger",
        )
    if not path.exists():
        if not create:
            raise LedgerError(f"找不到发文登记簿 {path}")
        return _create(path, schema)
    if not path.is_file() or path.stat().st_size == 0:
        raise LedgerError(f"发文登记簿 {path} 是空文件或不是文件，不能从 1 号重新编号", hint=restore_hint(path))
    return False


def _create(path: Path, schema: str) -> bool:
    """Build a new ledger under a temporary name, then link it into place: another process that opens
    the path meanwhile never sees an empty file. False when another process created it first."""
    temp = path.with_name(f".~{path.name}-{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    try:
        with contextlib.closing(sqlite3.connect(temp, isolation_level=None)) as db:
            db.executescript(f"BEGIN; {schema}; COMMIT;")
        try:
            os.link(temp, path)
        except FileExistsError:
            return False
        except OSError:  # no hard links on this disk
            if path.exists():
                return False
            os.replace(temp, path)
        return True
    except (OSError, sqlite3.Error) as exc:
        raise LedgerError(f"无法新建发文登记簿 {path}：{exc}", hint="请检查该文件夹的写入权限和磁盘空间") from exc
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def backup(db: sqlite3.Connection, path: Path, keep: int = KEEP_BACKUPS) -> Path:
    """Copy the open ledger with SQLite's backup API (consistent even while others use it); keep the last `keep`."""
    folder = backup_folder(path)
    folder.mkdir(exist_ok=True)
    target = folder / f"{path.stem}-{dt.datetime.now():%Y%m%d-%H%M%S-%f}.sqlite"
    with contextlib.closing(sqlite3.connect(target)) as copy:
        db.backup(copy)
    for old in sorted(folder.glob(f"{path.stem}-*.sqlite"))[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target
