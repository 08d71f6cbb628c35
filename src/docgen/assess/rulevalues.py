"""Single values of the rules file: exact numbers, integers, text, choices; unknown keys with a suggestion."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from decimal import Decimal

from docgen.assess.points import fmt, to_decimal
from docgen.errors import ConfigError

_NO_DEFAULT = object()


def number(
    raw: Mapping[str, object], key: str, label: str, default: object = _NO_DEFAULT, *, allow_zero: bool = False
) -> Decimal:
    if key not in raw:
        if default is _NO_DEFAULT:
            raise ConfigError(f"{label}缺少 {key}", hint=_KEY_HINTS.get(key, "请对照 docgen help 考核细则 的示例"))
        return default  # type: ignore[return-value]
    return positive(raw[key], f"{label}的 {key}", allow_zero=allow_zero)


def positive(value: object, place: str, *, allow_zero: bool = False) -> Decimal:
    number = to_decimal(value) if not isinstance(value, str) else None
    if number is None:
        raise ConfigError(f"{place} 应是数字（不加引号）", value=value, hint="如 3 或 0.1")
    if number < 0 or (number == 0 and not allow_zero):
        raise ConfigError(f"{place} 应大于 0" if not allow_zero else f"{place} 不能是负数", value=fmt(number))
    return number


def integer(
    raw: Mapping[str, object], key: str, label: str, default: int | None, *, low: int, high: int | None = None
) -> int | None:
    if key not in raw:
        return default
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        limit = f"{low}–{high} 的整数" if high is not None else f"不小于 {low} 的整数"
        raise ConfigError(f"{label}的 {key} 应是{limit}", value=value)
    return value


def text(raw: Mapping[str, object], key: str, label: str, default: str) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(f"{label}的 {key} 应是文字（加英文双引号）", value=value)
    return value.strip()


def choice(raw: Mapping[str, object], key: str, label: str, choices: tuple[str, ...], default: str) -> str:
    value = text(raw, key, label, default)
    if value not in choices:
        raise ConfigError(f"{label}的 {key} 应为 " + " 或 ".join(f'"{c}"' for c in choices), value=value)
    return value


def unknown(raw: Mapping[str, object], known: set[str], label: str) -> None:
    for key in raw:
        if key not in known:
            raise ConfigError(
                f"{label}中有未知的设置项「{key}」" + suggest(str(key), sorted(known)),
                hint="可用的设置项：" + "、".join(sorted(known)),
            )


def suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f"，是不是「{close[0]}」？" if close else ""


_KEY_HINTS = {
    "points": "points 是本项分值，扣分扣完为止（如 points = 20）",
    "per_point": "per_point 是比目标值每低 1 个百分点扣几分（如 per_point = 0.5）",
    "per_case": "如 per_case = 0.5",
}
