"""The report as a .docx: the built-in or a staff template rendered with the context, charts drawn in."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from docgen.config import Config
from docgen.context import suggest
from docgen.errors import OutputError, TemplateError
from docgen.official.charts import ChartSpec
from docgen.official.slots import Slot, fill_charts, slot_alt
from docgen.outputs.atomic import write_atomic
from docgen.render import DocxTemplate
from docgen.reports import charts
from docgen.reports import figures as fg
from docgen.reports.analysis import Analysis
from docgen.reports.context import build_context
from docgen.reports.prose import write
from docgen.reports.template import build_template

Draw = Callable[[Analysis], ChartSpec]

CHARTS: dict[str, Draw] = {
    "问题类别": lambda a: charts.category_chart([(g.name, g.cases) for g in fg.top(a.current.categories, a.top)]),
    "月度趋势": lambda a: charts.trend_chart([(p.month, p.cases, p.year_before) for p in a.trend]),
    "信访形式": lambda a: charts.channel_chart([(g.name, g.cases) for g in a.current.channels]),
}


def render_report(analysis: Analysis, config: Config, *, issued: dt.date, template: str | Path | None = None) -> bytes:
    """The report's .docx bytes from `template` (default: the built-in one) and `analysis`."""
    context = build_context(analysis, write(analysis), config, issued=issued)
    with tempfile.TemporaryDirectory(prefix="docgen-report-") as folder:
        if template is None:
            path = Path(folder) / "信访形势分析.docx"
            path.write_bytes(build_template(organ_chars=len(config.organ.name), previous=analysis.compares_previous))
        else:
            path = _template_path(template)
        compiled = DocxTemplate(path)
        _check_names(compiled, context)
        document = compiled.render(context)
    return fill_charts(document, lambda slot: draw_chart(analysis, slot))


def _check_names(compiled: DocxTemplate, context: dict[str, object]) -> None:
    unknown = sorted(compiled.fields - set(context))
    if unknown:
        names = "、".join(f"「{n}」" + (f"（是不是「{s}」？）" if (s := suggest(n, context)) else "") for n in unknown)
        raise TemplateError(
            f"报告模板 {compiled.path.name} 用到了报告中没有的名称：{names}",
            hint="可用的名称见 docgen help 报告 的「自定义报告模板」",
        )


def draw_chart(analysis: Analysis, slot: Slot) -> ChartSpec:
    """The native chart a picture or chart marked 图表:<name> asks for."""
    draw = CHARTS.get(slot.name)
    if draw is None:
        raise TemplateError(
            f"模板中图片或图表的可选文字「{slot_alt(slot.name)}」不是可用的统计图",
            hint="可用的统计图：" + "、".join(slot_alt(n) for n in CHARTS),
        )
    return draw(analysis)


def write_report(
    analysis: Analysis,
    config: Config,
    path: str | Path,
    *,
    issued: dt.date,
    template: str | Path | None = None,
    force: bool = False,
) -> Path:
    """Render the report and write it to `path` atomically; an existing file is kept unless `force`."""
    target = _docx_target(path, force)
    write_atomic(target, render_report(analysis, config, issued=issued, template=template), force=force)
    return target


def save_template(path: str | Path, *, organ_chars: int = 5, force: bool = False) -> Path:
    """Write the built-in report template for staff to edit (then use it with --template)."""
    target = _docx_target(path, force)
    write_atomic(target, build_template(organ_chars=organ_chars), force=force)
    return target


def _docx_target(path: str | Path, force: bool) -> Path:
    target = Path(path)
    if target.suffix.lower() != ".docx":
        raise OutputError(f"{target.name} 应以 .docx 结尾", hint="例如 -o 2025年第三季度信访形势分析.docx")
    if target.exists() and not force:
        raise OutputError(f"{target.name} 已存在，未覆盖", hint="如需覆盖请加 --force")
    return target


def _template_path(template: str | Path) -> Path:
    path = Path(template)
    if not path.is_file():
        raise TemplateError(f"找不到报告模板 {path}", hint="请检查 --template 给出的路径")
    if path.suffix.lower() != ".docx":
        raise TemplateError(
            f"报告模板 {path.name} 不是 .docx 文件", hint="请在 Word/WPS 中另存为「Word 文档（*.docx）」"
        )
    return path
