"""Read native charts back from a .docx for tests: each chart's kind, cached data, workbook data and alt text."""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from openpyxl import load_workbook

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
KINDS = {"barChart": "bar", "lineChart": "line", "pieChart": "pie"}


@dataclass
class ReadChart:
    alt: str
    part: str
    kind: str
    categories: list[str]
    series: dict[str, list[float | None]]
    workbook: list[tuple]  # rows of the embedded workbook's first sheet, header first
    xml: etree._Element


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    name = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    root = etree.fromstring(archive.read(name))
    folder = posixpath.dirname(part)
    return {r.get("Id"): posixpath.normpath(posixpath.join(folder, r.get("Target"))) for r in root}


def _points(cache: etree._Element, number: bool) -> list:
    count = int(cache.find("c:ptCount", NS).get("val"))
    values: list = [None] * count
    for point in cache.findall("c:pt", NS):
        text = point.find("c:v", NS).text
        values[int(point.get("idx"))] = float(text) if number else text
    return values


def read_charts(path: str | Path) -> list[ReadChart]:
    """The charts of the main text of `path`, in document order."""
    with zipfile.ZipFile(path) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        rels = _rels(archive, "word/document.xml")
        found = []
        for ref in document.iter(f"{{{NS['c']}}}chart"):
            drawing = ref.getparent().getparent().getparent()
            alt = drawing.find("wp:docPr", NS).get("descr", "")
            part = rels[ref.get(f"{{{NS['r']}}}id")]
            xml = etree.fromstring(archive.read(part))
            plot = xml.find("c:chart/c:plotArea", NS)
            kind = next(KINDS[etree.QName(e).localname] for e in plot if etree.QName(e).localname in KINDS)
            series, categories = {}, []
            for ser in plot.iter(f"{{{NS['c']}}}ser"):
                name = ser.find("c:tx//c:v", NS).text
                categories = _points(ser.find("c:cat//c:strCache", NS), number=False)
                series[name] = _points(ser.find("c:val//c:numCache", NS), number=True)
            external = xml.find("c:externalData", NS).get(f"{{{NS['r']}}}id")
            book = load_workbook(io.BytesIO(archive.read(_rels(archive, part)[external])))
            rows = list(book.worksheets[0].iter_rows(values_only=True))
            found.append(ReadChart(alt, part, kind, categories, series, rows, xml))
    return found
