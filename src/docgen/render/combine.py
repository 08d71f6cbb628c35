"""One print file from a batch made with one template: each document its own section, numbered from 1."""

from __future__ import annotations

import copy
import hashlib
import io
import posixpath
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from docgen.errors import OutputError

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_HEADER = _R + "/header"
_FOOTER = _R + "/footer"
_TYPES = {
    _HEADER: "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    _FOOTER: "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
}
# Parts that must be the same in every document, since the combined file keeps only one of each.
_SHARED = ("word/footnotes.xml", "word/endnotes.xml", "word/comments.xml")
_SECTION_ORDER = (
    *("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc"),
    *("pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg"),
    *("textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"),
)
_DOC_PR = re.compile(rb'(<wp:docPr\b[^>]*?\bid=")(\d+)(")')


def w(name: str) -> str:
    return f"{{{_W}}}{name}"


class _Source:
    """One generated .docx, opened for combining."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as archive:
            self.members = {info.filename: archive.read(info) for info in archive.infolist()}
        self.document = _main_part(self.members)
        folder, name = posixpath.split(self.document)
        self.rels_name = posixpath.join(folder, "_rels", name + ".rels")
        self.rels = etree.fromstring(self.members[self.rels_name])

    def relationships(self) -> dict[str, tuple[str, str]]:
        """rId → (type, target) of the main part."""
        return {r.get("Id"): (r.get("Type"), r.get("Target")) for r in self.rels}

    def body(self) -> etree._Element:
        return etree.fromstring(self.members[self.document]).find(w("body"))


def combine(files: Sequence[Path], target: Path, *, duplex: bool = False, marks: Sequence[str] = ()) -> bytes:
    """The bytes of one .docx holding `files` in order, each starting a new page with its own
    headers and footers and page numbers from 1. All must come from the same template.

    `duplex` starts each document on an odd page (a right-hand page, the front of a sheet): its first
    section breaks to an odd page, so Word and LibreOffice add a blank page after a document whose page
    count is odd, with no need to know the page counts here.
    `marks[i]`, when given, names a bookmark at the start of `files[i]` (to find it again in a PDF).
    """
    if not files:
        raise OutputError("没有可合并的文件")
    first = _Source(files[0])
    root = etree.fromstring(first.members[first.document])
    body = root.find(w("body"))
    for child in list(body):
        body.remove(child)
    rels = copy.deepcopy(first.rels)
    for rel in list(rels):
        if rel.get("Type") in (_HEADER, _FOOTER):
            rels.remove(rel)
    others = _fixed_relationships(first)
    parts: dict[str, bytes] = {}
    seen: dict[tuple[str, bytes], str] = {}
    last_section = None
    for index, path in enumerate(files):
        source = first if index == 0 else _Source(path)
        if index and (_fixed_relationships(source) != others or _shared(source) != _shared(first)):
            raise OutputError(
                f"{path.name} 与 {files[0].name} 不是用同一模板生成的，无法合并",
                hint="请只合并同一次生成的文件",
            )
        content = source.body()
        section = content.find(w("sectPr"))
        if section is not None:
            content.remove(section)
        else:
            section = etree.SubElement(content, w("sectPr"))
        headers = source.relationships()
        for reference in content.iter(w("headerReference"), w("footerReference")):
            _relink(reference, source, headers, rels, parts, seen)
        _relink_section(section, source, headers, rels, parts, seen)
        _restart_numbering(section)
        if duplex:
            first_section = next(content.iter(w("sectPr")), section)
            _section_child(first_section, "type").set(w("val"), "oddPage")
        _offset_bookmarks(content, index)
        if marks:
            _mark_start(content, marks[index], index)
        for child in list(content):
            body.append(child)
        if index < len(files) - 1:
            paragraph = etree.SubElement(body, w("p"))
            etree.SubElement(paragraph, w("pPr")).append(section)
        else:
            last_section = section
    body.append(last_section)
    document = _renumber_drawings(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
    return _package(
        first, document, etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True), parts
    )


def _main_part(members: dict[str, bytes]) -> str:
    root = etree.fromstring(members["_rels/.rels"])
    for rel in root:
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    raise OutputError("文件中没有 Word 正文，无法合并")


def _fixed_relationships(source: _Source) -> dict[str, tuple[str, str]]:
    return {k: v for k, v in source.relationships().items() if v[0] not in (_HEADER, _FOOTER)}


def _shared(source: _Source) -> dict[str, bytes]:
    return {name: source.members[name] for name in _SHARED if name in source.members}


def _relink_section(section, source, headers, rels, parts, seen) -> None:
    for reference in section.iter(w("headerReference"), w("footerReference")):
        _relink(reference, source, headers, rels, parts, seen)


def _relink(reference, source: _Source, headers, rels, parts: dict[str, bytes], seen) -> None:
    """Point a header/footer reference at a copy of this document's own part (shared when equal)."""
    rid = reference.get(f"{{{_R}}}id")
    kind, target = headers[rid]
    folder = posixpath.dirname(source.document)
    name = posixpath.normpath(posixpath.join(folder, target))
    data = source.members[name]
    rels_name = posixpath.join(posixpath.dirname(name), "_rels", posixpath.basename(name) + ".rels")
    key = (kind, hashlib.sha1(data + source.members.get(rels_name, b"")).digest())
    if key not in seen:
        number = len(seen) + 1
        stem = "header" if kind == _HEADER else "footer"
        new_name = f"{folder}/docgen-{stem}{number}.xml"
        parts[new_name] = data
        if rels_name in source.members:
            parts[posixpath.join(folder, "_rels", posixpath.basename(new_name) + ".rels")] = source.members[rels_name]
        new_id = f"rIdDocgen{number}"
        etree.SubElement(rels, f"{{{_PKG}}}Relationship", Id=new_id, Type=kind, Target=posixpath.basename(new_name))
        seen[key] = new_id
    reference.set(f"{{{_R}}}id", seen[key])


def _restart_numbering(section) -> None:
    _section_child(section, "pgNumType").set(w("start"), "1")
    kind = section.find(w("type"))
    if kind is not None and kind.get(w("val")) not in ("nextPage", "oddPage", "evenPage"):
        kind.set(w("val"), "nextPage")


def _section_child(section, name: str) -> etree._Element:
    """The child `name` of a w:sectPr, created in the schema's order (CT_SectPr) when missing."""
    child = section.find(w(name))
    if child is None:
        child = etree.Element(w(name))
        later = {w(n) for n in _SECTION_ORDER[_SECTION_ORDER.index(name) + 1 :]}
        successor = next((c for c in section if c.tag in later), None)
        if successor is None:
            section.append(child)
        else:
            successor.addprevious(child)
    return child


def _offset_bookmarks(content, index: int) -> None:
    for mark in content.iter(w("bookmarkStart"), w("bookmarkEnd")):
        value = mark.get(w("id"))
        if value is not None and value.isdigit():
            mark.set(w("id"), str(int(value) + index * 100_000))


def _mark_start(content, name: str, index: int) -> None:
    """A bookmark `name` in the first paragraph of a document's body."""
    paragraph = next(content.iter(w("p")), None)
    if paragraph is None:
        paragraph = etree.Element(w("p"))
        content.insert(0, paragraph)
    properties = paragraph.find(w("pPr"))
    position = 0 if properties is None else paragraph.index(properties) + 1
    mark_id = str(900_000_000 + index)
    paragraph.insert(position, etree.Element(w("bookmarkEnd"), {w("id"): mark_id}))
    paragraph.insert(position, etree.Element(w("bookmarkStart"), {w("id"): mark_id, w("name"): name}))


def _renumber_drawings(xml: bytes) -> bytes:
    counter = iter(range(1, 1 << 31))
    return _DOC_PR.sub(lambda m: m.group(1) + str(next(counter)).encode() + m.group(3), xml)


def _package(first: _Source, document: bytes, rels: bytes, parts: dict[str, bytes]) -> bytes:
    types = etree.fromstring(first.members["[Content_Types].xml"])
    old = {
        posixpath.normpath(posixpath.join(posixpath.dirname(first.document), t))
        for kind, t in first.relationships().values()
        if kind in (_HEADER, _FOOTER)
    }
    for override in list(types):
        if override.get("PartName", "").lstrip("/") in old:
            types.remove(override)
    for name in parts:
        if name.endswith(".xml"):
            kind = _TYPES[_HEADER] if "/docgen-header" in name else _TYPES[_FOOTER]
            etree.SubElement(types, f"{{{_CT}}}Override", PartName="/" + name, ContentType=kind)
    old_rels = {posixpath.join(posixpath.dirname(n), "_rels", posixpath.basename(n) + ".rels") for n in old}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(
            "[Content_Types].xml", etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
        )
        for name, data in first.members.items():
            if name in ("[Content_Types].xml", first.document, first.rels_name) or name in old or name in old_rels:
                continue
            archive.writestr(name, data)
        archive.writestr(first.document, document)
        archive.writestr(first.rels_name, rels)
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()
