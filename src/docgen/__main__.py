"""The `docgen` command's entry: Ctrl+C at any moment, even while starting, ends with one line and exit 130."""

from __future__ import annotations

import signal
import sys


def _interrupt(signum: int, frame: object) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not cut the clean-up short
    raise KeyboardInterrupt


def main() -> None:
    """Console entry point."""
    signal.signal(signal.SIGINT, _interrupt)
    try:
        from docgen.cli import main as run

        run()
    except KeyboardInterrupt:
        from docgen.errors import INTERRUPTED

        sys.stderr.write(f"\n{INTERRUPTED}\n")
        sys.exit(130)


if __name__ == "__main__":
    main()
