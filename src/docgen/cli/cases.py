"""`docgen validate` and `docgen due`: checking a register and listing cases near or past deadline."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from docgen.cli.common import (
    as_date,
    as_of_option,
    config_option,
    date_option,
    echo_problems,
    get_config,
    register_options,
)
from docgen.due import DueItem, DueList, find_due, left_out
from docgen.due.letter import write_letters
from docgen.due.xlsx import write_due_xlsx
from docgen.errors import Problem, UnknownFieldsError
from docgen.petition.validate import validate
from docgen.register import Register
from docgen.register.annotate import write_report
from docgen.values import to_text

LABELS = {"error": ("错误", "bold red"), "warning": ("警告", "yellow")}


def _console() -> Console:
    """A console on stdout; when it is no terminal (a file, a pipe, a test), wide enough for the tables."""
    console = Console(highlight=False, emoji=False)
    return console if console.is_terminal else Console(highlight=False, emoji=False, width=160)


@click.command("validate")
@click.argument("register", type=click.Path(path_type=Path))
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), help="另存一份标出问题单元格的台账（.xlsx）")
@click.option("--strict", is_flag=True, help="有警告也按失败处理（退出码 1）")
@click.option("--force", is_flag=True, help="覆盖已存在的报告文件")
@click.option(
    "--limit", type=click.IntRange(min=0), default=100, show_default=True, help="屏幕上最多列出几条（0 为全部）"
)
@register_options
@as_of_option
@config_option
def validate_command(register, report, strict, force, limit, sheet, header_row, as_of, config_path) -> None:
    """检查台账：身份证号、电话、日期先后、重复编号、必填列、取值范围、延期天数等。

    一次列出全部问题（错误和警告），台账文件本身不会被修改。有错误时退出码为 1。
    """
    config = get_config(config_path)
    book = Register(register, config.register, sheet=sheet, header_row=header_row)
    problems = validate(book, config=config, as_of=as_date(as_of))
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    console = _console()
    if problems:
        console.print(_problem_table(problems, limit))
        if limit and len(problems) > limit:
            console.print(f"……另有 {len(problems) - limit} 条未列出（--limit 0 显示全部，或用 --report 生成标注文件）")
    if report is not None:
        written = write_report(book, problems, report, force=force)
        console.print(f"已写出标注问题的台账：{written.resolve()}（原台账未改动）")
    if not problems:
        console.print(f"台账 {book.path.name} 检查通过，没有发现问题。")
    else:
        console.print(f"共发现 {errors} 个错误、{warnings} 个警告。" + ("请改正错误后重新检查。" if errors else ""))
    if errors or (strict and warnings):
        raise click.exceptions.Exit(1)


def _problem_table(problems: Sequence[Problem], limit: int) -> Table:
    table = Table(show_lines=False, header_style="bold")
    for name in ("级别", "单元格", "表头", "值", "问题", "建议"):
        table.add_column(name, overflow="fold")
    shown = problems[:limit] if limit else problems
    for problem in shown:
        label, style = LABELS.get(problem.severity, (problem.severity, ""))
        value = "" if problem.value is None else str(problem.value)
        table.add_row(
            Text(label, style=style),
            Text(problem.cell or "表头"),
            Text(problem.where.header or ""),
            Text(value),
            Text(problem.message),
            Text(problem.hint or ""),
        )
    return table


@click.command("due")
@click.argument("register", type=click.Path(path_type=Path))
@click.option("--within", type=click.IntRange(min=0), default=7, show_default=True, help="列出几天内到期的事项")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path), help="另存为 Excel 清单")
@click.option(
    "--letters", type=click.Path(file_okay=False, path_type=Path), help="为每件超期事项生成督办函，存入此文件夹"
)
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    help="督办函模板（默认：docgen.toml 旁或当前文件夹下的 templates/督办函.docx，没有则用自带的督办函）",
)
@click.option("--plain", is_flag=True, help="不用正式模板，生成简易督办函")
@date_option("督办函的成文日期（默认同 --as-of，即今天）")
@click.option("--force", is_flag=True, help="覆盖已存在的文件")
@register_options
@as_of_option
@config_option
def due_command(
    register, within, xlsx_path, letters, template, plain, issued, force, sheet, header_row, as_of, config_path
) -> None:
    """列出台账中已超期和 --within 天内到期的信访事项，按责任单位分组。"""
    config = get_config(config_path)
    book = Register(register, config.register, sheet=sheet, header_row=header_row)
    day = as_date(as_of)
    due = find_due(book, config=config, as_of=day, within=within)
    console = _console()
    _print_due(console, due)
    echo_problems(due.problems)
    if xlsx_path is not None:
        written = write_due_xlsx(due, xlsx_path, force=force)
        console.print(f"已写出清单：{written.resolve()}")
    if letters is not None:
        skipped = left_out(due)
        if not due.letters:
            console.print("没有可督办的超期事项，未生成督办函。" + (skipped or ""))
            return
        try:
            result, used = write_letters(
                register,
                due.letters,
                letters,
                config=config,
                columns=book.fields,
                template=template,
                plain=plain,
                sheet=sheet,
                header_row=header_row,
                as_of=day,
                issued=issued or day,
                force=force,
            )
        except UnknownFieldsError as exc:
            if not plain:
                exc.hint = f"{exc.hint}；也可以加 --plain 改用简易督办函"
            raise
        echo_problems(result.problems)
        source = f"模板 {used.name}" if used else "简易督办函"
        console.print(f"督办函：{result.summary()}，使用{source}，保存在 {result.outdir.resolve()}")
        if skipped:
            console.print(skipped)
        if not result.ok:
            raise click.exceptions.Exit(1)


def _print_due(console: Console, due: DueList) -> None:
    groups = due.by_unit()
    header = f"截至 {to_text(due.as_of)}：已超期 {len(due.overdue)} 件，{due.within} 日内到期 {len(due.soon)} 件"
    if not due.items:
        console.print(header + "。")
        return
    pending = f"，另有待受理或未交办的 {len(due.pending)} 件单独列出" if due.pending else ""
    console.print(f"{header}，涉及 {len(groups)} 个责任单位{pending}。")
    for unit, items in groups.items():
        late = sum(1 for i in items if i.overdue)
        console.print(_due_table(f"{unit}（超期 {late} 件，即将到期 {len(items) - late} 件）", items))
    if due.pending:
        late = sum(1 for i in due.pending if i.overdue)
        title = f"待受理和未交办（本机关自己的期限，不发督办函；超期 {late} 件）"
        console.print(_due_table(title, due.pending))


def _due_table(title: str, items: list[DueItem]) -> Table:
    table = Table(title=Text(title), title_justify="left")
    for name in ("信访编号", "信访人", "阶段", "截止日期", "情况", "台账行"):
        table.add_column(name)
    for item in items:
        state = (
            Text(f"超期 {item.late_days} 天", style="bold red")
            if item.overdue
            else Text("今天到期" if item.remaining == 0 else f"还剩 {item.remaining} 天", style="yellow")
        )
        stage = "待受理" if item.stage == "受理" else ("办理中" if item.assigned else "已受理未交办")
        cells = (item.number, item.petitioner, stage, to_text(item.deadline))
        table.add_row(*(Text(c) for c in cells), state, str(item.row))
    return table
