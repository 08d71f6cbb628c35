"""Opinions on the merits: 处理意见书 (答复意见书), 复查意见书, 复核意见书 (条例第三十二、三十五、三十六条)."""

from __future__ import annotations

from docgen.config import Config
from docgen.official.document import OfficialDocument
from docgen.official.phrases import CASE, RECEIVED, YOU, heading_block, petitioner, review_clause

ORIGINAL = '{{ 责任单位 or "原办理机关" }}'


def _copies(doc: OfficialDocument) -> None:
    doc.closing_block(
        copies_to="{{ 责任单位 }}", condition="责任单位", issuer="{{ 发文机关 }}", issued="{{ 成文日期 }}"
    )


def reply(doc: OfficialDocument, config: Config) -> None:
    """处理意见书: request, facts and reasons, decision with its legal basis, and the review clause."""
    heading_block(doc, "信访事项处理意见书")
    petitioner(doc)
    doc.body(
        f"{YOU}于{RECEIVED}反映{CASE}，本机关{{% if 受理日期 %}}于{{{{ 受理日期 }}}}{{% endif %}}依法受理"
        "{% if 责任单位 %}，并交由{{ 责任单位 }}调查核实{% endif %}。根据《信访工作条例》第三十二条的规定，"
        "现将处理意见答复如下："
    )
    doc.heading("一、信访请求")
    doc.body(f"{YOU}请求：{{{{ 诉求|成句 }}}}")
    doc.heading("二、调查核实的事实和理由")
    doc.body("{{ 处理意见|成句 }}")
    doc.heading("三、处理意见及依据")
    doc.body(
        "{% if 法律依据 %}根据{{ 法律依据 }}，{% endif %}"
        f'{{% if 处理结论 == "予以支持" %}}本机关对{YOU}的信访请求予以支持'
        f'{{% elif 处理结论 == "不予支持" %}}本机关对{YOU}的信访请求不予支持'
        f'{{% elif 处理结论 == "解释说明" %}}本机关已就{YOU}的信访请求作出解释说明'
        "{% else %}本机关的处理意见为：{{ 处理结论 }}{% endif %}。"
    )
    review_clause(doc, opinion="处理意见", request="复查")
    doc.signature()
    _copies(doc)


def review(doc: OfficialDocument, config: Config) -> None:
    """复查意见书: what was reviewed, the finding (维持/变更/责令重新办理), basis, and the 复核 clause."""
    heading_block(doc, "信访事项复查意见书")
    petitioner(doc)
    doc.body(
        f"{YOU}不服{ORIGINAL}{{% if 答复日期 %}}于{{{{ 答复日期 }}}}{{% endif %}}就{CASE}作出的处理意见，"
        "{% if 复查申请日期 %}于{{ 复查申请日期 }}{% endif %}向本机关提出复查请求。本机关依照《信访工作条例》"
        "第三十五条的规定进行了复查，现将复查意见答复如下："
    )
    doc.heading("一、复查请求")
    doc.body(f"{YOU}请求撤销或者变更原处理意见，主要诉求为：{{{{ 诉求|成句 }}}}")
    doc.heading("二、原处理意见")
    doc.body(f"{ORIGINAL}经调查核实认为：{{{{ 处理意见|成句 }}}}处理结论为“{{{{ 处理结论 }}}}”。")
    doc.heading("三、复查意见")
    doc.body(
        '经复查，{% if 复查结论 == "维持" %}原处理意见认定事实清楚，适用依据正确，处理恰当，'
        "本机关决定予以维持"
        '{% elif 复查结论 == "变更" %}原处理意见认定事实或者适用依据不当，本机关决定予以变更'
        f'{{% elif 复查结论 == "责令重新办理" %}}原处理意见认定事实不清，本机关决定责令{ORIGINAL}重新办理'
        "{% else %}本机关的复查意见为：{{ 复查结论 }}{% endif %}。"
    )
    review_clause(doc, opinion="复查意见", request="复核")
    doc.signature()
    _copies(doc)


def reexamination(doc: OfficialDocument, config: Config) -> None:
    """复核意见书: the finding, its basis, and finality under 条例第三十六条."""
    heading_block(doc, "信访事项复核意见书")
    petitioner(doc)
    doc.body(
        f"{YOU}对{CASE}的复查意见不服，向本机关提出复核请求。本机关依照《信访工作条例》第三十六条的"
        "规定进行了复核，现将复核意见答复如下："
    )
    doc.heading("一、复核请求")
    doc.body(f"{YOU}请求撤销或者变更复查意见，主要诉求为：{{{{ 诉求|成句 }}}}")
    doc.heading("二、原处理和复查情况")
    doc.body(
        f"{ORIGINAL}{{% if 答复日期 %}}于{{{{ 答复日期 }}}}{{% endif %}}作出处理意见：{{{{ 处理意见|成句 }}}}"
        "{% if 复查结论 %}经复查，复查结论为“{{ 复查结论 }}”。{% endif %}"
    )
    doc.heading("三、复核意见")
    doc.body(
        '经复核，{% if 复核结论 == "维持" %}原处理意见和复查意见认定事实清楚，适用依据正确，处理恰当，'
        "本机关决定予以维持"
        '{% elif 复核结论 == "变更" %}复查意见认定事实或者适用依据不当，本机关决定予以变更'
        "{% else %}本机关的复核意见为：{{ 复核结论 }}{% endif %}。"
    )
    doc.body(
        "本复核意见为该信访事项的最终处理意见。根据《信访工作条例》第三十六条的规定，"
        f"{YOU}对本复核意见不服，仍然以同一事实和理由提出投诉请求的，信访部门和其他机关、单位不再受理。"
    )
    doc.signature()
    _copies(doc)
