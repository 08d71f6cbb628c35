"""The 考核通报 in GB/T 9704 layout: who was assessed, the ranked table, top and bottom units, requirements."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path

from docgen.assess.assessment import Assessment
from docgen.assess.points import fmt
from docgen.assess.ranking import Ranked, explain
from docgen.assess.rules import BONUS, VETO, Item, Rules
from docgen.config import Config
from docgen.ledger.store import Ledger
from docgen.official import OfficialDocument
from docgen.official.compact_table import CELL_MARGIN_MM, add_compact_table
from docgen.official.fonts import SIZES
from docgen.outputs.atomic import write_atomic
from docgen.values import to_text

DEFAULT_CLOSING = (
    "各单位要对照考核结果，逐件核对扣分所涉及的信访事项，认真查找工作中的薄弱环节，制定整改措施，"
    "切实提高信访事项按期办结率和群众满意率。"
)
KIND = "考核通报"  # its kind in the document-number ledger (某信通〔2025〕1号)
CLOSING_FORMULA = "特此通报。"
CHAR_MM = 3.7  # width of one character in 五号 type
BLOCK_MM = 156.0
_NUMERALS = "零一二三四五六七八九十"


def table_columns(rules: Rules) -> list[Item]:
    """The items shown as columns: every item but the vetoes (they have their own mark)."""
    return [i for i in rules.items if i.kind != VETO]


def table_rows(assessment: Assessment) -> tuple[list[str], list[list[str]]]:
    """The ranked table as text: 名次, 单位, each item, 总分 and, if the rules have a veto, 一票否决."""
    rules = assessment.rules
    items = table_columns(rules)
    scored = rules.table == "得分"
    header = ["名次", "单位"]
    header += [f"{i.name}（{fmt(i.points)}分）" if scored else i.name for i in items]
    header.append("总分")
    vetoes = bool(rules.of_kind(VETO))
    if vetoes:
        header.append("一票否决")
    rows = []
    for place in assessment.ranked:
        score = place.score
        row = [str(place.rank), score.unit]
        for item in items:
            change = score.change(item.name)
            if scored and item.kind != BONUS:
                row.append(fmt(item.points + change))
            else:
                row.append(fmt(change, sign=True))
        row.append(fmt(score.total))
        if vetoes:
            row.append("是" if score.vetoed else "")
        rows.append(row)
    figures = range(2, len(header) - (1 if vetoes else 0))
    return header, same_places(rows, figures)


def same_places(rows: list[list[str]], columns: Sequence[int]) -> list[list[str]]:
    """Each figure column printed to one precision, its finest: 0 / −2.7 / −3.33 → 0.00 / −2.70 / −3.33."""
    for column in columns:
        places = max((len(r[column].partition(".")[2]) for r in rows), default=0)
        if places:
            for row in rows:
                whole, _, part = row[column].partition(".")
                row[column] = f"{whole}.{part.ljust(places, '0')}"
    return rows


def build_notice(assessment: Assessment, *, organ: str, issued: dt.date, number: str = "") -> OfficialDocument:
    """The whole notice as an OfficialDocument (save it with `.save(path)` or `.to_bytes()`): the 版头 with
    the organ's mark and `number` (发文字号), the ranked table, 特此通报。, signature and 版记."""
    rules, settings = assessment.rules, assessment.rules.notice
    period = assessment.period_name
    title = settings.title or f"关于{period}{rules.name}结果的通报"
    doc = OfficialDocument("公文", organ=organ, organ_chars=len(organ))
    doc.set_properties(title, subject=f"{period}{rules.name}")
    doc.masthead(organ, number)
    doc.title(title)
    doc.blank()
    doc.addressee(settings.addressee)
    doc.body(_intro(assessment, organ, period))
    doc.heading("一、考核结果")
    doc.body(summary(assessment.ranked, settings.top, settings.bottom))
    header, rows = table_rows(assessment)
    size = SIZES["五号"] if len(header) > 7 else SIZES["小四"]
    widths = _widths(header, rows, size)
    broken = [_break(name, width, size) for name, width in zip(header, widths)]
    add_compact_table(doc.document, broken, rows, widths, size=size, left_columns=(1,))
    doc.body(_table_note(rules))
    doc.heading("二、有关要求")
    for paragraph in settings.closing or (DEFAULT_CLOSING,):
        doc.body(paragraph)
    doc.body(CLOSING_FORMULA)
    doc.signature(organ, to_text(issued))
    if settings.copies_to:
        doc.closing_block(copies_to=settings.copies_to, issuer=organ, issued=to_text(issued))
    else:
        doc.closing_block(issuer=organ, issued=to_text(issued))
    return doc


def write_notice(
    assessment: Assessment, output: Path, *, config: Config, register: Path, issued: dt.date, force: bool = False
) -> str:
    """Write the notice under a number from the ledger and record the file; returns the number.

    The number is kept per period and scheme: writing the same notice again reuses it.
    """
    key = f"{assessment.period_name}{assessment.rules.name}"
    with Ledger.for_config(config, register) as ledger:
        number = ledger.allocate(key, KIND, issued)
        data = build_notice(assessment, organ=config.organ.name, issued=issued, number=number).to_bytes()
        write_atomic(output, data, force=force)
        ledger.record_output(number, output, hashlib.sha256(data).hexdigest())
    return number


def summary(ranked: Sequence[Ranked], top: int, bottom: int) -> str:
    """The paragraph naming the best and worst units (with their totals) and the vetoed ones."""
    standing = [r for r in ranked if not r.score.vetoed]
    vetoed = [r for r in ranked if r.score.vetoed]
    parts = []
    best = [r for r in standing if r.rank <= top] if top else []
    if best and top == 1:
        parts.append(f"{_names(best)}{'并列' if len(best) > 1 else '位列'}第一名")
    elif best:
        parts.append(f"{_names(best)}位列前{_numeral(top)}名")
    if bottom and len(standing) > len(best):
        boundary = standing[max(0, len(standing) - bottom)].rank
        worst = [r for r in standing if r.rank >= boundary and r not in best]
        if worst:
            parts.append(f"{_names(worst)}排名靠后")
    text = "从考核结果看，" + "；".join(parts) if parts else "从考核结果看"
    if vetoed:
        reasons = "、".join(f"{r.score.unit}因{'、'.join(r.score.vetoes)}" for r in vetoed)
        text += f"。{reasons}被一票否决，排在最后"
    return text + "。"


def _intro(assessment: Assessment, organ: str, period: str) -> str:
    rules = assessment.rules
    start, end = assessment.period.start, assessment.period.end
    basis = f"根据{rules.basis}，" if rules.basis else ""
    return (
        f"{basis}{organ}对{len(assessment.ranked)}个单位{period}的信访工作进行了考核。考核以"
        f"{to_text(start)}至{to_text(end)}登记的信访事项为依据，办理情况统计截至{to_text(assessment.as_of)}。"
        "现将考核结果通报如下。"
    )


def _table_note(rules: Rules) -> str:
    shown = "各项为得分（括号内为该项分值）" if rules.table == "得分" else "各项负数为扣分、正数为加分"
    return (
        f"注：总分＝基础分{fmt(rules.base)}分－扣分＋加分，表中{shown}。{explain(rules.tie_break)}"
        "各单位每一项扣分所涉及的信访事项（信访编号、台账行号）见考核明细表。"
    )


def _widths(header: Sequence[str], rows: Sequence[Sequence[str]], size: float) -> list[float]:
    """Column widths in mm filling the text block: rank and veto narrow, the unit name as wide as it needs."""
    char = CHAR_MM * size / SIZES["五号"]
    longest = max((len(r[1]) for r in rows), default=4)
    unit = min(max(4, longest) * char + 3, 44.0)
    fixed = {0: 2.6 * char + 2, 1: unit}
    if header[-1] == "一票否决":
        fixed[len(header) - 1] = 2 * char + 2.5
    rest = (BLOCK_MM - sum(fixed.values())) / (len(header) - len(fixed))
    return [fixed.get(i, rest) for i in range(len(header))]


def _break(name: str, width_mm: float, size: float) -> str:
    """A header too long for its column broken near the middle, the longer half second: 进京 / 集体访."""
    # + 0.1: the body style sets characters slightly closer than their size
    fits = int((width_mm - 2 * CELL_MARGIN_MM) / (CHAR_MM * size / SIZES["五号"]) + 0.1)
    if len(name) <= fits or len(name) > 2 * fits or fits < 1:
        return name
    cut = max(len(name) // 2, len(name) - fits)
    return name[:cut] + "\n" + name[cut:]


def _names(places: Sequence[Ranked]) -> str:
    return "、".join(f"{p.score.unit}（{fmt(p.score.total)}分）" for p in places)


def _numeral(number: int) -> str:
    if number <= 10:
        return _NUMERALS[number]
    return str(number)
