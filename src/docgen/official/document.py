"""OfficialDocument: a new Word document in GB/T 9704 format, built paragraph by paragraph."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from docx.table import Table
from docx.text.paragraph import Paragraph

from docgen.official import styles as st
from docgen.official.closing import add_closing_block
from docgen.official.fonts import BODY_FONT, HEI_FONT, KAI_FONT, TITLE_FONT, set_rpr_fonts
from docgen.official.layout import A4, PageSpec, apply_page_setup
from docgen.official.letterhead import ORGAN_FIELD, add_letterhead
from docgen.official.masthead import add_masthead
from docgen.official.pagenum import add_page_numbers
from docgen.official.xml import ordered_child
from docgen.outputs.atomic import write_atomic
from docgen.render.tidy import core_properties, tidy_docx

PROFILES = ("公文", "信函")
DATE_FIELD = "{{ 成文日期 }}"
NUMBER_FIELD = "{{ 文号 }}"
# Width of a typical 成文日期 (2025年11月22日: eight half-width digits and three characters).
DATE_CHARS = 6.5
_FONT_OF_STYLE = {
    st.TITLE: TITLE_FONT,
    st.HEADING_1: HEI_FONT,
    st.HEADING_2: KAI_FONT,
    st.LETTERHEAD: TITLE_FONT,
}
_FIXED_TIME = (2025, 1, 1, 0, 0, 0)
FORMULA_CHARS = 8


def _is_formula(text: str) -> bool:
    """A closing formula such as 特此告知。 or 特此函告。: too short to stand alone on a page."""
    return len(text) <= FORMULA_CHARS


def signature_indent(organ_chars: int, date_chars: float = DATE_CHARS) -> float:
    """Right indent, in characters, that centres the organ's name over a date set four characters in."""
    return max(0.0, 4 + (date_chars - organ_chars) / 2)


class OfficialDocument:
    """A document with the official page setup, styles, page numbers and, for letters, the letterhead.

    Each method adds one paragraph (or block) at the end and returns it; text may hold template tags.
    """

    def __init__(
        self, profile: str = "公文", *, organ: str = ORGAN_FIELD, organ_chars: int = 5, spec: PageSpec = A4
    ) -> None:
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}")
        self.profile = profile
        self.organ_chars = organ_chars
        self.document = docx.Document()
        st.install_styles(self.document)
        apply_page_setup(self.document.sections[0], spec)
        add_page_numbers(self.document, first_page=profile == "公文")
        if profile == "信函":
            add_letterhead(self.document, organ=organ)

    # -- paragraphs -----------------------------------------------------------------------
    def paragraph(self, text: str, style: str) -> Paragraph:
        """A paragraph of `style` whose run names the style's font for East Asian text too."""
        paragraph = self.document.add_paragraph(style=self.document.styles[style])
        if text:
            run = paragraph.add_run(text)
            set_rpr_fonts(run._r.get_or_add_rPr(), _FONT_OF_STYLE.get(style, BODY_FONT))
        return paragraph

    def title(self, text: str) -> Paragraph:
        return self.paragraph(text, st.TITLE)

    def number(self, text: str = NUMBER_FIELD) -> Paragraph:
        return self.paragraph(text, st.NUMBER)

    def addressee(self, text: str) -> Paragraph:
        return self.paragraph(text, st.ADDRESSEE)

    def body(self, text: str) -> Paragraph:
        return self.paragraph(text, st.BODY)

    def heading(self, text: str, level: int = 1) -> Paragraph:
        return self.paragraph(text, (st.HEADING_1, st.HEADING_2, st.HEADING_3)[level - 1])

    def blank(self) -> Paragraph:
        return self.paragraph("", st.NORMAL)

    def tag(self, text: str) -> Paragraph:
        """A paragraph holding only a paragraph tag such as {%p if 告知去向 %}; it vanishes when rendered."""
        return self.paragraph(text, st.TAG)

    def signature(self, organ: str = ORGAN_FIELD, date: str = DATE_FIELD) -> None:
        """The organ's name centred over the date, the date four characters from the right (for the seal).

        The centring assumes an organ name of `organ_chars` characters (the configured name's length).
        The last paragraph of the text stays on the signature's page, so the seal never stands alone.
        """
        self._keep_last_text_with_next()
        self.blank().paragraph_format.keep_with_next = True
        name = self.paragraph(organ, st.SIGNATURE)
        st.chars_indent(name._p.get_or_add_pPr(), right=signature_indent(self.organ_chars))
        self.paragraph(date, st.DATE)

    def _keep_last_text_with_next(self) -> None:
        """Keep-with-next on the paragraphs that end the text once rendered, back to the last one of substance.

        Paragraph tags ({%p if %} … {%p endif %}) vanish when rendered, and so may the paragraphs between
        them; a closing formula (特此告知。) is short: each of these is kept with the next, and so is the
        last fixed paragraph of substance when no conditional one follows it (a long paragraph would drag
        its lines to the next page), so that neither the seal nor 特此告知。 stands alone on the last page.
        """
        depth, marked = 0, False
        for paragraph in reversed(self.document.paragraphs):
            text = paragraph.text.strip()
            if text.startswith("{%p"):
                if "endif" in text:
                    depth += 1
                elif text.startswith("{%p if"):
                    depth -= 1
                continue
            if not text:
                continue
            if depth > 0 or _is_formula(text):
                paragraph.paragraph_format.keep_with_next = True
                marked = marked or depth > 0
                continue
            if not marked:
                paragraph.paragraph_format.keep_with_next = True
            return

    def masthead(self, organ: str, number: str) -> list[Paragraph]:
        """The 版头 (red organ mark, number, red rule) of the 文件 format; see `add_masthead`."""
        return add_masthead(self.document, organ, number)

    def closing_block(self, **kwargs: str | None) -> list[Paragraph]:
        """The 版记 at the foot of the last page; see `add_closing_block`."""
        return add_closing_block(self.document, **kwargs)

    def table(
        self,
        rows: Sequence[Sequence[str]],
        widths_mm: Sequence[float],
        *,
        spans: dict[tuple[int, int], int] | None = None,
        min_height_mm: float = 8.0,
    ) -> Table:
        """A ruled table in 4号仿宋, rows kept whole; `spans` maps (row, first column) to the columns it covers.

        Cells in even columns (0, 2, …) are labels and are centred.
        """
        table = self.document.add_table(rows=len(rows), cols=len(widths_mm))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths_mm):
            column.width = Mm(width)
        for row_index, values in enumerate(rows):
            row = table.rows[row_index]
            row.height = Mm(min_height_mm)
            ordered_child(row._tr.get_or_add_trPr(), "w:cantSplit")
            for col_index, width in enumerate(widths_mm):
                row.cells[col_index].width = Mm(width)
            for col_index, value in enumerate(values):
                span = (spans or {}).get((row_index, col_index), 1)
                cell = row.cells[col_index]
                if span > 1:
                    cell = cell.merge(row.cells[col_index + span - 1])
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                paragraph = cell.paragraphs[0]
                paragraph.style = self.document.styles[st.TABLE_TEXT]
                if col_index % 2 == 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if value:
                    run = paragraph.add_run(value)
                    set_rpr_fonts(run._r.get_or_add_rPr(), BODY_FONT)
        return table

    # -- output ---------------------------------------------------------------------------
    def set_properties(self, title: str, subject: str = "") -> None:
        props = core_properties(self.document)
        props.title, props.subject, props.author = title, subject, "docgen"
        props.language, props.last_modified_by, props.revision = "zh-CN", "docgen", 1
        props.comments = "按 GB/T 9704-2012 版式由 docgen 生成"

    def to_bytes(self) -> bytes:
        """The .docx, with fixed member times so that the same template builds to the same bytes."""
        return package_bytes(self.document)

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        write_atomic(path, self.to_bytes(), force=True)
        return path


def package_bytes(document: DocxDocument) -> bytes:
    """A python-docx document as tidy .docx bytes with fixed member times: the same content, the same bytes."""
    raw = io.BytesIO()
    document.save(raw)
    return tidy_docx(raw.getvalue(), date_time=_FIXED_TIME)
