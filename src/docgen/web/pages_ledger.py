"""发文登记簿: every 文号 issued (filter by year and kind) and the Excel export."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, g, render_template, request, send_file

from docgen.ledger.export import export_xlsx
from docgen.ledger.store import Entry, Ledger
from docgen.values import to_text
from docgen.web.app import workspace_of


def register(app: Flask) -> None:
    def entries() -> tuple[list[Entry], list[str], list[int]]:
        path: Path = app.config["DOCGEN_LEDGER"]
        if not path.is_file():
            return [], [], []
        year = request.args.get("year", type=int)
        kind = request.args.get("kind") or None
        with Ledger(path, config=app.config["DOCGEN_CONFIG"]) as ledger:
            every = ledger.entries()
            shown = ledger.entries(year=year, kind=kind)
        return shown, sorted({e.kind for e in every}), sorted({e.year for e in every})

    @app.get("/ledger")
    def ledger_page():
        shown, kinds, years = entries()
        rows = [{"number": e.number, "kind": e.kind, "case": e.case_no, "issued": to_text(e.issued), "status": e.status,
                 "file": Path(e.output).name if e.output else "（未生成文书）"} for e in shown]  # fmt: skip
        return render_template("ledger.html", rows=rows, kinds=kinds, years=years, path=app.config["DOCGEN_LEDGER"],
                               year=request.args.get("year", ""), kind=request.args.get("kind", ""))  # fmt: skip

    @app.get("/ledger/export")
    def ledger_export():
        shown, _, _ = entries()
        target = workspace_of(app).output_folder(g.sid, "ledger") / "发文登记簿.xlsx"
        export_xlsx(shown, target)
        return send_file(target, as_attachment=True, download_name=target.name)
