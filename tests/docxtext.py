"""Visible text of a .docx in the docxtpl corpus' oracle form: body, tables, headers, footnotes, properties, media."""

from __future__ import annotations

import hashlib
import io
import zipfile

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraph_text(p) -> str:
    """Text of a w:p: runs in order, breaks as \\n, page breaks as \\f, tabs as \\t."""
    out = []
    for el in p.iter(_W + "t", _W + "br", _W + "tab", _W + "cr"):
        if el.tag == _W + "t":
            out.append(el.text or "")
        elif el.tag == _W + "tab":
            if el.getparent().tag == _W + "r":
                out.append("\\t")
        elif el.tag == _W + "br" and el.get(_W + "type") == "page":
            out.append("\\f")
        else:
            out.append("\\n")
    return "".join(out)


def _blocks(container, lines: list[str], counter: list[int], prefix: str = "") -> None:
    for child in container:
        if child.tag == _W + "p":
            lines.append(f"{prefix}P: {paragraph_text(child)}")
        elif child.tag == _W + "tbl":
            counter[0] += 1
            number = counter[0]
            grid = child.find(_W + "tblGrid")
            cols = 0 if grid is None else len(grid.findall(_W + "gridCol"))
            rows = child.findall(_W + "tr")
            lines.append(f"{prefix}T{number}: grid {cols} cols, {len(rows)} rows")
            for r, row in enumerate(rows, 1):
                for c, cell in enumerate(row.findall(_W + "tc"), 1):
                    marks = ""
                    tc_pr = cell.find(_W + "tcPr")
                    if tc_pr is not None:
                        span = tc_pr.find(_W + "gridSpan")
                        if span is not None:
                            marks += f"[gridSpan={span.get(_W + 'val')}]"
                        merge = tc_pr.find(_W + "vMerge")
                        if merge is not None:
                            marks += f"[vMerge={merge.get(_W + 'val', 'continue')}]"
                    _blocks(cell, lines, counter, f"{prefix}T{number}R{r}C{c}{marks} ")
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                _blocks(content, lines, counter, prefix)


def dump(data: bytes) -> str:
    """The oracle text of a .docx given as bytes."""
    document = Document(io.BytesIO(data))
    lines = ["# body"]
    _blocks(document.element.body, lines, [0])
    for number, section in enumerate(document.sections, 1):
        for kind, attr in (
            ("header default", "header"),
            ("header first", "first_page_header"),
            ("header even", "even_page_header"),
            ("footer default", "footer"),
            ("footer first", "first_page_footer"),
            ("footer even", "even_page_footer"),
        ):
            part = getattr(section, attr)
            if part.is_linked_to_previous:
                continue
            lines.append(f"# section {number} {kind}")
            _blocks(part._element, lines, [0])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        if "word/footnotes.xml" in names:
            root = etree.fromstring(archive.read("word/footnotes.xml"))
            for note in root.findall(_W + "footnote"):
                if note.get(_W + "type") is None:
                    lines.append(f"# footnote {note.get(_W + 'id')}")
                    _blocks(note, lines, [0])
        props = document.core_properties
        lines.append("# core properties")
        for name in ("title", "subject", "author", "comments", "identifier", "language"):
            lines.append(f"{name}: {getattr(props, name) or ''}")
        lines.append("# media")
        for name in sorted(names):
            if name.startswith(("word/media/", "word/embeddings/")):
                blob = archive.read(name)
                lines.append(f"/{name} {len(blob)} {hashlib.sha1(blob).hexdigest()[:12]}")
    return "\n".join(lines) + "\n"


def body_text(data: bytes) -> str:
    """All paragraph text of the body, one paragraph a line (tables included)."""
    document = Document(io.BytesIO(data))
    return "\n".join(paragraph_text(p) for p in document.element.body.iter(qn("w:p")))


def _runs(p) -> list[tuple[str, str]]:
    """(run properties, text) pieces of a paragraph, neighbours with equal properties joined."""
    pieces: list[tuple[str, str]] = []
    for run in p.iter(_W + "r"):
        props = run.find(_W + "rPr")
        key = "" if props is None else etree.tostring(props, method="c14n").decode()
        text = paragraph_text(run)
        if pieces and pieces[-1][0] == key:
            pieces[-1] = (key, pieces[-1][1] + text)
        else:
            pieces.append((key, text))
    return [piece for piece in pieces if piece[1]]


def formatting(data: bytes) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every paragraph of body, headers and footers: its properties and its formatted text."""
    document = Document(io.BytesIO(data))
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    found = []
    for part in parts:
        for p in part.iter(_W + "p"):
            props = p.find(_W + "pPr")
            key = "" if props is None else etree.tostring(props, method="c14n").decode()
            found.append((key, _runs(p)))
    return found
