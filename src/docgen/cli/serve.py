"""`docgen serve`: the local web page on 127.0.0.1, opened in the browser, for staff who never open a terminal."""

from __future__ import annotations

import ipaddress
import os
import webbrowser
from pathlib import Path

import click

from docgen.cli.common import config_option, get_config
from docgen.errors import DocgenError

PASSWORD_ENV = "DOCGEN_WEB_PASSWORD"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听的地址（默认只有本机能打开）")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="端口（默认自动选一个空闲的）")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器")
@config_option
def serve_command(host: str, port: int, no_browser: bool, config_path: Path | None) -> None:
    """在本机启动 docgen 网页：上传台账、选模板、生成文书，检查台账、到期督办、报告、考核、发文登记簿。

    只在本机（127.0.0.1）可以打开，不需要登录。要让别的电脑访问（--host 0.0.0.0），必须先设置密码：
    在环境变量 DOCGEN_WEB_PASSWORD 中写入密码，浏览器打开时用任意用户名和这个密码登录。
    按 Ctrl+C 停止；停止后上传的台账和生成的文件（临时文件）全部删除。
    """
    from waitress.server import create_server

    from docgen.web import create_app
    from docgen.web.workspace import Workspace

    password = os.environ.get(PASSWORD_ENV) or None
    if not _loopback(host) and not password:
        raise DocgenError(
            f"要在 {host} 上提供网页（别的电脑也能访问），必须先设置密码",
            hint=f"请在环境变量 {PASSWORD_ENV} 中写入密码后重试；只在本机使用时不要加 --host",
        )
    config = get_config(config_path)
    workspace = Workspace()
    app = create_app(config, password=password, workspace=workspace)
    server = create_server(app, host=host, port=port, threads=4, ident="docgen")
    address = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{server.effective_port}/"
    click.echo(f"docgen 网页已启动：{address}")
    click.echo(f"发文登记簿：{app.config['DOCGEN_LEDGER']}")
    click.echo("在浏览器中打开上面的地址；按 Ctrl+C 停止。")
    if not no_browser:
        webbrowser.open(address)
    try:
        server.run()  # returns on Ctrl+C (waitress stops its workers itself)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        workspace.remove()
    click.echo("\n已停止，临时文件已删除。")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
