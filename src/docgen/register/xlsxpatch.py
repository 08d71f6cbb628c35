"""The report of a large .xlsx register: its package copied part by part, the marked cells restyled.

Every part of the clerk's workbook (values, formatting, other sheets) is copied as it is; only the
rows holding a problem are rewritten (their marked cells get a style with the red or yellow fill),
and a comments part, its legacy drawing and the 问题清单 sheet (first, active) are added. Nothing is
parsed cell by cell, so 200,000 rows take seconds and flat memory.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from lxml import etree
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple, get_column_letter

from docgen.errors import Problem
from docgen.register.problemlist import AUTHOR, PROBLEM_SHEET, comment_text, notes, worst
from docgen.register.reader import Register
from docgen.register.reportparts import MAIN, REL, Styles, Unpatchable, comments_part, listing_sheet, vml_part
from docgen.register.xlsx import XlsxBook

_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_P = rb"(?:[A-Za-z_][\w.-]*:)?"
_ROW = re.compile(rb"<(" + _P + rb")row\b([^>]*?)(?:/>|>(.*?)</" + _P + rb"row>)", re.S)
_ROW_END = re.compile(rb"</" + _P + rb"row>|<" + _P + rb"row\b[^>]*/>")
_CELL = re.compile(rb"<(" + _P + rb")c\b([^>]*?)(?:/>|>(.*?)</" + _P + rb"c>)", re.S)
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_PREFIX = re.compile(_P)
_ROW_OPEN = re.compile(rb"<" + _P + rb'row\b[^>]*?\br="(\d+)"')
_CELL_REF = re.compile(rb'\s*\br="([A-Z]{1,3})\d*"')
_STYLE = re.compile(rb'\s*\bs="(\d+)"')
_SPANS = re.compile(rb'\s*\bspans="[^"]*"')
_TAB_SELECTED = re.compile(rb'\s*\btabSelected="(?:1|true)"')
# The worksheet elements that come after legacyDrawing, before which it is inserted.
_AFTER_LEGACY = re.compile(
    rb"<" + _P + rb"(?:legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b"
    rb"|</" + _P + rb"worksheet>"
)
_CHUNK = 1 << 20


def write_patched(register: Register, problems: Sequence[Problem], out: BinaryIO) -> None:
    """Write the report of an .xlsx `register` to `out`; Unpatchable when its package cannot be patched."""
    try:
        book = XlsxBook(register.path)
    except (zipfile.BadZipFile, KeyError, StopIteration, OSError, ValueError, etree.XMLSyntaxError) as exc:
        raise Unpatchable(str(exc)) from exc
    try:
        _Patch(book, register, problems).write(out)
    finally:
        book.close()


class _Patch:
    def __init__(self, book: XlsxBook, register: Register, problems: Sequence[Problem]) -> None:
        self.book, self.archive, self.problems = book, book.archive, problems
        self.names = set(self.archive.namelist())
        self.sheet_name = register.sheet
        self.data_part = book.sheets[register.sheet]
        self.workbook_part = book.workbook_part
        self.workbook_rels = _rels_part(self.workbook_part)
        self.sheet_rels = _rels_part(self.data_part)
        rels = _read_rels(self.archive, self.workbook_rels)
        styles = next((target for type_, target in rels if type_.endswith("/styles")), None)
        if styles is None or styles not in self.names:
            raise Unpatchable("no styles part")
        self.styles_part = styles
        if self.sheet_rels in self.names and any(
            t.endswith(("/comments", "/vmlDrawing")) for t, _ in _read_rels(self.archive, self.sheet_rels)
        ):
            raise Unpatchable("the sheet has comments or controls already")
        self.styles = Styles(self.archive.read(styles))
        self.marks = _marks(problems, register.source.merges)
        self.comments_name = _free(self.names, "xl/comments{}.xml")
        self.vml_name = _free(self.names, "xl/drawings/vmlDrawing{}.vml")
        self.listing_name = _free(self.names, "xl/worksheets/sheet{}.xml")
        self.listing_title = _free_title(set(book.sheets))

    # -- the package ----------------------------------------------------------------------
    def write(self, out: BinaryIO) -> None:
        rewritten = {self.workbook_part, self.workbook_rels, self.sheet_rels, "[Content_Types].xml", self.styles_part}
        worksheets = set(self.book.sheets.values())
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
            for info in self.archive.infolist():
                if info.filename in rewritten or info.is_dir():
                    continue
                with target.open(info.filename, "w", force_zip64=True) as stream:
                    if info.filename == self.data_part:
                        for piece in self._data_sheet():
                            stream.write(piece)
                    else:
                        for piece in self._copied(info.filename, untab=info.filename in worksheets):
                            stream.write(piece)
            target.writestr(self.styles_part, self.styles.to_bytes())
            target.writestr(self.comments_name, comments_part(self._notes(), AUTHOR))
            target.writestr(self.vml_name, vml_part(self._shapes()))
            listing = listing_sheet(self.problems, self.sheet_name, self.styles.listing)
            target.writestr(self.listing_name, listing)
            target.writestr(self.sheet_rels, self._sheet_rels())
            target.writestr(self.workbook_rels, self._workbook_rels())
            target.writestr(self.workbook_part, self._workbook())
            target.writestr("[Content_Types].xml", self._content_types())

    def _copied(self, name: str, *, untab: bool) -> Iterator[bytes]:
        with self.archive.open(name) as stream:
            first = True
            while chunk := stream.read(_CHUNK):
                yield _untab(chunk) if untab and first else chunk
                first = False

    # -- the data sheet -------------------------------------------------------------------
    def _data_sheet(self) -> Iterator[bytes]:
        pending = sorted(self.marks)
        buffer, head, expected = b"", True, [1]
        numbered: bool | None = None  # rows written as <row r="N"> (Excel's are): marked ones are found directly
        for chunk in self._copied(self.data_part, untab=False):
            buffer += chunk
            if head and b"sheetData" in buffer:
                buffer, head = _untab(buffer), False
            end = _last(_ROW_END, buffer)
            if end is None:
                continue
            complete, buffer = buffer[: end.end()], buffer[end.end() :]
            if numbered is None:
                first = _ROW.search(complete)
                numbered = first is not None and _ROW_NUMBER.search(first.group(2)) is not None
            if not pending:
                yield complete
            elif numbered:
                yield from self._found_rows(complete, pending)
            else:
                yield from self._scanned_rows(complete, pending, expected)
        yield self._tail(buffer, pending)

    def _found_rows(self, block: bytes, pending: list[int]) -> Iterator[bytes]:
        """A block of whole rows, its marked rows looked up by number; scanned when one is not there."""
        last = _last(_ROW_OPEN, block)
        last_number = int(last.group(1)) if last is not None else 0
        done = 0
        while pending and pending[0] <= last_number:
            at = block.find(b'row r="%d"' % pending[0], done)
            start = block.rfind(b"<", done, at) if at > 0 else -1
            match = _ROW.match(block, start) if start >= 0 and _PREFIX.fullmatch(block[start + 1 : at]) else None
            if match is None:  # not there (a row the sheet lacks) or written otherwise: read row by row
                yield from self._scanned_rows(block[done:], pending, [pending[0]])
                return
            yield block[done:start] + self._row(pending.pop(0), match.group(1), match.group(2), match.group(3) or b"")
            done = match.end()
        yield block[done:]

    def _scanned_rows(self, block: bytes, pending: list[int], expected: list[int]) -> Iterator[bytes]:
        """A block of whole rows read row by row (rows without numbers count from the last one)."""
        done = 0
        for match in _ROW.finditer(block):
            number = _row_number(match.group(2), expected[0])
            expected[0] = number + 1
            while pending and pending[0] < number:  # a marked row the sheet does not hold
                yield block[done : match.start()] + self._row(pending.pop(0), match.group(1), b"", b"")
                done = match.start()
            if pending and pending[0] == number:
                pending.pop(0)
                yield block[done : match.start()] + self._row(
                    number, match.group(1), match.group(2), match.group(3) or b""
                )
                done = match.end()
        yield block[done:]

    def _tail(self, tail: bytes, pending: list[int]) -> bytes:
        """The end of the sheet: rows still to add, and the legacy drawing that shows the comments."""
        prefix = re.search(rb"</(" + _P + rb")worksheet>", tail)
        if prefix is None:
            raise Unpatchable("the data sheet does not end as a worksheet")
        p = prefix.group(1)
        if pending:
            rows = b"".join(self._row(number, p, b"", b"") for number in pending)
            empty = re.search(rb"<" + _P + rb"sheetData\s*/>", tail)
            if empty:
                tail = tail[: empty.start()] + b"<%ssheetData>%s</%ssheetData>" % (p, rows, p) + tail[empty.end() :]
            else:
                end = re.search(rb"</" + _P + rb"sheetData>", tail)
                if end is None:
                    raise Unpatchable("no end of sheetData")
                tail = tail[: end.start()] + rows + tail[end.start() :]
        if re.search(rb"<" + _P + rb"legacyDrawing\b", tail):
            raise Unpatchable("the sheet has a legacy drawing already")
        at = _AFTER_LEGACY.search(tail)
        assert at is not None  # the closing tag at least
        drawing = b'<%slegacyDrawing xmlns:r="%s" r:id="rIdDocgenVml"/>' % (p, REL.encode())
        return tail[: at.start()] + drawing + tail[at.start() :]

    def _row(self, number: int, prefix: bytes, attrs: bytes, body: bytes) -> bytes:
        """A marked row: every cell with its reference, the marked ones (added if absent) restyled."""
        marks = self.marks[number]
        cells: dict[int, bytes] = {}
        column = 0
        for match in _CELL.finditer(body):
            p, cell_attrs, content = match.group(1), match.group(2), match.group(3)
            ref = _CELL_REF.search(cell_attrs)
            column = column_index_from_string(ref.group(1).decode()) if ref else column + 1
            cells[column] = self._cell(p, number, column, cell_attrs, content, marks.get(column))
        for column, (severity, _) in marks.items():
            if column not in cells:
                cells[column] = self._cell(prefix, number, column, b"", None, (severity, _))
        attrs = _SPANS.sub(b"", _ROW_NUMBER.sub(b"", attrs)).strip()
        head = b'<%srow r="%d"%s>' % (prefix, number, b" " + attrs if attrs else b"")
        return head + b"".join(cells[c] for c in sorted(cells)) + b"</%srow>" % prefix

    def _cell(
        self, p: bytes, row: int, column: int, attrs: bytes, content: bytes | None, mark: tuple[str, str] | None
    ) -> bytes:
        style = _STYLE.search(attrs)
        rest = _STYLE.sub(b"", _CELL_REF.sub(b"", attrs)).strip()
        if mark is not None:
            s = self.styles.mark(int(style.group(1)) if style else 0, mark[0])
        else:
            s = int(style.group(1)) if style else None
        head = b'<%sc r="%s%d"' % (p, get_column_letter(column).encode(), row)
        head += b' s="%d"' % s if s is not None else b""
        head += b" " + rest if rest else b""
        return head + (b">" + content + b"</%sc>" % p if content is not None else b"/>")

    def _notes(self) -> list[tuple[str, str]]:
        return [
            (f"{get_column_letter(column)}{row}", text)
            for row in sorted(self.marks)
            for column, (_, text) in sorted(self.marks[row].items())
        ]

    def _shapes(self) -> list[tuple[int, int, int]]:
        return [
            (row, column, text.count("\n") + 1)
            for row in sorted(self.marks)
            for column, (_, text) in sorted(self.marks[row].items())
        ]

    # -- the package's index parts --------------------------------------------------------
    def _sheet_rels(self) -> bytes:
        root = _rels_root(self.archive, self.sheet_rels)
        folder = posixpath.dirname(self.data_part)
        for rid, kind, target in (
            ("rIdDocgenComments", "comments", self.comments_name),
            ("rIdDocgenVml", "vmlDrawing", self.vml_name),
        ):
            etree.SubElement(
                root, f"{{{_PKG}}}Relationship", Id=rid, Type=f"{REL}/{kind}", Target=_relative(target, folder)
            )
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _workbook_rels(self) -> bytes:
        root = _rels_root(self.archive, self.workbook_rels)
        target = _relative(self.listing_name, posixpath.dirname(self.workbook_part))
        etree.SubElement(root, f"{{{_PKG}}}Relationship", Id="rIdDocgenList", Type=f"{REL}/worksheet", Target=target)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _workbook(self) -> bytes:
        """The listing first and active; sheet-local names moved one place along; its filter range named."""
        root = etree.fromstring(self.archive.read(self.workbook_part))
        sheets = root.find(f"{{{MAIN}}}sheets")
        if sheets is None:
            raise Unpatchable("workbook without sheets")
        ids = [int(s.get("sheetId", "0")) for s in sheets]
        sheet = etree.Element(f"{{{MAIN}}}sheet", name=self.listing_title, sheetId=str(max(ids, default=0) + 1))
        sheet.set(f"{{{REL}}}id", "rIdDocgenList")
        sheets.insert(0, sheet)
        for view in root.iter(f"{{{MAIN}}}workbookView"):
            view.set("activeTab", "0")
            view.attrib.pop("firstSheet", None)
        names = root.find(f"{{{MAIN}}}definedNames")
        if names is None:
            names = etree.Element(f"{{{MAIN}}}definedNames")
            anchor = sheets
            for tag in ("functionGroups", "externalReferences"):
                found = root.find(f"{{{MAIN}}}{tag}")
                anchor = found if found is not None else anchor
            anchor.addnext(names)
        for name in names:
            if name.get("localSheetId") is not None:
                name.set("localSheetId", str(int(name.get("localSheetId")) + 1))
        if self.problems:
            title = self.listing_title.replace("'", "''")
            filter_range = etree.SubElement(
                names, f"{{{MAIN}}}definedName", name="_xlnm._FilterDatabase", localSheetId="0", hidden="1"
            )
            filter_range.text = f"'{title}'!$A$1:$I${len(self.problems) + 1}"
        if not len(names):
            root.remove(names)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _content_types(self) -> bytes:
        root = etree.fromstring(self.archive.read("[Content_Types].xml"))
        if not any(d.get("Extension", "").lower() == "vml" for d in root.iter(f"{{{_CT}}}Default")):
            etree.SubElement(
                root,
                f"{{{_CT}}}Default",
                Extension="vml",
                ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing",
            )
        for part, kind in ((self.listing_name, "worksheet"), (self.comments_name, "comments")):
            etree.SubElement(root, f"{{{_CT}}}Override", PartName="/" + part, ContentType=f"{_SML}.{kind}+xml")
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _marks(problems: Sequence[Problem], merges) -> dict[int, dict[int, tuple[str, str]]]:
    """{row: {column: (severity, comment)}}, a problem in a merged range marking its top-left cell."""
    anchored: dict[tuple[int, int], list[Problem]] = {}
    for coordinate, found in notes(problems).items():
        row, column = coordinate_to_tuple(coordinate)
        for c1, r1, c2, r2 in merges:
            if c1 <= column <= c2 and r1 <= row <= r2:
                row, column = r1, c1
                break
        anchored.setdefault((row, column), []).extend(found)
    marks: dict[int, dict[int, tuple[str, str]]] = {}
    for (row, column), found in anchored.items():
        marks.setdefault(row, {})[column] = (worst(found), comment_text(found))
    return marks


def _untab(xml: bytes) -> bytes:
    """A sheet no longer selected (the listing is): tabSelected dropped from its head."""
    end = xml.find(b"sheetData")
    end = len(xml) if end < 0 else end
    return _TAB_SELECTED.sub(b"", xml[:end]) + xml[end:]


def _last(pattern: re.Pattern[bytes], data: bytes) -> re.Match[bytes] | None:
    """The last match of `pattern` in `data`, looked for near the end first."""
    for start in (max(len(data) - 65536, 0), 0):
        matches = list(pattern.finditer(data, start))
        if matches or start == 0:
            return matches[-1] if matches else None
    return None


def _row_number(attrs: bytes, expected: int) -> int:
    match = _ROW_NUMBER.search(attrs)
    return int(match.group(1)) if match else expected


def _rels_part(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _rels_root(archive: zipfile.ZipFile, part: str):
    if part in archive.namelist():
        return etree.fromstring(archive.read(part))
    return etree.Element(f"{{{_PKG}}}Relationships", nsmap={None: _PKG})


def _read_rels(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(type, part name) of each relationship in a .rels part."""
    folder = posixpath.dirname(posixpath.dirname(part))
    found = []
    for rel in _rels_root(archive, part).iter(f"{{{_PKG}}}Relationship"):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found.append((rel.get("Type", ""), target))
    return found


def _relative(part: str, folder: str) -> str:
    return posixpath.relpath(part, folder or ".")


def _free(names: set[str], pattern: str) -> str:
    number = 1
    while pattern.format(number) in names or pattern.format(number).lower() in {n.lower() for n in names}:
        number += 1
    return pattern.format(number)


def _free_title(titles: set[str]) -> str:
    title = PROBLEM_SHEET
    while title in titles:
        title += "_"
    return title
