"""The plan step of a merge: select rows, check them, allocate their 文号 a batch at a time, name the files."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from docgen.config import Config
from docgen.context import organ_context
from docgen.errors import ConfigError, DocgenError, Problem
from docgen.ledger.numbering import EARLIER_DATES, EARLIER_FIELDS, NUMBER_FIELD, EarlierNumbers, Numbering
from docgen.ledger.store import kind_of
from docgen.official.dating import late_deadlines
from docgen.outputs.batch import Job, complete, prerender_each
from docgen.outputs.naming import NamePattern, Namer
from docgen.petition import cases
from docgen.petition.selection import matches, parse_rows, parse_where
from docgen.pipeline.checks import TEMPLATE_NAME_FIELD, field_of, row_problem
from docgen.pipeline.manifest import Manifest, inputs_digest
from docgen.pipeline.result import MergeResult
from docgen.register import Register
from docgen.register.reader import Record
from docgen.render import DocxTemplate
from docgen.render.template import Prerendered

FIRST_BATCH = 1  # the first number is allocated alone: a folder that cannot be written costs one number
GROWTH = 8  # each allocation after it is this many times the last (1, 8, 64, 500…): a disk that fills early
# leaves few numbers reserved without a document (a --resume uses exactly them), a long run a few ledger
# transactions per thousand documents (one per 8 would cost as much as rendering them)
BATCH = 500  # the largest allocation; documents are recorded this many per ledger transaction
CASE_FIELD = "信访编号"


@dataclass
class Planned:
    """A selected row on its way to a document: its context, file, inputs digest, and where its 文号 comes from."""

    row: int
    context: dict[str, object]
    digest: str
    path: Path | None = None  # None until named (a name pattern with {文号} waits for the number)
    from_ledger: bool = False  # its 文号 comes from the ledger (not typed in the register)
    prerendered: Prerendered | None = None  # rendered while checking it, the 文号 to be written in

    @property
    def case_no(self) -> str:
        return str(self.context.get(CASE_FIELD, "") or "").strip()


class Planner:
    """Turns register rows into jobs; the state of the plan (numbers, names, rows seen) lives here."""

    def __init__(
        self,
        book: Register,
        template: DocxTemplate,
        pattern: NamePattern,
        config: Config,
        result: MergeResult,
        *,
        where: Sequence[str],
        rows: str | None,
        as_of: dt.date,
        issued: dt.date,
        renumber: bool,
        force: bool,
        resume: bool,
    ) -> None:
        self.book, self.template, self.pattern, self.config, self.result = book, template, pattern, config, result
        self.as_of, self.force, self.resume = as_of, force, resume
        self.selectors = [parse_where(text, book) for text in where]
        self.wanted_rows = parse_rows(rows) if rows else None
        used = template.fields | set(pattern.fields)
        self.numbering: Numbering | None = None
        self.prefix_error: ConfigError | None = None
        if NUMBER_FIELD in used:
            self.numbering = Numbering(config, book.path, kind_of(template.path), issued=issued, renumber=renumber)
            try:
                self.numbering.prefix()
            except ConfigError as exc:
                if NUMBER_FIELD not in book.fields:
                    raise  # every row would need it: stop before anything is written
                self.prefix_error = exc  # only rows whose 文号 cell is empty need it
        self.earlier_names = sorted(used & set(EARLIER_FIELDS))
        self.earlier = EarlierNumbers(config, book.path, issued) if self.earlier_names else None
        used |= {s[0] for s in self.selectors} | {EARLIER_DATES[name] for name in self.earlier_names}
        self.computed = sorted(used & set(cases.COMPUTED_FIELDS))
        inputs = {col for name in self.computed for col in cases.COMPUTED_FIELDS[name][1]}
        self.columns = (used | inputs | set(config.register.required)) & set(book.fields)
        self.history = cases.build_history(book) if cases.needs_history(self.computed) else None
        self.base = organ_context(config, issued)
        self.base[TEMPLATE_NAME_FIELD] = template.name
        self.template_sha = hashlib.sha256(template.path.read_bytes()).hexdigest()

        self.namer = Namer(result.outdir)
        self.manifest: Manifest | None = None  # set by the merge once the folder exists
        self.staging: Path | None = None  # strict mode writes here first
        self.pending: dict[int, Planned] = {}  # rows handed to the writers, until their outcome comes back
        self.order: list[tuple[int, str]] = []  # (row, name in the folder) of every document kept
        self.first_row: dict[str, int] = {}  # 信访编号 → the Excel row that takes a ledger number for it
        self.filled_from_ledger = 0  # rows whose 文号 the ledger gave
        self.first_filled: list[int] = []  # the first ten of them
        self.stopped: str | None = None  # why the run stopped early (the output folder failed)
        self.prerender_many = functools.partial(prerender_each, template)  # the merge's workers may do it instead

    @property
    def whole_register(self) -> bool:
        return self.wanted_rows is None and not self.selectors

    def select(self) -> Iterator[Record]:
        """The readable register rows that --rows and --where select (row problems are kept)."""
        last = max(self.wanted_rows, default=0) if self.wanted_rows is not None else None
        for record in self.book.records(self.columns, stop_after=last):
            if self.wanted_rows is not None and record.row not in self.wanted_rows:
                continue
            if not all(matches(record.values.get(f), v) for f, v in self.selectors):
                continue
            self.result.problems.extend(record.problems)
            if record.ok:
                yield record

    def prepare(self, record: Record) -> Planned | None:
        """A row's context, file and whether it needs a ledger number; None (and a problem) if it cannot be made."""
        context = {**self.base, **record.values}
        item = Planned(record.row, context, inputs_digest(self.template_sha, record.values))
        try:
            context.update(
                cases.compute(record.values, self.computed, config=self.config, as_of=self.as_of, history=self.history)
            )
            self._cite_earlier(item)
            for late in late_deadlines(self.template.name, self.template.fields, context):
                self.result.problems.append(
                    Problem(
                        self.book.location(record.row),
                        late.message,
                        hint=late.hint,
                        severity="warning",
                        extra={"late": late},
                    )
                )
            if self.numbering is not None:
                typed = str(record.values.get(NUMBER_FIELD) or "").strip()
                if typed:
                    context[NUMBER_FIELD] = typed  # the register's own 文号 wins; the ledger is not touched
                else:
                    self.check_numberable(item)
                    item.from_ledger = True  # and rendered (`check`) before its number is allocated
            if not (item.from_ledger and NUMBER_FIELD in self.pattern.fields):
                item.path = self.namer.claim(self.pattern.name(context))
        except DocgenError as exc:
            self.result.problems.append(row_problem(exc, self.book.location(record.row, field_of(exc))))
            return None
        return item

    def _cite_earlier(self, item: Planned) -> None:
        for name in self.earlier_names:
            if str(item.context.get(name) or "").strip():
                continue  # typed in the register
            number, warning = self.earlier.find(item.context, name)  # type: ignore[union-attr]
            item.context[name] = number
            if warning:
                self.result.problems.append(Problem(self.book.location(item.row), warning, severity="warning"))

    def check(self, batch: list[Planned]) -> list[Planned]:
        """The batch less the rows the template refuses, so that no number is spent in vain: each row
        awaiting one is rendered now and its number written in later (`prerender_many`: in the worker
        processes when there are some)."""
        waiting = [item for item in batch if item.from_ledger and item.prerendered is None]
        if not waiting:
            return batch
        refused: set[int] = set()
        results = self.prerender_many([item.context for item in waiting], NUMBER_FIELD)
        for item, outcome in zip(waiting, results):
            if isinstance(outcome, DocgenError):
                self.result.problems.append(row_problem(outcome, self.book.location(item.row, field_of(outcome))))
                refused.add(item.row)
            else:
                item.prerendered = outcome
        return [item for item in batch if item.row not in refused] if refused else batch

    def check_numberable(self, item: Planned) -> None:
        """Before a number is allocated: a 信访编号, a prefix, and no earlier row with the same 信访编号."""
        if self.prefix_error is not None:
            raise self.prefix_error
        if not item.case_no:
            raise DocgenError("信访编号为空，无法分配发文字号", hint="请先补填信访编号")
        first = self.first_row.setdefault(item.case_no, item.row)
        if first != item.row:
            raise DocgenError(
                f"信访编号 {item.case_no} 与第 {first} 行重复，不能给两份文书同一个文号，本行未生成",
                value=item.case_no,
                hint=f"请核对第 {first} 行和第 {item.row} 行，改正信访编号后重新运行",
            )

    def keep_existing(self, item: Planned) -> bool:
        """True when the row's file is already there and stays: made from the same inputs (--resume), or
        not to be overwritten (a problem). A stale or unknown file under --resume is made again."""
        path = item.path
        if path is None or self.force or not path.exists():
            return False
        if not self.resume:
            self.result.problems.append(
                Problem(
                    self.book.location(item.row),
                    "文件已存在，未覆盖",
                    value=path.name,
                    hint="如需覆盖请加 --force，或用 --resume 跳过已生成的",
                )
            )
            return True
        made = self.manifest.get(path) if self.manifest else None
        if made is None or made.inputs != item.digest or not complete(path):
            return False
        self.result.skipped.append(path)
        self.order.append((item.row, self.manifest.relative(path)))  # type: ignore[union-attr]
        return True

    def allocate(self, items: Sequence[Planned]) -> None:
        """Give every item that needs one its ledger number, all in one transaction."""
        wanted = [item for item in items if item.from_ledger]
        if not wanted or self.numbering is None:
            return
        numbers = self.numbering.allocate([item.case_no for item in wanted])
        for item in wanted:
            item.context[NUMBER_FIELD] = numbers[item.case_no]
            self.filled_from_ledger += 1
            if len(self.first_filled) < 10:
                self.first_filled.append(item.row)

    def plan(self) -> Iterator[Job]:
        """The jobs to write, in register order; numbers are allocated a batch at a time, just before."""
        batch: list[Planned] = []
        size = FIRST_BATCH
        for record in self.select():
            if self.stopped:
                return
            item = self.prepare(record)
            if item is None or self.keep_existing(item):
                continue
            batch.append(item)
            if len(batch) >= size or not item.from_ledger:
                yield from self._jobs(batch)
                batch, size = [], min(BATCH, size * GROWTH)
        yield from self._jobs(batch)

    def _jobs(self, batch: list[Planned]) -> Iterator[Job]:
        if self.stopped or not batch:
            return
        batch = self.check(batch)
        self.allocate(batch)
        for item in batch:
            if self.stopped:  # the output folder failed meanwhile: the rest keep their numbers for --resume
                return
            if item.path is None:
                try:
                    item.path = self.namer.claim(self.pattern.name(item.context))
                except DocgenError as exc:
                    self.result.problems.append(row_problem(exc, self.book.location(item.row)))
                    continue
                if self.keep_existing(item):
                    continue
            self.pending[item.row] = item
            target = self.staging / item.path.relative_to(self.result.outdir) if self.staging else item.path
            yield Job(item.row, item.context, target, item.prerendered)
            item.prerendered = None  # the job holds it until written

    def notes(self) -> list[str]:
        """What the clerk should know about the numbers: a new ledger, empty 文号 cells filled from it."""
        if self.numbering is None:
            return []
        notes = list(self.numbering.notes)
        if NUMBER_FIELD in self.book.fields and self.filled_from_ledger:
            rows = "、".join(str(r) for r in self.first_filled)  # rows are planned in register order
            more = "等" if self.filled_from_ledger > 10 else ""
            notes.append(
                f"台账「{NUMBER_FIELD}」列为空的 {self.filled_from_ledger} 行（第 {rows}{more} 行）"
                "已从发文登记簿分配文号"
            )
        return notes

    def close(self) -> None:
        for ledger in (self.numbering, self.earlier):
            if ledger is not None:
                ledger.close()
