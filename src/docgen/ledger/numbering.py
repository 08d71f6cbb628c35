"""Document numbers in a merge: the template's kind, numbers from the ledger in batches, what was written."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from docgen.config import Config
from docgen.ledger.store import Ledger, Written, ledger_path, prefix_for

NUMBER_FIELD = "文号"
# Numbers of documents issued earlier for the same case, by the field a template prints them with,
# and the register column whose date the cited document may not be later than.
EARLIER_FIELDS = {"交办文号": "转送交办函"}
EARLIER_DATES = {"交办文号": "交办日期"}


class Numbering:
    """Numbers for one kind of document dated `issued`, from the ledger, which is opened on first need."""

    def __init__(self, config: Config, register: Path, kind: str, *, issued: dt.date, renumber: bool) -> None:
        self.config, self.register, self.kind = config, register, kind
        self.issued, self.renumber = issued, renumber
        self.notes: list[str] = []
        self._ledger: Ledger | None = None
        self._lock = threading.Lock()  # numbers are allocated on the reading thread, recorded on the main one

    def prefix(self) -> str:
        """The kind's prefix; a ConfigError when docgen.toml gives none."""
        return prefix_for(self.kind, self.config)

    @property
    def ledger(self) -> Ledger:
        """The ledger, opened (and backed up, or created with a note) the first time a number is needed."""
        if self._ledger is None:
            self._ledger = Ledger(ledger_path(self.config, self.register), config=self.config)
            if self._ledger.created:
                self.notes.append(f"已新建发文登记簿 {self._ledger.path}（文号从 1 号开始）")
            else:
                self._ledger.backup()
        return self._ledger

    def allocate(self, case_nos: Sequence[str]) -> dict[str, str]:
        """Numbers for these cases in one transaction: a case's number for this kind and date, else the next."""
        with self._lock:
            return self.ledger.allocate_many(case_nos, self.kind, self.issued, renumber=self.renumber)

    def record(self, written: Sequence[Written]) -> list[str]:
        """Note the files written in one transaction; returns numbers another run voided meanwhile."""
        if not written:
            return []
        with self._lock:
            return self.ledger.record_outputs(written)

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()


class EarlierNumbers:
    """The numbers of documents issued earlier for a case (the 督办函 cites the 转送交办函's)."""

    def __init__(self, config: Config, register: Path, issued: dt.date) -> None:
        self.issued = issued
        path = ledger_path(config, register)
        self.ledger = Ledger(path, config=config) if path.is_file() else None

    def find(self, context: Mapping[str, object], name: str) -> tuple[str, str | None]:
        """The number `name` cites for this case and a warning when the only one was issued too late.

        Only an entry dated on or before the letter's own date (and the register's 交办日期, when given)
        may be cited: a letter never cites a number issued after it."""
        case_no = str(context.get("信访编号", "") or "").strip()
        if self.ledger is None or not case_no:
            return "", None
        cutoff = self.issued
        given = context.get(EARLIER_DATES.get(name, ""))
        if isinstance(given, dt.date):
            cutoff = min(cutoff, given if not isinstance(given, dt.datetime) else given.date())
        entry = self.ledger.lookup(case_no, EARLIER_FIELDS[name], on_or_before=cutoff)
        if entry is not None:
            return entry.number, None
        later = self.ledger.lookup(case_no, EARLIER_FIELDS[name])
        if later is None:
            return "", None
        return "", (
            f"{EARLIER_FIELDS[name]} {later.number} 的成文日期 {later.issued.isoformat()} 晚于"
            f" {cutoff.isoformat()}，「{name}」不引用它，留空"
        )

    def close(self) -> None:
        if self.ledger is not None:
            self.ledger.close()
