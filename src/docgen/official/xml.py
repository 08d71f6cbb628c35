"""Small raw-XML helpers for the official layout: children added in the schema's order."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Child order of the property elements docgen writes to (ECMA-376 Part 1, §17.3.1.26, §17.3.2.28).
_SEQUENCES = {
    "rPr": _names(
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
        "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
        "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
    ),
    "pPr": _names(
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
        "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
        "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
        "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ),
    "pBdr": _names("top left bottom right between bar"),
    "sectPr": _names(
        "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
        "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
        "docGrid printerSettings sectPrChange"
    ),
    "trPr": _names(
        "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc hidden"
    ),
    "tblBorders": _names("top left bottom right insideH insideV"),
    "tcBorders": _names("top left bottom right insideH insideV tl2br tr2bl"),
    "tblCellMar": _names("top left bottom right"),
    "tcPr": _names(
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark"
    ),
    "tblPr": _names(
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
        "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
    ),
}


def ordered_child(parent: BaseOxmlElement, tag: str, **attrs: str) -> BaseOxmlElement:
    """The child `tag` ("w:sz") of `parent`, created in schema order when missing; `attrs` set on it.

    Word reports a document as damaged when property children are out of order, so a new child goes
    before the first existing child that the schema puts after it.
    """
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        local = tag.split(":", 1)[1]
        sequence = _SEQUENCES.get(parent.tag.rsplit("}", 1)[-1], ())
        later = {qn(f"w:{name}") for name in sequence[sequence.index(local) + 1 :]} if local in sequence else set()
        successor = next((child for child in parent if child.tag in later), None)
        if successor is not None:
            successor.addprevious(element)
        else:
            parent.append(element)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element
