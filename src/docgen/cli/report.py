"""`docgen report`: the quarterly (or monthly, half-year, yearly) analysis of a register as a Word report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from docgen.cli.clickzh import DATE
from docgen.cli.common import as_date, config_option, date_option, echo_problems, get_config, register_options
from docgen.errors import OutputError
from docgen.outputs.naming import safe_component
from docgen.petition.periods import Period, make_range, parse_period
from docgen.petition.selection import nothing_selected, parse_where
from docgen.register import Register
from docgen.reports.analysis import analyse, scope_text

_FILE = click.Path(dir_okay=False, path_type=Path)


@click.command("report")
@click.argument("register", type=click.Path(path_type=Path), required=False)
@click.option(
    "--period",
    metavar="期间",
    help="统计期间：2025Q3 或 2025年第三季度、2025-07 或 2025年7月、2025H1 或 2025年上半年、2025 或 2025年度",
)
@click.option("--from", "date_from", type=DATE, metavar="日期", help="起始日期，如 2025-01-01（与 --to 一起用）")
@click.option("--to", "date_to", type=DATE, metavar="日期", help="结束日期，如 2025-06-30")
@click.option("-o", "--output", type=_FILE, help="报告文件 .docx（默认「<机关><期间>信访形势分析.docx」）")
@click.option("--xlsx", "xlsx_path", type=_FILE, help="另把报告中的统计表存为 Excel（.xlsx）")
@click.option("--template", type=_FILE, help="使用自己修改过的报告模板（.docx）")
@click.option("--save-template", type=_FILE, help="写出内置报告模板（.docx），供修改后用 --template 使用")
@click.option("--unit", help="只统计交办给该责任单位的事项（同 --where 责任单位=…）")
@click.option("--where", multiple=True, metavar="字段=值", help="只统计满足条件的事项，可重复，须全部满足")
@click.option("--top", type=click.IntRange(1, 50), default=5, show_default=True, help="问题类别、重复信访人列出前几名")
@click.option("--since", type=DATE, metavar="日期", help="台账开始登记的日期，用于判断能否同比、环比")
@date_option("报告落款日期（默认今天）")
@click.option("--force", is_flag=True, help="覆盖已存在的报告、Excel 文件")
@register_options
@config_option
def report_command(register, period, date_from, date_to, output, xlsx_path, template, save_template, unit, where,
                   top, since, issued, force, sheet, header_row, config_path) -> None:  # fmt: skip
    """按统计期间分析台账，生成信访形势分析报告（Word，GB/T 9704 版式）。

    报告的「一、基本情况」「二、主要特点」由 docgen 根据台账统计写出，含同比、环比、统计表和统计图；
    「三、主要工作」「四、存在问题」「五、下步打算」留给工作人员填写。报告中不出现信访人的完整姓名、
    身份证号和电话。

    \b
    例：docgen report 台账.xlsx --period 2025Q3 -o 2025年第三季度信访形势分析.docx
        docgen report 台账.xlsx --from 2025-01-01 --to 2025-06-30 --xlsx 统计表.xlsx
        docgen report --save-template 报告模板.docx
    """
    from docgen.reports import document  # python-pptx (the chart writer) loads only when a report is made
    from docgen.reports.workbook import write_workbook

    config = get_config(config_path)
    if save_template is not None:
        written = document.save_template(save_template, organ_chars=len(config.organ.name), force=force)
        click.echo(f"已写出报告模板：{written.resolve()}（修改后用 --template 使用）")
        if register is None:
            return
    if register is None:
        raise click.UsageError("请给出台账文件，例如：docgen report 台账.xlsx --period 2025Q3")
    chosen = _period(period, date_from, date_to)
    book = Register(register, config.register, sheet=sheet, header_row=header_row)
    conditions = [parse_where(text, book) for text in (*where, *([f"责任单位={unit}"] if unit else []))]
    if conditions and (reason := nothing_selected(book, conditions)) is not None:
        click.echo(f"错误：{reason}", err=True)
        raise click.exceptions.Exit(1)
    title = f"{config.organ.name}{chosen.label}信访形势分析"
    target = output or Path(safe_component(_default_name(title, scope_text(conditions))))
    _check_targets(book.path, target, xlsx_path, force)
    analysis = analyse(book, config, chosen, where=conditions, since=since, top=top)
    echo_problems(analysis.problems)
    for note in analysis.notes:
        click.echo(f"提示：{note}", err=True)
    day = as_date(issued)
    written = document.write_report(analysis, config, target, issued=day, template=template, force=force)
    total = analysis.current.total
    click.echo(f"已写出报告：{written.resolve()}（{chosen.label}共 {total.cases} 件、{total.people} 人次）")
    if xlsx_path is not None:
        click.echo(f"已写出统计表：{write_workbook(analysis, xlsx_path, force=force).resolve()}")


def _period(text: str | None, start: dt.date | None, end: dt.date | None) -> Period:
    if text and (start or end):
        raise click.UsageError("--period 与 --from/--to 只能选一种")
    if text:
        return parse_period(text, ranges=True)
    if start and end:
        return make_range(start, end)
    if start or end:
        raise click.UsageError("--from 和 --to 要一起使用")
    raise click.UsageError(
        "请用 --period 指定统计期间（如 2025Q3、2025-07、2025H1、2025），或用 --from/--to 指定起止日期"
    )


def _default_name(title: str, scope: str) -> str:
    return f"{title}（{scope}）.docx" if scope else f"{title}.docx"


def _check_targets(register: Path, report: Path, xlsx: Path | None, force: bool) -> None:
    """Fail before any work when an output exists (without --force) or would overwrite the register."""
    for path in (report, xlsx):
        if path is None:
            continue
        if path.resolve() == register.resolve():
            raise OutputError(f"{path.name} 是台账文件本身，不能写入", hint="请换一个文件名")
        if path.exists() and not force:
            raise OutputError(f"{path.name} 已存在，未覆盖", hint="如需覆盖请加 --force")
    if xlsx is not None and xlsx.resolve() == report.resolve():
        raise OutputError("报告和统计表不能是同一个文件", hint="请给 -o 和 --xlsx 不同的文件名")
