"""docgen.toml settings the register and the numbering read are checked when the file is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.config import load_config
from docgen.errors import ConfigError


def config_with(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "docgen.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("row", [-1, 31])
def test_header_row_out_of_range(tmp_path: Path, row: int) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(config_with(tmp_path, f"[register]\nheader_row = {row}\n"))
    assert info.value.message == f"[register] header_row 应是 1–30 的行号，现为 {row}"
    assert info.value.hint == "写表头所在的行号，如 header_row = 3；删去这一行则由 docgen 自动识别表头"


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("  ", "[numbering.prefixes] 中「受理告知书」的前缀是空的"),
        ("某信受〔2025〕", "[numbering.prefixes] 中「受理告知书」的前缀「某信受〔2025〕」含有不能用的字符：〔、〕"),
        ("某信\\n受", "[numbering.prefixes] 中「受理告知书」的前缀「某信\n受」含有不能用的字符：\\n"),
        ("{机关}受", "[numbering.prefixes] 中「受理告知书」的前缀「{机关}受」含有不能用的字符：{、}"),
        ("某" * 21, f"[numbering.prefixes] 中「受理告知书」的前缀「{'某' * 21}」超过 20 个字"),
    ],
)
def test_bad_number_prefixes(tmp_path: Path, prefix: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(config_with(tmp_path, f'[numbering.prefixes]\n"受理告知书" = "{prefix}"\n'))
    assert info.value.message == message


def test_good_settings_load(tmp_path: Path) -> None:
    text = '[register]\nheader_row = 3\n[numbering.prefixes]\n"受理告知书" = "某信受"\n'
    config = load_config(config_with(tmp_path, text))
    assert config.register.header_row == 3 and config.numbering.prefixes == {"受理告知书": "某信受"}
