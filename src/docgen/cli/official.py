"""`docgen check-format`, `docgen templates build|list` and `docgen ledger list|export`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from docgen.cli.common import config_option, get_config
from docgen.config import Config
from docgen.context import DATE_FIELDS, ORGAN_FIELDS
from docgen.errors import DocgenError
from docgen.ledger.export import export_xlsx
from docgen.ledger.numbering import NUMBER_FIELD
from docgen.ledger.store import Ledger, format_number, ledger_path, prefix_for
from docgen.official.catalog import BY_NAME, CATALOG, PACKAGED_DIR, build_templates, default_build_dir
from docgen.official.checker import AUTO, PROFILES, check
from docgen.petition import cases
from docgen.register.headers import COMMON_COLUMNS
from docgen.render import DocxTemplate


# -- check-format ----------------------------------------------------------------------------
@click.command("check-format")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--profile",
    type=click.Choice([AUTO, *PROFILES]),
    default=AUTO,
    show_default=True,
    help="版式：公文（告知书、意见书）或信函（交办函、督办函）；自动＝首页有红色发文机关标志即按信函检查",
)
@config_option
def check_format_command(files: tuple[Path, ...], profile: str, config_path: Path | None) -> None:
    """按 GB/T 9704-2012 检查 Word 文书（可一次给多个）的版式，列出每一处不符合的地方。

    版式检查不用配置文件中的设置；和其他命令一样可以写 --config，写了就检查它能否读取。
    """
    get_config(config_path)
    failed = 0
    for path in files:
        if not path.is_file():
            raise DocgenError(f"找不到文件 {path}", hint="请检查文件名和路径")
        report = check(path, profile)
        if report.ok:
            click.echo(f"{path.name}：符合 GB/T 9704 版式（{report.profile}）")
            continue
        failed += 1
        click.echo(f"{path.name}：{len(report.deviations)} 处不符合 GB/T 9704 版式（{report.profile}）")
        for deviation in report.deviations:
            click.echo(f"  {deviation}")
    if len(files) > 1:
        click.echo(f"共检查 {len(files)} 份，{len(files) - failed} 份符合，{failed} 份有问题")
    if failed:
        raise click.exceptions.Exit(1)


# -- templates ---------------------------------------------------------------------------------
@click.group("templates")
def templates_group() -> None:
    """随 docgen 提供的十种规范文书模板：生成与查看。"""


@templates_group.command("build")
@click.option(
    "-o",
    "--outdir",
    type=click.Path(file_okay=False, path_type=Path),
    help="模板存放的文件夹（默认：在 docgen 源代码中重新生成自带的模板；安装版为当前文件夹下的 templates）",
)
@click.option("--force", is_flag=True, help="覆盖已有的同名模板（在 Word 中对它们的修改会丢失）")
@config_option
def templates_build_command(outdir: Path | None, force: bool, config_path: Path | None) -> None:
    """用程序重新生成十种文书模板（按 GB/T 9704 版式）。"""
    config = get_config(config_path)
    written = build_templates(outdir or default_build_dir(), config, force=force)
    click.echo(f"已生成 {len(written)} 个模板，保存在 {written[0].parent.resolve()}")
    for path in written:
        click.echo(f"  {path.name}")


@templates_group.command("list")
@click.option(
    "-d",
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="列出这个文件夹中的模板（默认列出 docgen 自带的模板）",
)
@config_option
def templates_list_command(folder: Path | None, config_path: Path | None) -> None:
    """列出模板、用途、发文字号和每个模板需要的字段。"""
    config = get_config(config_path)
    if folder is not None and not folder.is_dir():
        raise DocgenError(f"找不到文件夹 {folder}", hint="不加 -d 即列出 docgen 自带的模板")
    paths = _template_paths(folder or PACKAGED_DIR)
    where = (
        folder.resolve() if folder is not None else "docgen 自带（merge、fields、due 可直接写模板名称，如 受理告知书）"
    )
    click.echo(f"模板（{len(paths)} 个），位置：{where}")
    for path in paths:
        _describe(path, config)


def _template_paths(folder: Path) -> list[Path]:
    found = sorted(folder.glob("*.docx"), key=lambda p: (p.stem not in BY_NAME, _order(p.stem), p.name))
    return [p for p in found if not p.name.startswith(("~$", ".~"))]


def _order(name: str) -> int:
    return [spec.name for spec in CATALOG].index(name) if name in BY_NAME else 0


def _describe(path: Path, config: Config) -> None:
    spec = BY_NAME.get(path.stem)
    fields = DocxTemplate(path).fields
    head = f"\n{path.name}"
    if spec is not None:
        head += f"（{spec.profile}格式）：{spec.purpose}"
    click.echo(head)
    if NUMBER_FIELD in fields:
        try:
            first = format_number(prefix_for(path.stem, config), dt.date.today().year, 1)
            click.echo(f"  发文字号：{first} 起，每年从1号连续编号")
        except DocgenError as exc:
            click.echo(f"  发文字号：{exc}")
    columns = [n for n in fields if n not in ORGAN_FIELDS and n not in DATE_FIELDS and n != NUMBER_FIELD]
    groups = {
        "台账列": sorted((n for n in columns if n not in cases.COMPUTED_FIELDS), key=_column_order),
        "计算字段": sorted((n for n in columns if n in cases.COMPUTED_FIELDS), key=list(cases.COMPUTED_FIELDS).index),
        "机关信息": sorted((n for n in fields if n in ORGAN_FIELDS or n in DATE_FIELDS), key=_organ_order),
    }
    for label, names in groups.items():
        if names:
            click.echo(f"  {label}：{'、'.join(names)}")


def _column_order(name: str) -> tuple[int, str]:
    return (COMMON_COLUMNS.index(name), "") if name in COMMON_COLUMNS else (len(COMMON_COLUMNS), name)


def _organ_order(name: str) -> int:
    order = [*ORGAN_FIELDS, *DATE_FIELDS]
    return order.index(name)


# -- ledger ------------------------------------------------------------------------------------
def _ledger_option(function):
    return click.option(
        "--ledger",
        "ledger_file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="发文登记簿文件（默认：docgen.toml 中 [numbering] ledger，或其旁边的 发文登记.sqlite）",
    )(function)


def _open_ledger(ledger_file: Path | None, config: Config) -> Ledger:
    path = ledger_file or ledger_path(config)
    if not path.is_file():
        raise DocgenError(
            f"找不到发文登记簿 {path}",
            hint="登记簿在生成第一份带发文字号的文书时建立，放在所用 docgen.toml 的旁边"
            "（不用 docgen.toml 时放在台账旁边）；生成时用了 --config 的，这里也加同样的 --config，"
            "或用 --ledger 指定登记簿文件",
        )
    return Ledger(path, config=config)


@click.group("ledger")
def ledger_group() -> None:
    """发文登记簿：已分配的发文字号和生成的文件。"""


@ledger_group.command("list")
@click.option("--year", type=int, help="只列出这一年的文号")
@click.option("--kind", help="只列出这种文书，如 受理告知书")
@_ledger_option
@config_option
def ledger_list_command(year: int | None, kind: str | None, ledger_file: Path | None, config_path) -> None:
    """列出发文登记簿中的文号。"""
    config = get_config(config_path)
    with _open_ledger(ledger_file, config) as ledger:
        entries = ledger.entries(year=year, kind=kind)
        click.echo(f"发文登记簿 {ledger.path}：{len(entries)} 条")
        for entry in entries:
            output = Path(entry.output).name if entry.output else "（已分配，未生成文件）"
            status = "" if entry.status == "有效" else f"　[{entry.status}]"
            click.echo(f"  {entry.number}　{entry.kind}　{entry.case_no}　{entry.issued.isoformat()}　{output}{status}")


@ledger_group.command("export")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=int, help="只导出这一年的文号")
@click.option("--kind", help="只导出这种文书，如 受理告知书")
@click.option("--force", is_flag=True, help="覆盖已存在的文件")
@_ledger_option
@config_option
def ledger_export_command(
    target: Path, year: int | None, kind: str | None, force: bool, ledger_file: Path | None, config_path
) -> None:
    """把发文登记簿导出为 Excel 文件（.xlsx）。"""
    config = get_config(config_path)
    with _open_ledger(ledger_file, config) as ledger:
        entries = ledger.entries(year=year, kind=kind)
    title = f"{config.organ.name}{kind or ''}发文登记簿" + (f"（{year}年）" if year else "")
    export_xlsx(entries, target, title=title, force=force)
    click.echo(f"已导出 {len(entries)} 条到 {target.resolve()}")
