"""Letters to the responsible unit, in the letter format: 转送交办函 and 督办函 (条例第二十二条)."""

from __future__ import annotations

from docgen.config import Config
from docgen.official.document import OfficialDocument
from docgen.official.phrases import NUMBER, PEOPLE, RECEIVED, contact

# The 60-day period of 条例第三十四条, by its own date: an extension granted later never moves it.
DUE = "{% if 原办理截止日期 %}于{{ 原办理截止日期 }}前{% else %}自受理之日起60日内{% endif %}"
EXTENDED = (
    '{% if 是否延期 == "是" and 办理截止日期 and 办理截止日期 != 原办理截止日期 %}'
    "，经批准延期至{{ 办理截止日期 }}{% endif %}"
)
UNIT = '{{ 责任单位|必填("责任单位", "函件须写明受函的责任单位") }}'


def _opening(doc: OfficialDocument, title: str) -> None:
    doc.number()
    doc.blank()
    doc.title(title)
    doc.blank()
    doc.addressee(f"{UNIT}：")


def assignment(doc: OfficialDocument, config: Config) -> None:
    """转送交办函: the petitioner, the summary, the deadline and what to report back, and whom to call."""
    _opening(doc, f"关于交办{PEOPLE}信访事项的函")
    doc.body(f"现将{PEOPLE}于{RECEIVED}提出的信访事项{NUMBER}交由你单位办理。")
    doc.body("信访人反映：{{ 反映问题|成句 }}信访人诉求：{{ 诉求|成句 }}")
    doc.tag('{%p if 是否集体访 == "是" %}')
    doc.body(
        "该信访事项属集体访{% if 包案领导 %}，由{{ 包案领导 }}包案{% endif %}，请高度重视，妥善处置，防止矛盾激化。"
    )
    doc.tag("{%p endif %}")
    doc.body(
        "根据《信访工作条例》第二十二条的规定，请你单位依法调查核实，"
        f"{DUE}办结，并向信访人出具书面处理意见。办结后，请将办理结果报告连同处理意见书、"
        "送达回证（信访人签收）复印件一并报送本机关。"
    )
    contact(doc)
    doc.signature()


def supervision(doc: OfficialDocument, config: Config) -> None:
    """督办函: the original assignment, the ground, the new deadline and the written report required."""
    _opening(doc, f"关于督促办理{PEOPLE}信访事项的函")
    doc.body(
        "{% if 交办日期 %}{{ 交办日期 }}，{% endif %}本机关{% if 交办文号 %}以{{ 交办文号 }}{% endif %}将"
        f"{PEOPLE}反映“{{{{ 反映问题 }}}}”的信访事项{NUMBER}交由你单位办理，要求{DUE}办结{EXTENDED}，"
        "并报告办理结果。"
    )
    doc.tag('{%p if 办理状态 == "已超期" %}')
    doc.body("截至{{ 成文日期 }}，该信访事项已超过规定的办理期限，你单位仍未办结并报告办理结果。")
    doc.tag('{%p elif 办理状态 == "超期办结" %}')
    doc.body("该信访事项虽已办结，但超过了规定的办理期限，且未按要求报告办理结果。")
    doc.tag("{%p else %}")
    doc.body("截至{{ 成文日期 }}，你单位尚未报告该信访事项的办理进展和结果。")
    doc.tag("{%p endif %}")
    doc.body(
        "根据《信访工作条例》的有关规定，现予督办。请你单位高度重视，认真查明情况，依法依规处理，"
        f"自收到本函之日起{config.rules.supervision_reply_days}日内将办理情况和结果书面报告本机关；"
        "不能按期办结的，应当书面说明理由。对推诿、敷衍、拖延或者不执行处理意见的，本机关将依照"
        "《信访工作条例》的有关规定，提出改进工作或者追究责任的建议。"
    )
    contact(doc)
    doc.signature()
