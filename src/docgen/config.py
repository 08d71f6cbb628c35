"""docgen.toml: issuing organ, register reading, lists, numbering and deadline settings."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, get_type_hints

from docgen.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

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


@dataclass
class DeadlineRule:
    """An override for one statutory period (e.g. acceptance in 5 working days)."""

    days: int = 0
    mode: str = ""


@dataclass
class Deadlines:
    """The deadline profile: calendar days by default, or working days."""

    mode: str = "calendar"
    overrides: dict[str, DeadlineRule] = field(default_factory=dict)


@dataclass
class Rules:
    """Thresholds of the case rules."""

    collective_threshold: int = 5
    repeat_window_days: int = 365


@dataclass
class Output:
    """Defaults for generated files."""

    name: str = "{信访编号}-{信访人}-{模板}.docx"


@dataclass
class Fonts:
    """Font substitutes for PDF conversion on machines without the official fonts."""

    substitutes: dict[str, str] = field(default_factory=dict)


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
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"配置文件 {path.name} 不是 UTF-8 编码", hint="请用 UTF-8 保存") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"配置文件 {path.name} 格式有误：{exc}", hint="请对照 samples/docgen.toml") from exc
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
                hint="请检查拼写，可用的设置项见 samples/docgen.toml",
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
    expected = {"str": str, "int": int}.get(getattr(hint, "__name__", ""), hint)
    if expected is int and (isinstance(raw, bool) or not isinstance(raw, int)):
        raise ConfigError(f"配置文件 {file} 中「{where}」应是整数", value=raw)
    if expected is str and not isinstance(raw, str):
        raise ConfigError(f"配置文件 {file} 中「{where}」应是文字（加引号）", value=raw)
    return raw
