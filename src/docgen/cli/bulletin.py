"""`docgen bulletin`: the monthly/quarterly 督查通报 by unit, or the leaders' 包案通报, with its workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from docgen.bulletins.build import OWNERSHIP, SUPERVISION, Bulletin, make_bulletin
from docgen.bulletins.figures import Supervision
from docgen.bulletins.workbook import ownership_workbook, save, supervision_workbook
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
from docgen.errors import OutputError
from docgen.ledger.standalone import number_standalone
from docgen.outputs.atomic import write_atomic
from docgen.outputs.naming import safe_component
from docgen.petition.periods import parse_period
from docgen.register import Register

_FILE = click.Path(dir_okay=False, path_type=Path)
_KIND_WORDS = {"督查": SUPERVISION, SUPERVISION: SUPERVISION, "包案": OWNERSHIP, OWNERSHIP: OWNERSHIP}


@click.command("bulletin")
@click.argument("register", type=click.Path(path_type=Path))
@click.option(
    "--period",
    required=True,
    metavar="期间",
    help="通报期间：2025-10 或 2025年10月、2025Q4 或 2025年第四季度、2025年下半年、2025年度",
)
@click.option(
    "--kind",
    type=click.Choice(sorted(_KIND_WORDS)),
    default="督查",
    show_default=True,
    help="督查：各单位办理情况通报；包案：领导包案化解情况通报",
)
@click.option("-o", "--output", type=_FILE, help="通报文件 .docx（默认「<机关><期间><种类>.docx」）")
@click.option("--xlsx", "xlsx_path", type=_FILE, help="另把通报的统计数字和明细存为 Excel（.xlsx）")
@date_option("通报的成文日期，如 2025-11-05（默认今天）")
@click.option("--no-number", is_flag=True, help="不从发文登记簿取发文字号（发文字号一栏留空）")
@click.option("--force", is_flag=True, help="覆盖已存在的文件")
@register_options
@as_of_option
@config_option
def bulletin_command(register, period, kind, output, xlsx_path, issued, no_number, force, sheet, header_row, as_of,
                     config_path) -> None:  # fmt: skip
    """按期间生成督查通报（各单位收件、办结、按期办结率、超期事项，表扬和批评）或领导包案通报。

    表扬、批评的标准和参评单位名单在 docgen.toml 的 [bulletin] 中设置（示例见 docgen help 配置）。
    每个数字对应的信访编号和台账行号见 --xlsx 另存的「统计明细」。写法说明见 docgen help 通报。

    \b
    例：docgen bulletin 台账.xlsx --period 2025-10 -o 2025年10月督查通报.docx --xlsx 督查明细.xlsx
        docgen bulletin 台账.xlsx --period 2025Q4 --kind 包案
    """
    config = get_config(config_path)
    kind = _KIND_WORDS[kind]
    chosen = parse_period(period)
    day = as_date(issued)
    target = output or Path(safe_component(f"{config.organ.name}{chosen.label}{kind}.docx"))
    _check_targets(Path(register), target, xlsx_path, force)
    book = Register(register, config.register, sheet=sheet, header_row=header_row)
    bulletin = make_bulletin(book, config, kind, chosen, as_of=as_date(as_of))
    echo_problems(bulletin.problems)
    _echo_summary(bulletin)
    write_bulletin(bulletin, config, book.path, target, issued=day, numbered=not no_number, force=force)
    if xlsx_path is not None:
        figures = bulletin.figures
        data = supervision_workbook(figures) if isinstance(figures, Supervision) else ownership_workbook(figures)
        click.echo(f"已写出统计明细：{save(data, xlsx_path, force=force).resolve()}")


def write_bulletin(
    bulletin: Bulletin, config: Config, register: Path, target: Path, *, issued: dt.date, numbered: bool, force: bool
) -> Path:
    """The document, with its 发文字号 from the ledger (recorded with the file's SHA-256) unless not `numbered`."""
    key = f"{bulletin.kind}:{bulletin.period.label}"
    with number_standalone(config, register, bulletin.kind, key, issued=issued, enabled=numbered) as number:
        data = bulletin.document(config, issued=issued, number=number.text).to_bytes()
        write_atomic(target, data, force=force)
        number.record(target, data)
    click.echo(f"已写出{bulletin.kind}：{target.resolve()}" + (f"（{number.text}）" if number.text else ""))
    return target


def _echo_summary(bulletin: Bulletin) -> None:
    figures = bulletin.figures
    if isinstance(figures, Supervision):
        total = figures.totals()
        click.echo(
            f"{bulletin.period.label}：{len(figures.units)} 个单位，收件 {len(total.received)} 件，"
            f"按期办结率 {total.rate.text()}，超期 {len(total.overdue)} 件；"
            f"表扬 {len(figures.praised)} 个，通报批评 {len(figures.criticised)} 个。"
        )
    else:
        total = figures.total
        click.echo(
            f"包案领导 {len(figures.leaders)} 名，包案 {total.total} 件，化解 {total.hits} 件（{total.text()}），"
            f"超过定办结时间 {len(figures.late)} 件。"
        )


def _check_targets(register: Path, document: Path, xlsx: Path | None, force: bool) -> None:
    """Fail before any work when an output exists (without --force), has the wrong suffix or is the register."""
    for path, suffix in ((document, ".docx"), (xlsx, ".xlsx")):
        if path is None:
            continue
        if path.suffix.lower() != suffix:
            raise OutputError(f"{path.name} 应以 {suffix} 结尾", hint=f"例如 督查通报{suffix}")
        if register.exists() and path.resolve() == register.resolve():
            raise OutputError(f"{path.name} 是台账文件本身，不能写入", hint="请换一个文件名")
        if path.exists() and not force:
            raise OutputError(f"{path.name} 已存在，未覆盖", hint="如需覆盖请加 --force")
