"""merge --combine --duplex: every document of the print file starts on the front of a sheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import case_row, write_template, write_xlsx
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from ooxml import assert_valid_docx
from test_outputs import NEEDS_SOFFICE, pdf_pages

from docgen.cli import cli
from docgen.pipeline import merge


@pytest.fixture
def batch(tmp_path: Path) -> tuple[Path, Path]:
    """Four cases whose letters take 1, 2, 1 and 1 pages (a second page when 人数 > 1)."""
    rows = [case_row(1, "张三"), case_row(2, "李四", 人数=2), case_row(3, "王五"), case_row(4, "赵六")]
    register = write_xlsx(tmp_path / "台账.xlsx", rows)
    paragraphs = ["{{ 信访人 }}：第一页", "{%p if 人数 > 1 %}", "", "第二页 {{ 信访人 }}", "{%p endif %}"]
    template = write_template(tmp_path / "告知书.docx", paragraphs, footer="页脚")
    document = Document(template)
    document.paragraphs[2].add_run().add_break(WD_BREAK.PAGE)
    document.save(template)
    return register, template


def _section_starts(path: Path) -> list[str | None]:
    """How each section of `path` starts (w:type), in order."""
    kinds = []
    for section in Document(path).sections:
        kind = section._sectPr.find(qn("w:type"))
        kinds.append(None if kind is None else kind.get(qn("w:val")))
    return kinds


def test_duplex_starts_every_document_on_an_odd_page(tmp_path: Path, batch: tuple[Path, Path]) -> None:
    register, template = batch
    merge(register, template, tmp_path / "a", combine=tmp_path / "单面.docx")
    merge(register, template, tmp_path / "b", combine=tmp_path / "双面.docx", duplex=True)
    assert _section_starts(tmp_path / "双面.docx") == ["oddPage"] * 4
    assert "oddPage" not in _section_starts(tmp_path / "单面.docx")
    assert_valid_docx(tmp_path / "双面.docx")


@NEEDS_SOFFICE
def test_duplex_pdf_has_a_blank_back_page_after_each_odd_document(tmp_path: Path, batch: tuple[Path, Path]) -> None:
    register, template = batch
    merge(register, template, tmp_path / "a", combine=tmp_path / "单面.docx", to_pdf=True)
    merge(register, template, tmp_path / "b", combine=tmp_path / "双面.docx", duplex=True, to_pdf=True)
    assert [p.split()[0] for p in pdf_pages(tmp_path / "单面.pdf")] == [
        "张三：第一页",
        "李四：第一页",
        "第二页",
        "王五：第一页",
        "赵六：第一页",
    ]
    pages = [page.split() for page in pdf_pages(tmp_path / "双面.pdf")]
    assert [p[0] if p else "（空白）" for p in pages] == [
        "张三：第一页",
        "（空白）",
        "李四：第一页",
        "第二页",
        "王五：第一页",
        "（空白）",
        "赵六：第一页",
    ]


def test_cli_duplex_needs_combine(tmp_path: Path, batch: tuple[Path, Path]) -> None:
    register, template = batch
    alone = CliRunner().invoke(cli, ["merge", str(register), str(template), "-o", str(tmp_path / "a"), "--duplex"])
    assert alone.exit_code == 2 and "--duplex 只用于合并打印文件" in alone.output
    assert not (tmp_path / "a").exists()
    combined = tmp_path / "打印.docx"
    args = ["merge", str(register), str(template), "-o", str(tmp_path / "b"), "--combine", str(combined), "--duplex"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert _section_starts(combined) == ["oddPage"] * 4
    assert "双面打印：页数为奇数的文书后补一张空白页" in CliRunner().invoke(cli, ["merge", "--help"]).output
