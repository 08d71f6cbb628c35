"""Batch outputs: one print file, PDFs through LibreOffice, a zip archive, resuming a broken run."""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import case_row, listing, need, need_cjk_fonts, write_template, write_xlsx
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from docgen.cli import cli
from docgen.pipeline import merge

NEEDS_SOFFICE = pytest.mark.usefixtures("pdf_tools")


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def two_page_letter(path: Path) -> Path:
    """A letter of two pages with a header naming the case and a page-number footer."""
    write_template(path, ["{{ 信访人 }}：第一页", "正文"], header="信访编号 {{ 信访编号 }}")
    doc = Document(path)
    doc.paragraphs[-1].add_run().add_break(__import__("docx").enum.text.WD_BREAK.PAGE)
    doc.add_paragraph("第二页 {{ 信访人 }}")
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = "— "
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run_ = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run_.append(text)
    field.append(run_)
    footer._p.append(field)
    footer.add_run(" —")
    doc.save(path)
    return path


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture
def batch(tmp_path: Path) -> tuple[Path, Path]:
    register = write_xlsx(tmp_path / "r.xlsx", [case_row(1, "张三"), case_row(2, "李四"), case_row(3, "王五")])
    return register, two_page_letter(tmp_path / "告知书.docx")


def test_combine_structure(tmp_path: Path, batch: tuple[Path, Path]) -> None:
    register, template = batch
    combined = tmp_path / "打印.docx"
    result = merge(register, template, tmp_path / "out", combine=combined)
    assert result.combined == combined
    doc = Document(combined)
    assert len(doc.sections) == 3
    headers = [s.header.paragraphs[0].text for s in doc.sections]
    assert headers == ["信访编号 XF2025-001", "信访编号 XF2025-002", "信访编号 XF2025-003"]
    for section in doc.sections:
        numbering = section._sectPr.find(qn("w:pgNumType"))
        assert numbering is not None and numbering.get(qn("w:start")) == "1"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert text.index("张三：第一页") < text.index("李四：第一页") < text.index("王五：第一页")


@NEEDS_SOFFICE
def test_combine_pages_restart_numbering_in_pdf(tmp_path: Path, batch: tuple[Path, Path]) -> None:
    register, template = batch
    combined = tmp_path / "打印.docx"
    merge(register, template, tmp_path / "out", combine=combined, to_pdf=True)
    pages = pdf_pages(combined.with_suffix(".pdf"))
    assert len(pages) == 6
    numbers = [next(line.replace(" ", "") for line in page.splitlines() if "—" in line) for page in pages]
    assert numbers == ["—1—", "—2—"] * 3
    assert "信访编号 XF2025-002" in pages[2] and "李四：第一页" in pages[2]


@NEEDS_SOFFICE
def test_pdf_beside_each_document_has_the_chinese_text(tmp_path: Path, batch: tuple[Path, Path]) -> None:
    register, template = batch
    out = tmp_path / "out"
    result = run("merge", register, template, "-o", out, "--pdf", "--jobs", "1")
    assert result.exit_code == 0, result.output
    pdfs = sorted(out.glob("*.pdf"))
    assert [p.stem for p in pdfs] == sorted(p.stem for p in out.glob("*.docx"))
    text = "".join(pdf_pages(out / "XF2025-002-李四-告知书.pdf"))
    assert "李四：第一页" in text and "第二页 李四" in text


def test_zip_reopens_with_utf8_names(tmp_path: Path, batch: tuple[Path, Path]) -> None:
    register, template = batch
    out, archive = tmp_path / "out", tmp_path / "文书.zip"
    result = run("merge", register, template, "-o", out, "--zip", archive)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(archive) as opened:
        names = sorted(opened.namelist())
        assert names == sorted(p.name for p in out.glob("*.docx"))
        assert all(info.flag_bits & 0x800 for info in opened.infolist())
        assert opened.read("XF2025-001-张三-告知书.docx") == (out / "XF2025-001-张三-告知书.docx").read_bytes()
        assert opened.testzip() is None


def test_existing_zip_or_print_file_is_not_overwritten(tmp_path: Path, batch: tuple[Path, Path]) -> None:
    register, template = batch
    archive = tmp_path / "文书.zip"
    archive.write_bytes(b"keep")
    result = run("merge", register, template, "-o", tmp_path / "out", "--zip", archive)
    assert result.exit_code == 2 and "已存在" in result.output
    assert archive.read_bytes() == b"keep" and not (tmp_path / "out").exists()


def test_resume_skips_complete_files_and_redoes_broken_ones(tmp_path: Path, batch: tuple[Path, Path]) -> None:
    register, template = batch
    out = tmp_path / "out"
    assert run("merge", register, template, "-o", out).exit_code == 0
    first = out / "XF2025-001-张三-告知书.docx"
    broken = out / "XF2025-002-李四-告知书.docx"
    (out / "XF2025-003-王五-告知书.docx").unlink()
    broken.write_bytes(broken.read_bytes()[:500])  # as a copy cut short would leave it
    stamp = first.stat().st_mtime_ns
    result = run("merge", register, template, "-o", out, "--resume")
    assert result.exit_code == 0, result.output
    assert "已生成 2 份，跳过已存在的 1 份" in result.output
    assert first.stat().st_mtime_ns == stamp
    assert zipfile.ZipFile(broken).testzip() is None


def test_interrupted_write_leaves_no_partial_document(tmp_path: Path, batch: tuple[Path, Path], monkeypatch) -> None:
    from docgen.outputs import atomic

    register, template = batch
    out = tmp_path / "out"
    real = os.fdopen
    calls = {"n": 0}

    class Cut:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def flush(self):
            self.stream.flush()

        def write(self, data):
            calls["n"] += 1
            if calls["n"] == 2:
                self.stream.write(data[:100])
                raise KeyboardInterrupt
            return self.stream.write(data)

    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: Cut(real(fd, mode)))
    with pytest.raises(KeyboardInterrupt):
        merge(register, template, out, jobs=1)
    assert sorted(p.name for p in listing(out)) == ["XF2025-001-张三-告知书.docx"]


def test_font_check_warns_when_chinese_would_fall_back(tmp_path: Path) -> None:
    from docgen.outputs.pdf import font_warnings

    need("fc-match", "fc-list")
    bare = tmp_path / "fonts.conf"
    bare.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{tmp_path / "none"}</dir>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    [warning] = font_warnings(["仿宋_GB2312"], bare)
    assert "仿宋_GB2312" in warning and "方框" in warning and "fonts-noto-cjk" in warning


def test_shipped_font_aliases_find_the_installed_stand_ins(tmp_path: Path) -> None:
    from docgen.outputs.pdf import font_warnings, fontconfig_file

    need_cjk_fonts()
    ours = fontconfig_file(tmp_path)
    assert font_warnings(["仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"], ours) == []
