"""Header names: normalisation, aliases and finding the header row under title rows."""

from __future__ import annotations

import re
from collections.abc import Sequence

# The columns offices commonly keep (domain.md §5, and those the official templates use), in the
# usual order of a register: the sample register has exactly these.
COMMON_COLUMNS = (
    "信访编号", "登记日期", "信访形式", "信访人", "性别", "身份证号", "联系电话", "住址", "所属地区",
    "人数", "问题类别", "反映问题", "诉求", "上访层级", "受理情况", "受理日期", "责任单位", "交办日期",
    "是否延期", "延期天数", "延期理由", "办结日期", "处理结论", "处理意见", "法律依据", "答复日期",
    "满意度", "包案领导", "回访日期", "回访方式", "回访人", "回访情况", "是否息诉罢访",
    "不予受理理由", "告知去向", "办理机关", "复查机关", "复查申请日期", "复查日期", "复查结论", "复查意见",
    "复核机关", "复核申请日期", "复核日期", "复核结论", "复核意见", "再次信访日期", "再次信访形式", "备注",
)  # fmt: skip

# Header names that mark the header row: the common columns and other spellings offices use.
KNOWN_FIELDS = frozenset(COMMON_COLUMNS) | frozenset(
    ["序号", "姓名", "身份证号码", "电话", "办理期限", "来信来访日期", "事项编号", "主要诉求", "办理结果", "办理情况"]
)

_SPACE = re.compile(r"\s+", re.UNICODE)
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def normalize_header(value: object) -> str:
    """Remove all whitespace (full-width and line breaks too) and fold full-width ASCII."""
    if value is None:
        return ""
    text = str(value).translate(_FULLWIDTH).replace("\u3000", " ")
    return _SPACE.sub("", text)


def apply_aliases(names: Sequence[str], aliases: dict[str, str]) -> list[str]:
    """Map an office's own headers onto field names, keys normalised like headers."""
    table = {normalize_header(k): normalize_header(v) for k, v in aliases.items()}
    return [table.get(name, name) for name in names]


def header_score(cells: Sequence[object], known: frozenset[str]) -> tuple[int, int]:
    """How header-like a row is: (known field names, non-empty text cells)."""
    names = [normalize_header(c) for c in cells if isinstance(c, str) and c.strip()]
    non_text = sum(1 for c in cells if c is not None and not isinstance(c, str))
    if non_text:
        return (0, 0)
    return (sum(1 for n in names if n in known), len(names))


def detect_header_row(rows: Sequence[Sequence[object]], known: frozenset[str]) -> int | None:
    """Index (0-based) of the row that looks most like a header, or None.

    A header has only text cells; the best has the most known field names, then the most
    filled cells. Title rows (one merged cell) and 填报单位 lines score low on both.
    """
    best: tuple[int, int] = (0, 1)
    found: int | None = None
    for index, cells in enumerate(rows):
        score = header_score(cells, known)
        if score[1] >= 2 and score > best:
            best, found = score, index
    return found
