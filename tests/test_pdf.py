"""PDFs through LibreOffice: every built-in template's text arrives whole (punctuation at line ends
included), and a batch converted at once is split into exactly the documents one-by-one conversion makes."""

from __future__ import annotations

import collections
import datetime as dt
import difflib
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLES
from lxml import etree
from pypdf import PdfReader

from docgen.config import load_config
from docgen.official.catalog import CATALOG, packaged
from docgen.outputs import pdf, pdfsplit
from docgen.pipeline import merge, preview
from docgen.render.combine import combine

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DATE = dt.date(2025, 6, 1)


def sample_config(folder: Path):
    """The sample docgen.toml, copied so that its ledger is written in `folder`, not in samples/."""
    copy = folder / "docgen.toml"
    shutil.copyfile(SAMPLES / "docgen.toml", copy)
    return load_config(copy)


def need_converter() -> None:
    """Skip without LibreOffice or poppler, unless CI asks for them with DOCGEN_REQUIRE_SOFFICE=1."""
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    if missing and os.environ.get("DOCGEN_REQUIRE_SOFFICE") == "1":
        pytest.fail(f"{'、'.join(missing)} 未安装，但 DOCGEN_REQUIRE_SOFFICE=1")
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path, mode: str = "-raw") -> str:
    """pdftotext in content order (-raw: no de-hyphenation, no column guessing)."""
    return subprocess.run(["pdftotext", mode, str(path), "-"], capture_output=True, text=True, check=True).stdout


def docx_parts_text(path: Path) -> tuple[str, set[str]]:
    """The body's text and the text of each header/footer paragraph, whitespace removed."""
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(_W + "body")
        margins = set()
        for name in archive.namelist():
            if re.fullmatch(r"word/(docgen-)?(header|footer)\d*\.xml", name):
                for paragraph in etree.fromstring(archive.read(name)).iter(_W + "p"):
                    margins.add(squash("".join(t.text or "" for t in paragraph.iter(_W + "t"))))
    return squash("".join(t.text or "" for t in body.iter(_W + "t"))), margins - {""}


def lost_text(docx: Path, pdf_file: Path) -> list[str]:
    """What of the document's text the PDF does not show, in context. The PDF may add header and
    footer text and page numbers; a character drawn out of content order (a symbol from a fallback
    font) counts as moved, not lost."""
    body, margins = docx_parts_text(docx)
    shown = squash(pdf_text(pdf_file))
    margin = re.compile(
        "(?:" + "|".join([re.escape(m) for m in sorted(margins, key=len, reverse=True)] + [r"[—–-]*\d+[—–-]*"]) + ")+"
    )
    deleted: collections.Counter[str] = collections.Counter()
    inserted: collections.Counter[str] = collections.Counter()
    places = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, body, shown, autojunk=False).get_opcodes():
        if op == "insert" and margin.fullmatch(shown[j1:j2]):
            continue
        if op != "equal":
            deleted.update(body[i1:i2])
            inserted.update(shown[j1:j2])
            places.append(f"…{body[max(i1 - 6, 0) : i2 + 6]}… → …{shown[max(j1 - 6, 0) : j2 + 6]}…")
    return places if deleted - inserted or inserted - deleted else []


@pytest.fixture(scope="module")
def builtin_pdfs(tmp_path_factory) -> dict[str, list[Path]]:
    """Each built-in template merged on the sample register (24 cases) with --pdf, the sample docgen.toml."""
    need_converter()
    folder = tmp_path_factory.mktemp("builtin")
    config = sample_config(folder)
    made = {}
    for spec in CATALOG:
        # the first ten sample rows this template makes a document for (some need 复查/复核 data few rows have)
        plan = preview(SAMPLES / "register.xlsx", packaged(spec.name), folder / spec.name, config=config,
                       issued=DATE, as_of=DATE, render_first=False)  # fmt: skip
        wanted = ",".join(str(row) for row, _, _ in plan.rows[:10])
        result = merge(
            SAMPLES / "register.xlsx",
            packaged(spec.name),
            folder / spec.name,
            config=config,
            rows=wanted,
            issued=DATE,
            as_of=DATE,
            to_pdf=True,
            jobs=1,
        )
        made[spec.name] = result.documents
    return made


@pytest.mark.parametrize("name", [spec.name for spec in CATALOG])
def test_every_builtin_template_keeps_its_punctuation_in_the_pdf(builtin_pdfs, name) -> None:
    documents = builtin_pdfs[name]
    assert len(documents) >= 2  # the sample has only two cases a 不再受理告知书 answers
    lost = {doc.name: lost_text(doc, doc.with_suffix(".pdf")) for doc in documents}
    assert {k: v for k, v in lost.items() if v} == {}


def test_the_supervision_letter_shows_the_comma_at_the_line_end(builtin_pdfs) -> None:
    document = builtin_pdfs["督办函"][0]
    assert "不执行处理意见的，本机关" in squash(pdf_text(document.with_suffix(".pdf")))


@pytest.fixture(scope="module")
def letters(tmp_path_factory) -> list[Path]:
    """20 letters, one-page (转送交办函) and two-page (处理意见书) interleaved."""
    need_converter()
    folder = tmp_path_factory.mktemp("letters")
    config = sample_config(folder)
    made = []
    for name in ("转送交办函", "处理意见书"):
        plan = preview(SAMPLES / "register.xlsx", packaged(name), folder / name, config=config, issued=DATE,
                       render_first=False)  # fmt: skip
        rows = ",".join(str(row) for row, _, _ in plan.rows[:10])
        result = merge(SAMPLES / "register.xlsx", packaged(name), folder / name, config=config, rows=rows, issued=DATE)
        made.append(result.documents)
    return [letter for pair in zip(*made, strict=True) for letter in pair]


@pytest.fixture(scope="module")
def one_by_one(letters, tmp_path_factory) -> list[Path]:
    return pdf.convert(letters, tmp_path_factory.mktemp("one"))


def same_as_one_by_one(made: list[Path], one_by_one: list[Path]) -> None:
    assert [p.stem for p in made] == [p.stem for p in one_by_one]
    pages = [len(PdfReader(p).pages) for p in one_by_one]
    assert {1, 2} <= set(pages), "the batch must mix one-page and longer letters"
    assert [len(PdfReader(p).pages) for p in made] == pages
    for batched, single in zip(made, one_by_one, strict=True):
        assert pdf_text(batched, "-layout") == pdf_text(single, "-layout"), batched.name


def test_batches_split_into_exactly_the_one_by_one_pdfs(tmp_path, letters, one_by_one, monkeypatch) -> None:
    monkeypatch.setattr(pdf, "BATCH", 6)  # four batches of 5 letters, two for each of two processes
    combined = tmp_path / "打印.docx"
    combined.write_bytes(combine(letters, combined))
    made = pdf.to_pdf(letters, jobs=2, combined=combined)
    assert made == [d.with_suffix(".pdf") for d in letters] + [combined.with_suffix(".pdf")]
    same_as_one_by_one(made[:-1], one_by_one)
    # the print file's PDF: the same pages in order
    assert len(PdfReader(made[-1]).pages) == sum(len(PdfReader(p).pages) for p in one_by_one)
    assert squash(pdf_text(made[-1])) == "".join(squash(pdf_text(p)) for p in one_by_one)


def test_a_batch_that_cannot_be_split_is_converted_one_by_one(letters, one_by_one, monkeypatch) -> None:
    monkeypatch.setattr(pdf, "BATCH", 10)
    real = pdfsplit.split
    monkeypatch.setattr(pdfsplit, "split", lambda path, count: None if path.stem == "batch00001" else real(path, count))
    for stale in letters:
        stale.with_suffix(".pdf").unlink(missing_ok=True)
    made = pdf.to_pdf(letters, jobs=1)
    same_as_one_by_one(made, one_by_one)
