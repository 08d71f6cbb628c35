"""Repairs that keep a Word package valid: core properties in their own namespace, w:zoom's percent, no stale
stylesWithEffects part.

docxcompose (imported by docxtpl) maps python-docx's prefix "cp" to the custom-properties namespace for the
whole process (docxcompose #101, python-docx #1037), so python-docx's core-property setters then add
`lastModifiedBy`/`revision` in the wrong namespace and Word reports the file as damaged.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable, Iterable

from docx.document import Document
from docx.opc.coreprops import CoreProperties
from docx.oxml.ns import nsmap
from lxml import etree

CORE_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_OFFICE_DOCUMENT = "/officeDocument"
_CORE_REL = "/metadata/core-properties"
_SETTINGS_REL = "/relationships/settings"
_EFFECTS_REL = "/relationships/stylesWithEffects"
CONTENT_TYPES = "[Content_Types].xml"
ROOT_RELS = "_rels/.rels"


def restore_core_prefix() -> None:
    """Map python-docx's "cp" back to the core-properties namespace, whatever was imported since."""
    nsmap["cp"] = CORE_NS


def core_properties(document: Document) -> CoreProperties:
    """`document.core_properties`, with python-docx's "cp" prefix restored first so the setters write valid XML."""
    restore_core_prefix()
    return document.core_properties


def tidy_core(xml: bytes) -> bytes:
    """core.xml with core properties misplaced in the custom-properties namespace moved back to their own.

    Such an element is the value a setter meant to write, so it replaces a correct one of the same name.
    """
    root = etree.fromstring(xml)
    misplaced = [e for e in root if isinstance(e.tag, str) and e.tag.startswith(f"{{{CUSTOM_NS}}}")]
    if not misplaced:
        return xml
    for element in misplaced:
        tag = f"{{{CORE_NS}}}{etree.QName(element).localname}"
        for older in root.findall(tag):
            root.remove(older)
        element.tag = tag
    etree.cleanup_namespaces(root)
    return _serialize(root)


def tidy_settings(xml: bytes) -> bytes:
    """settings.xml with w:zoom's required w:percent (python-docx's default template leaves it out)."""
    root = etree.fromstring(xml)
    zoom = root.find(f"{_W}zoom")
    if zoom is None or zoom.get(f"{_W}percent") is not None:
        return xml
    zoom.set(f"{_W}percent", "100")
    return _serialize(root)


def tidy_package(names: Iterable[str], read: Callable[[str], bytes]) -> dict[str, bytes | None]:
    """The parts of a package to replace (name → new bytes) or drop (name → None) to make it valid.

    Drops stylesWithEffects (Word 2010's copy of the styles, which no reader needs and which goes stale as soon
    as anything edits styles.xml), moves misplaced core properties and completes w:zoom.
    """
    names = set(names)
    changes: dict[str, bytes | None] = {}
    root_targets = relationship_targets(read(ROOT_RELS), "") if ROOT_RELS in names else []
    for kind, target in root_targets:
        if kind.endswith(_CORE_REL) and target in names:
            _change(changes, target, read(target), tidy_core(read(target)))
    main = next((t for kind, t in root_targets if kind.endswith(_OFFICE_DOCUMENT) and t in names), None)
    if main is None:
        return changes
    main_rels = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
    if main_rels not in names:
        return changes
    for kind, target in relationship_targets(read(main_rels), posixpath.dirname(main)):
        if kind.endswith(_SETTINGS_REL) and target in names:
            _change(changes, target, read(target), tidy_settings(read(target)))
        elif kind.endswith(_EFFECTS_REL):
            changes.update(_drop_part(names, read, main_rels, _EFFECTS_REL, target))
    return changes


def tidy_members(members: dict[str, bytes]) -> dict[str, bytes]:
    """`members` (name → bytes, in order) with `tidy_package`'s changes applied."""
    changes = tidy_package(members, members.__getitem__)
    tidied = {name: changes.get(name, data) for name, data in members.items()}
    return {name: data for name, data in tidied.items() if data is not None}


def tidy_docx(data: bytes, date_time: tuple[int, int, int, int, int, int] | None = None) -> bytes:
    """The .docx `data` with `tidy_package`'s changes, every member deflated (and dated `date_time` if given)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        infos = {info.filename: info for info in src.infolist()}
        members = tidy_members({name: src.read(info) for name, info in infos.items()})
        for name, content in members.items():
            member = zipfile.ZipInfo(name, date_time=date_time or infos[name].date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, content)
    return out.getvalue()


def _drop_part(
    names: set[str], read: Callable[[str], bytes], rels_name: str, kind: str, target: str
) -> dict[str, bytes | None]:
    """Changes that remove part `target`: its relationship, its content-type override, the part itself."""
    rels = etree.fromstring(read(rels_name))
    for rel in list(rels):
        if rel.get("Type", "").endswith(kind):
            rels.remove(rel)
    changes: dict[str, bytes | None] = {rels_name: _serialize(rels), target: None}
    if CONTENT_TYPES in names:
        types = etree.fromstring(read(CONTENT_TYPES))
        for override in types.findall(f"{_TYPES}Override"):
            if override.get("PartName", "").lstrip("/") == target:
                types.remove(override)
        changes[CONTENT_TYPES] = _serialize(types)
    return changes


def relationship_targets(rels_xml: bytes, folder: str) -> list[tuple[str, str]]:
    """(type, part name) of each internal relationship in a .rels part whose source lives in `folder`."""
    found = []
    for rel in etree.fromstring(rels_xml).iter(f"{_RELS}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found.append((rel.get("Type", ""), name))
    return found


def _change(changes: dict[str, bytes | None], name: str, old: bytes, new: bytes) -> None:
    if new is not old:
        changes[name] = new


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
