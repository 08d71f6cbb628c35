"""Every kind of .docx docgen writes is valid OOXML, so Word opens it without reporting unreadable content."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import SAMPLES
from docx.oxml.ns import nsmap
from ooxml import assert_valid_docx, schema_errors

from docgen.cli import cli
from docgen.official.catalog import CATALOG, PACKAGED_DIR, build_document
from docgen.official.document import OfficialDocument
from docgen.render.tidy import CORE_NS, CUSTOM_NS

REGISTER = SAMPLES / "register.xlsx"
CONFIG = ["--config", str(SAMPLES / "docgen.toml")]
NAMES = [spec.name for spec in CATALOG]


def invoke(*args: object) -> None:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code in (0, 1), result.output
    assert "内部错误" not in result.output, result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("templates")
    invoke("templates", "build", "-o", folder)
    return folder


def docx_files(folder: Path) -> list[Path]:
    files = sorted(folder.glob("**/*.docx"))
    assert files, f"nothing written in {folder}"
    return files


@pytest.mark.parametrize("name", NAMES)
def test_built_in_template(built: Path, name: str) -> None:
    assert_valid_docx(built / f"{name}.docx")


@pytest.mark.parametrize("name", NAMES)
def test_committed_template(name: str) -> None:
    assert_valid_docx(PACKAGED_DIR / f"{name}.docx")


@pytest.mark.parametrize("name", NAMES)
def test_merge_of_each_template_on_the_sample_register(built: Path, name: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    invoke("merge", REGISTER, built / f"{name}.docx", "-o", out, *CONFIG, "--rows", "4-6", "--date", "2025-12-20")
    for path in docx_files(out):
        assert_valid_docx(path)


def test_sample_template_and_its_merge(tmp_path: Path) -> None:
    template = SAMPLES / "答复意见书样例.docx"
    assert_valid_docx(template)
    invoke("merge", REGISTER, template, "-o", tmp_path / "out", *CONFIG, "--rows", "4-5")
    for path in docx_files(tmp_path / "out"):
        assert_valid_docx(path)


def test_combine_file(built: Path, tmp_path: Path) -> None:
    combined = tmp_path / "打印.docx"
    invoke("merge", REGISTER, built / "受理告知书.docx", "-o", tmp_path / "out", *CONFIG, "--rows", "4-7",
           "--combine", combined)  # fmt: skip
    assert_valid_docx(combined)


def test_report(tmp_path: Path) -> None:
    report = tmp_path / "报告.docx"
    invoke("report", REGISTER, "--period", "2025Q3", "-o", report, *CONFIG, "--date", "2025-10-10")
    assert_valid_docx(report)


def test_assess_notice(tmp_path: Path) -> None:
    notice = tmp_path / "通报.docx"
    rules = SAMPLES / "考核细则.toml"
    invoke("assess", REGISTER, "--rules", rules, "--period", "2025", "-o", notice, *CONFIG, "--date", "2025-12-31")
    assert_valid_docx(notice)


@pytest.mark.parametrize("kind", ["督查", "包案"])
def test_bulletin(tmp_path: Path, kind: str) -> None:
    bulletin = tmp_path / "通报.docx"
    invoke("bulletin", REGISTER, "--period", "2025Q4", "--kind", kind, "-o", bulletin, *CONFIG, "--no-number",
           "--date", "2025-12-31", "--as-of", "2025-12-31")  # fmt: skip
    assert_valid_docx(bulletin)


@pytest.mark.parametrize("plain", [False, True])
def test_due_letters(tmp_path: Path, plain: bool) -> None:
    letters = tmp_path / "督办函"
    invoke("due", REGISTER, "--letters", letters, *CONFIG, "--as-of", "2025-12-20", *(["--plain"] if plain else []))
    for path in docx_files(letters)[:3]:
        assert_valid_docx(path)


def test_user_template_made_with_python_docx(tmp_path: Path) -> None:
    template = tmp_path / "我的告知书.docx"
    document = docx.Document()
    document.add_paragraph("{{ 信访人 }}：你于{{ 登记日期 }}反映的问题已收悉。")
    props = document.core_properties
    props.title, props.last_modified_by, props.revision = "我的告知书", "王科员", 3
    document.save(template)
    out = tmp_path / "out"
    invoke("merge", REGISTER, template, "-o", out, *CONFIG, "--rows", "4-5")
    for path in docx_files(out):
        assert_valid_docx(path)
        assert docx.Document(path).core_properties.last_modified_by == "王科员"


def test_core_properties_stay_valid_whatever_is_imported(tmp_path: Path) -> None:
    """docxcompose (docxtpl imports it) remaps python-docx's "cp" to the custom-properties namespace."""
    import docxcompose.utils

    nsmap.update(docxcompose.utils.NS)  # as a fresh import of docxcompose after docgen's would do
    try:
        path = build_document(CATALOG[0]).save(tmp_path / "模板.docx")
        assert_valid_docx(path)
        document = OfficialDocument()
        document.set_properties("标题")
        assert_valid_docx(document.save(tmp_path / "文书.docx"))
    finally:
        nsmap["cp"] = CORE_NS


def _damaged_core(path: Path) -> Path:
    """A python-docx document whose core.xml carries lastModifiedBy twice, once in the custom-properties namespace."""
    document = docx.Document()
    document.add_paragraph("{{ 信访人 }}：")
    document.core_properties.last_modified_by = "旧值"
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                wrong = f'<cp:lastModifiedBy xmlns:cp="{CUSTOM_NS}">王科员</cp:lastModifiedBy></cp:coreProperties>'
                data = data.replace(b"</cp:coreProperties>", wrong.encode())
            dst.writestr(info, data)
    return path


def test_a_damaged_core_xml_in_a_user_template_is_repaired(tmp_path: Path) -> None:
    template = _damaged_core(tmp_path / "坏模板.docx")
    assert any("core properties" in e for e in schema_errors(template))
    out = tmp_path / "out"
    invoke("merge", REGISTER, template, "-o", out, *CONFIG, "--rows", "4")
    (path,) = docx_files(out)
    assert_valid_docx(path)
    assert docx.Document(path).core_properties.last_modified_by == "王科员"


def test_the_helper_reports_what_word_rejects(tmp_path: Path) -> None:
    template = _damaged_core(tmp_path / "坏模板.docx")
    errors = schema_errors(template)
    assert any("/docProps/core.xml" in e and "lastModifiedBy" in e for e in errors)
    assert any("w:zoom without the required w:percent" in e for e in errors)
    assert any("stylesWithEffects" in e for e in errors)
    with pytest.raises(AssertionError, match="schema violation"):
        assert_valid_docx(template)
