"""Notices to the petitioner: 受理告知书, 不予受理告知书, 不再受理告知书, 延期办理告知书."""

from __future__ import annotations

from docgen.config import Config
from docgen.official.document import OfficialDocument
from docgen.official.phrases import CASE, RECEIVED, YOU, contact, heading_block, petitioner


def acceptance(doc: OfficialDocument, config: Config) -> None:
    """受理告知书: accepted, by whom it is handled, and the 60-day period (条例第二十三、三十四条)."""
    heading_block(doc, "信访事项受理告知书")
    petitioner(doc)
    doc.body(f"{YOU}于{RECEIVED}反映{CASE}{{% if 诉求 %}}，诉求为“{{{{ 诉求 }}}}”{{% endif %}}，本机关已收悉。")
    doc.body(
        "经审查，该信访事项属于本机关受理范围。根据《信访工作条例》第二十三条的规定，本机关"
        "{% if 受理日期 %}已于{{ 受理日期 }}{% else %}现{% endif %}依法予以受理"
        "{% if 责任单位 %}，并交由{{ 责任单位 }}具体办理{% endif %}。"
    )
    doc.body(
        "根据《信访工作条例》第三十四条的规定，该信访事项应当自受理之日起60日内办结"
        "{% if 办理截止日期 %}，即于{{ 办理截止日期 }}前办结{% endif %}；情况复杂的，经批准可以适当延长"
        f"办理期限，但延长期限不超过30日，并将延期理由告知{YOU}。办理结果将以书面形式答复{YOU}。"
    )
    doc.body(
        f"在办理期间，请{YOU}按照《信访工作条例》的规定，依法、逐级、有序反映诉求，自觉维护信访秩序。"
        f"如需了解办理进展，可与本机关联系。"
    )
    contact(doc)
    doc.body("特此告知。")
    doc.signature()


def refusal(doc: OfficialDocument, config: Config) -> None:
    """不予受理告知书: the reason and the organ to turn to (条例第十九、三十一条)."""
    heading_block(doc, "信访事项不予受理告知书")
    petitioner(doc)
    doc.body(f"{YOU}于{RECEIVED}反映{CASE}，本机关已收悉。")
    doc.body(
        '经审查，{{ (不予受理理由 or "该事项不属于本机关信访受理范围")|成句 }}根据《信访工作条例》'
        "第十九条、第三十一条的规定，本机关决定不予受理。"
    )
    doc.tag("{%p if 告知去向 %}")
    doc.body(f"请{YOU}依照有关法律、行政法规规定的程序，向{{{{ 告知去向 }}}}提出。")
    doc.tag("{%p else %}")
    doc.body(f"请{YOU}依照有关法律、行政法规规定的程序，向有权处理的机关提出。")
    doc.tag("{%p endif %}")
    contact(doc)
    doc.body("特此告知。")
    doc.signature()


def final_refusal(doc: OfficialDocument, config: Config) -> None:
    """不再受理告知书: the case has been re-examined; the same facts are no longer accepted (条例第三十六条)."""
    heading_block(doc, "信访事项不再受理告知书")
    petitioner(doc)
    doc.body(
        f"{YOU}反映{CASE}，已由有关机关依法作出处理意见"
        "{% if 答复日期 %}（{{ 答复日期 }}答复）{% endif %}，并经复查、复核"
        "{% if 复核结论 %}，复核结论为“{{ 复核结论 }}”{% endif %}。"
    )
    doc.body(
        "根据《信访工作条例》第三十六条的规定，信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，"
        "信访部门和其他机关、单位不再受理。该信访事项已经办理终结。"
    )
    doc.body(
        f"对{YOU}以同一事实和理由再次提出的信访请求，本机关不再受理。请{YOU}尊重依法作出的处理意见，"
        "自觉维护正常的信访秩序。"
    )
    doc.body("特此告知。")
    doc.signature()


def extension(doc: OfficialDocument, config: Config) -> None:
    """延期办理告知书: the reason and the new due date, at most 30 days later (条例第三十四条)."""
    heading_block(doc, "信访事项延期办理告知书")
    petitioner(doc)
    doc.body(
        f"{YOU}反映{CASE}，本机关{{% if 受理日期 %}}已于{{{{ 受理日期 }}}}{{% endif %}}依法受理，"
        "按规定应当自受理之日起60日内{% if 原办理截止日期 %}（{{ 原办理截止日期 }}前）{% endif %}办结。"
    )
    doc.body(
        '因{{ 延期理由 or "案情复杂" }}，该信访事项难以在规定期限内办结。根据《信访工作条例》第三十四条的'
        "规定，经本机关负责人批准，办理期限延长{% if 延期天数 %}{{ 延期天数 }}日{% endif %}（延长期限不超过30日）"
        "{% if 办理截止日期 %}，延长至{{ 办理截止日期 }}{% endif %}。"
    )
    doc.body(
        f"本机关将在延长的期限内办结，并将办理结果书面答复{YOU}。在此期间，如{YOU}有新的情况或者证据材料，"
        "可与本机关联系。"
    )
    contact(doc)
    doc.body("特此告知。")
    doc.signature()
