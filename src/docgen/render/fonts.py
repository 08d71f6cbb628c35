"""The fonts a .docx names (w:rFonts), East Asian ones apart, for checking a machine before PDF."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

_RFONTS = re.compile(rb"<w:rFonts\b([^>]*)>")
_ATTR = re.compile(rb'w:(eastAsia|ascii|hAnsi)="([^"]+)"')


def fonts_named(path: Path) -> dict[str, set[str]]:
    """{"eastAsia": {...}, "latin": {...}}: the font names the document's parts ask for."""
    found: dict[str, set[str]] = {"eastAsia": set(), "latin": set()}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml") and "/theme/" not in name:
                for match in _RFONTS.finditer(archive.read(name)):
                    for kind, value in _ATTR.findall(match.group(1)):
                        font = value.decode("utf-8")
                        found["eastAsia" if kind == b"eastAsia" else "latin"].add(font)
    return found
