"""The ten templates ship inside the package: found by name, listed, and rebuilt in the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES, all_text, write_template

from docgen.cli import cli
from docgen.errors import TemplateError
from docgen.official import catalog
from docgen.official.catalog import CATALOG, PACKAGED_DIR, default_build_dir, packaged, resolve_template

PACKAGE = ROOT / "src" / "docgen"


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_every_catalog_template_is_package_data():
    """In the checkout's package and in the docgen under test (the checkout, or pip's non-editable copy)."""
    wanted = sorted(spec.filename for spec in CATALOG)
    assert sorted(p.name for p in (PACKAGE / "templates").glob("*.docx")) == wanted
    assert sorted(p.name for p in PACKAGED_DIR.glob("*.docx")) == wanted
    assert not (ROOT / "templates").exists()  # one copy only: the package's


def test_a_name_finds_the_builtin_template_and_an_existing_file_wins(tmp_path, monkeypatch):
    assert resolve_template("受理告知书") == PACKAGED_DIR / "受理告知书.docx"
    assert resolve_template("督办函.docx") == packaged("督办函") == PACKAGED_DIR / "督办函.docx"
    monkeypatch.chdir(tmp_path)
    own = write_template(tmp_path / "受理告知书.docx", ["本单位的 {{ 信访人 }}"])
    assert resolve_template("受理告知书.docx") == Path("受理告知书.docx")
    assert resolve_template(own) == own
    with pytest.raises(TemplateError, match="找不到模板 告知书") as caught:
        resolve_template("告知书")
    assert "受理告知书" in str(caught.value)  # the hint names the built-in ones
    with pytest.raises(TemplateError, match="找不到模板"):
        resolve_template(Path("别处") / "受理告知书")  # a path is a path, not a name


def test_merge_with_a_builtin_name(tmp_path):
    out = tmp_path / "文书"
    result = run(
        "merge", SAMPLES / "register.xlsx", "受理告知书", "-o", out, "--config", SAMPLES / "docgen.toml",
        "--rows", "4-8", "--where", "受理情况=受理", "--date", "2025-11-20",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    written = sorted(out.glob("*.docx"))
    assert written and all(p.name.endswith("-受理告知书.docx") for p in written)
    text = all_text(written[0])
    assert "信访事项受理告知书" in text and "某信受〔2025〕" in text


def test_merge_with_an_unknown_name_is_a_clear_error(tmp_path):
    result = run("merge", SAMPLES / "register.xlsx", "受理通知书", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "找不到模板 受理通知书" in result.output and "不予受理告知书" in result.output
    assert not (tmp_path / "out").exists()


def test_fields_with_a_builtin_name():
    result = run("fields", "转送交办函", SAMPLES / "register.xlsx")
    assert result.exit_code == 0, result.output
    assert "模板 转送交办函.docx 用到" in result.output and "责任单位　台账列" in result.output


def test_due_letters_use_the_builtin_letter(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no templates/ folder here nor beside the config
    config = tmp_path / "docgen.toml"
    config.write_text((SAMPLES / "docgen.toml").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "督办"
    result = run("due", SAMPLES / "register.xlsx", "--as-of", "2025-11-20", "--letters", out, "--config", config)
    assert result.exit_code == 0, result.output
    assert "使用模板 督办函.docx" in result.output
    letters = sorted(out.glob("*-督办函.docx"))
    assert letters
    assert "某信督〔2025〕" in all_text(letters[0])  # the official letter is numbered; the plain one is not


def test_templates_list_shows_the_builtin_ones_by_default(tmp_path):
    result = run("templates", "list")
    assert result.exit_code == 0, result.output
    assert "模板（10 个），位置：docgen 自带" in result.output and "回访记录表.docx" in result.output
    missing = run("templates", "list", "-d", tmp_path / "none")
    assert missing.exit_code == 2 and "找不到文件夹" in missing.output


def test_templates_build_without_o_rebuilds_the_packaged_ones_only_in_a_checkout(tmp_path, monkeypatch):
    monkeypatch.setattr(catalog, "PACKAGED_DIR", PACKAGE / "templates")  # docgen run from this checkout
    assert default_build_dir() == PACKAGE / "templates"
    installed = tmp_path / "lib" / "python3" / "site-packages" / "docgen" / "templates"
    monkeypatch.setattr(catalog, "PACKAGED_DIR", installed)
    assert default_build_dir() == Path("templates")  # an installed docgen never writes into site-packages
