"""Each rules-file item in one plain Chinese sentence, for the workbook and the docs."""

from __future__ import annotations

from decimal import Decimal

from docgen.assess.points import fmt
from docgen.assess.rules import BONUS, OVER_QUOTA, PER_EVENT, RATE, VETO, Item


def describe(item: Item) -> str:
    """The item's rule in one sentence, for the rules sheet."""
    what = item.when.describe() if item.when is not None else "所有信访事项"
    cap = f"，扣完 {fmt(item.points)} 分为止"
    if item.kind == PER_EVENT:
        return f"{what}的，{_each(item.per_case, item.per_person, '扣')}{cap}"
    if item.kind == OVER_QUOTA:
        quota = f"{item.quota_batches} 批" + (f"、{item.quota_people} 人次" if item.quota_people is not None else "")
        costs = "、".join(
            text
            for amount, text in (
                (item.per_batch, f"每批次扣 {fmt(item.per_batch)} 分"),
                (item.per_person, f"每人次扣 {fmt(item.per_person)} 分"),
            )
            if amount
        )
        return f"{what}的，每个单位限 {quota}（按登记日期先后计），超出的{costs}{cap}"
    if item.kind == RATE:
        scope = f"（只计{what}的事项）" if item.when is not None else ""
        empty = "没有可计算的事项时得满分" if item.empty == "满分" else "没有可计算的事项时得零分"
        if item.target is None:
            return f"得分 = {item.rate} × {fmt(item.points)}{scope}；{empty}"
        return (
            f"{item.rate}低于 {fmt(item.target)}% 的，每低 1 个百分点扣 {fmt(item.per_point)} 分{scope}{cap}；{empty}"
        )
    if item.kind == VETO:
        return f"发生{what}的信访事项 {item.at_least} 件及以上的，一票否决，排在最后"
    if item.ranks:
        ranks = "、".join(f"第 {n} 名加 {fmt(p)} 分" for n, p in enumerate(item.ranks, 1))
        return f"按加分前得分排名（被否决的单位不参加）：{ranks}；并列的同享该名次加分"
    if item.absent:
        return f"期间内没有{what}的信访事项的，加 {fmt(item.points)} 分"
    assert item.kind == BONUS
    return f"{what}的，{_each(item.per_case, item.per_person, '加')}，最多加 {fmt(item.points)} 分"


def _each(per_case: Decimal, per_person: Decimal, verb: str) -> str:
    parts = [f"每件{verb} {fmt(per_case)} 分"] if per_case else []
    if per_person:
        parts.append(f"每人次{verb} {fmt(per_person)} 分")
    return "、".join(parts)
