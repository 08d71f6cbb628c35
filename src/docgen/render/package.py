"""A .docx package read once, and written again per case copying untouched parts' stored bytes."""

from __future__ import annotations

import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from docgen.errors import TemplateError
from docgen.render.tidy import relationship_targets, tidy_package

_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


@dataclass(frozen=True)
class Member:
    """One zip member as stored: compressed bytes, CRC, sizes, method and time."""

    name: str
    raw: bytes
    crc: int
    size: int
    method: int
    dos_time: int
    dos_date: int


@dataclass
class Package:
    """The members of a .docx in their order, and where its main parts are."""

    path: Path
    members: dict[str, Member]
    document: str
    headers_footers: list[str]
    footnotes: list[str]
    core: str | None

    @classmethod
    def read(cls, path: str | Path) -> Package:
        path = Path(path)
        try:
            with zipfile.ZipFile(path) as archive, path.open("rb") as raw_file:
                members = {info.filename: _stored(info, raw_file) for info in archive.infolist()}
        except (zipfile.BadZipFile, OSError, struct.error) as exc:
            raise TemplateError(
                f"模板 {path.name} 无法打开：不是有效的 .docx 文件",
                hint="请用 Word 或 WPS 打开后另存为 .docx（不是 .doc 或 .wps）",
            ) from exc
        package = cls(path, members, "", [], [], None)
        package._tidy()
        package._locate_parts()
        return package

    def xml(self, name: str) -> bytes:
        """The uncompressed bytes of a member."""
        member = self.members[name]
        if member.method == zipfile.ZIP_STORED:
            return member.raw
        return zlib.decompress(member.raw, -15)

    def _tidy(self) -> None:
        """Repair what would make every document from this template invalid (see `tidy_package`)."""
        for name, data in tidy_package(self.members, self.xml).items():
            if data is None:
                self.members.pop(name, None)
            else:
                self.members[name] = _deflated(self.members[name], data)

    def _locate_parts(self) -> None:
        root_rels = self._relationships("")
        main = [t for kind, t in root_rels if kind.endswith("/officeDocument")]
        if not main or main[0] not in self.members:
            raise TemplateError(f"模板 {self.path.name} 里没有 Word 正文", hint="请确认这是 Word 文档")
        self.document = main[0]
        self.core = next((t for kind, t in root_rels if kind == _PKG_REL and t in self.members), None)
        self.headers_footers = [
            t
            for kind, t in self._relationships(self.document)
            if kind in (_REL + "header", _REL + "footer") and t in self.members
        ]
        self.footnotes = [n for n in self._content_types() if n in self.members]

    def _relationships(self, source: str) -> list[tuple[str, str]]:
        folder, name = posixpath.split(source)
        rels_name = posixpath.join(folder, "_rels", name + ".rels")
        if rels_name not in self.members:
            return []
        return relationship_targets(self.xml(rels_name), folder)

    def _content_types(self) -> list[str]:
        root = etree.fromstring(self.xml("[Content_Types].xml"))
        return [
            o.get("PartName", "").lstrip("/")
            for o in root.iter(_CT_NS + "Override")
            if o.get("ContentType") == FOOTNOTES_TYPE
        ]


def _deflated(member: Member, data: bytes) -> Member:
    """`member` holding `data` instead, compressed."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = packer.compress(data) + packer.flush()
    return Member(member.name, raw, zlib.crc32(data), len(data), zipfile.ZIP_DEFLATED, member.dos_time, member.dos_date)


def _stored(info: zipfile.ZipInfo, raw_file) -> Member:
    raw_file.seek(info.header_offset)
    header = raw_file.read(30)
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    raw_file.seek(info.header_offset + 30 + name_length + extra_length)
    raw = raw_file.read(info.compress_size)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise zipfile.BadZipFile(f"unsupported compression {info.compress_type}")
    year, month, day, hour, minute, second = info.date_time
    return Member(
        name=info.filename,
        raw=raw,
        crc=info.CRC,
        size=info.file_size,
        method=info.compress_type,
        dos_time=hour << 11 | minute << 5 | second // 2,
        dos_date=(max(year, 1980) - 1980) << 9 | month << 5 | day,
    )


class PackageWriter:
    """Writes a package whose `rendered` members change per case; the rest is one fixed blob."""

    # Below this size a part is stored: starting zlib costs more than the bytes it saves.
    STORE_BELOW = 4096

    def __init__(self, package: Package, rendered: list[str], level: int = 1) -> None:
        self.level = level
        self.rendered = [package.members[name] for name in rendered]
        fixed = [m for m in package.members.values() if m.name not in set(rendered)]
        blob, central, offset = bytearray(), bytearray(), 0
        for member in fixed:
            local = _local_header(member, member.crc, len(member.raw), member.size)
            central += _central_header(member, member.crc, len(member.raw), member.size, offset)
            blob += local + member.raw
            offset += len(local) + len(member.raw)
        self._blob = bytes(blob)
        self._central = bytes(central)
        self._count = len(fixed) + len(self.rendered)

    def build(self, parts: dict[str, bytes]) -> bytes:
        """The whole .docx with `parts` (name to uncompressed bytes) in place of the rendered ones."""
        out = [self._blob]
        central = [self._central]
        offset = len(self._blob)
        for member in self.rendered:
            data = parts[member.name]
            if len(data) < self.STORE_BELOW:
                raw, method = data, zipfile.ZIP_STORED
            else:
                packer = zlib.compressobj(self.level, zlib.DEFLATED, -15)
                raw, method = packer.compress(data) + packer.flush(), zipfile.ZIP_DEFLATED
            crc = zlib.crc32(data)
            local = _local_header(member, crc, len(raw), len(data), method)
            central.append(_central_header(member, crc, len(raw), len(data), offset, method))
            out += (local, raw)
            offset += len(local) + len(raw)
        directory = b"".join(central)
        end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, self._count, self._count, len(directory), offset, 0)
        return b"".join(out) + directory + end


def _flags(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), 0x800


def _local_header(member: Member, crc: int, csize: int, size: int, method: int | None = None) -> bytes:
    """The zip local file header: signature, version needed, then the fields both headers share."""
    name, shared = _shared_fields(member, crc, csize, size, method)
    return struct.pack("<IH", 0x04034B50, 20) + shared + struct.pack("<H", 0) + name


def _central_header(member: Member, crc: int, csize: int, size: int, offset: int, method: int | None = None) -> bytes:
    """The central directory entry: made by and needed versions, shared fields, then where it is."""
    name, shared = _shared_fields(member, crc, csize, size, method)
    return struct.pack("<IHH", 0x02014B50, 20, 20) + shared + struct.pack("<HHHHII", 0, 0, 0, 0, 0, offset) + name


def _shared_fields(member: Member, crc: int, csize: int, size: int, method: int | None) -> tuple[bytes, bytes]:
    """The encoded name, and flags, method, time, date, CRC, sizes and name length, as both headers write them."""
    name, flags = _flags(member.name)
    method = member.method if method is None else method
    fields = struct.pack("<HHHHIIIH", flags, method, member.dos_time, member.dos_date, crc, csize, size, len(name))
    return name, fields
