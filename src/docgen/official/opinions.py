"""Opinions on the merits: 处理意见书, 复查意见书, 复核意见书 (条例第三十五、三十六条).

Each comes from its own organ of the chain: the 处理意见书 from the organ that handled the case, the
复查意见书 from the next-higher organ (复查机关), the 复核意见书 from the organ above that (复核机关);
each relief clause names the next one. A row without the data a legal statement needs is refused.
"""

from __future__ import annotations

from docgen.config import Config
from docgen.official.document import OfficialDocument
from docgen.official.phrases import (
    CASE,
    HANDLER,
    RECEIVED,
    REEXAMINER,
    REVIEWER,
    SET_HANDLER,
    YOU,
    heading_block,
    petitioner,
    relief_clause,
)

ORIGINAL = f"{{{{ {HANDLER} }}}}"
REPLIED = '{{ 答复日期|必填("答复日期", "须写明原处理意见的答复日期") }}'
SET_REVIEWER = f"{{% set 复查机关名 = {REVIEWER[3:-3]} %}}"
SET_REEXAMINER = f"{{% set 复核机关名 = {REEXAMINER[3:-3]} %}}"
NOT_SAME_REVIEWER = (
    "{% if 复查机关名 == 处理机关 %}"
    '{{ 不能生成("复查机关", "复查机关与办理机关相同：复查应由办理机关的上一级机关作出") }}{% endif %}'
)
NOT_SAME_REEXAMINER = (
    "{% if 复核机关名 == 复查机关名 %}"
    '{{ 不能生成("复核机关", "复核机关与复查机关相同：复核应由复查机关的上一级机关作出") }}{% endif %}'
)
DECISIONS = {
    "予以支持": f"本机关对{YOU}的信访请求予以支持",
    "不予支持": f"本机关对{YOU}的信访请求不予支持",
    "解释说明": f"本机关已就{YOU}的信访请求作出解释说明",
}


def _decision(field: str, cases: dict[str, str], allowed: str) -> str:
    """An if/elif chain over the register's finding; any other value refuses the row."""
    branches = [f'{{% {"elif" if i else "if"} {field} == "{v}" %}}{text}' for i, (v, text) in enumerate(cases.items())]
    chain = "".join(branches)
    refuse = f'{{{{ {field}|必填("{field}") }}}}{{{{ 不能生成("{field}", "{field}应为{allowed}之一") }}}}'
    return chain + f"{{% else %}}{refuse}{{% endif %}}"


def reply(doc: OfficialDocument, config: Config) -> None:
    """处理意见书: request, facts and reasons, decision with its legal basis, and the 复查 clause."""
    heading_block(doc, "信访事项处理意见书", organ=ORIGINAL, prelude=SET_HANDLER + SET_REVIEWER + NOT_SAME_REVIEWER)
    petitioner(doc)
    doc.body(
        f"{YOU}于{RECEIVED}反映{CASE}，本机关{{% if 受理日期 %}}于{{{{ 受理日期 }}}}{{% endif %}}依法受理，"
        "并进行了调查核实。根据《信访工作条例》的规定，现将处理意见答复如下："
    )
    doc.heading("一、信访请求")
    doc.body(f"{YOU}请求：{{{{ 诉求|成句 }}}}")
    doc.heading("二、调查核实的事实和理由")
    doc.body('{{ 处理意见|必填("处理意见", "处理意见书须写明调查核实的事实和理由")|成句 }}')
    doc.heading("三、处理意见及依据")
    doc.body(
        "{% if 法律依据 %}根据{{ 法律依据 }}，{% endif %}"
        + _decision("处理结论", DECISIONS, "予以支持、解释说明、不予支持")
        + "。"
    )
    relief_clause(doc, opinion="处理意见", request="复查", organ="{{ 复查机关名 }}")
    doc.signature(organ=ORIGINAL)
    doc.closing_block(
        copies_to="{{ 发文机关 }}", condition="处理机关 != 发文机关", issuer=ORIGINAL, issued="{{ 成文日期 }}"
    )


def review(doc: OfficialDocument, config: Config) -> None:
    """复查意见书: what was reviewed, the finding (维持/变更/责令重新办理), and the next step."""
    heading_block(
        doc,
        "信访事项复查意见书",
        organ="{{ 复查机关名 }}",
        prelude=SET_HANDLER + SET_REVIEWER + NOT_SAME_REVIEWER,
    )
    petitioner(doc)
    doc.body(
        f"{YOU}不服{ORIGINAL}于{REPLIED}就{CASE}作出的处理意见，"
        "{% if 复查申请日期 %}于{{ 复查申请日期 }}{% endif %}向本机关提出复查请求。本机关依照《信访工作条例》"
        "第三十五条的规定进行了复查，现将复查意见答复如下："
    )
    doc.heading("一、复查请求")
    doc.body(f"{YOU}请求撤销或者变更原处理意见，主要诉求为：{{{{ 诉求|成句 }}}}")
    doc.heading("二、原处理意见")
    doc.body(f"{ORIGINAL}作出的处理意见为：{{{{ 处理意见|成句 }}}}处理结论为“{{{{ 处理结论 }}}}”。")
    doc.heading("三、复查意见")
    changed = '{{ 复查意见|必填("复查意见", "复查结论为变更的，须写明变更后的处理意见")|成句 }}'
    doc.body(
        "经复查，"
        + _decision(
            "复查结论",
            {
                "维持": "原处理意见认定事实清楚，适用依据正确，处理恰当，本机关决定予以维持。"
                "{% if 复查意见 %}{{ 复查意见|成句 }}{% endif %}",
                "变更": f"原处理意见认定事实或者适用依据不当，本机关决定予以变更，变更为：{changed}",
                "责令重新办理": f"原处理意见认定事实不清或者处理不当，本机关决定责令{ORIGINAL}重新办理。"
                f"{ORIGINAL}应当重新调查核实，另行作出处理意见并书面答复{YOU}。"
                "{% if 复查意见 %}{{ 复查意见|成句 }}{% endif %}",
            },
            "维持、变更、责令重新办理",
        )
    )
    doc.tag('{%p if 复查结论 == "责令重新办理" %}')
    doc.body(f"如{YOU}对{ORIGINAL}重新作出的处理意见不服，可以自收到该处理意见之日起30日内，向本机关书面提出复查请求。")
    doc.tag("{%p else %}")
    relief_clause(doc, opinion="复查意见", request="复核", organ=REEXAMINER)
    doc.tag("{%p endif %}")
    doc.signature(organ="{{ 复查机关名 }}")
    doc.closing_block(
        copies_to=f"{ORIGINAL}{{% if 发文机关 not in (处理机关, 复查机关名) %}}、{{{{ 发文机关 }}}}{{% endif %}}",
        issuer="{{ 复查机关名 }}",
        issued="{{ 成文日期 }}",
    )


def reexamination(doc: OfficialDocument, config: Config) -> None:
    """复核意见书: the finding, its basis, and finality under 条例第三十六条."""
    heading_block(
        doc,
        "信访事项复核意见书",
        organ="{{ 复核机关名 }}",
        prelude=SET_HANDLER
        + SET_REVIEWER
        + SET_REEXAMINER
        + NOT_SAME_REEXAMINER
        + '{% if 复查结论 == "责令重新办理" %}{{ 不能生成("复查结论", "复查结论为责令重新办理的，'
        '应由原办理机关重新办理并答复，不进入复核") }}{% endif %}',
    )
    petitioner(doc)
    doc.body(
        f"{YOU}不服{{{{ 复查机关名 }}}}就{CASE}作出的复查意见，"
        "{% if 复核申请日期 %}于{{ 复核申请日期 }}{% endif %}向本机关提出复核请求。本机关依照《信访工作条例》"
        "第三十六条的规定进行了复核，现将复核意见答复如下："
    )
    doc.heading("一、复核请求")
    doc.body(f"{YOU}请求撤销或者变更复查意见，主要诉求为：{{{{ 诉求|成句 }}}}")
    doc.heading("二、原处理和复查情况")
    doc.body(
        f"{ORIGINAL}于{REPLIED}作出处理意见，处理结论为“{{{{ 处理结论 }}}}”。"
        '{{ 复查机关名 }}于{{ 复查日期|必填("复查日期", "须写明复查意见的作出日期") }}作出复查意见，'
        '复查结论为“{{ 复查结论|必填("复查结论") }}”'
        '{% if 复查结论 == "变更" and 复查意见 %}，变更为：{{ 复查意见|成句 }}{% else %}。{% endif %}'
    )
    doc.heading("三、复核意见")
    changed = '{{ 复核意见|必填("复核意见", "复核结论为变更的，须写明变更后的意见")|成句 }}'
    doc.body(
        "经复核，"
        + _decision(
            "复核结论",
            {
                "维持": "复查意见认定事实清楚，适用依据正确，处理恰当，本机关决定予以维持。"
                "{% if 复核意见 %}{{ 复核意见|成句 }}{% endif %}",
                "变更": f"复查意见认定事实或者适用依据不当，本机关决定予以变更，变更为：{changed}",
            },
            "维持、变更",
        )
    )
    doc.body(
        "本复核意见为该信访事项的最终处理意见。根据《信访工作条例》第三十六条的规定，"
        f"{YOU}对本复核意见不服，仍然以同一事实和理由提出投诉请求的，信访部门和其他机关、单位不再受理。"
    )
    doc.signature(organ="{{ 复核机关名 }}")
    doc.closing_block(copies_to=f"{{{{ 复查机关名 }}}}、{ORIGINAL}", issuer="{{ 复核机关名 }}", issued="{{ 成文日期 }}")
