"""How much memory an .xlsx sheet would take to read whole, and refusing decompression bombs.

calamine loads a sheet at once and copies a shared string into every cell that uses it, so one
long string used many times costs its length times the uses. The sizes the zip directory declares
and a scan of the shared strings and the sheet's references to them bound that before reading;
above the bound docgen streams the sheet instead (flat memory, shared strings held once).
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Iterator

from docgen.errors import RegisterError

MB = 1 << 20
# Shared strings larger than this, unpacked, are refused: no register needs them, a bomb does.
MAX_SHARED_STRINGS = 128 * MB
# Read the sheet whole (calamine) only when its XML and the copies of shared strings stay small.
WHOLE_SHEET_XML = 32 * MB
WHOLE_SHEET_COPIES = 64 * MB
_MIN_CELL_XML = 20  # bytes of the shortest <c> holding a shared-string reference
_STRING_END = re.compile(rb"</(?:\w+:)?si>")
_REFERENCE = re.compile(rb'\bt="s"[^>]*>\s*<(?:\w+:)?v>(\d+)<')
_CHUNK = 1 << 20


def check_shared_strings(archive: zipfile.ZipFile, part: str | None, name: str) -> None:
    """Refuse a shared-string table whose unpacked size no register reaches."""
    size = _size(archive, part)
    if size > MAX_SHARED_STRINGS:
        raise RegisterError(
            f"台账 {name} 的共享字符串表解压后有 {size // MB} MB，超过 docgen 的上限 {MAX_SHARED_STRINGS // MB} MB，"
            "文件可能已损坏或被恶意构造，未读取",
            hint="请用 Excel 或 WPS 打开确认内容，另存为新的 .xlsx 后重试",
        )


def fits_in_memory(archive: zipfile.ZipFile, sheet_part: str, strings_part: str | None) -> bool:
    """Whether reading the sheet whole stays within the budget (else it is streamed)."""
    if _size(archive, sheet_part) > WHOLE_SHEET_XML:
        return False
    if _size(archive, strings_part) == 0:
        return True
    lengths = _string_lengths(archive, strings_part)  # type: ignore[arg-type]
    if not lengths:
        return True
    if max(lengths) * (_size(archive, sheet_part) // _MIN_CELL_XML) <= WHOLE_SHEET_COPIES:
        return True
    uses: Counter[bytes] = Counter()
    for chunk in _chunks(archive, sheet_part):
        uses.update(_REFERENCE.findall(chunk))
    copies = sum(lengths[int(index)] * count for index, count in uses.items() if int(index) < len(lengths))
    return copies <= WHOLE_SHEET_COPIES


def _size(archive: zipfile.ZipFile, part: str | None) -> int:
    if not part:
        return 0
    try:
        return archive.getinfo(part).file_size
    except KeyError:
        return 0


def _string_lengths(archive: zipfile.ZipFile, part: str) -> list[int]:
    """The XML length of each shared string (an upper bound of its text's length in bytes)."""
    lengths: list[int] = []
    last = 0
    offset = 0
    for chunk in _chunks(archive, part):
        for match in _STRING_END.finditer(chunk):
            end = offset + match.end()
            lengths.append(end - last)
            last = end
        offset += len(chunk)
    return lengths


def _chunks(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The part in pieces cut after a closing tag, so no pattern above spans two pieces."""
    tail = b""
    with archive.open(part) as stream:
        while block := stream.read(_CHUNK):
            data = tail + block
            closing = data.rfind(b"</")
            cut = data.find(b">", closing) + 1 if closing >= 0 else 0
            yield data[:cut]
            tail = data[cut:]
    if tail:
        yield tail
