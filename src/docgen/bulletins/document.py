"""The two bulletins as GB/T 9704 documents: 督查通报 (units ranked, overdue cases) and 包案通报 (by leader)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from docgen.bulletins.figures import OverdueCase, Supervision, UnitFigures
from docgen.bulletins.ownership import LATE, OwnedCase, Ownership
from docgen.official import OfficialDocument
from docgen.official.compact_table import add_compact_table
from docgen.official.fonts import SIZES
from docgen.render.filters import mask
from docgen.values import to_text

MISSING = "（台账无此项）"
UNIT_HEADER = [
    "名次",
    "单位",
    "本期\n收件",
    "已办结",
    "按期\n办结",
    "按期办\n结率",
    "在办",
    "超期",
    "最长超\n期（日）",
    "督办函",
]
UNIT_WIDTHS = [10.0, 36.0, 12.0, 12.0, 12.0, 18.0, 11.0, 11.0, 17.0, 13.0]
OVERDUE_HEADER = ["序号", "信访编号", "信访人", "问题类别", "责任单位", "办理截止日期", "超期天数"]
OVERDUE_WIDTHS = [10.0, 25.0, 14.0, 18.0, 36.0, 33.0, 20.0]
# The per-leader table: (header, width in mm, the register role that must exist for the column to show).
LEADER_COLUMNS = (
    ("信访编号", 26.0, ""),
    ("信访人", 14.0, ""),
    ("办案单位", 26.0, "办案单位"),
    ("办案人员", 16.0, "办案人员"),
    ("定办结时间", 25.0, "定办结时间"),
    ("状态", 14.0, ""),
    ("剩余天数", 14.0, "定办结时间"),
    ("最新进展", 30.0, "最新进展"),
)
_NUMERALS = "一二三四五六七八九十"


def supervision_document(
    figures: Supervision, *, organ: str, issued: dt.date, number: str = "", copies_to: str = "", addressee: str
) -> OfficialDocument:
    """关于××信访事项办理情况的通报: totals, the ranked table with 合计, praise, criticism, the overdue cases."""
    label = figures.period.label
    title = f"关于{label}\n信访事项办理情况的通报"
    doc = _opening(title, organ=organ, number=number, addressee=addressee, subject=f"{label}督查通报")
    doc.body(
        f"为压实信访工作责任，推动信访事项及时就地解决，{organ}对各单位{label}信访事项办理情况进行了督查，"
        f"办理情况统计截至{to_text(figures.as_of)}。现将有关情况通报如下。"
    )
    headings = iter(_NUMERALS)
    doc.heading(f"{next(headings)}、总体情况")
    doc.body(overview(figures))
    rows = [unit_row(u) for u in figures.units] + [unit_row(figures.totals(), total=True)]
    add_compact_table(doc.document, UNIT_HEADER, rows, UNIT_WIDTHS, size=SIZES["五号"], left_columns=(1,))
    doc.body(
        "注：本期收件为登记日期在本期内的信访事项；按期办结率为其中按期办结的件数占已办结和已过办理期限件数的比例，"
        "尚未到期的不计；在办、超期为截至统计日仍在办理的全部事项；督办函为发文登记簿中对该单位事项发出的督办函件数。"
        "各数字对应的信访编号和台账行号见统计明细表。"
    )
    doc.heading(f"{next(headings)}、通报表扬")
    doc.body(praise(figures.praised, figures))
    doc.heading(f"{next(headings)}、通报批评")
    doc.body(criticism(figures.criticised))
    overdue = figures.overdue
    doc.heading(f"{next(headings)}、超期未办结信访事项")
    if overdue:
        doc.body(f"截至{to_text(figures.as_of)}，超过办理期限仍未办结的信访事项共{len(overdue)}件，列表如下：")
        rows = [
            [
                str(i),
                c.number,
                mask(c.petitioner) or "—",
                c.category or "—",
                c.unit,
                to_text(c.deadline),
                str(c.late_days),
            ]
            for i, c in enumerate(overdue, 1)
        ]
        add_compact_table(doc.document, OVERDUE_HEADER, rows, OVERDUE_WIDTHS, size=SIZES["五号"], left_columns=(4,))
    else:
        doc.body(f"截至{to_text(figures.as_of)}，没有超过办理期限仍未办结的信访事项。")
    doc.heading(f"{next(headings)}、有关要求")
    doc.body(
        "各单位要对照通报情况，逐件核查在办信访事项，对超期事项落实专人限期办结，并将办理结果及时报送"
        f"{organ}。被通报批评的单位要认真分析原因，切实整改。"
    )
    doc.body("特此通报。")
    _closing(doc, organ, issued, copies_to)
    return doc


def ownership_document(
    figures: Ownership,
    *,
    label: str,
    organ: str,
    issued: dt.date,
    number: str = "",
    copies_to: str = "",
    addressee: str,
) -> OfficialDocument:
    """关于××领导包案化解信访事项情况的通报: totals, the cases past their set date first, then each leader."""
    title = f"关于{label}\n领导包案化解信访事项情况的通报"
    doc = _opening(title, organ=organ, number=number, addressee=addressee, subject=f"{label}包案通报")
    total = figures.total
    doc.body(
        f"按照领导包案工作要求，{organ}对领导包案信访事项的化解情况进行了督查，情况统计截至"
        f"{to_text(figures.as_of)}。现将有关情况通报如下。"
    )
    doc.heading("一、总体情况")
    late = figures.late
    doc.body(
        f"领导包案信访事项共{total.total}件，已化解{total.hits}件，化解率{total.text()}；"
        + (f"超过定办结时间仍未化解{len(late)}件。" if late else "没有超过定办结时间仍未化解的事项。")
    )
    missing = [role for role, column in figures.columns.items() if not column and role != "化解情况"]
    if missing:
        doc.body(f"台账中没有{'、'.join(missing)}列，表中不列这些栏目。")
    doc.heading("二、超过定办结时间仍未化解的事项")
    if late:
        leader_of = {c.row: leader.name for leader in figures.leaders for c in leader.cases}
        _case_table(doc, figures, late, leader_of)
    else:
        doc.body("无。")
    doc.heading("三、各包案领导化解情况")
    for index, leader in enumerate(figures.leaders):
        rate = leader.rate
        doc.heading(
            f"（{_NUMERALS[index] if index < 10 else index + 1}）{leader.name}：包案{rate.total}件，"
            f"化解{rate.hits}件，化解率{rate.text()}",
            level=2,
        )
        _case_table(doc, figures, leader.cases)
    if figures.without_leader:
        doc.body(f"另有{figures.without_leader}件信访事项未明确包案领导，不在本通报范围内。")
    doc.heading("四、有关要求")
    doc.body(
        "各包案领导要按照“包接待、包处理、包督查、包责任追究、包交账”的要求，对超过定办结时间的事项亲自研究、"
        "限期化解；各办案单位要定期向包案领导报告办理进展。"
    )
    doc.body("特此通报。")
    _closing(doc, organ, issued, copies_to)
    return doc


def overview(figures: Supervision) -> str:
    """The totals paragraph; every figure is the 合计 row's."""
    total = figures.totals()
    text = (
        f"{figures.period.label}，各单位共登记信访事项{len(total.received)}件，已办结{len(total.closed)}件，"
        f"其中按期办结{len(total.on_time)}件，按期办结率{total.rate.text()}。截至{to_text(figures.as_of)}，"
        f"仍在办理{len(total.open)}件，其中超过办理期限{len(total.overdue)}件。"
    )
    if figures.unassigned:
        text += f"另有{len(figures.unassigned)}件尚未明确责任单位，请信访部门及时交办。"
    return text


def praise(units: Sequence[UnitFigures], figures: Supervision) -> str:
    if not units:
        return "本期没有达到表扬条件的单位。"
    names = "、".join(u.unit for u in units)
    return f"{names}{figures.period.label}信访事项按期办结率高、无超期事项，予以通报表扬。"


def criticism(units: Sequence[UnitFigures]) -> str:
    if not units:
        return "本期没有需要通报批评的单位。"
    parts = "；".join(f"{u.unit}（{'，'.join(u.criticised)}）" for u in units)
    return f"{parts}，予以通报批评，请于收到本通报之日起十日内将整改情况书面报告。"


def unit_row(unit: UnitFigures, *, total: bool = False) -> list[str]:
    return [
        "" if total else str(unit.rank),
        unit.unit,
        str(len(unit.received)),
        str(len(unit.closed)),
        str(len(unit.on_time)),
        unit.rate.text(),
        str(len(unit.open)),
        str(len(unit.overdue)),
        str(unit.longest) if unit.overdue else "—",
        str(len(unit.reminders)),
    ]


def overdue_row(index: int, case: OverdueCase) -> list[str]:
    masked = mask(case.petitioner) or "—"
    return [
        str(index),
        case.number,
        masked,
        case.category or "—",
        case.unit,
        to_text(case.deadline),
        str(case.late_days),
    ]


def leader_row(case: OwnedCase, figures: Ownership) -> list[str]:
    days = "" if case.days_left is None else str(case.days_left)
    return [
        case.number,
        mask(case.petitioner) or "—",
        _or_missing(case.unit, figures, "办案单位"),
        _or_missing(case.handler, figures, "办案人员"),
        to_text(case.set_date) if case.set_date else _or_missing("", figures, "定办结时间"),
        case.state,
        days if case.state == LATE or case.days_left is not None else "—",
        _or_missing(case.progress, figures, "最新进展"),
    ]


def _case_table(
    doc: OfficialDocument, figures: Ownership, cases: Sequence[OwnedCase], leaders: dict[int, str] | None = None
) -> None:
    """The cases as a table of the columns the register has; with `leaders`, a 包案领导 column first."""
    shown = [i for i, (_, _, role) in enumerate(LEADER_COLUMNS) if not role or figures.columns.get(role)]
    header = [LEADER_COLUMNS[i][0] for i in shown]
    widths = [LEADER_COLUMNS[i][1] for i in shown]
    rows = [[row[i] for i in shown] for row in (leader_row(c, figures) for c in cases)]
    if leaders is not None:
        header, widths = ["包案领导", *header], [16.0, *widths]
        rows = [[leaders[c.row], *row] for c, row in zip(cases, rows)]
    left = [k for k, name in enumerate(header) if name in ("办案单位", "最新进展")]
    scale = 156.0 / sum(widths)
    add_compact_table(doc.document, header, rows, [w * scale for w in widths], size=SIZES["五号"], left_columns=left)


def _or_missing(text: str, figures: Ownership, role: str) -> str:
    if not figures.columns.get(role):
        return MISSING
    return text or "—"


def _opening(title: str, *, organ: str, number: str, addressee: str, subject: str) -> OfficialDocument:
    doc = OfficialDocument("公文", organ=organ, organ_chars=len(organ))
    doc.set_properties(title.replace("\n", ""), subject=subject)
    doc.masthead(organ, number)  # 版头: red organ mark, 发文字号, red rule
    doc.title(title)
    doc.blank()
    doc.addressee(addressee.rstrip("：:") + "：")
    return doc


def _closing(doc: OfficialDocument, organ: str, issued: dt.date, copies_to: str) -> None:
    doc.signature(organ, to_text(issued))
    doc.closing_block(copies_to=copies_to.rstrip("。") or None, issuer=organ, issued=to_text(issued))
