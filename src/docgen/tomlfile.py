"""Reading a TOML file a clerk edited: UTF-8 with or without BOM, mistakes explained in Chinese."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from docgen.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")
_MEANING = (
    ("Invalid statement", "这一行不是「名称 = 值」的写法（中文名称要加英文双引号）"),
    ("Expected '=' after a key", "名称后面应有等号「=」"),
    ("Invalid initial character for a key part", "名称中有不能直接写的字符（中文名称要加英文双引号）"),
    ("Invalid value", "值的写法不对（文字要加英文双引号，数字不加）"),
    ("Cannot declare", "同一个表（方括号里的名称）写了两次"),
    ("Cannot overwrite a value", "同一个名称写了两次"),
    ("Unclosed array", "方括号 [ ] 没有成对"),
    ("Unclosed inline table", "花括号 { } 没有成对"),
    ("Unterminated string", "引号没有成对"),
    ("Expected newline or end of document", "一行里只能写一项"),
)


def read_toml(path: Path, what: str, example: str) -> dict[str, Any]:
    """The data of `path`; `what` names the file for messages (配置文件, 考核细则)."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{what} {path.name} 不是 UTF-8 编码", hint="请用 UTF-8 保存（记事本“另存为”时可选编码）"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{what} {path.name} {explain(str(exc))}", hint=f"请对照 {example}") from exc


def explain(message: str) -> str:
    """A tomllib message in Chinese, with the line and column a clerk can find."""
    position = _POSITION.search(message)
    where = "末尾" if position and not position.group(1) else ""
    if position and position.group(1):
        where = f"第 {position.group(1)} 行第 {position.group(2)} 列"
    text = _POSITION.sub("", message)
    meaning = next((zh for en, zh in _MEANING if text.startswith(en)), f"格式有误（{text}）")
    return f"{where}：{meaning}" if where else meaning


def toml_line(key: str, value: str) -> str:
    """A `"键" = "值"` line that parses whatever the key and value hold (Chinese keys need the quotes)."""
    return f"{json.dumps(key, ensure_ascii=False)} = {json.dumps(value, ensure_ascii=False)}"
