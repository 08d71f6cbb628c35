"""The official documents as printed: merged with --pdf (docgen's own fonts), read back page by page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SAMPLES

from docgen.config import load_config
from docgen.official.catalog import PACKAGED_DIR
from docgen.pipeline import merge

PT_PER_MM = 72 / 25.4
BLOCK_BOTTOM_PT = (37 + 225) * PT_PER_MM  # the text block's lower edge, from the top of the page
LINE_PT = 28.95


@pytest.fixture(scope="module", autouse=True)
def tools() -> None:
    if shutil.which("soffice") and shutil.which("pdftotext"):
        return
    if os.environ.get("DOCGEN_REQUIRE_SOFFICE") == "1":
        pytest.fail("soffice 或 pdftotext 未安装，但 DOCGEN_REQUIRE_SOFFICE=1")
    pytest.skip("needs LibreOffice and poppler-utils")


def printed(name: str, rows: str, date: str, tmp_path: Path) -> Path:
    config = load_config(SAMPLES / "docgen.toml")
    config.numbering.ledger = str(tmp_path / "发文登记.sqlite")
    import datetime as dt

    result = merge(
        SAMPLES / "register.xlsx",
        PACKAGED_DIR / f"{name}.docx",
        tmp_path / "out",
        config=config,
        rows=rows,
        issued=dt.date.fromisoformat(date),
        to_pdf=True,
    )
    (pdf,) = result.pdfs
    return pdf


def words(pdf: Path) -> list[tuple[int, float, float, str]]:
    """(page, yMin, yMax, word) of every word, from pdftotext's bounding boxes."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = []
    for page, body in enumerate(html.split("<page ")[1:], 1):
        for y_min, y_max, word in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', body):
            found.append((page, float(y_min), float(y_max), word))
    return found


def test_the_closing_formula_never_stands_alone_on_a_page(tmp_path: Path):
    # XF2024-0001's 受理告知书 fills page 1 to its last line: 特此告知。 used to go over alone
    pdf = printed("受理告知书", "4", "2024-01-06", tmp_path)
    pages: dict[int, list[str]] = {}
    for page, _, _, word in words(pdf):
        pages.setdefault(page, []).append(word)
    last = "".join(pages[max(pages)])
    assert "特此告知。" in last
    assert len(last.split("特此告知。")[0]) > 10, last  # body text goes over with it


def test_the_closing_block_sits_on_the_last_line_with_room_for_the_seal(tmp_path: Path):
    pdf = printed("处理意见书", "5", "2024-02-25", tmp_path)
    placed = words(pdf)
    last_page = max(page for page, *_ in placed)
    on_last = [(y0, y1, w) for page, y0, y1, w in placed if page == last_page]
    issued = next((y0, y1) for y0, y1, w in on_last if w.endswith("印发"))
    copies = next((y0, y1) for y0, y1, w in on_last if w.startswith("抄送"))
    date = max(y1 for y0, y1, w in on_last if y1 < copies[0])  # the 成文日期, last line above the 版记
    assert BLOCK_BOTTOM_PT - LINE_PT < issued[1] <= BLOCK_BOTTOM_PT + 2  # on the text block's last line
    assert copies[1] <= issued[0] + 2  # 抄送 on the line above 印发
    assert copies[0] - date >= 2 * LINE_PT - 4  # two lines clear above the 版记 for the seal
