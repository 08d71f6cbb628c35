"""Writing files atomically: a temporary name in the same folder, then a rename; never clobbering."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from docgen.errors import OutputError
from docgen.outputs.failures import write_failure
from docgen.outputs.locks import WINDOWS, create_held, remove_if_abandoned

TEMP_PREFIX = ".~docgen-"
STAGING_PREFIX = TEMP_PREFIX + "staging-"
_PROCESS_TOKEN = secrets.token_hex(4)
_counter = 0
_writing: set[Path] = set()  # temporary files this process is writing now


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` so that readers see the old file, or the whole new one.

    Missing folders are created. Without `force` an existing file is never replaced, even one that
    appears meanwhile. The new file gets the usual permissions (0666 less the umask).
    """
    with atomic_output(path, force=force) as stream:
        stream.write(data)


@contextlib.contextmanager
def atomic_output(path: Path, *, force: bool = False) -> Iterator[BinaryIO]:
    """A file to write that appears at `path` whole when the block ends, or not at all.

    Failures are OutputError; those every later file would meet too (disk full, read-only or
    forbidden folder) are its subclass WriteRefusedError."""
    global _counter
    _counter += 1
    folder = os.path.dirname(path) or "."
    temp = Path(folder, f"{TEMP_PREFIX}{os.getpid()}-{_PROCESS_TOKEN}-{_counter}.tmp")
    try:
        try:
            handle = create_held(temp)
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
            handle = create_held(temp)
    except OSError as exc:
        raise write_failure(exc, Path(path), creating=True) from exc
    _writing.add(temp)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            if WINDOWS:  # an open file cannot be renamed there
                stream.close()
            if force:
                os.replace(temp, path)
            else:
                _link_or_fail(temp, Path(path))
    except FileExistsError:
        raise OutputError(f"{Path(path).name} 已存在，未覆盖", hint="如需覆盖请加 --force") from None
    except OSError as exc:
        raise write_failure(exc, Path(path), creating=False) from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        _writing.discard(temp)


def abandon_writes() -> None:
    """Delete the temporary files of the writes in progress: for a process about to end abruptly."""
    for temp in list(_writing):
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _link_or_fail(temp: Path, path: Path) -> None:
    """Move `temp` to `path` only if `path` does not exist (hard link where the disk allows)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.replace(temp, path)


def clean_stale_temps(folder: Path) -> int:
    """Remove what dead runs left in `folder`: temporary files and --strict staging folders.

    A run's files are held (see locks.py) while it lives, so another run's are never touched."""
    removed = 0
    if not folder.is_dir():
        return removed
    for parent, dirs, files in os.walk(folder):
        staged = {d for d in dirs if d.startswith(STAGING_PREFIX)}
        dirs[:] = [d for d in dirs if d not in staged]
        for name in files:
            path = Path(parent, name)
            if name.startswith(TEMP_PREFIX) and name.endswith(".tmp") and remove_if_abandoned(path):
                removed += 1
            elif name.startswith(TEMP_PREFIX) and name.endswith(".new") and _older_than(path, 60.0):
                with contextlib.suppress(OSError):  # a lock file's owner died in the instant before its rename
                    os.unlink(path)
                    removed += 1
        for name in staged:
            lock = Path(parent, name + ".lock")
            if not os.path.lexists(lock) or remove_if_abandoned(lock):
                shutil.rmtree(Path(parent, name), ignore_errors=True)
                removed += 1
        for name in files:
            if name.startswith(STAGING_PREFIX) and name.endswith(".lock") and name[:-5] not in staged:
                removed += remove_if_abandoned(Path(parent, name))
    return removed


def _older_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - os.lstat(path).st_mtime > seconds
    except OSError:
        return False


class Staging:
    """A --strict run's private folder inside the output folder, held while the run lives; a later
    run removes it when this one was killed. close() removes it."""

    def __init__(self, final: Path) -> None:
        token = f"{os.getpid()}-{secrets.token_hex(6)}"
        self.folder = final / f"{STAGING_PREFIX}{token}"
        self._lock = final / f"{STAGING_PREFIX}{token}.lock"
        try:
            self._handle = create_held(self._lock, 0o600)
            self.folder.mkdir(mode=0o700)
        except OSError as exc:
            raise write_failure(exc, self.folder, creating=True) from exc

    def close(self) -> None:
        """Remove the folder and what is left in it, then let go of the mark."""
        shutil.rmtree(self.folder, ignore_errors=True)
        os.close(self._handle)
        with contextlib.suppress(OSError):
            os.unlink(self._lock)
