"""Where an internal error's details go: a file of the user's own; reporting a failure never fails."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

LOG_NAME = "docgen-error.log"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def save_crash_report(text: str) -> Path | None:
    """Write `text` to the per-user error log; the path written, or None when no place would take it."""
    for folder in _folders():
        with contextlib.suppress(Exception):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not _private(folder):
                continue
            path = folder / LOG_NAME
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW | getattr(os, "O_BINARY", 0)
            with os.fdopen(os.open(path, flags, 0o600), "wb") as stream:
                stream.write(text.encode("utf-8", "backslashreplace"))
            return path
    return None


def _folders() -> Iterator[Path]:
    with contextlib.suppress(Exception):
        import platformdirs

        yield platformdirs.user_log_path("docgen", appauthor=False)
    with contextlib.suppress(Exception):
        user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
        yield Path(tempfile.gettempdir()) / f"docgen-{user}"


def _private(folder: Path) -> bool:
    """A real folder this user owns (a shared temp folder may hold one planted by someone else)."""
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()
