"""The Flask application: one session folder per browser, CSRF on every POST, a password off loopback."""

from __future__ import annotations

import dataclasses
import hmac
import secrets
from pathlib import Path

from flask import Flask, Response, abort, g, render_template, request, session
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from docgen.config import Config, load_config
from docgen.errors import DocgenError
from docgen.ledger.store import ledger_path
from docgen.web.jobs import Jobs
from docgen.web.workspace import MB, Workspace

PAGES = (
    ("merge", "生成文书"),
    ("validate", "台账检查"),
    ("due", "到期督办"),
    ("report", "季度报告"),
    ("assess", "考核"),
    ("ledger", "发文登记簿"),
)


def create_app(
    config: Config | None = None,
    *,
    password: str | None = None,
    workspace: Workspace | None = None,
    folder: Path | None = None,
) -> Flask:
    """The page, working with `config` (default: docgen.toml in `folder`, the folder `docgen serve` ran in).

    The 发文登记簿 is the command line's: the one docgen.toml names, else 发文登记.sqlite in `folder`.
    """
    folder = (folder or Path.cwd()).resolve()
    config = config or load_config(search=folder)
    if not config.numbering.ledger and config.path is None:  # not beside an uploaded register: it must last
        config = dataclasses.replace(config, numbering=dataclasses.replace(config.numbering))
        config.numbering.ledger = str(folder / "发文登记.sqlite")
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secrets.token_hex(32),
        MAX_CONTENT_LENGTH=60 * MB,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
        DOCGEN_CONFIG=config,
        DOCGEN_LEDGER=ledger_path(config),
        DOCGEN_PASSWORD=password,
    )
    app.extensions["docgen_workspace"] = workspace or Workspace()
    app.extensions["docgen_jobs"] = Jobs()
    app.jinja_env.globals.update(pages=PAGES)
    app.jinja_env.filters["shown"] = lambda text: workspace_of(app).as_shown(g.sid, text)

    @app.before_request
    def _guard() -> Response | None:
        if password and not _authorised(password):
            return Response("需要密码。", 401, {"WWW-Authenticate": 'Basic realm="docgen", charset="UTF-8"'})
        if "sid" not in session:
            session["sid"] = workspace_of(app).new_session()
            session["csrf"] = secrets.token_hex(16)
        g.sid, g.csrf = session["sid"], session["csrf"]
        if request.method == "POST":
            sent = request.form.get("csrf") or request.headers.get("X-CSRF-Token", "")
            if not hmac.compare_digest(sent, g.csrf):
                abort(403)
        return None

    @app.errorhandler(DocgenError)
    def _docgen_error(exc: DocgenError):
        return _error_page(workspace_of(app).as_shown(g.sid, str(exc)) if "sid" in g else str(exc), 400)

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(exc: RequestEntityTooLarge):
        return _error_page(f"上传的文件太大（超过 {app.config['MAX_CONTENT_LENGTH'] // MB} MB）", 413)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        words = {403: "页面已过期或请求来源不明（缺少安全校验码），请刷新页面后重试", 404: "没有这个页面或文件",
                 405: "请从页面上的按钮操作"}  # fmt: skip
        return _error_page(words.get(exc.code or 0, "请求无法处理"), exc.code or 400)

    @app.errorhandler(Exception)
    def _bug(exc: Exception):
        app.logger.exception("docgen web: internal error")
        return _error_page(f"docgen 内部出错（{type(exc).__name__}）。请把服务窗口中的信息发给维护人员。", 500)

    from docgen.web import pages_documents, pages_ledger, pages_merge

    pages_merge.register(app)
    pages_documents.register(app)
    pages_ledger.register(app)
    return app


def workspace_of(app: Flask) -> Workspace:
    return app.extensions["docgen_workspace"]


def jobs_of(app: Flask) -> Jobs:
    return app.extensions["docgen_jobs"]


def _authorised(password: str) -> bool:
    auth = request.authorization
    return auth is not None and hmac.compare_digest((auth.password or "").encode(), password.encode())


def _error_page(message: str, status: int):
    if request.headers.get("X-Requested-With") == "fetch":
        return {"error": f"错误：{message}"}, status
    return render_template("error.html", message=message), status
