"""The assessment rules file (考核细则, TOML): reading it and checking every item, errors naming the item."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from docgen.assess import rulevalues as rv
from docgen.assess.conditions import Condition, parse_condition
from docgen.assess.points import ZERO, fmt
from docgen.errors import ConfigError, DocgenError
from docgen.petition.periods import parse_period
from docgen.petition.rates import RATES
from docgen.tomlfile import read_toml

PER_EVENT, OVER_QUOTA, RATE, VETO, BONUS = "每件扣分", "超量扣分", "比率", "一票否决", "加分"
KINDS = {
    PER_EVENT: PER_EVENT,
    "per_event": PER_EVENT,
    OVER_QUOTA: OVER_QUOTA,
    "over_quota": OVER_QUOTA,
    RATE: RATE,
    "rate": RATE,
    VETO: VETO,
    "veto": VETO,
    BONUS: BONUS,
    "bonus": BONUS,
}
_COMMON = {"name", "kind", "note"}
KEYS = {
    PER_EVENT: _COMMON | {"points", "when", "per_case", "per_person"},
    OVER_QUOTA: _COMMON | {"points", "when", "quota_batches", "quota_people", "per_batch", "per_person"},
    RATE: _COMMON | {"points", "rate", "target", "per_point", "when", "empty"},
    VETO: _COMMON | {"when", "at_least"},
    BONUS: _COMMON | {"points", "ranks", "when", "per_case", "absent"},
}
TOP_KEYS = {
    "name",
    "basis",
    "base",
    "unit_column",
    "period",
    "units",
    "places",
    "table",
    "tie_break",
    "notice",
    "items",
}
NOTICE_KEYS = {"title", "addressee", "top", "bottom", "closing", "copies_to"}
EMPTY_RATE = ("满分", "零分")
TABLE_MODES = ("扣分", "得分")
FIXED_TIES = ("扣分少", "件数少", "人次少", "名单顺序", "并列")
TIE_RULES = FIXED_TIES + tuple(f"{name}高" for name in RATES)
RESERVED = {"名次", "单位", "总分", "扣分", "扣分合计", "加分合计", "一票否决", "基础分"}


@dataclass(frozen=True)
class Item:
    """One item of the scheme; which fields matter depends on `kind` (see docs/assess.md)."""

    number: int
    name: str
    kind: str
    points: Decimal = ZERO
    when: Condition | None = None
    per_case: Decimal = ZERO
    per_person: Decimal = ZERO
    per_batch: Decimal = ZERO
    quota_batches: int = 0
    quota_people: int | None = None
    rate: str = ""
    target: Decimal | None = None
    per_point: Decimal = ZERO
    empty: str = "满分"
    at_least: int = 1
    ranks: tuple[Decimal, ...] = ()
    absent: bool = False
    note: str = ""

    @property
    def label(self) -> str:
        return f"第 {self.number} 项「{self.name}」"


@dataclass(frozen=True)
class NoticeSettings:
    """Wording of the 通报: title, addressee, how many units to name at the top and bottom, closing text."""

    title: str = ""
    addressee: str = "各参评单位："
    top: int = 3
    bottom: int = 3
    closing: tuple[str, ...] = ()
    copies_to: str = ""


@dataclass(frozen=True)
class Rules:
    """A whole scheme: base score, unit column and list, period, items, tie-breaking, notice wording."""

    items: tuple[Item, ...]
    name: str = "信访工作考核"
    basis: str = ""
    base: Decimal = Decimal(100)
    unit_column: str = "责任单位"
    period: str = ""
    units: tuple[str, ...] = ()
    places: int = 2
    table: str = "扣分"
    tie_break: tuple[str, ...] = ("扣分少", "并列")
    notice: NoticeSettings = field(default_factory=NoticeSettings)
    source: str = "考核细则"

    def of_kind(self, *kinds: str) -> list[Item]:
        return [i for i in self.items if i.kind in kinds]


def load_rules(path: str | Path) -> Rules:
    """Read and check a rules file; every mistake is a ConfigError naming the item and what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"找不到考核细则文件 {path}", hint="请检查 --rules 给出的路径，示例见 docgen help 考核细则")
    data = read_toml(
        path, "考核细则", 'docgen help 考核细则 的示例；中文的字段名要加英文双引号，如 when = { "上访层级" = "进京" }'
    )
    return parse_rules(data, source=f"考核细则 {path.name}")


def parse_rules(data: Mapping[str, object], *, source: str = "考核细则") -> Rules:
    """Rules from already-parsed TOML data."""
    rv.unknown(data, TOP_KEYS, source)
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise ConfigError(f"{source} 中没有考核项目", hint="每个项目以 [[items]] 开头，示例见 docgen help 考核细则")
    items = tuple(_item(raw, number, source) for number, raw in enumerate(raw_items, 1))
    _check_names(items, source)
    rules = Rules(
        items=items,
        name=rv.text(data, "name", source, "信访工作考核"),
        basis=rv.text(data, "basis", source, ""),
        base=rv.number(data, "base", source, Decimal(100), allow_zero=True),
        unit_column=rv.text(data, "unit_column", source, "责任单位"),
        period=_period(data, source),
        units=_units(data, source),
        places=rv.integer(data, "places", source, 2, low=0, high=6),
        table=rv.choice(data, "table", source, TABLE_MODES, "扣分"),
        tie_break=_ties(data, source),
        notice=_notice(data.get("notice", {}), source),
        source=source,
    )
    return rules


# -- items ---------------------------------------------------------------------------------
def _item(raw: object, number: int, source: str) -> Item:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{source} 第 {number} 个考核项目格式有误", hint="每个项目以 [[items]] 开头，下面逐行写设置")
    name = raw.get("name")
    label = f"{source} 第 {number} 项" + (f"「{name}」" if isinstance(name, str) and name.strip() else "")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{label}缺少项目名称 name", hint='如 name = "进京集体访"')
    kind_text = raw.get("kind")
    kind = KINDS.get(str(kind_text).strip()) if isinstance(kind_text, str) else None
    if kind is None:
        raise ConfigError(
            f"{label}的类型 kind " + (f"「{kind_text}」无法识别" if kind_text is not None else "没有写"),
            hint="可用的类型：" + "、".join(f'"{k}"' for k in (PER_EVENT, OVER_QUOTA, RATE, VETO, BONUS)),
        )
    rv.unknown(raw, KEYS[kind], label)
    values: dict[str, object] = {"number": number, "name": name.strip(), "kind": kind}
    values["note"] = rv.text(raw, "note", label, "")
    if "when" in raw:
        values["when"] = parse_condition(raw["when"], f"{label}的条件 when")
    build = {PER_EVENT: _per_event, OVER_QUOTA: _over_quota, RATE: _rate, VETO: _veto, BONUS: _bonus}[kind]
    values.update(build(raw, label))
    return Item(**values)  # type: ignore[arg-type]


def _need_when(raw: Mapping[str, object], label: str, what: str) -> None:
    if "when" not in raw:
        raise ConfigError(
            f"{label}缺少条件 when（{what}）", hint='如 when = { "是否集体访" = "是", "上访层级" = "进京" }'
        )


def _per_event(raw: Mapping[str, object], label: str) -> dict[str, object]:
    _need_when(raw, label, "哪些信访事项扣分")
    values = {
        "points": rv.number(raw, "points", label),
        "per_case": rv.number(raw, "per_case", label, ZERO, allow_zero=True),
        "per_person": rv.number(raw, "per_person", label, ZERO, allow_zero=True),
    }
    if not values["per_case"] and not values["per_person"]:
        raise ConfigError(f"{label}要写每件扣几分 per_case（或每人次扣几分 per_person）", hint="如 per_case = 3")
    return values


def _over_quota(raw: Mapping[str, object], label: str) -> dict[str, object]:
    _need_when(raw, label, "哪些信访事项计入限额")
    values: dict[str, object] = {
        "points": rv.number(raw, "points", label),
        "quota_batches": rv.integer(raw, "quota_batches", label, 0, low=0),
        "quota_people": rv.integer(raw, "quota_people", label, None, low=0),
        "per_batch": rv.number(raw, "per_batch", label, ZERO, allow_zero=True),
        "per_person": rv.number(raw, "per_person", label, ZERO, allow_zero=True),
    }
    if not values["per_batch"] and not values["per_person"]:
        raise ConfigError(
            f"{label}要写超出限额后每批次扣几分 per_batch 和/或每人次扣几分 per_person",
            hint="如 per_batch = 2 和 per_person = 0.1",
        )
    return values


def _rate(raw: Mapping[str, object], label: str) -> dict[str, object]:
    name = raw.get("rate")
    if not isinstance(name, str) or name.strip() not in RATES:
        got = f"「{name}」无法识别" if name is not None else "没有写"
        raise ConfigError(f"{label}的比率 rate {got}", hint="可用的比率：" + "、".join(f'"{r}"' for r in RATES))
    values: dict[str, object] = {"rate": name.strip(), "points": rv.number(raw, "points", label)}
    values["empty"] = rv.choice(raw, "empty", label, EMPTY_RATE, "满分")
    if "target" in raw:
        target = rv.number(raw, "target", label, allow_zero=True)
        if target > 100:
            raise ConfigError(
                f"{label}的目标值 target 是百分数，不能超过 100", value=fmt(target), hint="如 target = 95"
            )
        values["target"] = target
        values["per_point"] = rv.number(raw, "per_point", label)
    elif "per_point" in raw:
        raise ConfigError(f"{label}写了 per_point 却没有目标值 target", hint="如 target = 95（即 95%）")
    return values


def _veto(raw: Mapping[str, object], label: str) -> dict[str, object]:
    _need_when(raw, label, "发生什么样的信访事项就一票否决")
    return {"at_least": rv.integer(raw, "at_least", label, 1, low=1)}


def _bonus(raw: Mapping[str, object], label: str) -> dict[str, object]:
    modes = [k for k in ("ranks", "per_case", "absent") if k in raw]
    if len(modes) != 1:
        raise ConfigError(
            f"{label}应在 ranks（按名次加分）、per_case（每件加分）、absent（未发生即加分）中选一种",
            hint="如 ranks = [3, 2, 1]，或 per_case = 0.5 加 when，或 absent = true 加 when",
        )
    mode = modes[0]
    if mode == "ranks":
        ranks = raw["ranks"]
        if not isinstance(ranks, list) or not ranks:
            raise ConfigError(f"{label}的 ranks 应是各名次的加分列表", hint="如 ranks = [3, 2, 1]：第一名加 3 分……")
        scores = tuple(rv.positive(v, f"{label}的 ranks 第 {i} 个值") for i, v in enumerate(ranks, 1))
        points = rv.number(raw, "points", label, max(scores))
        if max(scores) > points:
            raise ConfigError(f"{label}的 ranks 中有超过本项分值 {fmt(points)} 的加分", hint="请检查 points 和 ranks")
        if "when" in raw:
            raise ConfigError(f"{label}按名次加分，不需要条件 when", hint="请删去 when，或改用 per_case / absent")
        return {"ranks": scores, "points": points}
    _need_when(raw, label, "哪些信访事项加分" if mode == "per_case" else "未发生哪些信访事项才加分")
    if mode == "per_case":
        return {"per_case": rv.number(raw, "per_case", label), "points": rv.number(raw, "points", label)}
    if raw["absent"] is not True:
        raise ConfigError(f"{label}的 absent 应写 true", hint="absent = true：期间内没有符合 when 的事项就加 points 分")
    return {"absent": True, "points": rv.number(raw, "points", label)}


def _check_names(items: Iterable[Item], source: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.name in seen:
            raise ConfigError(f"{source} {item.label}与前面的项目重名", hint="每个项目的名称要不同，通报表格按名称列出")
        if item.name in RESERVED:
            raise ConfigError(
                f"{source} {item.label}的名称与表格的固定列重名", hint="请换一个名称，如「加分项」改为「工作创新加分」"
            )
        seen.add(item.name)


# -- top level -----------------------------------------------------------------------------
def _period(data: Mapping[str, object], source: str) -> str:
    text = rv.text(data, "period", source, "")
    if text:
        try:
            parse_period(text)
        except DocgenError as exc:
            raise ConfigError(f"{source} 的考核期间 period：{exc.message}", hint=exc.hint) from None
    return text


def _units(data: Mapping[str, object], source: str) -> tuple[str, ...]:
    units = data.get("units", [])
    if not isinstance(units, list) or not all(isinstance(u, str) and u.strip() for u in units):
        raise ConfigError(
            f"{source} 的参评单位 units 应是单位名称的列表", hint='如 units = ["城关镇人民政府", "县公安局"]'
        )
    names = [u.strip() for u in units]
    for name in names:
        if names.count(name) > 1:
            raise ConfigError(f"{source} 的参评单位 units 中「{name}」出现了不止一次", hint="请删去重复的单位")
    return tuple(names)


def _ties(data: Mapping[str, object], source: str) -> tuple[str, ...]:
    ties = data.get("tie_break", ["扣分少", "并列"])
    if isinstance(ties, str):
        ties = [ties]
    if not isinstance(ties, list) or not all(isinstance(t, str) for t in ties):
        raise ConfigError(
            f"{source} 的 tie_break 应是规则列表", hint='如 tie_break = ["扣分少", "按期办结率高", "并列"]'
        )
    rules = tuple(t.strip() for t in ties)
    for rule in rules:
        if rule not in TIE_RULES:
            raise ConfigError(
                f"{source} 的 tie_break 中「{rule}」无法识别" + rv.suggest(rule, TIE_RULES),
                hint="可用的规则：" + "、".join(TIE_RULES),
            )
    if "并列" in rules[:-1]:
        raise ConfigError(f"{source} 的 tie_break 中「并列」只能写在最后", hint="「并列」表示仍相同的名次并列")
    return rules


def _notice(raw: object, source: str) -> NoticeSettings:
    where = f"{source} 的 [notice]"
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where} 应是一个表", hint="以 [notice] 开头，下面逐行写设置")
    rv.unknown(raw, NOTICE_KEYS, where)
    closing = raw.get("closing", [])
    if isinstance(closing, str):
        closing = [closing]
    if not isinstance(closing, list) or not all(isinstance(c, str) for c in closing):
        raise ConfigError(f"{where} 的 closing 应是文字或文字列表（每段一项）")
    return NoticeSettings(
        title=rv.text(raw, "title", where, ""),
        addressee=rv.text(raw, "addressee", where, "各参评单位："),
        top=rv.integer(raw, "top", where, 3, low=0),
        bottom=rv.integer(raw, "bottom", where, 3, low=0),
        closing=tuple(c.strip() for c in closing if c.strip()),
        copies_to=rv.text(raw, "copies_to", where, ""),
    )
