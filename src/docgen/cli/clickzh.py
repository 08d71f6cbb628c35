"""Click's own words in Chinese: usage lines, help sections, usage errors, metavars and value types.

Click looks its messages up through gettext (`from gettext import gettext as _` in each module);
docgen points those module names at a fixed Chinese catalog, so a clerk sees Chinese whatever the
system language, without a compiled .mo file or an environment variable.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from typing import Any

import click
from click import core, decorators, exceptions, formatting, parser, termui, types, utils

from docgen.errors import DocgenError
from docgen.values import to_date

CATALOG = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助",
    "Show the version and exit.": "显示版本号",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "用「{command} {option}」查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数 {param_name}",
    "Missing command.": "缺少命令。",
    "Invalid value: {message}": "值不对：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?": "是不是 {possibility}？",
    "(Possible options: {possibilities})": "（可能是：{possibilities}）",
    "(Did you mean one of: {possibilities}?)": "（是不是其中之一：{possibilities}？）",
    "Got unexpected extra argument ({args})": "多了参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面要写一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 后面要写 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 后面不能写值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 要写 {nargs} 个值。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是{number_type}。",
    "{value} is not in the range {range}.": "{value} 不符合要求（{range}）。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是 {choices} 之一。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，这里要的是文件夹。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹，这里要的是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 没有读取权限。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 没有写入权限。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "Aborted!": "已中止。",
    "deprecated": "已停用",
}
_NUMBER_TYPES = {"integer": "整数", "float": "数字"}
_ARGUMENTS = {
    "register": "台账",
    "template": "模板",
    "rules": "考核细则",
    "files": "文件",
    "target": "文件",
    "kind": "种类",
}


def gettext(message: str) -> str:
    return CATALOG.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return CATALOG.get(singular) or CATALOG.get(plural) or (singular if count == 1 else plural)


def install() -> None:
    """Point Click's message look-ups at the Chinese catalog."""
    for module in (core, decorators, exceptions, formatting, parser, termui, types, utils):
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext


DATE_SPELLINGS = "2025-03-05、2025.3.5、2025/3/5、2025年3月5日 或 20250305"


class DateParam(click.ParamType):
    """A date typed as the register writes them: 2025-03-05, 2025.3.5, 2025/3/5, 2025年3月5日, 20250305."""

    name = "日期"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            day = to_date(str(value).strip())
        except DocgenError:
            self.fail(
                f"「{value}」不是日期，请写成 2025-03-05、2025.3.5、2025/3/5、2025年3月5日 或 20250305", param, ctx
            )
        return day.date() if isinstance(day, dt.datetime) else day


DATE = DateParam()


def chinese_metavars(command: click.Command) -> None:
    """Chinese metavars on `command` and every subcommand: [选项], 命令, 台账, 文件, 日期, 数字."""
    command.options_metavar = "[选项]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "命令 [参数]..."
        for sub in command.commands.values():
            chinese_metavars(sub)
    for param in command.params:
        if isinstance(param.type, click.IntRange | click.FloatRange):
            param.type._describe_range = _range_text.__get__(param.type)  # type: ignore[method-assign]
        if param.metavar is not None:
            continue
        if isinstance(param, click.Argument):
            name = _ARGUMENTS.get(param.name or "", "参数")
            name += "..." if param.nargs == -1 else ""
            param.metavar = name if param.required else f"[{name}]"
        elif not getattr(param, "is_flag", False) and not isinstance(param.type, click.Choice):
            param.metavar = _metavar(param.type)


def _metavar(kind: click.ParamType) -> str:
    if isinstance(kind, click.Path):
        return "文件夹" if not kind.file_okay else ("文件" if not kind.dir_okay else "路径")
    if isinstance(kind, DateParam):
        return "日期"
    if isinstance(kind, click.types._NumberParamTypeBase):
        return "数字"
    return "文字"


def _range_text(kind: click.IntRange | click.FloatRange) -> str:
    low, high = kind.min, kind.max
    if low is not None and high is not None:
        return f"{low}–{high}"
    return f"不小于 {low}" if low is not None else f"不大于 {high}"


def tidy(message: str) -> str:
    """Click's message pieces joined the Chinese way: 「'-o' / '--output'」 → 「-o」/「--output」, a final 。."""
    text = re.sub(r"'([^'\s]*)'", r"「\1」", message).replace("」 / 「", "」/「")
    text = re.sub(r"不是(integer|float)( range)?", lambda m: "不是" + _NUMBER_TYPES[m.group(1)], text)
    text = re.sub(r"(?<=[」\w])\.(\s|$)", "。", text)
    text = re.sub(r"\s*「", "「", re.sub(r"」\s*", "」", text))
    text = re.sub(r"(?<=[。？])\s+", "", text).strip()
    return text if text.endswith(("。", "？", "）")) else text + "。"


def show_usage_error(error: click.UsageError) -> None:
    """The usage line, where to find help, and the error, all in Chinese."""
    context = error.ctx
    if context is not None:
        click.echo(context.get_usage(), err=True)
        option = context.help_option_names[0] if context.help_option_names else "--help"
        click.echo(f"用「{context.command_path} {option}」查看帮助。", err=True)
        click.echo(err=True)
    click.echo(f"错误：{tidy(error.format_message())}", err=True)


def run_main(main: Any, *args: Any, standalone_mode: bool = True, **extra: Any) -> Any:
    """Run Click's main; usage errors and Click's own errors are printed in Chinese before exiting."""
    if not standalone_mode:
        return main(*args, standalone_mode=False, **extra)
    try:
        value = main(*args, standalone_mode=False, **extra)
    except click.UsageError as error:
        show_usage_error(error)
        sys.exit(error.exit_code)
    except click.ClickException as error:
        click.echo(f"错误：{tidy(error.format_message())}", err=True)
        sys.exit(error.exit_code)
    except click.Abort:
        click.echo("已中止。", err=True)
        sys.exit(1)
    sys.exit(value if isinstance(value, int) else 0)
