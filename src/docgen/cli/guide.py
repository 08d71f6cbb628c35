"""`docgen help 主题`: the documentation and sample files, shipped inside the package, printed in the terminal."""

from __future__ import annotations

from importlib.resources import files

import click

from docgen.context import suggest
from docgen.errors import DocgenError

# topic → (file in docgen/guide, what it covers); the files are docs/*.md and samples/*.toml of the project
TOPICS = {
    "模板": ("templates.md", "模板的写法、十种自带模板、发文字号和发文登记簿（merge、fields、templates、ledger）"),
    "台账": ("cases.md", "台账检查、法定期限、超期和督办（validate、due）"),
    "报告": ("reports.md", "信访形势分析报告和自定义报告模板（report）"),
    "考核": ("assess.md", "考核打分排名、考核细则的写法（assess）"),
    "通报": ("bulletins.md", "督查通报、领导包案通报（bulletin）"),
    "网页": ("web.md", "在浏览器中使用 docgen（serve）"),
    "配置": ("docgen.toml", "配置文件 docgen.toml 的完整示例，带注释"),
    "考核细则": ("考核细则.toml", "考核细则的完整示例，带注释"),
}
ALIASES = {
    "templates": "模板", "cases": "台账", "validate": "台账", "due": "台账", "reports": "报告", "report": "报告",
    "assess": "考核", "bulletin": "通报", "bulletins": "通报", "web": "网页", "serve": "网页", "config": "配置",
    "rules": "考核细则", "merge": "模板", "fields": "模板", "ledger": "模板",
}  # fmt: skip


def guide_text(topic: str) -> str:
    """The text of a topic's file, as shipped with docgen."""
    name = ALIASES.get(topic.strip().lower(), topic.strip())
    if name not in TOPICS:
        close = suggest(name, TOPICS)
        raise DocgenError(
            f"没有「{topic}」这个说明" + (f"，是不是「{close}」？" if close else ""),
            hint="可用的主题：" + "、".join(TOPICS),
        )
    return files("docgen").joinpath("guide", TOPICS[name][0]).read_text(encoding="utf-8")


@click.command("help")
@click.argument("topic", required=False)
def help_command(topic: str | None) -> None:
    """显示 docgen 的使用说明：docgen help 考核、docgen help 配置……（不加主题时列出全部主题）。

    说明和示例文件随 docgen 一起安装，不需要联网；可以用 docgen help 配置 > docgen.toml 存一份示例配置。
    """
    if topic is None:
        click.echo("docgen 的使用说明（docgen help 主题）：")
        for name, (_, covers) in TOPICS.items():
            click.echo(f"  {name}　{covers}")
        click.echo("每个命令的选项：docgen 命令 -h，例如 docgen merge -h")
        return
    click.echo(guide_text(topic))
