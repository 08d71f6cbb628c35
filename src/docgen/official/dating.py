"""What a merged document states against its own date and configuration: warnings, never errors.

A 交办函 dated today that demands completion by a date eleven months past is a real document; it is
just a wrong one. These pure functions say so, row by row, so the clerk can set --date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from docgen.config import Config, Organ

# The deadlines a document may state as still ahead of it, and how the warning names them.
DEADLINES = {
    "原办理截止日期": "60日办理期限的截止日期",
    "办理截止日期": "办理截止日期",
    "受理截止日期": "受理期限的截止日期",
    "复查申请截止日期": "申请复查的截止日期",
}
# Documents that recount a deadline already past by nature (a 督办函 is written because it passed).
RECOUNTS_PAST = frozenset({"督办函"})
# The event whose date a document of each kind normally bears: the suggestion for --date (受理日期 when
# the template does not read that column).
EVENT = {
    "受理告知书": "受理日期",
    "转送交办函": "交办日期",
    "延期办理告知书": "受理日期",
    "处理意见书": "答复日期",
    "复查意见书": "复查日期",
    "复核意见书": "复核日期",
}
DATE_FIELD = "成文日期"
PLACEHOLDER_ORGAN = Organ().name
ORGAN_FIELDS = frozenset({"发文机关", "机关简称", "印章", "上一级机关"})


@dataclass(frozen=True)
class DateWarning:
    """One statement that contradicts the document's date: the message and what to do, and the dates behind them
    (so many rows' warnings can be summed up in one line: see docgen.official.latedates)."""

    field: str
    message: str
    hint: str
    issued: dt.date
    deadline: dt.date
    event: dt.date | None  # the row's own event on or before the deadline: the 成文日期 to suggest


def late_deadlines(kind: str, fields: Collection[str], context: Mapping[str, object]) -> list[DateWarning]:
    """Deadlines a document of `kind` states (its template uses `fields`) that fall before its 成文日期."""
    issued = context.get(DATE_FIELD)
    if kind in RECOUNTS_PAST or not isinstance(issued, dt.date):
        return []
    found = []
    for field, label in DEADLINES.items():
        day = context.get(field)
        if field not in fields or not isinstance(day, dt.date) or day >= issued:
            continue
        events = [context.get(name) for name in (EVENT.get(kind), "受理日期") if name]
        event = next((e for e in events if isinstance(e, dt.date) and e <= day), None)
        suggestion = f"--date {event:%Y-%m-%d}" if event else f"不晚于 {day:%Y-%m-%d} 的 --date"
        found.append(
            DateWarning(
                field,
                f"成文日期 {day_text(issued)} 晚于文中写明的{label}（{day_text(day)}），文书所说的期限已经过去",
                f"补打以前的文书请用 {suggestion} 写上当时的成文日期",
                issued,
                day,
                event,
            )
        )
    return found


def placeholder_organ(config: Config, fields: Collection[str]) -> str | None:
    """The note to give once when no docgen.toml was found and the sample organ's name gets printed."""
    if config.path is not None or config.organ.name != PLACEHOLDER_ORGAN or not ORGAN_FIELDS & set(fields):
        return None
    return (
        f"未找到 docgen.toml，文书中的发文机关印的是示例名称「{PLACEHOLDER_ORGAN}」。"
        "请把 samples/docgen.toml 复制到工作文件夹，改成本单位的名称后重新生成，或用 --config 指定"
    )


def day_text(day: dt.date) -> str:
    """A date as documents and messages write it: 2025年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"
