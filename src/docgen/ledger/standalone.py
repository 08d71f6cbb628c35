"""A number for one standalone document (a 通报, a report): allocated before writing, recorded after."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from docgen.config import Config
from docgen.ledger.store import Ledger


@dataclass
class Issued:
    """The number given to the document ("" when numbering is off) and how to record its file."""

    text: str
    ledger: Ledger | None = None
    key: str = ""
    kind: str = ""

    def record(self, path: Path, data: bytes) -> None:
        """Note the written file and its SHA-256 against the number."""
        if self.ledger is not None and self.text:
            self.ledger.record_output(self.text, path.resolve(), hashlib.sha256(data).hexdigest())


@contextmanager
def number_standalone(
    config: Config, register: Path | None, kind: str, key: str, *, issued: dt.date, enabled: bool = True
) -> Iterator[Issued]:
    """The 发文字号 of document `kind` identified by `key` (e.g. 督查通报:2025年10月), in the year of `issued`.

    Issuing the same document again gives its number back; the ledger is the merge's (see ledger_path).
    """
    if not enabled:
        yield Issued("")
        return
    with Ledger.for_config(config, register) as ledger:
        number = ledger.allocate(key, kind, issued)
        yield Issued(number, ledger, key, kind)
