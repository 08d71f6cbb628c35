"""Proof that a temporary file belongs to a live run: its owner holds a lock on it while it exists.

POSIX: flock, bound to the open file, so a second run in the same process (the web page) sees it
too; the kernel releases it when the owner dies (worker processes that inherit one end with their
parent). Windows: an open file cannot be deleted, so being open is the mark; a closed one is only
taken as abandoned once it is older than a grace period (the moment between close and rename).
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

WINDOWS = os.name == "nt"
WINDOWS_GRACE_SECONDS = 120.0
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

if not WINDOWS:
    import fcntl


def create_held(path: Path, mode: int = 0o666) -> int:
    """Create `path` (it must not exist) and hold it; returns the open descriptor (O_WRONLY).

    On POSIX the file is locked under a name the cleaner ignores and then renamed into place, so no
    cleaner can ever see it unlocked."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | _NOFOLLOW
    if WINDOWS:
        return os.open(path, flags, mode)
    hidden = path.with_name(path.name + ".new")
    fd = os.open(hidden, flags, mode)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if os.path.lexists(path):
            raise FileExistsError(path)
        os.rename(hidden, path)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(hidden)
        raise
    return fd


def remove_if_abandoned(path: Path) -> bool:
    """Delete `path` when no live process holds it; True if it was deleted."""
    if WINDOWS:
        try:
            if time.time() - os.lstat(path).st_mtime < WINDOWS_GRACE_SECONDS:
                return False
            os.unlink(path)  # fails while the owner has it open
        except OSError:
            return False
        return True
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False
    try:
        os.unlink(path)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True
