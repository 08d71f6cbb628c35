"""Wording shared by several documents: the case reference, the contact lines, the closing formula."""

from __future__ import annotations

from docgen.official.document import OfficialDocument

YOU = "你（们）"
CASE = "“{{ 反映问题 }}”的信访事项（信访编号：{{ 信访编号 }}）"
RECEIVED = "{{ 登记日期 }}以{{ 信访形式 }}形式"


def heading_block(doc: OfficialDocument, kind: str, *, number: bool = True) -> None:
    """Organ name and document name as a two-line title, then the document number, flush right."""
    doc.title("{{ 发文机关 }}")
    doc.title(kind)
    doc.blank()
    if number:
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


def review_clause(doc: OfficialDocument, *, opinion: str, request: str) -> None:
    """The relief clause: the next-higher organ and the 30-day window (《信访工作条例》第三十五、三十六条)."""
    doc.body(
        f"如{YOU}对本{opinion}不服，可以自收到本{opinion}书之日起30日内，向{{{{ 上一级机关 }}}}书面提出{request}请求。"
    )
