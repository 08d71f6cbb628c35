"""GB/T 9704-2012 page geometry: A4, margins, the 22 × 28 grid, and applying it to a section."""

from __future__ import annotations

import math
from dataclasses import dataclass

from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt

from docgen.official.fonts import BODY_SIZE
from docgen.official.xml import ordered_child

MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class PageSpec:
    """Paper, margins and grid of the official format, in millimetres and lines/characters."""

    width: float = 210.0
    height: float = 297.0
    top: float = 37.0
    left: float = 28.0
    block_width: float = 156.0
    block_height: float = 225.0
    lines: int = 22
    chars: int = 28
    line_spacing: float = 28.95  # fixed line spacing in points: 22 lines fill the 225 mm text block
    header: float = 15.0
    footer: float = 20.0

    @property
    def right(self) -> float:
        return self.width - self.left - self.block_width

    @property
    def bottom(self) -> float:
        return self.height - self.top - self.block_height

    @property
    def char_pitch(self) -> float:
        """Character pitch in points: the text block's width divided into `chars` (≈ 15.79 pt)."""
        return self.block_width / MM_PER_PT / self.chars


A4 = PageSpec()
LINE_SPACING = Pt(A4.line_spacing)
TOLERANCE_MM = 1.0


def apply_page_setup(section: Section, spec: PageSpec = A4) -> None:
    """A4 portrait, GB/T 9704 margins, and a line-and-character grid of 22 × 28."""
    section.page_width, section.page_height = Mm(spec.width), Mm(spec.height)
    section.top_margin, section.bottom_margin = Mm(spec.top), Mm(spec.bottom)
    section.left_margin, section.right_margin = Mm(spec.left), Mm(spec.right)
    section.header_distance, section.footer_distance = Mm(spec.header), Mm(spec.footer)
    section.gutter = Mm(0)
    set_doc_grid(section, spec)


def set_doc_grid(section: Section, spec: PageSpec = A4) -> None:
    """The line grid: `spec.lines` lines of `spec.line_spacing` points in the text block.

    Word's character grid (type linesAndChars with a negative charSpace) squeezes 28 characters into
    the 156 mm line, but LibreOffice then gives each character two cells (14 a line), so docgen
    gets its 28 characters from a slightly condensed character spacing instead (`condensed_spacing`).
    """
    grid = ordered_child(section._sectPr, "w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(spec.line_spacing * 20)))
    grid.attrib.pop(qn("w:charSpace"), None)


def condensed_spacing(spec: PageSpec = A4, size: float = BODY_SIZE) -> int:
    """Character spacing in twentieths of a point that fits `spec.chars` characters of `size` in a line."""
    return math.floor((spec.char_pitch - size) * 20)
