"""The pieces of PDF output that need no LibreOffice: splitting at marks, the converter's copy without
hanging punctuation, docgen's fonts.conf read as package data (also from a built wheel)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PdfReader, PdfWriter

from docgen.outputs import pdf, pdfsplit
from docgen.outputs.punctuation import without_hanging


def marked_pdf(path: Path, pages: int, marks: dict[int, int], outline: dict[str, int] | None = None) -> Path:
    """A PDF of `pages` blank pages, each page numbered in its size, document i marked on page marks[i]."""
    writer = PdfWriter()
    for number in range(pages):
        writer.add_blank_page(width=100 + number, height=100)
    for index, page in marks.items():
        writer.add_named_destination(pdfsplit.marker(index), page)
    for title, page in (outline or {}).items():
        writer.add_outline_item(title=title, page_number=page)
    with path.open("wb") as stream:
        writer.write(stream)
    return path


def widths(data: bytes) -> list[int]:
    return [int(page.mediabox.width) for page in PdfReader(io.BytesIO(data)).pages]


def test_split_gives_each_document_its_own_pages(tmp_path: Path) -> None:
    source = marked_pdf(tmp_path / "b.pdf", 6, {0: 0, 1: 2, 2: 3}, {"一、复查请求": 2, "二、原处理意见": 3})
    parts = pdfsplit.split(source, 3)
    assert [widths(p) for p in parts] == [[100, 101], [102], [103, 104, 105]]
    second = PdfReader(io.BytesIO(parts[1]))
    assert [(item.title, second.get_destination_page_number(item)) for item in second.outline] == [("一、复查请求", 0)]


@pytest.mark.parametrize(
    "marks",
    [
        {0: 0, 2: 3},  # a document's mark is missing
        {0: 0, 1: 3, 2: 2},  # out of order
        {0: 1, 1: 2, 2: 3},  # pages before the first document
        {0: 0, 1: 2, 2: 2},  # an empty document
    ],
)
def test_split_refuses_when_the_marks_are_not_certain(tmp_path: Path, marks) -> None:
    assert pdfsplit.split(marked_pdf(tmp_path / "b.pdf", 6, marks), 3) is None


def docx_with_paragraph_setting(path: Path) -> Path:
    document = Document()
    paragraph = document.add_paragraph("不执行处理意见的，本机关")
    properties = paragraph._p.get_or_add_pPr()
    overflow = OxmlElement("w:overflowPunct")
    overflow.set(qn("w:val"), "0")
    properties.append(overflow)
    document.save(path)
    return path


def test_the_converter_copy_turns_hanging_punctuation_off_everywhere(tmp_path: Path) -> None:
    source = docx_with_paragraph_setting(tmp_path / "a.docx")
    original = zipfile.ZipFile(source)
    copy = zipfile.ZipFile(io.BytesIO(without_hanging(source.read_bytes())))
    styles = etree.fromstring(copy.read("word/styles.xml"))
    default = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    children = [etree.QName(child).localname for child in default]
    assert default.find(qn("w:overflowPunct")).get(qn("w:val")) == "1"  # LibreOffice reads "1" as: do not hang
    if "spacing" in children:
        assert children.index("overflowPunct") < children.index("spacing")  # schema order kept
    body = etree.fromstring(copy.read("word/document.xml"))
    assert [e.get(qn("w:val")) for e in body.iter(qn("w:overflowPunct"))] == ["1"]
    assert "不执行处理意见的，本机关" in "".join(t.text for t in body.iter(qn("w:t")))
    unchanged = set(original.namelist()) - {"word/styles.xml", "word/document.xml"}
    assert all(copy.read(name) == original.read(name) for name in unchanged)


def test_fonts_conf_is_read_through_importlib_resources(tmp_path: Path, monkeypatch) -> None:
    """Installed zipped or in a wheel, fonts.conf is not a file beside pdf.py: it is package data."""
    archive = tmp_path / "site.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("docgen/outputs/fonts.conf", "<fontconfig>\n  <!-- packaged -->\n</fontconfig>\n")
    monkeypatch.setattr(pdf.resources, "files", lambda package: zipfile.Path(archive, "docgen/outputs/"))
    written = pdf.fontconfig_file(tmp_path, {"方正仿宋_GBK": "Noto Serif CJK SC"})
    text = written.read_text(encoding="utf-8")
    assert "<!-- packaged -->" in text
    assert text.index("方正仿宋_GBK") < text.index("<!-- packaged -->")  # the user's substitutes come first


def test_fonts_substitutes_are_valid_fontconfig_and_win(tmp_path: Path) -> None:
    written = pdf.fontconfig_file(tmp_path, {"方正仿宋_GBK": "Noto Serif CJK SC", "A&B": "C<D"})
    root = etree.parse(str(written)).getroot()
    families = [alias.findtext("family") for alias in root.iter("alias")]
    assert families[:2] == ["方正仿宋_GBK", "A&B"] and "仿宋_GB2312" in families
    if (
        shutil.which("fc-match")
        and "Noto Serif CJK SC" in subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    ):
        env = {**os.environ, "FONTCONFIG_FILE": str(written)}
        found = subprocess.run(["fc-match", "-f", "%{family}", "方正仿宋_GBK"], env=env, capture_output=True, text=True)
        assert found.stdout.split(",")[0] == "Noto Serif CJK SC"


def test_from_the_built_wheel_fonts_and_substitutes_work(tmp_path: Path) -> None:
    """The wheel's docgen (not the checkout's) writes the fontconfig file with [fonts.substitutes]."""
    from test_installed import build_wheel

    wheel = build_wheel(tmp_path)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    (tmp_path / "docgen.toml").write_text(
        '[fonts.substitutes]\n"方正仿宋_GBK" = "Noto Serif CJK SC"\n', encoding="utf-8"
    )
    script = (
        "import docgen, pathlib, tempfile\n"
        "from docgen.config import load_config\n"
        "from docgen.outputs import pdf\n"
        "config = load_config('docgen.toml')\n"
        "folder = pathlib.Path(tempfile.mkdtemp())\n"
        "text = pdf.fontconfig_file(folder, config.fonts.substitutes).read_text(encoding='utf-8')\n"
        "print(docgen.__file__)\n"
        "print('方正仿宋_GBK' in text, '仿宋_GB2312' in text)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    where, found = done.stdout.splitlines()
    assert Path(where).is_relative_to(site)
    assert found == "True True"
