"""Builders for real registers and templates in tmp dirs, shared by the tests."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

# CI's second pass sets this: the tests that need LibreOffice, poppler or CJK fonts must run, not skip.
REQUIRE_TOOLS = os.environ.get("DOCGEN_REQUIRE_SOFFICE") == "1"
TOOLS = {
    "soffice": "LibreOffice",
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdfinfo": "poppler-utils",
}
TOOLS |= {"pdffonts": "poppler-utils", "fc-match": "fontconfig", "fc-list": "fontconfig"}


def _missing(reason: str) -> None:
    if REQUIRE_TOOLS:
        pytest.fail(f"{reason}，但 DOCGEN_REQUIRE_SOFFICE=1 要求这项测试必须运行")
    pytest.skip(reason)


def need(*tools: str) -> None:
    """Skip (with the reason) unless every program in `tools` is installed; with DOCGEN_REQUIRE_SOFFICE=1, fail."""
    for tool in tools:
        if shutil.which(tool) is None:
            _missing(f"需要 {tool}（{TOOLS.get(tool, tool)}），本机没有安装")


def need_cjk_fonts() -> None:
    """Skip unless a Chinese font is installed (fonts-noto-cjk); with DOCGEN_REQUIRE_SOFFICE=1, fail."""
    need("fc-list")
    found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout.strip()
    if not found:
        _missing("本机没有中文字体（fonts-noto-cjk）")


@pytest.fixture
def pdf_tools() -> None:
    """LibreOffice and poppler are installed, or the test skips saying which is missing."""
    need("soffice", "pdftotext")


HEADER = ["信访编号", "登记日期", "信访形式", "信访人", "身份证号", "联系电话", "人数", "反映问题", "诉求", "责任单位"]


def case_row(number: int, name: str = "张三", **values: object) -> list[object]:
    """A register row in HEADER order with sensible defaults."""
    row = {
        "信访编号": f"XF2025-{number:03d}",
        "登记日期": dt.date(2025, 3, number % 28 + 1),
        "信访形式": "来信",
        "信访人": name,
        "身份证号": "110101199003071234",
        "联系电话": "13800138000",
        "人数": 1,
        "反映问题": "物业收费",
        "诉求": "退还多收费用",
        "责任单位": "县住建局",
    }
    row.update(values)
    return [row[h] for h in HEADER]


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    header: Sequence[str] = HEADER,
    title_rows: Sequence[Sequence[object]] = (),
    merges: Sequence[str] = (),
    sheet: str = "台账",
    text_columns: Sequence[str] = ("身份证号",),
) -> Path:
    """A register as a clerk keeps it: optional title rows, the header, the rows, merges."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for title in title_rows:
        ws.append(list(title))
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    for rng in merges:
        ws.merge_cells(rng)
    for index, name in enumerate(header, 1):
        if name in text_columns:
            for cell in ws.iter_cols(min_col=index, max_col=index, min_row=len(title_rows) + 2):
                for c in cell:
                    if isinstance(c.value, str):
                        c.number_format = "@"
    book.save(path)
    return path


def _run(paragraph, text: str, bold: bool = False):
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.font.name = "仿宋_GB2312"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    return run


def write_template(
    path: Path,
    paragraphs: Sequence[str | Sequence[str]],
    *,
    header: str | None = None,
    footer: str | None = None,
    table: Sequence[Sequence[str]] | None = None,
    proof_marks: bool = False,
) -> Path:
    """A .docx template; a paragraph given as a list is written as one run per piece (as Word splits
    text), alternating bold so the runs cannot be merged, with spell-check marks between when asked."""
    doc = Document()
    for item in paragraphs:
        paragraph = doc.add_paragraph()
        pieces = [item] if isinstance(item, str) else list(item)
        for index, piece in enumerate(pieces):
            if proof_marks and index:
                mark = OxmlElement("w:proofErr")
                mark.set(qn("w:type"), "spellStart" if index % 2 else "spellEnd")
                paragraph._p.append(mark)
            _run(paragraph, piece, bold=bool(index % 2))
    if table:
        grid = doc.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table):
            for cell, value in zip(row.cells, values):
                cell.text = value
    if header is not None:
        doc.sections[0].header.paragraphs[0].text = header
    if footer is not None:
        doc.sections[0].footer.paragraphs[0].text = footer
    doc.save(path)
    return path


def read_docx(path: Path):
    return Document(io.BytesIO(Path(path).read_bytes()))


def all_text(path: Path) -> str:
    """Body paragraphs, table cells, headers and footers, one paragraph a line."""
    from docxtext import paragraph_text

    doc = read_docx(path)
    lines = [paragraph_text(p) for p in doc.element.body.iter(qn("w:p"))]
    for section in doc.sections:
        for part in (section.header, section.footer):
            lines += [paragraph_text(p) for p in part._element.iter(qn("w:p"))]
    return "\n".join(lines)


@pytest.fixture
def register(tmp_path: Path) -> Path:
    """A small clean register: three cases."""
    return write_xlsx(
        tmp_path / "台账.xlsx",
        [case_row(1, "张三"), case_row(2, "李四", 信访形式="来访"), case_row(3, "王五", 人数=6)],
    )


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    """A small letter template using a few fields, a header and a footer."""
    return write_template(
        tmp_path / "告知书.docx",
        ["{{ 信访人 }}：", "你于{{ 登记日期 }}反映的{{ 反映问题 }}问题已收悉。", "编号：{{ 信访编号 }}"],
        header="{{ 发文机关 }}",
        footer="第{{ 信访编号 }}号",
    )


def listing(folder: Path) -> list[Path]:
    """What a clerk sees in an output folder: its files, without docgen's hidden manifest."""
    return [p for p in folder.iterdir() if not p.name.startswith(".")]
