"""`docgen merge` and `docgen fields`: the register into one document per case."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from docgen.cli.common import (
    as_date,
    as_of_option,
    config_option,
    date_option,
    echo_problems,
    get_config,
    register_options,
)
from docgen.config import Config
from docgen.fieldmap import field_sources
from docgen.ledger.store import ledger_path
from docgen.official.catalog import resolve_template
from docgen.petition.selection import nothing_selected, parse_rows, parse_where
from docgen.pipeline import MergeOptions, merge
from docgen.register import Register
from docgen.register.kinds import LABELS
from docgen.render import DocxTemplate


class _Progress:
    """A progress bar on stderr, shown only on a terminal and for long runs."""

    def __init__(self) -> None:
        self.bar = None
        self.task = None
        self.terminal = sys.stderr.isatty()  # asked once: a merge reports each of 100,000 documents

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < 50 or not self.terminal:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            self.bar = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("生成中", total=total)
        self.bar.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@click.command("merge")
@click.argument("register", type=click.Path(path_type=Path))
@click.argument("template", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="输出文件夹（不存在会自动创建）",
)
@register_options
@click.option("--name", "name_pattern", help="文件名模式，默认 {信访编号}-{信访人}-{模板}.docx")
@click.option("--where", multiple=True, metavar="字段=值", help="只生成满足条件的行，可重复，须全部满足")
@click.option("--rows", metavar="5-20", help="只生成这些 Excel 行（如 5-20 或 5,8,10-12）")
@click.option("--combine", type=click.Path(dir_okay=False, path_type=Path), help="另把全部文书合成一个 .docx，便于打印")
@click.option("--duplex", is_flag=True, help="双面打印：页数为奇数的文书后补一张空白页（与 --combine 一起用）")
@click.option("--pdf", "to_pdf", is_flag=True, help="另为每份文书生成 PDF（需要 LibreOffice）")
@click.option("--zip", "zip_to", type=click.Path(dir_okay=False, path_type=Path), help="另把全部文件打包成一个 .zip")
@click.option("--force", is_flag=True, help="覆盖已存在的同名文件")
@click.option("--strict", is_flag=True, help="任何一行有错误就一个文件也不写")
@click.option("--resume", is_flag=True, help="跳过已经生成且完整的文件（中断后续跑）")
@click.option("--renumber", is_flag=True, help="重新分配发文字号（原号作废，不再使用）")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="并行进程数（默认：CPU 核数）")
@date_option("成文日期（默认今天）")
@as_of_option
@config_option
def merge_command(register, template, outdir, sheet, header_row, name_pattern, where, rows, combine, duplex,
                  to_pdf, zip_to, force, strict, resume, renumber, jobs, issued, as_of,
                  config_path) -> None:  # fmt: skip
    """把台账的每一行套用 Word 模板（文件，或自带模板的名称如 受理告知书），每件生成一份 .docx。"""
    if duplex and not combine:
        raise click.UsageError("--duplex 只用于合并打印文件，请同时写 --combine 打印.docx")
    config = get_config(config_path)
    ledger = ledger_path(config, register)
    stamp = ledger.stat().st_mtime_ns if ledger.is_file() else None
    progress = _Progress()
    options = MergeOptions(
        config=config, sheet=sheet, header_row=header_row, name=name_pattern, where=where, rows=rows, force=force,
        strict=strict, resume=resume, renumber=renumber, as_of=as_date(as_of), issued=as_date(issued),
        jobs=jobs or os.cpu_count() or 1, combine=combine, duplex=duplex, to_pdf=to_pdf, zip_to=zip_to,
        progress=progress,
    )  # fmt: skip
    try:
        result = merge(register, template, outdir, options)
    finally:
        progress.close()
    if not (result.written or result.skipped or result.problems):
        _explain_nothing(register, config, options)
    echo_problems(result.problems)
    for note in result.notes:
        click.echo(f"注意：{note}", err=True)
    if strict and not result.ok:
        click.echo(f"因使用 --strict，{result.error_rows} 行有错误，未写入任何文件。", err=True)
    click.echo(f"{result.summary()}，保存在 {result.outdir.resolve()}")
    if result.combined:
        click.echo(f"合并打印文件：{result.combined.resolve()}")
    if result.pdfs:
        click.echo(f"PDF：{len(result.pdfs)} 份")
    if result.archive:
        click.echo(f"压缩包：{result.archive.resolve()}")
    if ledger.is_file() and ledger.stat().st_mtime_ns != stamp:
        listing = "docgen ledger list" + (f" --config {config.path}" if config.path else f" --ledger {ledger}")
        click.echo(f"发文字号记在发文登记簿 {ledger.resolve()}（查看：{listing}）")
    if not result.ok:
        raise click.exceptions.Exit(1)


def _explain_nothing(register: Path, config: Config, options: MergeOptions) -> None:
    """Nothing was generated because nothing was selected: say why, show what the register holds, exit 1."""
    book = Register(register, config.register, sheet=options.sheet, header_row=options.header_row)
    conditions = [parse_where(text, book) for text in options.where]
    reason = nothing_selected(book, conditions, parse_rows(options.rows) if options.rows else None)
    if reason is not None:
        click.echo(f"错误：{reason}", err=True)
        raise click.exceptions.Exit(1)


@click.command("fields")
@click.argument("template", type=click.Path(path_type=Path))
@click.argument("register", type=click.Path(path_type=Path), required=False)
@register_options
@config_option
def fields_command(template, register, sheet, header_row, config_path) -> None:
    """列出模板（文件或自带模板的名称）用到的字段；给出台账时，指出台账缺少哪些列。"""
    compiled = DocxTemplate(resolve_template(template))
    columns: set[str] = set()
    if register is not None:
        book = Register(register, get_config(config_path).register, sheet=sheet, header_row=header_row)
        columns = set(book.fields)
    click.echo(f"模板 {compiled.path.name} 用到 {len(compiled.fields)} 个字段：")
    sources = field_sources(compiled.fields, columns if register is not None else None)
    for found in sources:
        hint = f"，是不是「{found.suggestion}」？" if found.suggestion else ""
        click.echo(f"  {found.name}　{found.source}{hint}")
    missing = [found.name for found in sources if found.missing]
    if register is not None and book.typed_columns():
        click.echo(f"台账 {book.path.name} 中按类型读取的列：")
        for column, kind in book.typed_columns():
            click.echo(f"  {column.letter} 列「{column.header}」　作为{LABELS[kind]}")
    if not compiled.fast:
        click.echo(f"注意：模板使用了{compiled.fallback_reason}，将用兼容方式生成（较慢）。")
    if missing:
        click.echo(f"台账缺少 {len(missing)} 个字段：" + "、".join(missing), err=True)
        raise click.exceptions.Exit(1)
