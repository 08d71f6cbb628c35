"""The parts a large .xlsx report adds to the register's package: styles, comments, the 问题清单 sheet."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from lxml import etree
from openpyxl.utils.cell import get_column_letter

from docgen.errors import Problem
from docgen.register.problemlist import (
    COLOURS,
    HEAD_COLOUR,
    HEADERS,
    LINK_COLOUR,
    WIDTHS,
    WRAPPED,
    link_target,
    problem_rows,
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_M = f"{{{MAIN}}}"
# CT_Font's children in schema order.
_FONT_CHILDREN = "b i strike condense extend outline shadow u vertAlign sz color name family charset scheme"
_FONT_ORDER = {name: i for i, name in enumerate(_FONT_CHILDREN.split(" "))}


class Unpatchable(Exception):
    """The register's package holds something the patch does not handle: copy it by value instead."""


class Styles:
    """The register's styles.xml, with the fills, fonts and cell styles the report adds."""

    def __init__(self, xml: bytes) -> None:
        self.root = etree.fromstring(xml)
        self.fonts, self.fills = self.root.find(f"{_M}fonts"), self.root.find(f"{_M}fills")
        self.xfs = self.root.find(f"{_M}cellXfs")
        if self.fonts is None or self.fills is None or self.xfs is None or not len(self.fonts) or not len(self.xfs):
            raise Unpatchable("styles.xml without fonts, fills or cell styles")
        fill = {name: self._fill(colour) for name, colour in (*COLOURS.items(), ("head", HEAD_COLOUR))}
        bold, link = self._font(bold=True), self._font(colour=LINK_COLOUR, underline=True)
        self.listing = {
            "head": self._xf(font=bold, fill=fill["head"]),
            "error": self._xf(fill=fill["error"]),
            "warning": self._xf(fill=fill["warning"]),
            "link": self._xf(font=link),
            "wrap": self._xf(wrap=True),
        }
        self._fill_of = fill
        self._marks: dict[tuple[int, str], int] = {}

    def mark(self, base: int, severity: str) -> int:
        """The cell style of a marked cell: its own style (number format, font, border) with the fill."""
        key = (base if base < len(self.xfs) else 0, severity)
        if key not in self._marks:
            xf = copy.deepcopy(self.xfs[key[0]])
            xf.set("fillId", str(self._fill_of[severity]))
            xf.set("applyFill", "1")
            self._marks[key] = self._append(self.xfs, xf)
        return self._marks[key]

    def to_bytes(self) -> bytes:
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _fill(self, colour: str) -> int:
        fill = etree.SubElement(etree.Element(f"{_M}x"), f"{_M}fill")
        pattern = etree.SubElement(fill, f"{_M}patternFill", patternType="solid")
        etree.SubElement(pattern, f"{_M}fgColor", rgb="FF" + colour)
        etree.SubElement(pattern, f"{_M}bgColor", indexed="64")
        return self._append(self.fills, fill)

    def _font(self, *, bold: bool = False, colour: str | None = None, underline: bool = False) -> int:
        """The workbook's default font (name, size) made bold, or coloured and underlined."""
        font = copy.deepcopy(self.fonts[0])
        for child in list(font):
            if etree.QName(child).localname in ("b", "color", "u"):
                font.remove(child)
        if bold:
            font.append(etree.Element(f"{_M}b"))
        if underline:
            font.append(etree.Element(f"{_M}u"))
        if colour:
            font.append(etree.Element(f"{_M}color", rgb="FF" + colour))
        font[:] = sorted(font, key=lambda child: _FONT_ORDER.get(etree.QName(child).localname, len(_FONT_ORDER)))
        return self._append(self.fonts, font)

    def _xf(self, *, font: int = 0, fill: int = 0, wrap: bool = False) -> int:
        xf = etree.Element(f"{_M}xf", numFmtId="0", fontId=str(font), fillId=str(fill), borderId="0")
        xf.set("xfId", "0")
        if font:
            xf.set("applyFont", "1")
        if fill:
            xf.set("applyFill", "1")
        if wrap:
            xf.set("applyAlignment", "1")
            etree.SubElement(xf, f"{_M}alignment", wrapText="1", vertical="top")
        return self._append(self.xfs, xf)

    @staticmethod
    def _append(parent, child) -> int:
        parent.append(child)
        parent.set("count", str(len(parent)))
        return len(parent) - 1


def listing_sheet(problems: Sequence[Problem], data_sheet: str, styles: dict[str, int]) -> bytes:
    """The 问题清单 worksheet: one row per problem, its cell a link into the data sheet."""
    rows = [_row(1, [(h, styles["head"]) for h in HEADERS])]
    links = []
    for number, (values, severity, coordinate) in enumerate(problem_rows(problems), start=2):
        cells = [(v, styles["wrap"] if i + 1 in WRAPPED else None) for i, v in enumerate(values)]
        cells[1] = (values[1], styles.get(severity, styles["warning"]))
        if coordinate:
            cells[2] = (values[2], styles["link"])
            target = quoteattr(link_target(data_sheet, coordinate))
            links.append(f'<hyperlink ref="C{number}" location={target} display={quoteattr(coordinate)}/>')
        rows.append(_row(number, cells))
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(WIDTHS, start=1))
    tail = f'<autoFilter ref="A1:I{len(problems) + 1}"/>' if problems else ""
    if links:
        tail += "<hyperlinks>" + "".join(links) + "</hyperlinks>"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetViews><sheetView tabSelected="1" workbookViewId="0"/>'
        f'</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>'
        f"<sheetData>{''.join(rows)}</sheetData>{tail}</worksheet>"
    ).encode()


def _row(number: int, cells: Sequence[tuple[object, int | None]]) -> str:
    out = []
    for index, (value, style) in enumerate(cells, start=1):
        ref = f'r="{get_column_letter(index)}{number}"' + (f' s="{style}"' if style is not None else "")
        if value is None or value == "":
            out.append(f"<c {ref}/>")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out.append(f"<c {ref}><v>{value}</v></c>")
        else:
            out.append(f'<c {ref} t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>')
    return f'<row r="{number}">{"".join(out)}</row>'


def comments_part(notes: Sequence[tuple[str, str]], author: str) -> bytes:
    """The comments of the data sheet: (cell, text) in sheet order."""
    items = "".join(
        f'<comment ref="{ref}" authorId="0"><text><r><t xml:space="preserve">{escape(text)}</t></r></text></comment>'
        for ref, text in notes
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<comments xmlns="{MAIN}"><authors><author>{escape(author)}</author></authors>'
        f"<commentList>{items}</commentList></comments>"
    ).encode()


_VML_HEAD = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit">'
    '<o:idmap v:ext="edit" data="{blocks}"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" '
    'o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
    '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)
_VML_SHAPE = (
    '<v:shape id="_x0000_s{id}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;'
    'margin-top:1.5pt;width:240pt;height:{height}pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" '
    'o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow color="black" obscured="t"/>'
    '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"/>'
    '</v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:AutoFill>False</x:AutoFill>'
    "<x:Row>{row}</x:Row><x:Column>{column}</x:Column></x:ClientData></v:shape>"
)


def vml_part(cells: Sequence[tuple[int, int, int]]) -> bytes:
    """The legacy drawing Excel needs to show comments: one hidden note shape per (row, column, lines)."""
    last = (1024 + len(cells)) // 1024  # shape ids 1025… fill blocks of 1,024 ids
    blocks = ",".join(str(b) for b in range(1, last + 1))
    shapes = "".join(
        _VML_SHAPE.format(id=1025 + i, row=row - 1, column=column - 1, height=min(45 + 30 * lines, 300))
        for i, (row, column, lines) in enumerate(cells)
    )
    return (_VML_HEAD.format(blocks=blocks) + shapes + "</xml>").encode("utf-8")
