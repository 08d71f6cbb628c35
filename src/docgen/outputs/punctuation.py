"""The .docx as LibreOffice should lay it out for PDF: no hanging punctuation, so line-end ，。： are drawn.

LibreOffice (checked on 7.4) hangs punctuation into the margin by default and, in a justified paragraph,
then does not draw the hung mark at all: a 督办函 printed "…处理意见的本机关…". Without hanging, it
keeps the mark inside the line and moves the character before it down (the usual kinsoku rule), which
is what the reader must see. Its DOCX import reads `w:overflowPunct` inverted (writerfilter maps
`overflowPunct` to ParaIsHangingPunctuation = value == 0), so "1" is what turns hanging off there.
The test over every built-in template (tests/test_pdf_text.py) fails if a LibreOffice release changes this.
Only the converter's copies are changed; the .docx files a user opens in Word/WPS are not.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_OVERFLOW = re.compile(rb"<w:overflowPunct\b[^>]*/>")
_NO_HANGING = b'<w:overflowPunct w:val="1"/>'
_PARTS = re.compile(
    r"word/(document|styles|header\d*|footer\d*|docgen-header\d*|docgen-footer\d*|footnotes|endnotes)\.xml"
)
# CT_PPrBase children that come after w:overflowPunct, in schema order
_AFTER = frozenset(
    f"{{{_W}}}{name}"
    for name in [
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ]
)


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


def without_hanging(data: bytes) -> bytes:
    """The bytes of the .docx `data` with hanging punctuation off in every paragraph, for LibreOffice."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "word/styles.xml":
                part = _default_off(_OVERFLOW.sub(_NO_HANGING, part))
            elif _PARTS.fullmatch(info.filename):
                part = _OVERFLOW.sub(_NO_HANGING, part)
            target.writestr(info, part)
    return buffer.getvalue()


def _default_off(styles: bytes) -> bytes:
    """styles.xml whose document defaults say: no hanging punctuation."""
    root = etree.fromstring(styles)
    defaults = root.find(_w("docDefaults"))
    if defaults is None:
        defaults = etree.Element(_w("docDefaults"))
        root.insert(0, defaults)
    paragraph = defaults.find(_w("pPrDefault"))
    if paragraph is None:
        paragraph = etree.SubElement(defaults, _w("pPrDefault"))
    properties = paragraph.find(_w("pPr"))
    if properties is None:
        properties = etree.SubElement(paragraph, _w("pPr"))
    mark = properties.find(_w("overflowPunct"))
    if mark is None:
        mark = etree.Element(_w("overflowPunct"))
        anchor = next((c for c in properties if c.tag in _AFTER), None)
        if anchor is None:
            properties.append(mark)
        else:
            anchor.addprevious(mark)
    mark.set(_w("val"), "1")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
