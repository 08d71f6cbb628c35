"""Ranking units: vetoed units last, higher totals first, ties broken by the rules file's stated rules."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol


class UnitScore(Protocol):
    """What ranking reads of a unit's score (scoring.UnitScore provides it)."""

    vetoed: bool
    total: object
    lost: object
    cases: int
    people: int
    order: int
    rates: dict


_EXPLAIN = {
    "扣分少": "扣分少的居前",
    "件数少": "信访件数少的居前",
    "人次少": "信访人次少的居前",
    "名单顺序": "按参评单位名单的顺序",
}


@dataclass(frozen=True)
class Ranked:
    """A unit's place: its rank (tied units share one) and its score."""

    rank: int
    score: UnitScore


def rank(scores: Sequence[UnitScore], tie_break: Sequence[str]) -> list[Ranked]:
    """Units ordered best first: not vetoed before vetoed, then by total, then by each tie rule in turn.

    Units still equal after every rule share a rank (1, 1, 3); they keep the unit list's order.
    """
    keys = [_key(rule) for rule in tie_break if rule != "并列"]

    def standing(score: UnitScore) -> tuple:
        return (score.vetoed, -score.total, *(key(score) for key in keys))

    ordered = sorted(scores, key=lambda s: (standing(s), s.order))
    ranked: list[Ranked] = []
    for position, score in enumerate(ordered, 1):
        if ranked and standing(ranked[-1].score) == standing(score):
            ranked.append(Ranked(ranked[-1].rank, score))
        else:
            ranked.append(Ranked(position, score))
    return ranked


def explain(tie_break: Sequence[str]) -> str:
    """The tie rules in words, for the notice: 总分相同的，扣分少的居前；仍相同的，名次并列。"""
    parts = [_EXPLAIN.get(rule, f"{rule.removesuffix('高')}高的居前") for rule in tie_break if rule != "并列"]
    text = "总分相同的，" + "；仍相同的，".join(parts) if parts else "总分相同的，名次并列"
    if parts and tie_break[-1] != "名单顺序":
        text += "；仍相同的，名次并列"
    return text + "。"


def _key(rule: str) -> Callable[[UnitScore], object]:
    if rule == "扣分少":
        return lambda s: s.lost
    if rule == "件数少":
        return lambda s: s.cases
    if rule == "人次少":
        return lambda s: s.people
    if rule == "名单顺序":
        return lambda s: s.order
    name = rule.removesuffix("高")

    def higher_rate(score: UnitScore) -> Fraction:
        rate = score.rates.get(name)
        ratio = rate.ratio if rate is not None else None
        return -(ratio if ratio is not None else Fraction(1))  # nothing to count: no failure, as 100%

    return higher_rate
