"""Sections 一、基本情况 and 二、主要特点 in plain official Chinese, written from the figures alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docgen.petition.periods import Period
from docgen.reports import figures as fg
from docgen.reports.analysis import MISSING, RATE_COLUMNS, Analysis, PeriodFigures
from docgen.reports.compare import Change, change, percent_text, share

RATE_NAMES = ("按期受理率", "按期办结率", "满意率")


@dataclass(frozen=True)
class Feature:
    """One point of 二、主要特点: a heading such as （一）信访总量同比下降 and its paragraph."""

    key: str
    title: str
    text: str


@dataclass(frozen=True)
class Prose:
    """The generated text: named paragraphs of 一、基本情况 and the points of 二、主要特点, in order."""

    overview: dict[str, str]
    features: list[Feature]


def this_period(period: Period) -> str:
    """本月, 本季度, 上半年/下半年, 全年 or 本期."""
    if period.kind == "half":
        return "上半年" if period.start.month == 1 else "下半年"
    return {"month": "本月", "quarter": "本季度", "year": "全年"}.get(period.kind, "本期")


def chinese_day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def pct(part: int, whole: int) -> str:
    """part as a share of whole: 25.0% (— for a whole of 0)."""
    return percent_text(share(part, whole))


def listing(items: Sequence[str]) -> str:
    """A、B和C."""
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + "和" + items[-1]


def write(analysis: Analysis) -> Prose:
    """Every paragraph docgen writes for `analysis`."""
    a = analysis
    overview = {
        "总体": _overall(a),
        "形式": _channels(a),
        "层级": _levels(a),
        "办理": _handling(a),
    }
    features = [
        Feature("总量", *_feature_total(a)),
        Feature("问题", *_feature_categories(a)),
        Feature("区域", *_feature_areas(a)),
        Feature("赴省进京", *_feature_levels(a)),
        Feature("重复", *_feature_repeat(a)),
        Feature("质效", *_feature_quality(a)),
    ]
    numbered = [Feature(f.key, f"（{'一二三四五六七八九十'[i]}）{f.title}", f.text) for i, f in enumerate(features)]
    return Prose({k: v for k, v in overview.items() if v}, numbered)


# -- comparisons ---------------------------------------------------------------------------
def changes(a: Analysis, value: Callable[[PeriodFigures], int | None], *, points: bool = False) -> list[Change]:
    """[同比, 环比] of one figure (环比 left out for a year, where it would repeat 同比)."""
    current = value(a.current)
    found = [change(current, value(a.year_before) if a.year_before else None, points=points)]
    if a.compares_previous:
        found.append(change(current, value(a.previous) if a.previous else None, points=points))
    return found


def change_phrase(found: Sequence[Change]) -> str:
    """，同比下降12.3%，环比上升5.0% (，同比、环比均持平) — unknown changes left out; "" when none is known."""
    phrases = [c.phrase(label) for c, label in zip(found, ("同比", "环比"))]
    if len(phrases) == 2 and all(p.endswith("持平") and "基本" not in p for p in phrases):
        return "，同比、环比均持平"
    return "".join("，" + p for p in phrases if p)


def rate_value(name: str) -> Callable[[PeriodFigures], object]:
    return lambda f: f.rates[name].percent()


# -- 一、基本情况 --------------------------------------------------------------------------
def _overall(a: Analysis) -> str:
    total = a.current.total
    if not total.cases:
        return f"{a.period.label}，未登记信访事项。"
    phrase = change_phrase(changes(a, lambda f: f.total.cases))
    return f"{a.period.label}，共登记信访事项{total.cases}件、{total.people}人次{phrase}。"


def _channels(a: Analysis) -> str:
    groups = [g for g in a.current.channels if g.cases]
    if not groups or "信访形式" not in a.columns:
        return ""
    total = a.current.total.cases
    parts = [f"{g.name}{g.cases}件，占{pct(g.cases, total)}" for g in groups]
    return "从信访形式看，" + "；".join(parts) + "。"


def _levels(a: Analysis) -> str:
    f = a.current
    if not f.total.cases:
        return ""
    sentences = []
    if "上访层级" in a.columns:
        parts = [f"{g.name}{g.cases}件" for g in f.levels if g.cases]
        text = "从上访层级看，" + "，".join(parts)
        if f.higher.cases:
            text += f"；赴省、进京合计{f.higher.cases}件，占{pct(f.higher.cases, f.total.cases)}"
        sentences.append(text + "。")
    if a.lacks("人数"):
        sentences.append(f"集体访情况{MISSING}。")
    elif f.collective.cases:
        sentences.append(f"发生集体访{f.collective.cases}批、{f.collective.people}人次。")
    else:
        sentences.append(f"{this_period(a.period)}未发生集体访。")
    return "".join(sentences)


def _rates_sentence(a: Analysis) -> str:
    parts = []
    for name in known_rates(a):
        rate = a.current.rates[name]
        if rate.total:
            phrase = change_phrase(changes(a, rate_value(name), points=True))
            parts.append(f"{name}{rate.text()}{phrase}")
    return "；".join(parts)


def known_rates(a: Analysis) -> list[str]:
    """The rates the register has the columns for."""
    return [name for name in RATE_NAMES if not a.lacks(RATE_COLUMNS[name])]


def _handling(a: Analysis) -> str:
    f, day = a.current, chinese_day(a.as_of or a.period.end)
    text = ""
    if a.lacks("办结日期"):
        rates = "".join(f"，{n}{f.rates[n].text()}" for n in known_rates(a) if f.rates[n].total)
        return f"{this_period(a.period)}登记的信访事项的办结情况{MISSING}{rates}。" if f.total.cases else ""
    if f.total.cases:
        rates = "".join(f"，{n}{f.rates[n].text()}" for n in known_rates(a) if f.rates[n].total)
        text = f"截至{day}，{this_period(a.period)}登记的信访事项已办结{f.closed}件{rates}。"
    lead = "" if text else f"截至{day}，"
    if f.backlog.open:
        late = f"其中已超期{f.backlog.overdue}件" if f.backlog.overdue else "均未超期"
        text += f"{lead}台账中尚未办结的信访事项共{f.backlog.open}件，{late}。"
    else:
        text += f"{lead}台账中的信访事项均已办结。"
    return text


# -- 二、主要特点 --------------------------------------------------------------------------
def _direction(found: Sequence[Change], subject: str) -> str:
    """信访总量同比下降 / 环比上升 / 与去年同期持平 — from the first known change."""
    for item, label in zip(found, ("同比", "环比")):
        if item.known:
            words = item.words()
            if words.endswith("持平"):
                return f"{subject}与{'去年同期' if label == '同比' else '上期'}{words}"
            return f"{subject}{label}{words[:2]}"
    return f"{subject}情况"


def _feature_total(a: Analysis) -> tuple[str, str]:
    f = a.current
    found = changes(a, lambda x: x.total.cases)
    title = _direction(found, "信访总量")
    if not f.total.cases:
        return title, f"{this_period(a.period)}未登记信访事项。"
    text = f"{this_period(a.period)}共登记信访事项{f.total.cases}件{change_phrase(found)}"
    people = changes(a, lambda x: x.total.people)
    if any(c.known for c in people):
        text += f"；共{f.total.people}人次{change_phrase(people)}"
    text += "。" + _months(f)
    return title, text


def _months(f: PeriodFigures) -> str:
    """分月看，7月6件、8月9件、9月14件，9月最多。 — a longer period names only its highest and lowest months."""
    months = f.months
    if len(months) < 2:
        return ""
    peak = max(n for _, n in months)
    tops = [m for m, n in months if n == peak]
    if len(months) <= 6:
        parts = "、".join(f"{m.month}月{n}件" for m, n in months)
        tail = f"，{tops[0].month}月最多" if len(tops) == 1 and peak else ""
        return f"分月看，{parts}{tail}。"
    low = min(n for _, n in months)
    lows = [m for m, n in months if n == low]
    sentences = []
    if peak and len(tops) <= 3:
        sentences.append(f"{_month_names(tops, months)}最多（{'各' if len(tops) > 1 else ''}{peak}件）")
    if low < peak and len(lows) <= 3:
        words = "无登记" if not low else f"最少（{'各' if len(lows) > 1 else ''}{low}件）"
        sentences.append(f"{_month_names(lows, months)}{words}")
    elif low < peak and not low:
        sentences.append(f"有{len(lows)}个月无登记")
    return "分月看，" + "，".join(sentences) + "。" if sentences else ""


def _month_names(days: Sequence[dt.date], months: Sequence[tuple[dt.date, int]]) -> str:
    years = {m.year for m, _ in months}
    return "、".join(f"{d.year}年{d.month}月" if len(years) > 1 else f"{d.month}月" for d in days)


def _feature_categories(a: Analysis) -> tuple[str, str]:
    f = a.current
    groups = [g for g in f.categories if g.cases and g.name != fg.UNFILLED][:3]
    if not groups:
        empty = "未登记信访事项" if not f.total.cases else "登记的信访事项未填写问题类别"
        return "反映问题情况", f"{this_period(a.period)}{empty}。"
    names = [g.name for g in groups]
    title = f"反映问题主要集中在{listing(names)}{'等' if len(f.categories) > len(groups) else ''}方面"
    total = f.total.cases
    parts = [f"{g.name}{g.cases}件（占{pct(g.cases, total)}）" for g in groups]
    text = "从问题类别看，反映较多的依次是" + "、".join(parts)
    if len(groups) > 1:
        text += f"，合计占{pct(sum(g.cases for g in groups), total)}"
    text += "。"
    if a.year_before is not None:
        rises = [(g.cases - _cases(a.year_before, "categories", g.name), g.name) for g in f.categories]
        rises = [r for r in rises if r[0] > 0 and r[1] != fg.UNFILLED]
        if rises:
            most, name = max(rises, key=lambda r: r[0])
            text += f"与去年同期相比，{name}类增加最多，增加{most}件。"
    return title, text


def _cases(figures: PeriodFigures, kind: str, name: str) -> int:
    group = figures.group(kind, name)
    return group.cases if group else 0


def _feature_areas(a: Analysis) -> tuple[str, str]:
    f = a.current
    if not f.total.cases:
        return "区域和单位分布情况", f"{this_period(a.period)}未登记信访事项。"
    areas = [g for g in f.areas if g.cases and g.name != fg.UNFILLED][:3]
    units = [u for u in f.units if u.cases and u.name != fg.UNFILLED][:3]
    if not areas and not units:
        return "区域和单位分布情况", "台账未填写所属地区和责任单位，无法分区域、分单位统计。"
    sentences, title = [], ""
    if areas:
        names = [g.name for g in areas]
        title = f"{listing(names)}{'等地' if len(areas) > 1 else ''}信访量较大"
        counts = "、".join(f"{g.name}{g.cases}件" for g in areas)
        rank = f"，居前{'一两三'[len(areas) - 1]}位" if len(areas) > 1 else ""
        sentences.append(f"从所属地区看，{counts}{rank}")
        if len(areas) > 1:
            sentences[-1] += f"，合计占{pct(sum(g.cases for g in areas), f.total.cases)}"
    if units:
        counts = "、".join(f"{u.name}{u.cases}件" for u in units)
        sentences.append(f"从责任单位看，交办较多的是{counts}")
        title = title or f"交办{units[0].name}的事项较多"
    return title, "；".join(sentences) + "。"


def _feature_levels(a: Analysis) -> tuple[str, str]:
    f = a.current
    higher = changes(a, lambda x: x.higher.cases)
    collective = changes(a, lambda x: x.collective.cases)
    known = not a.lacks("上访层级") and not a.lacks("人数")
    if known and not f.higher.cases and not f.collective.cases:
        return "未发生赴省进京上访和集体访", f"{this_period(a.period)}未发生赴省、进京上访和集体访。"
    parts = []
    if a.lacks("上访层级"):
        parts.append(f"赴省、进京上访情况{MISSING}")
    elif f.higher.cases:
        parts.append(f"赴省、进京上访{f.higher.cases}件、{f.higher.people}人次{change_phrase(higher)}")
    else:
        parts.append("未发生赴省、进京上访")
    if a.lacks("人数"):
        parts.append(f"集体访情况{MISSING}")
    elif f.collective.cases:
        parts.append(f"集体访{f.collective.cases}批、{f.collective.people}人次{change_phrase(collective)}")
        if f.higher_collective.cases and not a.lacks("上访层级"):
            parts.append(f"其中赴省、进京集体访{f.higher_collective.cases}批、{f.higher_collective.people}人次")
    else:
        parts.append("未发生集体访")
    return "赴省进京上访和集体访情况", "；".join(parts) + "。"


def _feature_repeat(a: Analysis) -> tuple[str, str]:
    f = a.current
    if not f.repeat.cases:
        return "重复访情况", f"{this_period(a.period)}未发生重复访。"
    phrase = change_phrase(changes(a, lambda x: x.repeat.cases))
    text = (
        f"{this_period(a.period)}重复访{f.repeat.cases}件，占信访总量的{pct(f.repeat.cases, f.total.cases)}，"
        f"涉及信访人{f.repeat.persons}人{phrase}。"
    )
    if a.petitioners:
        text += "重复信访较多的信访人见下表（姓名、身份证号已作隐去处理）。"
    return "重复访情况", text


def _feature_quality(a: Analysis) -> tuple[str, str]:
    f = a.current
    rates = _rates_sentence(a)
    completion = changes(a, rate_value("按期办结率"), points=True)
    title = "办理质效情况"
    if not a.lacks("办结日期") and f.rates["按期办结率"].total and any(c.known for c in completion):
        title = _direction(completion, "按期办结率").replace("上升", "提高")
    text = f"暂无可计算{listing(RATE_NAMES)}的信访事项。"
    if rates:
        text = f"{this_period(a.period)}登记的信访事项{rates}。"
    backlog = f.backlog
    if backlog.overdue and not a.lacks("办结日期"):
        text += f"截至{chinese_day(a.as_of or a.period.end)}，仍有{backlog.overdue}件信访事项超期未办结。"
    return title, text
