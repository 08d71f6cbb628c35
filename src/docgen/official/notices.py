"""Notices to the petitioner: 受理告知书, 不予受理告知书, 不再受理告知书, 延期办理告知书."""

from __future__ import annotations

from docgen.config import Config
from docgen.official.document import OfficialDocument
from docgen.official.phrases import (
    CASE,
    HANDLER,
    NUMBER,
    RECEIVED,
    REEXAMINER,
    REVIEWER,
    SET_HANDLER,
    YOU,
    contact,
    heading_block,
    petitioner,
)


def acceptance(doc: OfficialDocument, config: Config) -> None:
    """受理告知书: accepted, by whom it is handled, and the 60-day period (条例第三十四条)."""
    heading_block(doc, "信访事项受理告知书")
    petitioner(doc)
    doc.body(f"{YOU}于{RECEIVED}反映{CASE}{{% if 诉求 %}}，诉求为“{{{{ 诉求 }}}}”{{% endif %}}，本机关已收悉。")
    doc.body(
        "经审查，该信访事项属于受理范围，本机关"
        "{% if 受理日期 %}已于{{ 受理日期 }}{% else %}现{% endif %}依法予以受理"
        "{% if 责任单位 %}，并交由{{ 责任单位 }}具体办理{% endif %}。"
    )
    doc.body(
        "根据《信访工作条例》第三十四条的规定，该信访事项应当自受理之日起60日内办结"
        "{% if 原办理截止日期 %}，即于{{ 原办理截止日期 }}前办结{% endif %}；情况复杂的，经批准可以适当延长"
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
    """不予受理告知书: the reason and the organ to turn to."""
    heading_block(doc, "信访事项不予受理告知书")
    petitioner(doc)
    doc.body(f"{YOU}于{RECEIVED}反映{CASE}，本机关已收悉。")
    doc.body(
        '经审查，{{ (不予受理理由 or "该事项不属于本机关信访受理范围")|成句 }}'
        "根据《信访工作条例》的有关规定，本机关决定不予受理。"
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
    """不再受理告知书: answers the new petition; the case went through 复查 and 复核 (条例第三十六条).

    It states 复查 and 复核 only from the register (机关 and 日期 of each); without them the row is refused.
    """
    again = '{{ 再次信访日期|必填("再次信访日期", "须写明信访人再次提出的日期") }}'
    form = '{{ 再次信访形式|必填("再次信访形式", "须写明信访人再次提出的形式") }}'
    reviewed = '{{ 复查日期|必填("复查日期", "未经复查的事项不能告知不再受理") }}'
    reexamined = '{{ 复核日期|必填("复核日期", "未经复核的事项不能告知不再受理") }}'
    heading_block(doc, "信访事项不再受理告知书", prelude=SET_HANDLER)
    petitioner(doc)
    doc.body(f"{YOU}于{again}以{form}形式再次反映“{{{{ 反映问题 }}}}”的问题，本机关已收悉。")
    doc.body(
        f"经查，该信访事项{NUMBER}已由{{{{ {HANDLER} }}}}"
        '于{{ 答复日期|必填("答复日期", "须写明原处理意见的答复日期") }}作出处理意见，'
        f"经{REVIEWER}于{reviewed}复查、{REEXAMINER}于{reexamined}复核，"
        '复核意见为“{{ 复核结论|必填("复核结论") }}”，已经办理终结。'
        f"{YOU}此次反映的事项，与已经复核的信访事项事实和理由相同。"
    )
    doc.body(
        "根据《信访工作条例》第三十六条的规定，信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，"
        f"信访部门和其他机关、单位不再受理。本机关对{YOU}此次提出的信访请求不再受理。"
        f"请{YOU}尊重依法作出的处理意见，自觉维护正常的信访秩序。"
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
        "规定，经本机关负责人批准，"
        "{% if 延期天数 %}办理期限延长{{ 延期天数 }}日{% else %}办理期限适当延长（延长期限不超过30日）{% endif %}"
        "{% if 办理截止日期 %}，延长至{{ 办理截止日期 }}{% endif %}。"
    )
    doc.body(
        f"本机关将在延长的期限内办结，并将办理结果书面答复{YOU}。在此期间，如{YOU}有新的情况或者证据材料，"
        "可与本机关联系。"
    )
    contact(doc)
    doc.body("特此告知。")
    doc.signature()
