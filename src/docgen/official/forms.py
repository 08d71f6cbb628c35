"""Forms: the follow-up visit record (回访记录表), a ruled table to fill in and sign."""

from __future__ import annotations

from docx.shared import Length, Mm

from docgen.config import Config
from docgen.official.document import OfficialDocument


def _choice(field: str, options: tuple[str, ...]) -> str:
    """☑ before the option the register names, □ before the others."""
    return "　".join(f'{{% if {field} == "{o}" %}}☑{{% else %}}□{{% endif %}}{o}' for o in options)


ROWS = (
    ("信访编号", "{{ 信访编号 }}", "信访人", "{{ 信访人 }}"),
    ("联系电话", "{{ 联系电话 }}", "住　　址", "{{ 住址 }}"),
    ("反映问题", "{{ 反映问题 }}"),
    ("信访诉求", "{{ 诉求 }}"),
    ("责任单位", "{{ 责任单位 }}", "答复日期", "{{ 答复日期 }}"),
    ("处理结论", "{{ 处理结论 }}{% if 处理意见 %}：{{ 处理意见 }}{% endif %}"),
    ("回访日期", "{{ 回访日期 }}", "回访人", "{{ 回访人 }}"),
    ("回访方式", _choice("回访方式", ("电话", "上门", "短信"))),
    ("信访人意见", "{{ 回访情况 }}"),
    ("满 意 度", _choice("满意度", ("满意", "基本满意", "不满意"))),
    ("息诉罢访", _choice("是否息诉罢访", ("是", "否"))),
    ("信访人签字", "", "回访人签字", ""),
    ("备　　注", "{{ 备注 }}"),
)
WIDTHS_MM = (30.0, 48.0, 30.0, 48.0)


def visit_record(doc: OfficialDocument, config: Config) -> None:
    """回访记录表: case, handling, the visit (date, method, visitor), the petitioner's view, signatures."""
    doc.title("信访事项回访记录表")
    doc.blank()
    spans = {(index, 1): 3 for index, row in enumerate(ROWS) if len(row) == 2}
    table = doc.table(ROWS, WIDTHS_MM, spans=spans)
    for index, row in enumerate(ROWS):
        if row[0] in ("信访人意见", "信访人签字", "处理结论"):
            table.rows[index].height = _tall(row[0])
    doc.body("本表由回访人填写，经信访人签字确认后存入信访档案。")


def _tall(label: str) -> Length:
    return Mm(20 if label == "信访人意见" else 14)
