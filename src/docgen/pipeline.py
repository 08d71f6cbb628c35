"""Library entry points: merge a register into a template, one document per case (no Click here)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docgen.config import Config
from docgen.context import DATE_FIELDS, ORGAN_FIELDS, organ_context, suggest
from docgen.errors import DocgenError, Location, OutputError, Problem, UnknownFieldsError
from docgen.ledger.numbering import EARLIER_FIELDS, NUMBER_FIELD, EarlierNumbers, Numbering
from docgen.official.catalog import resolve_template
from docgen.official.dating import late_deadlines, placeholder_organ
from docgen.outputs import archive, pdf
from docgen.outputs.atomic import TEMP_PREFIX, clean_stale_temps, write_atomic
from docgen.outputs.batch import Job, complete, produce_all
from docgen.outputs.naming import NamePattern, Namer
from docgen.petition import cases
from docgen.petition.selection import matches, parse_rows, parse_where
from docgen.register import Register
from docgen.render import DocxTemplate
from docgen.render.combine import combine as combine_files
from docgen.render.fonts import fonts_named

Progress = Callable[[int, int], None]
TEMPLATE_NAME_FIELD = "模板"


@dataclass
class MergeResult:
    """What a merge did: files written or kept, the extra outputs, and every row problem."""

    outdir: Path
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    documents: list[Path] = field(default_factory=list)  # written and kept, in register order
    combined: Path | None = None
    pdfs: list[Path] = field(default_factory=list)
    archive: Path | None = None
    notes: list[str] = field(default_factory=list)
    fast: bool = True

    @property
    def error_rows(self) -> int:
        return len({(p.where.row, p.where.file) for p in self.problems if p.severity == "error"})

    @property
    def ok(self) -> bool:
        return self.error_rows == 0

    def summary(self) -> str:
        text = f"已生成 {len(self.written)} 份"
        if self.skipped:
            text += f"，跳过已存在的 {len(self.skipped)} 份"
        if self.error_rows:
            text += f"，{self.error_rows} 行有错误"
        return text


def merge(
    register: str | Path,
    template: str | Path,
    outdir: str | Path,
    *,
    config: Config | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    name: str | None = None,
    where: Sequence[str] = (),
    rows: str | None = None,
    force: bool = False,
    strict: bool = False,
    resume: bool = False,
    renumber: bool = False,
    as_of: dt.date | None = None,
    issued: dt.date | None = None,
    jobs: int = 1,
    combine: str | Path | None = None,
    to_pdf: bool = False,
    zip_to: str | Path | None = None,
    progress: Progress | None = None,
) -> MergeResult:
    """Generate one .docx per selected case of `register` from `template` into `outdir`.

    `template` is a .docx file, or the name of a built-in template (受理告知书) when no such file exists.
    Nothing is written when the template uses unknown fields; with `strict`, nothing is written
    when any row has an error. Existing files are kept unless `force`; `resume` skips complete ones.
    `combine` also writes one print file, `to_pdf` a PDF beside each document, `zip_to` an archive.
    """
    config = config or Config()
    today = dt.date.today()
    as_of, issued = as_of or today, issued or today
    book = Register(register, config.register, sheet=sheet, header_row=header_row)
    compiled = DocxTemplate(resolve_template(template))
    pattern = NamePattern(name or config.output.name)
    available = {*book.fields, *cases.COMPUTED_FIELDS, *ORGAN_FIELDS, *DATE_FIELDS, NUMBER_FIELD, *EARLIER_FIELDS}
    _check_fields(compiled, available)
    _check_pattern(pattern, available)
    selectors = [parse_where(text, book) for text in where]
    wanted_rows = parse_rows(rows) if rows else None
    final = Path(outdir)
    _check_extra_outputs(combine, zip_to, force)
    if to_pdf:
        pdf.find_soffice()  # before any work: the clerk installs LibreOffice, then runs once
    numbering = (
        Numbering(config, book.path, compiled.path, issued=issued, renumber=renumber)
        if NUMBER_FIELD in compiled.fields | set(pattern.fields)
        else None
    )
    earlier_names = (compiled.fields | set(pattern.fields)) & set(EARLIER_FIELDS) - set(book.fields)
    earlier = EarlierNumbers(config, book.path) if earlier_names else None

    used = compiled.fields | set(pattern.fields) | {s[0] for s in selectors}
    computed = sorted(used & set(cases.COMPUTED_FIELDS))
    inputs = {col for name in computed for col in cases.COMPUTED_FIELDS[name][1]}
    columns = (used | inputs | set(config.register.required)) & set(book.fields)
    history = cases.build_history(book) if cases.needs_history(computed) else None
    base = organ_context(config, issued)
    base[TEMPLATE_NAME_FIELD] = compiled.name

    final.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(final)
    target = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + "staging-", dir=final)) if strict else final
    result = MergeResult(outdir=final, fast=compiled.fast)
    if note := placeholder_organ(config, compiled.fields):
        result.notes.append(note)
    namer = Namer(final)
    numbered: dict[int, tuple[str, str]] = {}  # row → (信访编号, 文号) until its document is written
    issued_docs: list[tuple[str, str, Path, str]] = []  # recorded in the ledger once files are in place
    order: list[tuple[int, Path]] = []

    def planned() -> Iterator[Job]:
        for record in book.records(columns):
            if wanted_rows is not None and record.row not in wanted_rows:
                continue
            if not all(matches(record.values.get(f), v) for f, v in selectors):
                continue
            result.problems.extend(record.problems)
            if not record.ok:
                continue
            context = {**base, **record.values}
            try:
                context.update(cases.compute(record.values, computed, config=config, as_of=as_of, history=history))
                if earlier is not None:
                    earlier.fill(context, earlier_names)
                if numbering is not None:
                    compiled.check({**context, NUMBER_FIELD: ""})  # a refused row spends no number
                    context[NUMBER_FIELD] = numbering.assign(context)
                    numbered[record.row] = (str(record.values.get("信访编号", "")), context[NUMBER_FIELD])
                path = namer.claim(pattern.name(context))
            except DocgenError as exc:
                result.problems.append(_row_problem(exc, book.location(record.row, _field_of(exc))))
                continue
            for late in late_deadlines(compiled.name, compiled.fields, context):
                where = book.location(record.row)
                result.problems.append(Problem(where, late.message, hint=late.hint, severity="warning"))
            if not force and os.path.exists(path):
                if resume and complete(path):
                    result.skipped.append(path)
                    order.append((record.row, path))
                    continue
                if not resume:
                    result.problems.append(
                        Problem(
                            book.location(record.row),
                            f"{path.name} 已存在，未覆盖",
                            hint="如需覆盖请加 --force，或用 --resume 跳过已生成的",
                        )
                    )
                    continue
            yield Job(record.row, context, target / path.relative_to(final) if strict else path)

    total = book.estimated_rows()
    done = 0
    try:
        for outcome in produce_all(compiled, planned(), force=force or resume, workers=jobs):
            done += 1
            if outcome.error is None:
                result.written.append(outcome.path)
                order.append((outcome.row, outcome.path))
                if numbering is not None:
                    case_no, number = numbered.pop(outcome.row)
                    entry = (case_no, number, _final_path(outcome.path, target, final), outcome.sha256 or "")
                    if strict:
                        issued_docs.append(entry)
                    else:
                        numbering.record(*entry)
            else:
                result.problems.append(
                    _row_problem(outcome.error, book.location(outcome.row, _field_of(outcome.error)))
                )
            if progress:
                progress(done, max(total, done))
        if strict:
            _finish_staging(result, target, final, force=force or resume)
            order = [(row, _final_path(path, target, final)) for row, path in order]
            if result.ok and numbering is not None:
                for entry in issued_docs:
                    numbering.record(*entry)
    finally:
        if strict:
            shutil.rmtree(target, ignore_errors=True)
        for ledger in (numbering, earlier):
            if ledger is not None:
                ledger.close()
    result.documents = [path for _, path in sorted(order, key=lambda item: item[0])]
    if strict and not result.ok:
        result.documents = []
    _extra_outputs(result, compiled, config, combine=combine, to_pdf=to_pdf, zip_to=zip_to, force=force)
    return result


def _extra_outputs(
    result: MergeResult,
    compiled: DocxTemplate,
    config: Config,
    *,
    combine: str | Path | None,
    to_pdf: bool,
    zip_to: str | Path | None,
    force: bool,
) -> None:
    """The print file, the PDFs and the archive, made from the batch's documents in register order."""
    documents = result.documents
    if not documents:
        return
    if combine:
        result.combined = Path(combine)
        write_atomic(result.combined, combine_files(documents, result.combined), force=force)
    if to_pdf:
        with tempfile.TemporaryDirectory(prefix="docgen-fonts-") as folder:
            fonts = pdf.fontconfig_file(Path(folder), config.fonts.substitutes)
            result.notes += pdf.font_warnings(fonts_named(compiled.path)["eastAsia"], fonts)
            by_folder: dict[Path, list[Path]] = {}
            for path in documents + ([result.combined] if result.combined else []):
                by_folder.setdefault(path.parent, []).append(path)
            for folder_path, files in by_folder.items():
                result.pdfs += pdf.convert(files, folder_path, fonts=fonts)
    if zip_to:
        extra = (
            [result.combined]
            if result.combined and result.combined.resolve().is_relative_to(result.outdir.resolve())
            else []
        )
        result.archive = archive.zip_batch(documents + extra + result.pdfs, result.outdir, Path(zip_to), force=force)


def _check_extra_outputs(combine: str | Path | None, zip_to: str | Path | None, force: bool) -> None:
    """Refuse before any work what would fail after it."""
    for extra, suffix in ((combine, ".docx"), (zip_to, ".zip")):
        if not extra:
            continue
        if Path(extra).suffix.lower() != suffix:
            raise OutputError(f"{Path(extra).name} 的扩展名应是 {suffix}")
        if Path(extra).exists() and not force:
            raise OutputError(f"{Path(extra).name} 已存在，未覆盖", hint="如需覆盖请加 --force")


def _final_path(path: Path, staging: Path, final: Path) -> Path:
    return final / path.relative_to(staging) if path.is_relative_to(staging) else path


def _check_fields(compiled: DocxTemplate, available: set[str]) -> None:
    unknown = sorted(compiled.fields - available)
    if unknown:
        raise UnknownFieldsError(str(compiled.path), [(n, suggest(n, available)) for n in unknown])


def _check_pattern(pattern: NamePattern, available: set[str]) -> None:
    unknown = [f for f in pattern.fields if f not in available and f != TEMPLATE_NAME_FIELD]
    if unknown:
        hints = "；".join(
            f"「{f}」" + (f"（是不是「{s}」？）" if (s := suggest(f, available)) else "") for f in unknown
        )
        raise OutputError(
            f"文件名模式用到了台账里没有的字段：{hints}", hint="请修改 --name 或 docgen.toml 中的 [output] name"
        )


def _row_problem(error: DocgenError, where: Location) -> Problem:
    problem = Problem.from_error(error)
    if problem.where.row is None:
        problem.where = where
    return problem


def _field_of(error: DocgenError) -> str | None:
    """The column a row error names (a document refusing for want of a value), if any."""
    return getattr(error, "field", None)


def _finish_staging(result: MergeResult, staging: Path, final: Path, *, force: bool) -> None:
    """Strict mode: move staged files into place only when no row failed."""
    if not result.ok:
        result.written.clear()
        return
    moved = []
    for path in result.written:
        destination = final / path.relative_to(staging)
        destination.parent.mkdir(parents=True, exist_ok=True)
        if not force and destination.exists():
            raise OutputError(f"{destination.name} 已存在，未覆盖", hint="如需覆盖请加 --force")
        os.replace(path, destination)
        moved.append(destination)
    result.written = moved
