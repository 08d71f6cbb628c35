"""The built-in report template, built in code in GB/T 9704 layout; staff may save it and edit it."""

from __future__ import annotations

from collections.abc import Sequence

from docgen.official import OfficialDocument
from docgen.official import styles as st
from docgen.official.blocks import caption, to_write
from docgen.official.compact_table import add_compact_table
from docgen.official.fonts import KAI_FONT, SIZES, style_run
from docgen.official.slots import add_chart, slot_alt
from docgen.reports import charts

GROUP_COLUMNS = (("件数", 22), ("人次", 22), ("占比", 22), ("同比", 24), ("环比", 24))
RATE_NOTE = "注：比率的{}为增减的百分点；“—”表示无可比数据或基数为零。"
TABLE_SIZE = SIZES["小四"]
CHART_SIZES = {"信访形式": (150.0, 60.0), "月度趋势": (150.0, 70.0), "问题类别": (150.0, 70.0)}
CHART_TITLES = {"信访形式": "信访形式分布", "月度趋势": "月度信访量走势", "问题类别": "反映问题类别分布"}
TO_WRITE = {
    "三、主要工作": "请在此填写本期开展的主要工作，如矛盾纠纷排查化解、领导接访下访、积案化解、督查督办等"
    "（docgen 不生成此部分）",
    "四、存在问题": "请在此填写当前信访工作中存在的主要问题（docgen 不生成此部分）",
    "五、下步打算": "请在此填写下一步工作打算和措施（docgen 不生成此部分）",
}


def _loop_table(doc: OfficialDocument, name: str, columns: Sequence[tuple[str, str, float]]) -> None:
    """A table with one row per item of context list `name`; columns are (header, key, width in mm)."""
    width = len(columns)
    rows = [
        [f"{{%tr for r in {name} %}}"] + [""] * (width - 1),
        [f"{{{{ r.{key} }}}}" for _, key, _ in columns],
        ["{%tr endfor %}"] + [""] * (width - 1),
    ]
    add_compact_table(doc.document, [h for h, _, _ in columns], rows, [w for _, _, w in columns], size=TABLE_SIZE)


def _table(
    doc: OfficialDocument, name: str, title: str, columns: Sequence[tuple[str, str, float]], chart: bool = False
) -> None:
    """Caption and table (and the chart of the same name), left out when context list `name` is empty."""
    doc.tag(f"{{%p if {name} %}}")
    caption(doc, f"表{{{{ 表号.{name} }}}}　{title}")
    _loop_table(doc, name, columns)
    if chart:
        _chart(doc, name)
    doc.tag("{%p endif %}")


def _group_table(doc: OfficialDocument, name: str, title: str, previous: bool, chart: bool = False) -> None:
    columns = [(name, "名称", 42.0)] + [(h, h, w) for h, w in GROUP_COLUMNS if previous or h != "环比"]
    if not previous:
        columns = [(h, k, w * 156 / 132 if k != "名称" else w) for h, k, w in columns]
    _table(doc, name, title, columns, chart)


def _chart(doc: OfficialDocument, name: str) -> None:
    width, height = CHART_SIZES[name]
    add_chart(doc, charts.placeholder(name), width, height, slot_alt(name))
    caption(doc, f"图{{{{ 图号.{name} }}}}　{CHART_TITLES[name]}", above=False)


def _feature(doc: OfficialDocument, key: str) -> None:
    doc.heading(f"{{{{ 特点.{key}.标题 }}}}", 2)
    doc.body(f"{{{{ 特点.{key}.正文 }}}}")


def build_template(*, organ_chars: int = 5, previous: bool = True) -> bytes:
    """The report template as .docx bytes; `previous=False` leaves out the 环比 columns (year reports)."""
    doc = OfficialDocument(organ_chars=organ_chars)
    doc.title("{{ 标题 }}")
    doc.tag("{%p if 统计范围 %}")
    scope = doc.paragraph("", st.TITLE)
    style_run(scope.add_run("（统计范围：{{ 统计范围 }}）"), KAI_FONT)
    doc.tag("{%p endif %}")
    doc.blank()
    doc.body("现将{{ 统计期间 }}信访形势分析如下。")

    doc.heading("一、基本情况")
    doc.tag("{%p for 段 in 基本情况 %}")
    doc.body("{{ 段 }}")
    doc.tag("{%p endfor %}")
    key_columns = [("指标", "指标", 40.0), ("本期", "本期", 20.0), ("去年同期", "同期", 24.0), ("同比", "同比", 24.0)]
    if previous:
        key_columns += [("上期", "上期", 24.0), ("环比", "环比", 24.0)]
    else:
        key_columns = [(h, k, w * 156 / 108) for h, k, w in key_columns]
    _table(doc, "主要指标", "主要指标对比", key_columns)
    doc.body(RATE_NOTE.format("同比、环比" if previous else "同比"))
    _group_table(doc, "信访形式", "信访形式分布", previous, chart=True)
    _group_table(doc, "上访层级", "上访层级分布", previous)
    _chart(doc, "月度趋势")

    doc.heading("二、主要特点")
    _feature(doc, "总量")
    _feature(doc, "问题")
    _group_table(doc, "问题类别", "反映问题类别", previous, chart=True)
    _feature(doc, "区域")
    _group_table(doc, "所属地区", "所属地区分布", previous)
    unit_columns = [("责任单位", "名称", 60.0), ("件数", "件数", 22.0), ("占比", "占比", 22.0)]
    unit_columns += [("按期办结率", "按期办结率", 26.0), ("满意率", "满意率", 26.0)]
    _table(doc, "责任单位", "责任单位交办情况", unit_columns)
    _feature(doc, "赴省进京")
    _feature(doc, "重复")
    petitioner_columns = [(n, n, w) for n, w in (("序号", 14.0), ("信访人", 22.0), ("身份证号", 50.0))]
    petitioner_columns += [(n, n, w) for n, w in (("问题类别", 26.0), ("本期次数", 22.0), ("累计次数", 22.0))]
    _table(doc, "重复信访人", "重复信访较多的信访人（已隐去部分姓名和身份证号）", petitioner_columns)
    _feature(doc, "质效")

    for heading, text in TO_WRITE.items():
        doc.heading(heading)
        to_write(doc, text)
    doc.signature("{{ 发文机关 }}", "{{ 成文日期 }}")
    doc.set_properties("{{ 标题 }}", "信访形势分析")
    return doc.to_bytes()
