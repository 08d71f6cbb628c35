"""生成文书: upload a register, pick a template, see the check and the problems, generate, download."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Flask, g, redirect, render_template, request, url_for

from docgen.config import Config
from docgen.errors import DocgenError
from docgen.fieldmap import field_sources
from docgen.ledger.store import Ledger
from docgen.official.catalog import BY_NAME, CATALOG, packaged
from docgen.outputs import pdf
from docgen.pipeline import MergeOptions, merge, preview
from docgen.register import Register
from docgen.render import DocxTemplate
from docgen.web.app import jobs_of, workspace_of
from docgen.web.jobs import Job
from docgen.web.views import as_day, docx_text, late_lines, problem_rows, send_output

MAX_VALUES = 40  # a column with more distinct values is filtered by typing, not by choosing


def register(app: Flask) -> None:
    space = workspace_of(app)

    @app.get("/")
    @app.get("/merge")
    def merge_page():
        state = space.state(g.sid)
        book = _register(app, state)
        template = _template(app, state)
        check = _check(app, book, template, state) if book is not None and template is not None else None
        job = jobs_of(app).get(g.sid, request.args.get("job", ""))
        return render_template(
            "merge.html",
            state=state,
            book=book,
            template=template,
            catalog=CATALOG,
            check=check,
            job=job,
            has_pdf=_has_soffice(),
            today=dt.date.today().isoformat(),
        )

    @app.post("/merge/template")
    def merge_template():
        builtin = request.form.get("builtin", "")
        if builtin:
            if builtin not in BY_NAME:
                raise DocgenError(f"没有名为「{builtin}」的内置模板")
            folder = space.folder(g.sid) / "uploads"
            folder.mkdir(exist_ok=True)
            for old in folder.glob("template.*"):
                old.unlink()
            (folder / "template.docx").write_bytes(packaged(builtin).read_bytes())
            space.write_state(g.sid, {"template_name": f"{builtin}.docx", "template_kind": builtin})
        else:
            upload = space.save(g.sid, "template", request.files.get("file"))
            space.write_state(g.sid, {"template_kind": Path(upload.shown).stem})
        return redirect(url_for("merge_page"))

    @app.post("/merge/filters")
    def merge_filters():
        where = [w for w in space.state(g.sid).get("where", [])]
        if request.form.get("clear"):
            where = []
        column, value = request.form.get("column", "").strip(), request.form.get("value", "").strip()
        if column and value:
            where.append(f"{column}={value}")
        space.write_state(g.sid, {
            "where": where,
            "rows": request.form.get("rows", "").strip(),
            "sheet": request.form.get("sheet", "").strip(),
            "header_row": int(request.form.get("header_row") or 0),
        })  # fmt: skip
        return redirect(url_for("merge_page"))

    @app.post("/merge/run")
    def merge_run():
        state = space.state(g.sid)
        register_file, template_file = space.upload(g.sid, "register"), space.upload(g.sid, "template")
        if register_file is None or template_file is None:
            raise DocgenError("请先上传台账并选择模板")
        chosen, sid = _options(app, state, issued=as_day(request.form.get("date"))), g.sid
        want_pdf = bool(request.form.get("pdf"))
        kind = state.get("template_kind") or "文书"
        outdir = space.output_folder(g.sid, "merge")
        template_path = _kind_copy(template_file.path, kind)

        def work(job: Job) -> None:
            result = merge(
                register_file.path,
                template_path,
                outdir / "文书",
                chosen,
                combine=outdir / "合并打印.docx",
                to_pdf=want_pdf,
                zip_to=outdir / "文书.zip",
                progress=job.progress,
            )
            job.summary = result.summary()
            numbers = _numbers(app, result.documents)
            job.view = {
                "documents": [(p.name, numbers.get(str(p.resolve()), "")) for p in result.documents],
                "problems": problem_rows(result.problems),
                "late": late_lines(space, sid, result.problems),
                "notes": list(result.notes),
            }
            if result.archive:
                job.files.append(("全部文书（压缩包）", result.archive))
            if result.combined:
                job.files.append(("合并打印文件（.docx）", result.combined))
            job.files += [(f"PDF：{p.name}", p) for p in result.pdfs]

        job = jobs_of(app).start(g.sid, "生成文书", work)
        return redirect(url_for("merge_page", job=job.id))

    @app.get("/merge/preview")
    def merge_preview():
        job = jobs_of(app).get(g.sid, request.args.get("job", ""))
        if job is None or job.state != "done" or not job.view.get("documents"):
            raise DocgenError("还没有生成的文书可以预览")
        first = space.folder(g.sid) / "outputs" / "merge" / "文书" / job.view["documents"][0][0]
        return render_template("preview.html", name=first.name, paragraphs=docx_text(first))

    @app.get("/jobs/<job_id>")
    def job_status(job_id: str):
        job = jobs_of(app).get(g.sid, job_id)
        if job is None:
            return {"error": "没有这个任务（可能是服务重启过），请重新操作"}, 404
        return job.as_json()

    @app.get("/jobs/<job_id>/file/<int:index>")
    def job_file(job_id: str, index: int):
        job = jobs_of(app).get(g.sid, job_id)
        return send_output(space, g.sid, job, index)


def _options(app: Flask, state: dict, issued: dt.date | None = None) -> MergeOptions:
    """The merge's choices from the session: the config, the sheet and header row, the filters, the 成文日期."""
    return MergeOptions(
        config=app.config["DOCGEN_CONFIG"],
        sheet=state.get("sheet") or None,
        header_row=state.get("header_row") or None,
        where=state.get("where", []),
        rows=state.get("rows") or None,
        issued=issued,
    )


def _register(app: Flask, state: dict) -> Register | None:
    upload = workspace_of(app).upload(g.sid, "register")
    if upload is None:
        return None
    config: Config = app.config["DOCGEN_CONFIG"]
    return Register(upload.path, config.register, sheet=state.get("sheet") or None,
                    header_row=state.get("header_row") or None)  # fmt: skip


def _template(app: Flask, state: dict) -> DocxTemplate | None:
    upload = workspace_of(app).upload(g.sid, "template")
    return DocxTemplate(upload.path) if upload is not None else None


def _check(app: Flask, book: Register, template: DocxTemplate, state: dict) -> dict:
    """The template ↔ register check, each column's values for the filters, and — through the merge's own plan
    step, dry — the documents the current choices would make, every row problem and the first document's text."""
    values: dict[str, set[str]] = {name: set() for name in book.fields}
    rows, reading = 0, []
    for record in book.records():
        rows += 1
        reading += record.problems
        for name, value in record.values.items():
            if name in values and value not in (None, "") and len(values[name]) <= MAX_VALUES:
                values[name].add(value.isoformat() if isinstance(value, dt.date) else str(value))
    fields = field_sources(template.fields, book.fields)
    check = {
        "fields": fields,
        "rows": rows,
        "choices": {name: sorted(v) for name, v in values.items() if 0 < len(v) <= MAX_VALUES},
        "fast": template.fast,
        "planned": None,
        "problems": problem_rows(reading),  # until the plan step gives the full list
        "late": [],
        "first": [],
        "error": "",
    }
    if any(f.missing for f in fields):
        return check
    space = workspace_of(app)
    kind = state.get("template_kind") or "文书"
    try:
        target = space.folder(g.sid) / "outputs" / "preview"
        plan = preview(book.path, _kind_copy(template.path, kind), target, _options(app, state))
    except DocgenError as exc:
        check["error"] = space.as_shown(g.sid, str(exc))
        return check
    check.update(
        planned=len(plan.rows),
        problems=problem_rows(plan.problems),
        late=late_lines(space, g.sid, plan.problems),
        first=docx_text(plan.first) if plan.first is not None else [],
    )
    return check


def _kind_copy(path: Path, kind: str) -> Path:
    """The template under its kind's name (受理告知书.docx): the name is the 发文字号 kind and the file name part."""
    target = path.parent / "kind" / f"{kind}.docx"
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(path.read_bytes())
    return target


def _numbers(app: Flask, documents: list[Path]) -> dict[str, str]:
    """The 文号 recorded in the ledger for each written document, by its absolute path."""
    ledger_file: Path = app.config["DOCGEN_LEDGER"]
    if not documents or not ledger_file.is_file():
        return {}
    with Ledger(ledger_file, config=app.config["DOCGEN_CONFIG"]) as ledger:
        return {str(Path(e.output).resolve()): e.number for e in ledger.entries(voided=False) if e.output}


def _has_soffice() -> bool:
    try:
        pdf.find_soffice()
    except DocgenError:
        return False
    return True
