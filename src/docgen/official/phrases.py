"""Wording shared by several documents: the case reference, the organs of the chain, the contact lines."""

from __future__ import annotations

from docgen.official.document import OfficialDocument

# How a notice addresses the petitioner: 你 or 你们 when the register gives 人数, else 你（们）.
YOU = "{{ 称呼 }}"
SET_YOU = '{% set 称呼 = ("你们" if 人数 > 1 else "你") if 人数 else "你（们）" %}'
# "张三等30人" when more than one person petitioned.
PEOPLE = "{{ 信访人 }}{% if 人数 and 人数 > 1 %}等{{ 人数 }}人{% endif %}"
NUMBER = "（信访编号：{{ 信访编号 }}）"
CASE = "“{{ 反映问题 }}”的信访事项" + NUMBER
RECEIVED = "{{ 登记日期 }}以{{ 信访形式 }}形式"

# The organs of the 办理 → 复查 → 复核 chain (《信访工作条例》第三十五、三十六条), read from the register:
# the organ that handled the case (办理机关, else 责任单位), the next-higher organ that reviews (复查机关),
# and the next-higher organ of the reviewer (复核机关). A document that must name one refuses the row
# when it is empty.
HANDLER = "处理机关"
SET_HANDLER = (
    '{% set 处理机关 = (办理机关 or 责任单位)|必填("办理机关", "处理意见由办理该事项的机关作出，'
    '须在「办理机关」或「责任单位」中写明") %}'
)
REVIEWER = '{{ 复查机关|必填("复查机关", "须写明办理机关的上一级机关（受理复查的机关）") }}'
REEXAMINER = '{{ 复核机关|必填("复核机关", "须写明复查机关的上一级机关（受理复核的机关）") }}'


def heading_block(doc: OfficialDocument, kind: str, *, organ: str = "{{ 发文机关 }}", prelude: str = "") -> None:
    """Organ name and document name as a two-line title, then the document number, flush right.

    `prelude` (template tags that print nothing, such as {% set %}) goes before the organ's name.
    """
    doc.title(SET_YOU + prelude + organ)
    doc.title(kind)
    doc.blank()
    doc.number()


def petitioner(doc: OfficialDocument) -> None:
    doc.addressee("{{ 信访人 }}：")


def contact(doc: OfficialDocument) -> None:
    """Whom to call and where to write, each line only when docgen.toml gives it."""
    doc.tag("{%p if 机关联系人 or 机关联系电话 %}")
    doc.body(
        "{% if 机关联系人 %}联系人：{{ 机关联系人 }}{% endif %}{% if 机关联系人 and 机关联系电话 %}，{% endif %}"
        "{% if 机关联系电话 %}联系电话：{{ 机关联系电话 }}{% endif %}。"
    )
    doc.tag("{%p endif %}")
    doc.tag("{%p if 机关地址 %}")
    doc.body("通信地址：{{ 机关地址 }}{% if 邮政编码 %}，邮政编码：{{ 邮政编码 }}{% endif %}。")
    doc.tag("{%p endif %}")


def relief_clause(doc: OfficialDocument, *, opinion: str, request: str, organ: str) -> None:
    """The relief clause: the next-higher organ by name and the 30-day window (条例第三十五、三十六条)."""
    doc.body(f"如{YOU}对本{opinion}不服，可以自收到本{opinion}书之日起30日内，向{organ}书面提出{request}请求。")
