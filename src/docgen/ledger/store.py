"""The document-number ledger (发文登记): SQLite, sequential per prefix and year, never reused, process-safe."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from docgen.config import Config
from docgen.errors import ConfigError
from docgen.ledger.files import LedgerError, backup, check_file, restore_hint
from docgen.tomlfile import toml_line

LEDGER_NAME = "发文登记.sqlite"
ACTIVE, VOID = "有效", "作废"
BUSY_TIMEOUT_S = 30.0
LOCK_RETRIES = 10  # after each busy timeout: say so, wait again (5 minutes in all by default)
SCHEMA_VERSION = 2
BATCH_PARAMS = 400  # case numbers per IN (…) query, well under SQLite's variable limit
log = logging.getLogger("docgen.ledger")

# Default prefix after the organ's short name (某信 + 受 = 某信受) for each shipped document kind.
DEFAULT_SUFFIXES = {
    "受理告知书": "受",
    "不予受理告知书": "不受",
    "不再受理告知书": "不再受",
    "转送交办函": "交",
    "督办函": "督",
    "延期办理告知书": "延",
    "处理意见书": "处",
    "答复意见书": "复",
    "复查意见书": "复查",
    "复核意见书": "复核",
    "回访记录表": "访",
    "考核通报": "通",
    "督查通报": "督通",
    "包案通报": "包通",
}

# One valid number per case, kind and 成文日期: the same batch run again gets its numbers back, a new
# letter with a new date is a new document with a new number (schema 1 allowed one per case and kind).
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS numbers (
    id INTEGER PRIMARY KEY,
    prefix TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    number TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    case_no TEXT NOT NULL,
    issued TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT '有效',
    output TEXT,
    sha256 TEXT,
    written TEXT,
    created TEXT NOT NULL,
    UNIQUE (prefix, year, seq)
);
DROP INDEX IF EXISTS one_active_number;
CREATE UNIQUE INDEX IF NOT EXISTS one_active_per_date ON numbers (case_no, kind, issued) WHERE status = '有效';
CREATE INDEX IF NOT EXISTS by_output ON numbers (output);
"""

_META = f"INSERT OR REPLACE INTO meta VALUES ('schema', '{SCHEMA_VERSION}')"
_LOCK_HINT = "请等另一个 docgen 运行结束后重试（登记簿正在使用，此时不要从备份恢复，否则会重复发号）"


@dataclass(frozen=True)
class Entry:
    """One allocated document number and what was issued under it."""

    number: str
    kind: str
    case_no: str
    year: int
    seq: int
    issued: dt.date
    status: str
    output: str | None
    sha256: str | None
    written: str | None


@dataclass(frozen=True)
class Written:
    """A document written under a number: where, and the SHA-256 of its bytes."""

    number: str
    path: str | Path
    sha256: str


def format_number(prefix: str, year: int, seq: int) -> str:
    """某信受〔2025〕12号: year in full inside 六角括号, no 第, no leading zeros (GB/T 9704)."""
    return f"{prefix}〔{int(year)}〕{int(seq)}号"


def kind_of(template: str | Path) -> str:
    """A template's document kind: its file stem (受理告知书.docx → 受理告知书)."""
    return Path(template).stem


def prefix_for(kind: str, config: Config) -> str:
    """The number prefix of `kind`: [numbering.prefixes] in docgen.toml, else organ short name + default suffix."""
    prefixes = config.numbering.prefixes
    if kind in prefixes and prefixes[kind].strip():
        return prefixes[kind].strip()
    if kind in DEFAULT_SUFFIXES:
        return (config.organ.short_name or "") + DEFAULT_SUFFIXES[kind]
    raise ConfigError(
        f"文书「{kind}」没有设置发文字号前缀",
        hint="请在 docgen.toml 的 [numbering.prefixes] 下添加一行（键名要加英文双引号）："
        + toml_line(kind, f"{config.organ.short_name}函"),
    )


def ledger_path(config: Config, register: str | Path | None = None) -> Path:
    """[numbering] ledger (relative to docgen.toml), else beside docgen.toml, else beside the register."""
    if config.numbering.ledger:
        path = Path(config.numbering.ledger).expanduser()
        return path if path.is_absolute() else config.folder / path
    if config.path is not None:
        return config.folder / LEDGER_NAME
    if register is not None:
        return Path(register).resolve().parent / LEDGER_NAME
    return Path.cwd() / LEDGER_NAME


class Ledger:
    """An open ledger. Every write runs in an IMMEDIATE transaction, so concurrent runs queue, never collide."""

    def __init__(
        self,
        path: str | Path,
        *,
        prefixes: Mapping[str, str] | None = None,
        config: Config | None = None,
        timeout: float = BUSY_TIMEOUT_S,
        create: bool = True,
    ) -> None:
        self.path = Path(path)
        self.config = config or Config()
        self.prefixes = dict(prefixes or {})
        self.timeout = timeout
        self.created = check_file(self.path, _SCHEMA + _META, create=create)
        try:
            # a merge allocates from its reading thread and records from its main thread, one at a time
            self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise self._damaged(exc) from exc
        try:
            self._begin()
            for statement in filter(str.strip, _SCHEMA.split(";")):
                self._db.execute(statement)
            self._db.execute(_META)
            self._db.execute("COMMIT")
        except (sqlite3.Error, LedgerError) as exc:
            if self._db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            self._db.close()
            if isinstance(exc, LedgerError):
                raise
            raise self._damaged(exc) from exc

    def _damaged(self, exc: sqlite3.Error) -> LedgerError:
        if "full" in str(exc):  # the disk, not the file: no restore advice
            return self._write_failed(exc)
        if _locked(exc):
            return LedgerError(f"发文登记簿 {self.path.name} 正被其他程序占用：{exc}", hint=_LOCK_HINT)
        return LedgerError(f"无法打开发文登记簿 {self.path}：{exc}", hint=restore_hint(self.path))

    @classmethod
    def for_config(cls, config: Config, register: str | Path | None = None) -> Ledger:
        """The ledger `config` names (see `ledger_path`), with the config's prefixes."""
        return cls(ledger_path(config, register), config=config)

    def prefix(self, kind: str) -> str:
        if kind in self.prefixes:
            return self.prefixes[kind]
        return prefix_for(kind, self.config)

    # -- allocating -------------------------------------------------------------------------
    def allocate(self, case_no: str, kind: str, issued: dt.date, *, renumber: bool = False) -> str:
        """The number of document `kind` dated `issued` for case `case_no` (see `allocate_many`)."""
        return self.allocate_many([case_no], kind, issued, renumber=renumber)[str(case_no).strip()]

    def allocate_many(
        self, case_nos: Sequence[str], kind: str, issued: dt.date, *, renumber: bool = False
    ) -> dict[str, str]:
        """Numbers of documents `kind` dated `issued` for `case_nos`, in one transaction.

        A case that already has a valid number for this kind and date gets it back (the same batch run
        again); otherwise it takes the next number of the prefix in `issued`'s year. With `renumber` the
        old number is voided (kept in the ledger, never handed out again) and a new one issued.
        """
        wanted = list(dict.fromkeys(str(c).strip() for c in case_nos))
        if not all(wanted):
            raise LedgerError("信访编号为空，无法分配发文字号", hint="请先补填信访编号")
        prefix, day = self.prefix(kind), issued.isoformat()
        numbers: dict[str, str] = {}
        with self._transaction():
            existing: dict[str, tuple[int, str]] = {}
            for chunk in _chunks(wanted):
                marks = ",".join("?" * len(chunk))
                for row_id, case_no, number in self._db.execute(
                    f"SELECT id, case_no, number FROM numbers WHERE kind = ? AND issued = ? AND status = ?"
                    f" AND case_no IN ({marks})",
                    (kind, day, ACTIVE, *chunk),
                ):
                    existing[case_no] = (row_id, number)
            if renumber:
                self._db.executemany(
                    "UPDATE numbers SET status = ? WHERE id = ?", [(VOID, row_id) for row_id, _ in existing.values()]
                )
            else:
                numbers = {case_no: number for case_no, (_, number) in existing.items()}
            fresh = [case_no for case_no in wanted if case_no not in numbers]
            if fresh:
                (last,) = self._db.execute(
                    "SELECT COALESCE(MAX(seq), 0) FROM numbers WHERE prefix = ? AND year = ?", (prefix, issued.year)
                ).fetchone()
                now, rows = _now(), []
                for seq, case_no in enumerate(fresh, last + 1):
                    numbers[case_no] = format_number(prefix, issued.year, seq)
                    rows.append((prefix, issued.year, seq, numbers[case_no], kind, case_no, day, ACTIVE, now))
                self._db.executemany(
                    "INSERT INTO numbers (prefix, year, seq, number, kind, case_no, issued, status, created)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
        return numbers

    def record_outputs(self, written: Iterable[Written]) -> list[str]:
        """Note each file written under its number and its SHA-256 (the latest write wins), in one transaction.

        Returns the numbers that were not recorded because the ledger no longer holds them as valid
        (another run renumbered them meanwhile): the documents bearing them must not stay.
        """
        items = list(written)
        if not items:
            return []
        now = _now()
        with self._transaction():
            invalid = set()
            for chunk in _chunks([w.number for w in items]):
                marks = ",".join("?" * len(chunk))
                valid = {
                    n
                    for (n,) in self._db.execute(
                        f"SELECT number FROM numbers WHERE status = ? AND number IN ({marks})", (ACTIVE, *chunk)
                    )
                }
                invalid |= set(chunk) - valid
            self._db.executemany(
                "UPDATE numbers SET output = ?, sha256 = ?, written = ? WHERE number = ?",
                [(str(w.path), w.sha256, now, w.number) for w in items if w.number not in invalid],
            )
        return sorted(invalid)

    def record_output(self, number: str, path: str | Path, sha256: str) -> None:
        """Note one file written under `number` (see `record_outputs`)."""
        if self.record_outputs([Written(number, path, sha256)]):
            raise LedgerError(f"发文登记簿中没有有效的 {number}", hint="请先分配文号再登记文件")

    # -- reading ----------------------------------------------------------------------------
    def lookup(self, case_no: str, kind: str, *, on_or_before: dt.date | None = None) -> Entry | None:
        """The latest valid entry for a case and kind, if one was allocated (dated no later than `on_or_before`)."""
        where, params = "WHERE case_no = ? AND kind = ? AND status = ?", [str(case_no).strip(), kind, ACTIVE]
        if on_or_before is not None:
            where += " AND issued <= ?"
            params.append(on_or_before.isoformat())
        rows = self._select(where, tuple(params))
        return max(rows, key=lambda e: (e.issued, e.year, e.seq)) if rows else None

    def entries(self, *, year: int | None = None, kind: str | None = None, voided: bool = True) -> list[Entry]:
        """Every entry in issue order, optionally one year's or one kind's, voided ones included by default."""
        clauses, params = [], []
        if year is not None:
            clauses.append("year = ?")
            params.append(year)
        if kind is not None:
            clauses.append("kind = ?")
            params.append(kind)
        if not voided:
            clauses.append("status = ?")
            params.append(ACTIVE)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._select(where, tuple(params))

    def backup(self) -> Path:
        """A consistent copy of the ledger in its backup folder (the last few are kept)."""
        return backup(self._db, self.path)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals --------------------------------------------------------------------------
    def _select(self, where: str, params: tuple) -> list[Entry]:
        rows = self._db.execute(
            "SELECT number, kind, case_no, year, seq, issued, status, output, sha256, written FROM numbers "
            f"{where} ORDER BY year, prefix, seq",
            params,
        ).fetchall()
        return [Entry(r[0], r[1], r[2], r[3], r[4], dt.date.fromisoformat(r[5]), *r[6:]) for r in rows]

    def _begin(self) -> None:
        """BEGIN IMMEDIATE takes the write lock up front: a second process waits (busy timeout), then reads
        the sequence only after the first has committed. A lock held longer is waited out with a message."""
        for attempt in range(LOCK_RETRIES + 1):
            try:
                self._db.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _locked(exc) or attempt == LOCK_RETRIES:
                    raise LedgerError(f"发文登记簿 {self.path.name} 正被其他程序占用：{exc}", hint=_LOCK_HINT) from exc
                log.warning(
                    "发文登记簿 %s 正被另一个 docgen 占用（已等 %d 秒），继续等待……", self.path.name,
                    round((attempt + 1) * self.timeout),
                )  # fmt: skip

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction; any failure (disk full, a failed COMMIT) rolls back and says why."""
        self._begin()
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException as exc:
            if self._db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self._write_failed(exc) from exc
            raise

    def _write_failed(self, exc: sqlite3.Error) -> LedgerError:
        text = str(exc)
        if "full" in text:
            return LedgerError(
                f"发文登记簿 {self.path} 写入失败：磁盘已满（{text}）",
                hint="本次的文号没有写入登记簿。请清理磁盘空间后用 --resume 重新运行",
            )
        if _locked(exc):
            return LedgerError(f"发文登记簿 {self.path.name} 正被其他程序占用：{text}", hint=_LOCK_HINT)
        return LedgerError(f"发文登记簿 {self.path} 写入失败：{text}", hint="本次的文号没有写入登记簿，请稍后重试")


def _locked(exc: BaseException) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), BATCH_PARAMS):
        yield items[start : start + BATCH_PARAMS]


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")
