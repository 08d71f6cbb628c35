"""A batch in one .zip whose Chinese file names open correctly on Windows (UTF-8 names)."""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

from docgen.errors import OutputError
from docgen.outputs.atomic import atomic_output
from docgen.outputs.paths import inside


def _unicode_path_extra(name: str) -> bytes:
    """Info-ZIP Unicode Path field (0x7075), read by 7-Zip, WinRAR and older unzip tools."""
    encoded = name.encode("utf-8")
    payload = struct.pack("<BI", 1, zlib.crc32(encoded)) + encoded
    return struct.pack("<HH", 0x7075, len(payload)) + payload


def zip_batch(files: Sequence[Path], root: Path, target: Path, *, force: bool = False) -> Path:
    """Write `files` (paths under `root`) into the archive `target`, names relative to `root`."""
    root = root.resolve()
    with atomic_output(target, force=force) as stream, zipfile.ZipFile(stream, "w") as archive:
        for path in files:
            if not inside(path.absolute(), root):
                raise OutputError(f"{path.name} 不在输出文件夹中或经由链接到达，未打包", hint="请删除其中的链接后重试")
            name = path.absolute().relative_to(root).as_posix()
            info = zipfile.ZipInfo(name, date_time=_time_of(path))
            info.flag_bits |= 0x800  # the name is UTF-8
            info.extra = _unicode_path_extra(name)
            # .docx is already compressed; deflating it again costs time for nothing
            info.compress_type = zipfile.ZIP_STORED if path.suffix.lower() == ".docx" else zipfile.ZIP_DEFLATED
            try:
                archive.writestr(info, path.read_bytes())
            except OSError as exc:
                raise OutputError(f"无法读取 {path.name}：{exc.strerror}") from exc
    return target


def _time_of(path: Path) -> tuple[int, int, int, int, int, int]:
    import time

    stamp = time.localtime(path.stat().st_mtime)
    return (max(stamp.tm_year, 1980), stamp.tm_mon, stamp.tm_mday, stamp.tm_hour, stamp.tm_min, stamp.tm_sec)
