"""A merge as a small object: plan (select, check, allocate) → write (render, write) → record → extras."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from docgen.config import Config
from docgen.context import DATE_FIELDS, ORGAN_FIELDS
from docgen.errors import OutputError, Problem, WriteRefusedError
from docgen.ledger.numbering import EARLIER_FIELDS, NUMBER_FIELD
from docgen.ledger.store import Written
from docgen.official.catalog import resolve_template
from docgen.official.dating import placeholder_organ
from docgen.outputs import pdf
from docgen.outputs.atomic import Staging, clean_stale_temps
from docgen.outputs.batch import Job, Outcome, Workers, produce_all
from docgen.outputs.naming import NamePattern
from docgen.outputs.paths import make_output_folder
from docgen.petition import cases
from docgen.pipeline.checks import (
    check_extra_outputs,
    check_fields,
    check_pattern,
    check_writable,
    field_of,
    output_fault,
    row_problem,
)
from docgen.pipeline.extras import extra_outputs
from docgen.pipeline.manifest import Made, Manifest
from docgen.pipeline.options import MergeOptions, with_choices
from docgen.pipeline.plan import BATCH, Planned, Planner
from docgen.pipeline.result import MergeResult
from docgen.register import Register
from docgen.render import DocxTemplate


class Merge:
    """One merge of a register into a template; `run()` does every step, each step is a method."""

    def __init__(
        self, register: str | Path, template: str | Path, outdir: str | Path, options: MergeOptions | None = None
    ) -> None:
        self.options = o = options or MergeOptions()
        self.config = config = o.config or Config()
        self.as_of, self.issued = o.as_of or dt.date.today(), o.issued or dt.date.today()
        self.force, self.strict, self.resume, self.jobs, self.progress = o.force, o.strict, o.resume, o.jobs, o.progress
        # With --rows the sheet is streamed, so reading stops after the last wanted row (Planner.select).
        self.book = Register(register, config.register, sheet=o.sheet, header_row=o.header_row, stream=bool(o.rows))
        self.template = DocxTemplate(resolve_template(template))
        self.pattern = NamePattern(o.name or config.output.name)
        columns = set(self.book.fields)
        available = {*columns, *cases.COMPUTED_FIELDS, *ORGAN_FIELDS, *DATE_FIELDS, NUMBER_FIELD, *EARLIER_FIELDS}
        check_fields(self.template, available)
        check_pattern(self.pattern, available)
        self.outdir = Path(outdir).resolve()  # links in the path given are followed once, here
        check_extra_outputs(o.combine, o.zip_to, o.force)
        if o.to_pdf:
            pdf.find_soffice()  # before any work: the clerk installs LibreOffice, then runs once
        self.result = MergeResult(outdir=self.outdir, fast=self.template.fast)
        if note := placeholder_organ(config, self.template.fields):
            self.result.notes.append(note)
        self.planner = Planner(
            self.book, self.template, self.pattern, config, self.result, where=o.where, rows=o.rows,
            as_of=self.as_of, issued=self.issued, renumber=o.renumber, force=o.force, resume=o.resume,
        )  # fmt: skip
        self.numbering = self.planner.numbering
        self.manifest: Manifest | None = None
        self.staging: Staging | None = None
        self.done: list[tuple[Planned, Outcome]] = []  # written, not yet recorded
        self.finished: list[Outcome] = []  # written when the writers were stopped, not yet collected

    # -- plan -----------------------------------------------------------------------------------
    def plan(self) -> Iterator[Job]:
        """Select and check rows, allocate their numbers a batch at a time: the jobs to write (see Planner)."""
        return self.planner.plan()

    # -- render and write -----------------------------------------------------------------------
    def render(self, item: Planned) -> bytes:
        """One document's bytes (the writers call the same compiled template)."""
        return self.template.render(item.context)

    def write(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        """Render and write the jobs (in `self.jobs` worker processes, which also render the rows awaiting
        a number before it is allocated); outcomes in order."""
        force = self.force or self.resume
        workers = Workers(self.template, self.jobs, force)
        if workers.count > 1:
            self.planner.prerender_many = workers.prerender_many
        return produce_all(self.template, jobs, force=force, workers=workers, finished=self.finished)

    def collect(self, outcome: Outcome) -> None:
        """Note one outcome; a failure of the output folder itself stops the run."""
        item = self.planner.pending.pop(outcome.row)
        if outcome.error is None:
            self.result.written.append(outcome.path)
            self.done.append((item, outcome))
            if len(self.done) >= BATCH and not self.strict:
                self.record()
            return
        where = self.book.location(outcome.row, field_of(outcome.error))
        self.result.problems.append(row_problem(outcome.error, where))
        if self.planner.stopped:  # a document already under way when the run stopped
            return
        if isinstance(outcome.error, WriteRefusedError):
            self.planner.stopped = outcome.error.message
        elif isinstance(outcome.error, OutputError) and (fault := output_fault(outcome.path.parent)):
            self.planner.stopped = fault
            self.result.problems.append(
                Problem(
                    self.book.location(outcome.row),
                    f"输出文件夹 {outcome.path.parent} {fault}：已停止，其余各行未生成",
                    hint="请换一个可写入的文件夹或清理磁盘后，用 --resume 接着生成（已分配的文号沿用，不会重号）",
                )
            )

    # -- record ---------------------------------------------------------------------------------
    def record(self) -> None:
        """Note what was written, in the ledger (one transaction) and the folder's manifest."""
        done, self.done = self.done, []
        written = [
            Written(item.context[NUMBER_FIELD], self.final(outcome.path), outcome.sha256 or "")  # type: ignore[arg-type]
            for item, outcome in done
            if item.from_ledger
        ]
        voided = set(self.numbering.record(written)) if self.numbering is not None else set()
        made = []
        for item, outcome in done:
            path = self.final(outcome.path)
            number = item.context.get(NUMBER_FIELD) if self.numbering is not None else None
            if item.from_ledger and number in voided:
                self._withdraw(item, path, outcome.sha256, str(number))
                continue
            name = self.manifest.relative(path)  # type: ignore[union-attr]
            self.planner.order.append((item.row, name))
            made.append(
                Made(name, self.template.name, item.row, item.digest,
                     str(number) if number is not None else None, outcome.sha256 or "")
            )  # fmt: skip
        self.manifest.add(made)  # type: ignore[union-attr]

    def _withdraw(self, item: Planned, path: Path, sha256: str | None, number: str) -> None:
        """Another run renumbered this case meanwhile: the document just written bears a voided number."""
        try:
            if hashlib.sha256(path.read_bytes()).hexdigest() == sha256:
                path.unlink()
        except OSError:
            pass
        if path in self.result.written:
            self.result.written.remove(path)
        self.result.problems.append(
            Problem(
                self.book.location(item.row),
                f"文号 {number} 已被同时运行的另一次 --renumber 作废，{path.name} 未保留",
                hint="请等其他运行结束后重新运行本命令",
            )
        )

    def final(self, path: Path) -> Path:
        """Where a written file ends up (strict mode writes into a staging folder first)."""
        if self.staging is not None and path.is_relative_to(self.staging.folder):
            return self.outdir / path.relative_to(self.staging.folder)
        return path

    def finish_staging(self) -> None:
        """Strict mode: move staged files into place only when no row failed."""
        if not self.result.ok:
            self.result.written.clear()
            self.done.clear()
            return
        moved = []
        for path in self.result.written:
            destination = self.final(path)
            destination.parent.mkdir(parents=True, exist_ok=True)
            if not (self.force or self.resume) and destination.exists():
                raise OutputError(f"{destination.name} 已存在，未覆盖", hint="如需覆盖请加 --force")
            os.replace(path, destination)
            moved.append(destination)
        self.result.written[:] = moved
        self.record()

    def report_leftovers(self) -> None:
        """After a run over the whole register: say which earlier documents of this template no row makes
        any more, and warn loudly when one of them bears a 文号 a document of this run bears too."""
        if not self.planner.whole_register or self.planner.stopped or not self.result.ok:
            return
        assert self.manifest is not None
        earlier = {f: m for f, m in self.manifest.entries.items() if m.template == self.template.name}
        if not earlier:
            return
        made_now = {name for _, name in self.planner.order}
        numbers_now = {}
        if any(m.number for f, m in earlier.items() if f not in made_now):
            numbers_now = {m.number: f for f, m in self.manifest.latest().items() if f in made_now and m.number}
        gone, left = [], []
        for file, made in earlier.items():
            if file in made_now:
                continue
            if not (self.outdir / file).exists():
                gone.append(file)
                continue
            left.append(file)
            if made.number and made.number in numbers_now:
                self.result.problems.append(
                    Problem(
                        self.book.location(made.row),
                        f"{file} 与 {numbers_now[made.number]} 是同一文号 {made.number} 的两个文件，"
                        f"前者已没有台账行对应",
                        hint=f"请核对后删除过时的 {file}",
                        severity="warning",
                    )
                )
        self.manifest.forget(gone)
        if left:
            shown = "、".join(left[:5]) + ("等" if len(left) > 5 else "")
            self.result.notes.append(f"输出文件夹中有 {len(left)} 份以前生成的文书已没有台账行对应：{shown}")

    def open_folder(self) -> None:
        """The output folder: created, checked writable before any number is allocated, its manifest read."""
        self.outdir = make_output_folder(self.outdir)
        clean_stale_temps(self.outdir)
        check_writable(self.outdir)
        self.manifest = self.planner.manifest = Manifest(self.outdir)
        if self.strict:
            self.staging = Staging(self.outdir)
            self.planner.staging = self.staging.folder

    # -- run ------------------------------------------------------------------------------------
    def run(self) -> MergeResult:
        """Every step: plan → write → record, then the extra outputs."""
        self.open_folder()
        total, count = self.book.estimated_rows(), 0
        outcomes = self.write(self.plan())
        try:
            for outcome in outcomes:
                self.collect(outcome)
                count += 1
                if self.progress:
                    self.progress(count, max(total, count))
                # after a stop no job is planned any more: the documents under way end, and those written are recorded
            if self.strict:
                self.finish_staging()
        finally:
            outcomes.close()  # on any stop the workers end here, not when the traceback is freed
            try:
                if not self.strict:
                    for outcome in self.finished:  # written just before the stop, never handed out
                        if outcome.error is None:
                            self.collect(outcome)
                    self.record()  # also after an interrupt: what was written is in the ledger
            finally:
                self._close()
        self.report_leftovers()
        self.manifest.close()
        self.result.notes += self.planner.notes()
        result = self.result
        if not (self.strict and not result.ok):
            result.documents.names = [name for _, name in sorted(self.planner.order)]
        extra_outputs(result, self.template, self.config, self.options)
        return result

    def _close(self) -> None:
        if self.staging is not None:
            self.staging.close()
        self.planner.close()


def merge(
    register: str | Path,
    template: str | Path,
    outdir: str | Path,
    options: MergeOptions | None = None,
    **choices: Any,
) -> MergeResult:
    """Generate one .docx per selected case of `register` from `template` into `outdir`.

    The choices are a `MergeOptions` or its fields as keywords (`merge(reg, tpl, out, where=["受理情况=受理"])`).
    `template` is a .docx file, or the name of a built-in template (受理告知书) when no such file exists.
    Nothing is written when the template uses unknown fields; with `strict`, nothing is written
    when any row has an error. Existing files are kept unless `force`; `resume` skips complete ones
    made from the same inputs and makes stale ones again. `combine` also writes one print file (with `duplex`,
    each document starting on the front of a sheet), `to_pdf` a PDF beside each document, `zip_to` an archive.
    """
    return Merge(register, template, outdir, with_choices(options, choices)).run()
