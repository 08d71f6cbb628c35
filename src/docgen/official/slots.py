"""Chart slots: drawings named by their alt text (图表:问题类别), added to a document and filled with native charts.

A slot is any picture or chart whose alt text reads 图表:<name>; filling replaces its graphic with a new native
chart of the same size and drops the part it showed before (when nothing else uses it).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from docgen.official import styles as st
from docgen.official.charts import CHART_CONTENT_TYPE, XLSX_CONTENT_TYPE, ChartSpec, chart_workbook, chart_xml
from docgen.official.document import OfficialDocument, package_bytes
from docgen.official.xml import ordered_child

EMU_PER_MM = 36000
SLOT_PREFIX = "图表"
_SLOT = re.compile(rf"^\s*{SLOT_PREFIX}\s*[:：]\s*(\S+)\s*$")
_NS = {
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
}
_CHART_URI = _NS["c"]
_REFERENCES = etree.XPath(".//@r:id | .//@r:embed | .//@r:link", namespaces=_NS)  # what a part refers to


def slot_alt(name: str) -> str:
    """The alt text that marks a drawing as the place of chart `name`: 图表:问题类别."""
    return f"{SLOT_PREFIX}:{name}"


@dataclass(frozen=True)
class Slot:
    """A drawing whose alt text (description or title) reads 图表:<name>, and its size on the page."""

    name: str
    width_mm: float
    height_mm: float


def _slots(root: etree._Element) -> list[tuple[etree._Element, Slot]]:
    """(wp:inline or wp:anchor, slot) for every picture or chart marked as a chart slot, in document order."""
    found = []
    for doc_pr in root.iter(f"{{{_NS['wp']}}}docPr"):
        match = _SLOT.match(doc_pr.get("descr") or doc_pr.get("title") or "")
        drawing = doc_pr.getparent()
        extent = drawing.find("wp:extent", _NS)
        shown = drawing.find(".//a:blip", _NS) is not None or drawing.find(".//c:chart", _NS) is not None
        if match and extent is not None and shown:
            size = int(extent.get("cx")) / EMU_PER_MM, int(extent.get("cy")) / EMU_PER_MM
            found.append((drawing, Slot(match.group(1), *size)))
    return found


def chart_slots(docx: bytes) -> list[Slot]:
    """The chart slots of a .docx's main text, in document order."""
    return [slot for _, slot in _slots(Document(io.BytesIO(docx)).element)]


def _add_chart_part(part, spec: ChartSpec) -> str:
    """A chart part (and its workbook) related from document part `part`; returns the relationship id."""
    package = part.package
    chart = Part(package.next_partname("/word/charts/chart%d.xml"), CHART_CONTENT_TYPE, b"", package)
    rid = part.relate_to(chart, RT.CHART)
    workbook_name = package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx")
    workbook = Part(workbook_name, XLSX_CONTENT_TYPE, chart_workbook(spec), package)
    chart._blob = chart_xml(spec, chart.relate_to(workbook, RT.PACKAGE))
    return rid


def _graphic(rid: str) -> etree._Element:
    return parse_xml(
        f'<a:graphic xmlns:a="{_NS["a"]}"><a:graphicData uri="{_CHART_URI}">'
        f'<c:chart xmlns:c="{_NS["c"]}" xmlns:r="{_NS["r"]}" r:id="{rid}"/></a:graphicData></a:graphic>'
    )


def add_chart(document: OfficialDocument, spec: ChartSpec, width_mm: float, height_mm: float, alt: str) -> Paragraph:
    """A centred paragraph holding native chart `spec` with alt text `alt`, kept with the caption after it.

    The paragraph has single (not fixed) line spacing, so the chart is not cut to one text line, and
    3 pt of space above it (right after a table, LibreOffice otherwise paints it over the table's last rule).
    """
    paragraph = document.document.add_paragraph(style=document.document.styles[st.NORMAL])
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.keep_with_next = True
    fmt.space_before = Pt(3)
    ordered_child(paragraph._p.get_or_add_pPr(), "w:snapToGrid", val="0")  # off the 28.95 pt line grid
    part = document.document.part
    inline = parse_xml(
        f'<wp:inline xmlns:wp="{_NS["wp"]}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{Mm(width_mm)}" cy="{Mm(height_mm)}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{part.next_id}" name="{alt}" descr="{alt}"/><wp:cNvGraphicFramePr/></wp:inline>'
    )
    inline.append(_graphic(_add_chart_part(part, spec)))
    paragraph.add_run()._r.add_drawing(inline)
    return paragraph


def fill_charts(docx: bytes, draw: Callable[[Slot], ChartSpec]) -> bytes:
    """The .docx with every chart slot of its main text showing native chart `draw(slot)` at the slot's size.

    The picture or chart a slot showed before goes when nothing else refers to it. Members get fixed times,
    so the same report builds to the same bytes.
    """
    document = Document(io.BytesIO(docx))
    part = document.part
    slots = _slots(part.element)
    if not slots:
        return docx
    for drawing, slot in slots:
        spec = draw(slot)
        old = drawing.find("a:graphic", _NS)
        index = drawing.index(old)
        drawing.remove(old)
        for rid in set(_REFERENCES(old)) - set(_REFERENCES(part.element)):
            del part.rels[rid]  # the placeholder's picture or chart goes with its last use
        drawing.insert(index, _graphic(_add_chart_part(part, spec)))
    return package_bytes(document)
