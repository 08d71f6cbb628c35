"""Document numbers in a merge: the template's kind, numbers from the ledger, what was written."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from pathlib import Path

from docgen.config import Config
from docgen.ledger.store import Ledger, kind_of

NUMBER_FIELD = "文号"
# Numbers of documents issued earlier for the same case, by the field a template prints them with.
EARLIER_FIELDS = {"交办文号": "转送交办函"}


class Numbering:
    """Numbers for one template's documents, allocated per case from the SQLite ledger."""

    def __init__(self, config: Config, register: Path, template: Path, *, issued: dt.date, renumber: bool) -> None:
        self.kind = kind_of(template)
        self.ledger = Ledger.for_config(config, register)
        self.ledger.prefix(self.kind)  # an unknown kind stops the run before anything is written
        self.issued = issued
        self.renumber = renumber
        self._lock = threading.Lock()  # numbers are assigned on the reading thread, recorded on the main one

    def assign(self, values: Mapping[str, object]) -> str:
        """The number for this case: its existing one, or the next in the year (a new one with renumber)."""
        case_no = str(values.get("信访编号", "")).strip()
        with self._lock:
            return self.ledger.allocate(
                case_no, self.kind, self.issued.year, renumber=self.renumber, issued=self.issued
            )

    def record(self, case_no: str, number: str, path: Path, sha256: str) -> None:
        """Note in the ledger the file written under `number` and its SHA-256."""
        with self._lock:
            self.ledger.record_output(case_no.strip(), self.kind, number, path, sha256)

    def close(self) -> None:
        self.ledger.close()


class EarlierNumbers:
    """The numbers of documents issued earlier for a case (the 督办函 cites the 转送交办函's)."""

    def __init__(self, config: Config, register: Path) -> None:
        self.ledger = Ledger.for_config(config, register)

    def fill(self, context: dict[str, object], names: set[str]) -> None:
        """Put each wanted earlier number into `context` ("" when none was issued)."""
        case_no = str(context.get("信访编号", "")).strip()
        for name in names:
            entry = self.ledger.lookup(case_no, EARLIER_FIELDS[name]) if case_no else None
            context[name] = entry.number if entry is not None else ""

    def close(self) -> None:
        self.ledger.close()
