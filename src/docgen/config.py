"""docgen.toml: issuing organ, register reading, lists, numbering and deadline settings."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, get_type_hints

from docgen.errors import ConfigError
from docgen.tomlfile import read_toml

CONFIG_NAME = "docgen.toml"


@dataclass
class Organ:
    """The issuing organ and what its documents print about it."""

    name: str = "某县信访局"
    short_name: str = "某信"
    superior: str = "某市信访局"
    address: str = ""
    postcode: str = ""
    contact: str = ""
    phone: str = ""
    seal: str = ""


@dataclass
class RegisterSettings:
    """How to read an office's own register."""

    sheet: str = ""
    header_row: int = 0
    aliases: dict[str, str] = field(default_factory=dict)
    required: list[str] = field(default_factory=lambda: ["信访编号", "信访人"])
    date_suffixes: list[str] = field(default_factory=lambda: ["日期", "时间"])
    id_columns: list[str] = field(default_factory=lambda: ["身份证号"])
    phone_columns: list[str] = field(default_factory=lambda: ["联系电话"])
    integer_columns: list[str] = field(default_factory=lambda: ["人数"])


@dataclass
class Numbering:
    """Document numbers (发文字号): ledger location and a prefix per document kind."""

    ledger: str = ""
    prefixes: dict[str, str] = field(default_factory=dict)


# How days are counted: English names and the Chinese words a clerk may write instead.
DAY_MODES = {"calendar": "calendar", "自然日": "calendar", "workdays": "workdays", "工作日": "workdays"}
# The statutory periods an override may change (days 0 keeps the law's number).
PERIOD_NAMES = ("受理", "办理", "复查申请", "延期")
# What to do with a date in a year the holiday calendar does not know yet.
BEYOND_CALENDAR = ("error", "weekends")


@dataclass
class DeadlineRule:
    """An override for one statutory period (e.g. acceptance in 5 working days)."""

    days: int = 0
    mode: str = ""

    def __post_init__(self) -> None:
        if self.mode:
            self.mode = _day_mode(self.mode, "deadlines.overrides")
        if self.days < 0:
            raise ConfigError(f"[deadlines.overrides] 的 days 不能是负数（现为 {self.days}）")


@dataclass
class Deadlines:
    """The deadline profile: calendar days by default, or working days."""

    mode: str = "calendar"
    overrides: dict[str, DeadlineRule] = field(default_factory=dict)
    beyond_calendar: str = "error"

    def __post_init__(self) -> None:
        self.mode = _day_mode(self.mode, "deadlines")
        for name, rule in self.overrides.items():
            if name not in PERIOD_NAMES:
                raise ConfigError(
                    f"[deadlines.overrides] 中没有名为「{name}」的期限",
                    hint="可设置的期限：" + "、".join(PERIOD_NAMES),
                )
            if name == "延期" and rule.days:
                raise ConfigError(
                    '[deadlines.overrides."延期"] 只能设 mode，不能设 days',
                    hint="延期天数来自台账的「延期天数」列，最多 30 日",
                )
        if self.beyond_calendar not in BEYOND_CALENDAR:
            raise ConfigError(
                f'[deadlines] beyond_calendar 应为 "error" 或 "weekends"，现为「{self.beyond_calendar}」',
                hint="error：节假日安排未知的年份报错；weekends：只按周末顺延估算",
            )


def _day_mode(value: str, section: str) -> str:
    mode = DAY_MODES.get(value.strip().lower())
    if mode is None:
        raise ConfigError(f'[{section}] 的 mode 应为 "calendar"（自然日）或 "workdays"（工作日），现为「{value}」')
    return mode


@dataclass
class Rules:
    """Thresholds of the case rules."""

    collective_threshold: int = 5
    repeat_window_days: int = 365
    repeat_same_category: bool = False
    refused_values: list[str] = field(default_factory=lambda: ["不予受理", "不受理"])
    supervision_reply_days: int = 10

    def __post_init__(self) -> None:
        for name in ("collective_threshold", "supervision_reply_days"):
            if getattr(self, name) < 1:
                raise ConfigError(f"[rules] {name} 应是正整数（现为 {getattr(self, name)}）")
        if self.repeat_window_days < 0:
            raise ConfigError(
                f"[rules] repeat_window_days 不能是负数（现为 {self.repeat_window_days}）", hint="0 表示不限"
            )


@dataclass
class Output:
    """Defaults for generated files."""

    name: str = "{信访编号}-{信访人}-{模板}.docx"


@dataclass
class Fonts:
    """Font substitutes for PDF conversion on machines without the official fonts."""

    substitutes: dict[str, str] = field(default_factory=dict)


@dataclass
class Bulletin:
    """The 督查通报: the units listed (even with no case) and the office's rules for praise and criticism."""

    units: list[str] = field(default_factory=list)
    addressee: str = "各乡镇人民政府，县直各单位"
    copies_to: str = ""
    praise_min_rate: int = 95  # 表扬: 按期办结率 at least this (per cent) ...
    praise_max_overdue: int = 0  # ... and at most this many overdue cases
    criticise_overdue_days: int = 30  # 通报批评: any case overdue by more than this many days
    criticise_below_rate: int = 0  # 通报批评: 按期办结率 below this (per cent); 0 = not used

    def __post_init__(self) -> None:
        for name in ("praise_min_rate", "criticise_below_rate"):
            if not 0 <= getattr(self, name) <= 100:
                raise ConfigError(f"[bulletin] {name} 应是 0 到 100 之间的百分数（现为 {getattr(self, name)}）")
        for name in ("praise_max_overdue", "criticise_overdue_days"):
            if getattr(self, name) < 0:
                raise ConfigError(f"[bulletin] {name} 不能是负数（现为 {getattr(self, name)}）")


@dataclass
class Config:
    """Everything docgen.toml can set; every field has a working default."""

    organ: Organ = field(default_factory=Organ)
    register: RegisterSettings = field(default_factory=RegisterSettings)
    lists: dict[str, list[str]] = field(default_factory=dict)
    numbering: Numbering = field(default_factory=Numbering)
    deadlines: Deadlines = field(default_factory=Deadlines)
    rules: Rules = field(default_factory=Rules)
    output: Output = field(default_factory=Output)
    fonts: Fonts = field(default_factory=Fonts)
    bulletin: Bulletin = field(default_factory=Bulletin)
    path: Path | None = None

    @property
    def folder(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


def load_config(path: str | Path | None = None, *, search: Path | None = None) -> Config:
    """Load `path`, or docgen.toml in `search` (default: the current folder), or defaults."""
    if path is None:
        candidate = (search or Path.cwd()) / CONFIG_NAME
        if not candidate.is_file():
            return Config()
        path = candidate
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"找不到配置文件 {path}", hint="请检查 --config 给出的路径")
    data = read_toml(path, "配置文件", 'docgen help 配置 的示例；中文的键名要加英文双引号，如 "信访形式" = ["来信"]')
    config = _build(Config, data, path.name, "")
    config.path = path.resolve()
    return config


def _build(cls: type, data: Any, file: str, prefix: str) -> Any:
    """Build dataclass `cls` from TOML data, rejecting unknown keys and wrong types."""
    if not isinstance(data, dict):
        raise ConfigError(f"配置文件 {file} 中 [{prefix}] 应是一个表（table）")
    hints = get_type_hints(cls)
    known = {f.name for f in fields(cls) if f.name != "path"}
    values: dict[str, Any] = {}
    for key, raw in data.items():
        where = f"{prefix}.{key}" if prefix else key
        if key not in known:
            raise ConfigError(
                f"配置文件 {file} 中有未知的设置项「{where}」",
                hint="请检查拼写，可用的设置项见 docgen help 配置",
            )
        values[key] = _coerce(hints[key], raw, file, where)
    return cls(**values)


def _coerce(hint: Any, raw: Any, file: str, where: str) -> Any:
    origin = getattr(hint, "__origin__", None)
    if is_dataclass(hint):
        return _build(hint, raw, file, where)
    if origin is dict:
        value_type = hint.__args__[1]
        if not isinstance(raw, dict):
            raise ConfigError(f"配置文件 {file} 中「{where}」应是一个表（table）")
        return {str(k): _coerce(value_type, v, file, f"{where}.{k}") for k, v in raw.items()}
    if origin is list:
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise ConfigError(f'配置文件 {file} 中「{where}」应是文字列表，如 ["来信", "来访"]')
        return list(raw)
    expected = {"str": str, "int": int, "bool": bool}.get(getattr(hint, "__name__", ""), hint)
    if expected is bool and not isinstance(raw, bool):
        raise ConfigError(f"配置文件 {file} 中「{where}」应是 true 或 false", value=raw)
    if expected is int and (isinstance(raw, bool) or not isinstance(raw, int)):
        raise ConfigError(f"配置文件 {file} 中「{where}」应是整数", value=raw)
    if expected is str and not isinstance(raw, str):
        raise ConfigError(f"配置文件 {file} 中「{where}」应是文字（加引号）", value=raw)
    return raw
