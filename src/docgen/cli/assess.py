"""`docgen assess`: score and rank units from a rules file, write the 通报 and the traceable workbook."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from docgen.assess import Assessment, assess_register, load_rules, resolve_period
from docgen.assess.notice import build_notice, table_rows
from docgen.assess.workbook import write_assessment_xlsx
from docgen.cli.common import (
    as_date,
    as_of_option,
    config_option,
    date_option,
    echo_problems,
    get_config,
    register_options,
)
from docgen.errors import OutputError
from docgen.outputs.atomic import write_atomic
from docgen.register import Register


@click.command("assess")
@click.argument("register", type=click.Path(path_type=Path))
@click.option(
    "--rules",
    "rules_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="考核细则文件（.toml），示例见 docgen help 考核细则",
)
@click.option(
    "--period",
    metavar="期间",
    help="考核期间：2025 或 2025年度、2025年上半年、2025年第三季度、2025年7月（默认用考核细则中的 period）",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="考核通报（.docx）")
@click.option(
    "--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path), help="考核结果和扣分明细（.xlsx）"
)
@date_option("通报的成文日期，如 2025-12-31（默认今天）")
@click.option("--force", is_flag=True, help="覆盖已存在的文件")
@register_options
@as_of_option
@config_option
def assess_command(
    register, rules_path, period, output, xlsx_path, issued, force, header_row, sheet, as_of, config_path
) -> None:
    """按考核细则（--rules）对台账中各单位打分、排名，生成考核通报。

    每一分都可追溯：--xlsx 另存的「扣分明细」列出每项扣分对应的信访编号和台账行号。

    不加 -o 和 --xlsx 时只在屏幕上显示排名。写法说明见 docgen help 考核。
    """
    config = get_config(config_path)
    rules = load_rules(rules_path)
    chosen = resolve_period(rules, period)
    for target, suffix in ((output, ".docx"), (xlsx_path, ".xlsx")):
        if target is None:
            continue
        if target.suffix.lower() != suffix:
            raise OutputError(f"{target.name} 应以 {suffix} 结尾", hint=f"例如 考核通报{suffix}")
        if target.exists() and not force:
            raise OutputError(f"{target.name} 已存在，未覆盖", hint="如需覆盖请加 --force")
    book = Register(register, config.register, sheet=sheet, header_row=header_row)
    assessment = assess_register(book, rules, config, period=chosen, as_of=as_date(as_of))
    console = _console()
    console.print(_table(assessment))
    echo_problems(assessment.problems)
    for warning in assessment.warnings:
        click.echo(f"提示：{warning}", err=True)
    if output is not None:
        notice = build_notice(assessment, organ=config.organ.name, issued=as_date(issued))
        write_atomic(output, notice.to_bytes(), force=force)
        console.print(f"已写出考核通报：{output.resolve()}")
    if xlsx_path is not None:
        written = write_assessment_xlsx(assessment, xlsx_path, force=force)
        console.print(f"已写出考核结果和扣分明细：{written.resolve()}")
    if output is None and xlsx_path is None:
        console.print("未指定 -o 或 --xlsx，只在屏幕上显示排名。")


def _console() -> Console:
    console = Console(highlight=False, emoji=False)
    return console if console.is_terminal else Console(highlight=False, emoji=False, width=200)


def _table(assessment: Assessment) -> Table:
    header, rows = table_rows(assessment)
    count = len(assessment.ranked)
    title = f"{assessment.period_name}{assessment.rules.name}：{count} 个单位"
    table = Table(title=Text(title), title_justify="left", header_style="bold")
    for name in header:
        table.add_column(name, justify="left" if name == "单位" else "right")
    for row in rows:
        vetoed = header[-1] == "一票否决" and row[-1]
        table.add_row(*(Text(cell, style="red" if vetoed else "") for cell in row))
    return table
