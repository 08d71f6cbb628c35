"""Shared CLI pieces: DocgenError to a clear message, config loading, problem lists, progress."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from docgen.config import Config, load_config
from docgen.crashlog import save_crash_report
from docgen.errors import INTERRUPTED, DocgenError, Problem

MAX_LISTED = 20


class DocgenGroup(click.Group):
    """A group that prints DocgenError as 错误：… and exits 2, never with a traceback."""

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
        "--as-of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        help="计算期限、是否超期所依据的日期，格式 2025-03-05（默认今天）",
    )(function)


def as_date(value: dt.datetime | None) -> dt.date:
    return value.date() if value else dt.date.today()


def echo_problems(problems: Sequence[Problem], *, limit: int = MAX_LISTED) -> None:
    """Print problems, errors first; long lists are cut with a count of the rest."""
    ordered = sorted(problems, key=lambda p: p.severity != "error")
    for problem in ordered[:limit]:
        label = "错误" if problem.severity == "error" else "警告"
        click.echo(f"{label}：{problem}", err=True)
    if len(ordered) > limit:
        click.echo(f"……另有 {len(ordered) - limit} 条未列出", err=True)
