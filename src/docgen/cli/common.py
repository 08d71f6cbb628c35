"""Shared CLI pieces: DocgenError to a clear message, config loading, problem lists, progress."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from docgen.cli import clickzh
from docgen.cli.clickzh import DATE
from docgen.config import Config, load_config
from docgen.crashlog import save_crash_report
from docgen.errors import INTERRUPTED, DocgenError, Location, Problem
from docgen.official.latedates import summarize_late
from docgen.petition.selection import row_ranges

MAX_LISTED = 20


class DocgenGroup(click.Group):
    """A group that prints DocgenError as 错误：… and exits 2, never with a traceback; Click's own
    usage errors come out in Chinese too."""

    def main(self, *args, **kwargs):
        clickzh.install()
        clickzh.chinese_metavars(self)
        return clickzh.run_main(super().main, *args, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DocgenError as exc:
            click.echo(f"错误：{exc}", err=True)
            raise click.exceptions.Exit(2) from None
        except KeyboardInterrupt:
            click.echo(f"\n{INTERRUPTED}", err=True)
            raise click.exceptions.Exit(130) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # output piped into head, more and the like, which stopped reading
            sys.stderr.close()
            raise click.exceptions.Exit(0) from None
        except Exception as exc:  # a bug: say so plainly, keep the details for the maintainers
            log = save_crash_report(traceback.format_exc())
            where = f"请把 {log} 发给维护人员。" if log else "请把上面这行信息发给维护人员。"
            with contextlib.suppress(Exception):
                message = f"错误：docgen 内部出错（{type(exc).__name__}: {exc}）。已写完的文件完整可用。{where}"
                click.echo(message, err=True)
            raise click.exceptions.Exit(70) from None


def config_option(function: Callable) -> Callable:
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="配置文件（默认：当前文件夹下的 docgen.toml，没有也能用）",
    )(function)


def get_config(path: Path | None) -> Config:
    return load_config(path)


def as_of_option(function: Callable) -> Callable:
    return click.option(
        "--as-of", type=DATE, help="计算期限、是否超期所依据的日期，如 2025-03-05 或 2025.3.5（默认今天）"
    )(function)


def register_options(function: Callable) -> Callable:
    """--sheet 名称 and --header-row 行号, the same on every command that reads a register."""
    function = click.option(
        "--header-row", type=click.IntRange(min=1), metavar="行号", help="表头所在的行号（默认自动识别）"
    )(function)
    return click.option("--sheet", metavar="名称", help="工作表名称（默认第一个）")(function)


def date_option(help: str) -> Callable[[Callable], Callable]:
    """--date 日期: the date the documents bear, in any spelling the register uses."""
    return click.option("--date", "issued", type=DATE, help=help)


def as_date(value: dt.date | None) -> dt.date:
    return value or dt.date.today()


def echo_problems(problems: Sequence[Problem], *, limit: int = MAX_LISTED) -> None:
    """Print problems, errors first, the same problem on many rows once with its rows (第 4–303 行);
    long lists are cut with a count of the rest. Many rows dated after the deadline they state: one line."""
    summaries, problems = summarize_late(problems)
    for line in summaries:
        click.echo(f"警告：{line}", err=True)
    groups: dict[tuple, list[Problem]] = {}
    for problem in problems:
        where = problem.where
        value = problem.value if where.column else None  # a cell's value stays with its cell
        key = (problem.severity, where.file, where.sheet, where.column, where.header, problem.message, problem.hint)
        groups.setdefault((*key, repr(value)), []).append(problem)
    ordered = sorted(groups.values(), key=lambda group: group[0].severity != "error")
    for group in ordered[:limit]:
        label = "错误" if group[0].severity == "error" else "警告"
        click.echo(f"{label}：{group[0] if len(group) == 1 else _grouped(group)}", err=True)
    if len(ordered) > limit:
        click.echo(f"……另有 {len(ordered) - limit} 条未列出", err=True)


def _grouped(group: Sequence[Problem]) -> str:
    """One line for a problem repeated on several rows: where, the rows, a few of the values."""
    first = group[0]
    where = first.where
    place = Location(file=where.file, sheet=where.sheet).describe()
    rows = [p.where.row for p in group if p.where.row is not None]
    text = f"{place}，第 {row_ranges(rows)} 行（共 {len(group)} 处）" if rows else place
    if where.column:
        text += f"，{where.column} 列" + (f"（{where.header}）" if where.header else "")
    text += f"：{first.message}"
    values = list(dict.fromkeys(str(p.value) for p in group if p.value not in (None, "")))
    if values:
        shown = "、".join(f"「{v}」" for v in values[:2])
        text += f"（{shown}等 {len(values)} 个）" if len(values) > 2 else f"（{shown}）"
    if first.hint:
        text += f"。{first.hint}"
    return text
