"""Pictures named by their alt text (图表:问题类别): added to a document, and swapped in a finished .docx."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from docgen.official import styles as st
from docgen.official.document import OfficialDocument
from docgen.official.xml import ordered_child

EMU_PER_MM = 36000
FIXED_TIME = (2025, 1, 1, 0, 0, 0)  # zip member times: the same report builds to the same bytes
SLOT_PREFIX = "图表"
_SLOT = re.compile(rf"^\s*{SLOT_PREFIX}\s*[:：]\s*(\S+)\s*$")
_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def slot_alt(name: str) -> str:
    """The alt text that marks a picture as the place of chart `name`: 图表:问题类别."""
    return f"{SLOT_PREFIX}:{name}"


def add_picture(document: OfficialDocument, png: bytes, width_mm: float, height_mm: float, alt: str) -> Paragraph:
    """A centred paragraph holding one picture with alt text `alt`, kept with the caption after it.

    The paragraph has single (not fixed) line spacing, so the picture is not cut to one text line, and
    3 pt of space above it.
    """
    paragraph = document.document.add_paragraph(style=document.document.styles[st.NORMAL])
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.keep_with_next = True
    # a little space above: right after a table, LibreOffice otherwise paints the picture over its last rule
    fmt.space_before = Pt(3)
    ordered_child(paragraph._p.get_or_add_pPr(), "w:snapToGrid", val="0")  # off the 28.95 pt line grid
    shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm), height=Mm(height_mm))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", alt)
    doc_pr.set("name", alt)
    return paragraph


@dataclass(frozen=True)
class Slot:
    """A picture whose alt text (description or title) reads 图表:<name>, and its size on the page."""

    name: str
    width_mm: float
    height_mm: float


def _main_part(archive: zipfile.ZipFile) -> str:
    rels = etree.fromstring(archive.read("_rels/.rels"))
    for rel in rels:
        if rel.get("Type") == _OFFICE_DOCUMENT:
            return rel.get("Target").lstrip("/")
    return "word/document.xml"


def _slots(root: etree._Element) -> list[tuple[etree._Element, str, int, int]]:
    """(drawing, name, cx, cy) for every chart picture in a document part."""
    found = []
    for doc_pr in root.iter(f"{{{_NS['wp']}}}docPr"):
        alt = doc_pr.get("descr") or doc_pr.get("title") or ""
        match = _SLOT.match(alt)
        if not match:
            continue
        drawing = doc_pr.getparent()
        extent = drawing.find("wp:extent", _NS)
        if drawing.find(".//a:blip", _NS) is None or extent is None:
            continue
        found.append((drawing, match.group(1), int(extent.get("cx")), int(extent.get("cy"))))
    return found


def picture_slots(docx: bytes) -> list[Slot]:
    """The chart pictures of a .docx's main text, in document order."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        root = etree.fromstring(archive.read(_main_part(archive)))
    return [Slot(name, cx / EMU_PER_MM, cy / EMU_PER_MM) for _, name, cx, cy in _slots(root)]


def fill_pictures(docx: bytes, draw: Callable[[Slot], bytes]) -> bytes:
    """The .docx with every chart picture replaced by `draw(slot)` (PNG, drawn at the picture's size).

    Each picture gets its own new image part, so placeholders that Word stored once stay independent;
    cropping and SVG alternatives of the placeholder are dropped. Members get fixed times.
    """
    source = zipfile.ZipFile(io.BytesIO(docx))
    main = _main_part(source)
    root = etree.fromstring(source.read(main))
    slots = _slots(root)
    if not slots:
        return docx
    rels_name = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
    rels = etree.fromstring(source.read(rels_name))
    taken = {m.filename for m in source.infolist()}
    ids = {rel.get("Id") for rel in rels}
    added: dict[str, bytes] = {}
    for index, (drawing, name, cx, cy) in enumerate(slots, 1):
        png = draw(Slot(name, cx / EMU_PER_MM, cy / EMU_PER_MM))
        target = _free(taken, f"media/docgen-chart{index}.png", posixpath.dirname(main))
        rel_id = next(i for i in (f"rIdDocgenChart{n}" for n in range(index, index + len(ids) + 2)) if i not in ids)
        ids.add(rel_id)
        etree.SubElement(rels, f"{{{_RELS}}}Relationship", Id=rel_id, Type=_IMAGE, Target=target)
        added[posixpath.join(posixpath.dirname(main), target)] = png
        blip = drawing.find(".//a:blip", _NS)
        blip.set(f"{{{_NS['r']}}}embed", rel_id)
        blip.attrib.pop(f"{{{_NS['r']}}}link", None)
        for child in list(blip):
            blip.remove(child)  # a:extLst with an SVG alternative, effects
        fill = blip.getparent()
        crop = fill.find("a:srcRect", _NS)
        if crop is not None:
            fill.remove(crop)
    types = etree.fromstring(source.read("[Content_Types].xml"))
    if not any(d.get("Extension", "").lower() == "png" for d in types.iter(f"{{{_CT}}}Default")):
        types.insert(0, etree.Element(f"{{{_CT}}}Default", Extension="png", ContentType="image/png"))
    changed = {main: root, rels_name: rels, "[Content_Types].xml": types}
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target_zip:
        for member in source.infolist():
            if member.filename in changed:
                data = etree.tostring(changed[member.filename], xml_declaration=True, encoding="UTF-8", standalone=True)
            else:
                data = source.read(member.filename)
            target_zip.writestr(zipfile.ZipInfo(member.filename, date_time=FIXED_TIME), data, zipfile.ZIP_DEFLATED)
        for name, data in added.items():
            target_zip.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME), data, zipfile.ZIP_STORED)
    return out.getvalue()


def _free(taken: set[str], target: str, folder: str) -> str:
    stem, suffix = posixpath.splitext(target)
    candidate, number = target, 1
    while posixpath.join(folder, candidate) in taken:
        number += 1
        candidate = f"{stem}-{number}{suffix}"
    taken.add(posixpath.join(folder, candidate))
    return candidate
