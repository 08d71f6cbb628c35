"""The document-number ledger (发文登记): SQLite, sequential per prefix and year, never reused, process-safe."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from docgen.config import Config
from docgen.errors import ConfigError, DocgenError

LEDGER_NAME = "发文登记.sqlite"
ACTIVE, VOID = "有效", "作废"
BUSY_TIMEOUT_S = 30.0
SCHEMA_VERSION = 1

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
CREATE UNIQUE INDEX IF NOT EXISTS one_active_number ON numbers (case_no, kind) WHERE status = '有效';
"""


class LedgerError(DocgenError):
    """The ledger cannot be opened, is locked for too long, or is asked something it cannot answer."""


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
        hint=f'请在 docgen.toml 的 [numbering.prefixes] 中添加一行，如：{kind} = "{config.organ.short_name}函"',
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
    """An open ledger. Allocation runs in an IMMEDIATE transaction, so concurrent runs queue, never collide."""

    def __init__(
        self,
        path: str | Path,
        *,
        prefixes: Mapping[str, str] | None = None,
        config: Config | None = None,
        timeout: float = BUSY_TIMEOUT_S,
    ) -> None:
        self.path = Path(path)
        self.config = config or Config()
        self.prefixes = dict(prefixes or {})
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # a merge allocates from its reading thread and records from its main thread, one at a time
            self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._db.executescript(
                f"BEGIN IMMEDIATE; {_SCHEMA} INSERT OR IGNORE INTO meta VALUES ('schema', '{SCHEMA_VERSION}'); COMMIT;"
            )
        except sqlite3.DatabaseError as exc:
            raise LedgerError(
                f"无法打开发文登记簿 {self.path}：{exc}",
                hint="请确认该文件是 docgen 的登记簿且有读写权限；如文件已损坏，请从备份恢复",
            ) from exc

    @classmethod
    def for_config(cls, config: Config, register: str | Path | None = None) -> Ledger:
        """The ledger `config` names (see `ledger_path`), with the config's prefixes."""
        return cls(ledger_path(config, register), config=config)

    def prefix(self, kind: str) -> str:
        if kind in self.prefixes:
            return self.prefixes[kind]
        return prefix_for(kind, self.config)

    # -- allocating -------------------------------------------------------------------------
    def allocate(
        self,
        case_no: str,
        kind: str,
        year: int,
        *,
        renumber: bool = False,
        issued: dt.date | None = None,
    ) -> str:
        """The number of document `kind` for case `case_no`.

        The same case and kind get their existing number back; with `renumber` the old number is voided
        (kept in the ledger, never handed out again) and the next one in `year`'s sequence is issued.
        """
        case_no = str(case_no).strip()
        if not case_no:
            raise LedgerError("信访编号为空，无法分配发文字号", hint="请先补填信访编号")
        prefix = self.prefix(kind)
        issued = issued or dt.date.today()
        with self._transaction():
            row = self._db.execute(
                "SELECT id, number FROM numbers WHERE case_no = ? AND kind = ? AND status = ?",
                (case_no, kind, ACTIVE),
            ).fetchone()
            if row is not None and not renumber:
                return row[1]
            if row is not None:
                self._db.execute("UPDATE numbers SET status = ? WHERE id = ?", (VOID, row[0]))
            (last,) = self._db.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM numbers WHERE prefix = ? AND year = ?", (prefix, year)
            ).fetchone()
            number = format_number(prefix, year, last + 1)
            self._db.execute(
                "INSERT INTO numbers (prefix, year, seq, number, kind, case_no, issued, status, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (prefix, year, last + 1, number, kind, case_no, issued.isoformat(), ACTIVE, _now()),
            )
            return number

    def record_output(self, case_no: str, kind: str, number: str, path: str | Path, sha256: str) -> None:
        """Note the file written under `number` and its SHA-256 (the latest write wins)."""
        with self._transaction():
            updated = self._db.execute(
                "UPDATE numbers SET output = ?, sha256 = ?, written = ? WHERE number = ? AND case_no = ? AND kind = ?",
                (str(path), sha256, _now(), number, str(case_no).strip(), kind),
            ).rowcount
        if not updated:
            raise LedgerError(f"发文登记簿中没有 {number}（{case_no}，{kind}）", hint="请先分配文号再登记文件")

    # -- reading ----------------------------------------------------------------------------
    def lookup(self, case_no: str, kind: str) -> Entry | None:
        """The valid entry for a case and kind, if one was allocated."""
        rows = self._select("WHERE case_no = ? AND kind = ? AND status = ?", (str(case_no).strip(), kind, ACTIVE))
        return rows[0] if rows else None

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

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE takes the write lock up front: a second process waits (busy timeout), then reads
        the sequence only after the first has committed."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise LedgerError(
                f"发文登记簿 {self.path.name} 正被其他程序占用：{exc}",
                hint="请等另一个 docgen 运行结束后重试",
            ) from exc
        try:
            yield
        except sqlite3.Error as exc:
            self._db.execute("ROLLBACK")
            raise LedgerError(f"发文登记簿 {self.path.name} 写入失败：{exc}", hint="请稍后重试") from exc
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")
