"""A streaming .xlsx reader: cell values row by row in flat memory, merged ranges, Excel dates.

calamine (docgen's reader for small sheets and other formats) loads a sheet whole and copies each
shared string into every cell using it: 100,000 rows take ~320 MB and `--rows 2-100` would read
them all. Large sheets, and reads that stop at a row, come here instead: the sheet XML is matched
with compiled patterns over decompressed chunks; openpyxl gives date formats, epochs, coordinates.
"""

from __future__ import annotations

import html
import math
import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from functools import cached_property, lru_cache
from pathlib import Path

from lxml import etree

from docgen.errors import Location, RegisterError, column_letter

# openpyxl's epochs; its date-format tables and converters load only when a sheet needs them (start-up time)
WINDOWS_EPOCH, MAC_EPOCH = datetime(1899, 12, 30), datetime(1904, 1, 1)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_P = rb"(?:[A-Za-z_][\w.-]*:)?"  # an optional namespace prefix
_ROW = re.compile(rb"<" + _P + rb"row\b([^>]*?)(?:/>|>(.*?)</" + _P + rb"row>)", re.S)
_ROW_END = re.compile(rb"</" + _P + rb"row>|<" + _P + rb"row\b[^>]*/>")
# One cell: its column letters, style and type (in any attribute order), then its content.
_CELL = re.compile(
    rb"<" + _P + rb"c\b"
    rb'(?:(?=[^>]*?\br="([A-Z]{1,3})[0-9]+"))?'
    rb'(?:(?=[^>]*?\bs="([0-9]+)"))?'
    rb'(?:(?=[^>]*?\bt="(\w+)"))?'
    rb"[^>]*?(?:/>|>(.*?)</" + _P + rb"c>)",
    re.S,
)
_VALUE = re.compile(rb"<" + _P + rb"v(?:\s[^>]*)?>(.*?)</" + _P + rb"v>", re.S)
_TEXT = re.compile(rb"<" + _P + rb"t(?:\s[^>]*)?>(.*?)</" + _P + rb"t>", re.S)
_PHONETIC = re.compile(rb"<" + _P + rb"rPh\b.*?</" + _P + rb"rPh>", re.S)
_MERGE = re.compile(rb"<" + _P + rb"mergeCell\b[^>]*?\bref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")
_DIMENSION = re.compile(rb"<" + _P + rb"dimension\b[^>]*?\bref=\"[A-Z]*[0-9]*:?[A-Z]*([0-9]+)\"")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_CHUNK = 1 << 20


class XlsxBook:
    """The workbook structure of an .xlsx: sheets, shared strings, date styles."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.archive = zipfile.ZipFile(path)
        workbook, rels = self._workbook_parts()
        root = etree.fromstring(self.archive.read(workbook))
        pr = root.find(f"{{{_MAIN}}}workbookPr")
        self.epoch = MAC_EPOCH if pr is not None and pr.get("date1904") in ("1", "true") else WINDOWS_EPOCH
        self.sheets: dict[str, str] = {}
        for sheet in root.iter(f"{{{_MAIN}}}sheet"):
            target = rels.get(sheet.get(f"{{{_REL}}}id", ""))
            if target:
                self.sheets[sheet.get("name", "")] = target
        self._strings: list[str] | None = None
        self._unread: Iterator[str] | None = None
        self.workbook_part = workbook
        self._rels = rels

    def close(self) -> None:
        self.archive.close()

    # -- structure ------------------------------------------------------------------------
    def _workbook_parts(self) -> tuple[str, dict[str, str]]:
        root_rels = etree.fromstring(self.archive.read("_rels/.rels"))
        workbook = next(
            r.get("Target", "").lstrip("/")
            for r in root_rels.iter(f"{_PKG}Relationship")
            if r.get("Type", "").endswith("/officeDocument")
        )
        folder, name = posixpath.split(workbook)
        rels_xml = etree.fromstring(self.archive.read(posixpath.join(folder, "_rels", name + ".rels")))
        rels = {}
        for rel in rels_xml.iter(f"{_PKG}Relationship"):
            target = rel.get("Target", "")
            if not target.startswith("/"):
                target = posixpath.normpath(posixpath.join(folder, target))
            target = target.lstrip("/")
            rels[rel.get("Id", "")] = target
            rels["type:" + rel.get("Type", "").rsplit("/", 1)[-1]] = target
        return workbook, rels

    @cached_property
    def date_styles(self) -> frozenset[int]:
        """The cell styles that show a date (worked out when a sheet is streamed, not for calamine's reads)."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

        styles = self._rels.get("type:styles")
        if not styles or styles not in self.archive.namelist():
            return frozenset()
        root = etree.fromstring(self.archive.read(styles))
        custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in root.iter(f"{{{_MAIN}}}numFmt")}
        xfs = root.find(f"{{{_MAIN}}}cellXfs")
        found = set()
        for index, xf in enumerate(xfs if xfs is not None else ()):
            fmt_id = int(xf.get("numFmtId", "0"))
            code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, ""))
            if (14 <= fmt_id <= 22) or (27 <= fmt_id <= 36) or (50 <= fmt_id <= 58) or is_date_format(code):
                found.add(index)
        return frozenset(found)

    @property
    def strings_part(self) -> str | None:
        """The shared-string table's part name, when the workbook has one."""
        part = self._rels.get("type:sharedStrings")
        return part if part and part in self.archive.namelist() else None

    @property
    def strings(self) -> list[str]:
        """The shared strings read so far: `string` reads the table only as far as a cell asks."""
        if self._strings is None:
            self._strings = []
            part = self.strings_part
            self._unread = self._read_strings(part) if part else None
        return self._strings

    def string(self, index: int) -> str:
        """Shared string `index`; IndexError when the table has no such string."""
        strings = self.strings
        while index >= len(strings) and self._unread is not None:
            item = next(self._unread, None)
            if item is None:
                self._unread = None
            else:
                strings.append(item)
        return strings[index]

    def _read_strings(self, part: str) -> Iterator[str]:
        with self.archive.open(part) as stream:
            for _, item in etree.iterparse(stream, tag=f"{{{_MAIN}}}si"):
                yield _unescape_x("".join(t.text or "" for t in item.iter(f"{{{_MAIN}}}t") if _not_phonetic(t)))
                item.clear()
                while item.getprevious() is not None:  # the parsed strings leave the tree: flat memory
                    del item.getparent()[0]

    # -- sheet content --------------------------------------------------------------------
    def chunks(self, sheet: str) -> Iterator[bytes]:
        with self.archive.open(self.sheets[sheet]) as stream:
            while chunk := stream.read(_CHUNK):
                yield chunk

    def merges(self, sheet: str) -> list[tuple[int, int, int, int]]:
        """Merged ranges as (first col, first row, last col, last row), 1-based."""
        found = []
        tail = b""
        for chunk in self.chunks(sheet):
            data = tail + chunk
            if b"mergeCell" in data:  # the sheet's data has none: a plain search passes it quickly
                found += [_range(m.group(1).decode("ascii")) for m in _MERGE.finditer(data)]
            cut = data.rfind(b"<")
            tail = data[cut:] if cut >= 0 and b">" not in data[cut:] else b""
        return found

    def dimension_rows(self, sheet: str) -> int:
        """The last row the sheet declares (0 when it declares none)."""
        with self.archive.open(self.sheets[sheet]) as stream:
            match = _DIMENSION.search(stream.read(4096))
        return int(match.group(1)) if match else 0

    def rows(
        self, sheet: str, columns: frozenset[int] | None = None, *, empty: object = None
    ) -> Iterator[tuple[int, tuple[object, ...]]]:
        """(Excel row number, values from column A) for every row present in the sheet; empty cells,
        and cells outside `columns` (1-based indexes) when given, are `empty`, the latter not decoded."""
        buffer = b""
        expected = 1
        for chunk in self.chunks(sheet):
            buffer += chunk
            end = _last_row_end(buffer)
            if end < 0:
                continue
            complete, buffer = buffer[:end], buffer[end:]
            for match in _ROW.finditer(complete):
                number = _row_number(match.group(1), expected)
                expected = number + 1
                try:
                    cells = self._cells(match.group(2) or b"", columns, empty)
                except _BadCell as bad:
                    letter = column_letter(bad.column)
                    raise RegisterError(
                        f"单元格已损坏：{bad.reason}",
                        where=Location(file=str(self.path), sheet=sheet, row=number, column=letter),
                        hint="请用 Excel 或 WPS 打开台账，另存为新的 .xlsx 后重试",
                    ) from None
                yield number, cells

    def _cells(self, xml: bytes, columns: frozenset[int] | None, empty: object) -> tuple[object, ...]:
        values: list[object] = []
        escaped: list[int] = []  # positions of text still holding XML character references
        strings = self.strings
        for letters, style, kind, body in _CELL.findall(xml):
            if letters:
                column = _column(letters)
                if column > len(values) + 1:
                    values.extend([empty] * (column - len(values) - 1))
            if not body or (columns is not None and len(values) + 1 not in columns):
                values.append(empty)
                continue
            try:
                if kind == b"s" and body[:3] == b"<v>" and body[-4:] == b"</v>":  # most cells: a shared string
                    index = int(body[3:-4])
                    value = strings[index] if index < len(strings) else self.string(index)
                else:
                    value = self._value(kind, style, body)
            except IndexError:
                raise _BadCell(len(values) + 1, "引用了不存在的共享字符串") from None
            if type(value) is bytes:
                escaped.append(len(values))
            values.append(value)
        if escaped:
            _unescape_all(values, escaped)
        return tuple(values)

    def _value(self, kind: bytes, style: bytes, body: bytes) -> object:
        """A cell's value; text with character references comes back as bytes for _unescape_all."""
        if kind == b"inlineStr":
            if body[:7] == b"<is><t>" and body[-9:] == b"</t></is>" and b"<" not in body[7:-9]:
                return _text(body[7:-9])
            if b"rPh" in body:
                body = _PHONETIC.sub(b"", body)
            return _text(b"".join(_TEXT.findall(body)))
        if body[:3] == b"<v>" and body[-4:] == b"</v>":
            raw = body[3:-4]
        else:
            found = _VALUE.search(body)
            if found is None:
                return None
            raw = found.group(1)
        if kind == b"s":
            return self.string(int(raw))
        if not kind or kind == b"n":
            text = raw.strip()
            if not text:
                return None
            try:
                number: int | float = int(text) if text.lstrip(b"-").isdigit() else float(text)
            except ValueError:
                return _text(raw)  # not a number: shown to the clerk as the text it holds
            if style and int(style) in self.date_styles and math.isfinite(number):
                try:
                    if type(number) is int and number >= 61:  # a whole day: what from_excel gives, sooner
                        return self.epoch + timedelta(days=number)
                    from openpyxl.utils.datetime import from_excel

                    return from_excel(number, self.epoch)
                except (OverflowError, ValueError):
                    return number  # beyond Excel's dates (Excel shows ####): the number typed, as calamine gives it
            return number
        if kind in (b"str", b"e"):
            return _text(raw)
        if kind == b"b":
            return raw.strip() == b"1"
        if kind == b"d":
            try:
                from openpyxl.utils.datetime import from_ISO8601

                return from_ISO8601(raw.decode("ascii"))
            except (ValueError, UnicodeDecodeError):
                return _text(raw)
        return _text(raw)


class _BadCell(Exception):
    """A cell the reader cannot decode: its column (1-based) and why."""

    def __init__(self, column: int, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


@lru_cache(maxsize=1024)
def _column(letters: bytes) -> int:
    """A column's 1-based number from its letters (b"AB" → 28); ValueError for anything else."""
    if not (0 < len(letters) <= 3 and letters.isalpha()):
        raise ValueError(f"{letters!r} is not a valid column name")
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


def _range(reference: str) -> tuple[int, int, int, int]:
    """(first column, first row, last column, last row) of a range such as B2:D5 (or one cell)."""
    from openpyxl.utils.cell import range_boundaries

    return range_boundaries(reference)


def _last_row_end(data: bytes) -> int:
    """Where the last complete row of `data` ends, or -1; only the tail is searched ("<" only
    starts a tag, so a match found from any offset is a real row end)."""
    window = 1 << 16
    while True:
        start = max(len(data) - window, 0)
        end = -1
        for match in _ROW_END.finditer(data, start):
            end = match.end()
        if end >= 0 or start == 0:
            return end
        window *= 4


def _row_number(attrs: bytes, expected: int) -> int:
    match = re.search(rb'\br="(\d+)"', attrs)
    return int(match.group(1)) if match else expected


def _text(raw: bytes) -> str | bytes:
    """Cell text; bytes when it holds character references (decoded in bulk by libxml2)."""
    if b"&" in raw:
        return raw
    return _unescape_x(raw.decode("utf-8"))


def _unescape_all(values: list[object], positions: list[int]) -> None:
    """Decode the character references of a row's texts with one libxml2 parse."""
    xml = b"<x><v>" + b"</v><v>".join(values[i] for i in positions) + b"</v></x>"  # type: ignore[misc]
    try:
        decoded = [element.text or "" for element in etree.fromstring(xml)]
    except etree.XMLSyntaxError:
        decoded = [html.unescape(values[i].decode("utf-8")) for i in positions]  # type: ignore[union-attr]
    for index, text in zip(positions, decoded):
        values[index] = _unescape_x(text)


def _unescape_x(text: str) -> str:
    """Excel writes control characters in strings as _x000D_; half a surrogate pair stays as written
    (as calamine leaves it), since no text can hold it."""
    return _ESCAPED.sub(_unescaped, text) if "_x" in text else text


def _unescaped(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return match.group(0) if 0xD800 <= code <= 0xDFFF else chr(code)


def _not_phonetic(element) -> bool:
    parent = element.getparent()
    return parent is None or not parent.tag.endswith("}rPh")
