"""台账检查, 到期督办, 季度报告, 考核: each page one form, one library call, its results and downloads."""

from __future__ import annotations

import datetime as dt

from flask import Flask, g, redirect, render_template, request, url_for

from docgen.assess import assess_register, load_rules, resolve_period
from docgen.assess.notice import build_notice, table_rows
from docgen.assess.workbook import write_assessment_xlsx
from docgen.config import Config
from docgen.due.letter import write_letters
from docgen.due.select import find_due
from docgen.due.xlsx import write_due_xlsx
from docgen.errors import DocgenError
from docgen.outputs import archive
from docgen.petition.periods import parse_period
from docgen.petition.validate import validate
from docgen.register import Register
from docgen.register.annotate import write_report
from docgen.values import to_text
from docgen.web.app import jobs_of, workspace_of
from docgen.web.jobs import Job
from docgen.web.views import as_day, problem_rows, send_output


def register(app: Flask) -> None:
    config: Config = app.config["DOCGEN_CONFIG"]
    space = workspace_of(app)

    def page(name: str, **extra):
        job = jobs_of(app).get(g.sid, request.args.get("job", ""))
        upload = space.upload(g.sid, "register")
        return render_template(f"{name}.html", job=job, upload=upload, state=space.state(g.sid),
                               today=dt.date.today().isoformat(), **extra)  # fmt: skip

    def book() -> Register:
        upload = space.upload(g.sid, "register")
        if upload is None:
            raise DocgenError("请先上传台账")
        state = space.state(g.sid)
        return Register(upload.path, config.register, sheet=state.get("sheet") or None,
                        header_row=state.get("header_row") or None)  # fmt: skip

    def start(title: str, target: str, work) -> object:
        job = jobs_of(app).start(g.sid, title, work)
        return redirect(url_for(target, job=job.id))

    @app.post("/register")
    def upload_register():
        space.save(g.sid, "register", request.files.get("file"))
        space.write_state(g.sid, {"sheet": "", "header_row": 0, "where": [], "rows": ""})
        return redirect(request.form.get("back") or url_for("merge_page"))

    # -- 台账检查 --------------------------------------------------------------------------
    @app.get("/validate")
    def validate_page():
        return page("validate")

    @app.post("/validate/run")
    def validate_run():
        register_book, as_of = book(), as_day(request.form.get("as_of"))
        outdir = space.output_folder(g.sid, "validate")

        def work(job: Job) -> None:
            problems = validate(register_book, config=config, as_of=as_of)
            errors = sum(p.severity == "error" for p in problems)
            job.summary = (f"共发现 {errors} 个错误、{len(problems) - errors} 个警告" if problems
                           else "检查通过，没有发现问题")  # fmt: skip
            job.view = {"problems": problem_rows(problems)}
            if problems:
                name = f"{register_book.path.stem}-问题标注.xlsx"
                job.files.append(("标出问题的台账副本（.xlsx）", write_report(register_book, problems, outdir / name)))

        return start("台账检查", "validate_page", work)

    # -- 到期督办 --------------------------------------------------------------------------
    @app.get("/due")
    def due_page():
        return page("due")

    @app.post("/due/run")
    def due_run():
        register_book, as_of = book(), as_day(request.form.get("as_of"))
        within = int(request.form.get("within") or 7)
        letters = bool(request.form.get("letters"))
        issued = as_day(request.form.get("date") or request.form.get("as_of"))
        outdir = space.output_folder(g.sid, "due")

        def work(job: Job) -> None:
            due = find_due(register_book, config=config, as_of=as_of, within=within)
            groups = [(unit, [_due_row(i) for i in items]) for unit, items in due.by_unit().items()]
            job.summary = f"截至 {to_text(as_of)}：已超期 {len(due.overdue)} 件，{within} 日内到期 {len(due.soon)} 件"
            job.view = {"groups": groups, "problems": problem_rows(due.problems)}
            job.files.append(("到期清单（.xlsx）", write_due_xlsx(due, outdir / "到期清单.xlsx")))
            if letters and due.overdue:
                result, _ = write_letters(register_book.path, due.overdue, outdir / "督办函", config=config,
                                          columns=register_book.fields, as_of=as_of, issued=issued,
                                          sheet=register_book.sheet, progress=job.progress)  # fmt: skip
                job.summary += f"；督办函：{result.summary()}"
                job.view["problems"] += problem_rows(result.problems)
                if result.documents:
                    packed = archive.zip_batch(result.documents, result.outdir, outdir / "督办函.zip")
                    job.files.append(("督办函（压缩包）", packed))

        return start("到期督办", "due_page", work)

    # -- 季度报告 --------------------------------------------------------------------------
    @app.get("/report")
    def report_page():
        return page("report", periods=_periods(dt.date.today()))

    @app.post("/report/run")
    def report_run():
        from docgen.reports import document
        from docgen.reports.analysis import analyse
        from docgen.reports.workbook import write_workbook

        register_book, period = book(), parse_period(request.form.get("period", ""))
        issued = as_day(request.form.get("date"))
        outdir = space.output_folder(g.sid, "report")

        def work(job: Job) -> None:
            analysis = analyse(register_book, config, period)
            name = f"{config.organ.name}{period.label}信访形势分析"
            written = document.write_report(analysis, config, outdir / f"{name}.docx", issued=issued)
            total = analysis.current.total
            job.summary = f"{period.label}共 {total.cases} 件、{total.people} 人次"
            job.view = {"problems": problem_rows(analysis.problems), "notes": list(analysis.notes)}
            job.files.append(("分析报告（.docx）", written))
            job.files.append(("统计表（.xlsx）", write_workbook(analysis, outdir / f"{name}统计表.xlsx")))

        return start("季度报告", "report_page", work)

    # -- 考核 ------------------------------------------------------------------------------
    @app.get("/assess")
    def assess_page():
        rules_upload = space.upload(g.sid, "rules")
        rules_error = ""
        if rules_upload is not None:
            try:
                load_rules(rules_upload.path)
            except DocgenError as exc:
                rules_error = str(exc).replace(rules_upload.path.name, rules_upload.shown)  # the clerk's file name
        return page("assess", rules=rules_upload, rules_error=rules_error)

    @app.post("/assess/rules")
    def assess_rules():
        space.save(g.sid, "rules", request.files.get("file"))
        return redirect(url_for("assess_page"))

    @app.post("/assess/run")
    def assess_run():
        rules_upload = space.upload(g.sid, "rules")
        if rules_upload is None:
            raise DocgenError("请先上传考核细则（.toml）", hint="示例见 docgen 自带的 samples/考核细则.toml")
        rules = load_rules(rules_upload.path)
        register_book = book()
        period = resolve_period(rules, request.form.get("period") or None)
        as_of, issued = as_day(request.form.get("as_of")), as_day(request.form.get("date"))
        outdir = space.output_folder(g.sid, "assess")

        def work(job: Job) -> None:
            assessment = assess_register(register_book, rules, config, period=period, as_of=as_of)
            header, rows = table_rows(assessment)
            job.summary = f"{assessment.period_name}{rules.name}：{len(assessment.ranked)} 个单位"
            job.view = {"header": header, "rows": rows, "problems": problem_rows(assessment.problems),
                        "notes": list(assessment.warnings)}  # fmt: skip
            notice = build_notice(assessment, organ=config.organ.name, issued=issued)
            job.files.append(("考核通报（.docx）", notice.save(outdir / "考核通报.docx")))
            job.files.append(
                ("考核结果和扣分明细（.xlsx）", write_assessment_xlsx(assessment, outdir / "考核明细.xlsx"))
            )

        return start("考核", "assess_page", work)

    @app.get("/download/<job_id>/<int:index>")
    def download(job_id: str, index: int):
        return send_output(space, g.sid, jobs_of(app).get(g.sid, job_id), index)


def _periods(today: dt.date) -> list[tuple[str, str]]:
    """Quarters, halves and years to pick from, most recent first; the last finished quarter comes first."""
    quarter = (today.month - 1) // 3  # the quarters finished this year
    year = today.year if quarter else today.year - 1
    quarter = quarter or 4
    choices = []
    for _ in range(8):
        choices.append((f"{year}Q{quarter}", f"{year}年第{'一二三四'[quarter - 1]}季度"))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    for y in (today.year, today.year - 1):
        choices += [(f"{y}H2", f"{y}年下半年"), (f"{y}H1", f"{y}年上半年"), (str(y), f"{y}年全年")]
    choices.append((f"{today.year}Q{(today.month - 1) // 3 + 1}", "本季度（尚未结束）"))
    return choices


def _due_row(item) -> dict[str, object]:
    if item.overdue:
        state = f"超期 {item.late_days} 天"
    else:
        state = "今天到期" if item.remaining == 0 else f"还剩 {item.remaining} 天"
    stage = "待受理" if item.stage == "受理" else "办理中"
    return {
        "number": item.number,
        "petitioner": item.petitioner,
        "stage": stage,
        "deadline": to_text(item.deadline),
        "state": state,
        "row": str(item.row),
        "late": item.overdue,
    }
