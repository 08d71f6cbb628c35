"""Schema check of every XML part of a .docx for tests: Open XML SDK's schema data (openxml-audit), ISO 29500 extras."""

from __future__ import annotations

import zipfile
from functools import cache
from pathlib import Path

from lxml import etree
from openxml_audit import OpenXmlValidator

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Attributes ISO/IEC 29500 Transitional requires that the SDK's data leaves optional: (part, element, attribute).
_ISO_REQUIRED = (("word/settings.xml", "zoom", "percent"),)


@cache
def _validator() -> OpenXmlValidator:
    return OpenXmlValidator(max_errors=0)


def schema_errors(path: str | Path) -> list[str]:
    """Every violation in the package at `path`: package, schema and semantic findings, one line each."""
    result = _validator().validate(str(path))
    return [str(error) for error in result.errors] + _iso_required(Path(path))


def assert_valid_docx(path: str | Path) -> None:
    """Fail, listing each violation, unless Word would open `path` as a valid document."""
    errors = schema_errors(path)
    assert not errors, f"{Path(path).name}: {len(errors)} schema violation(s)\n" + "\n".join(errors)


def _iso_required(path: Path) -> list[str]:
    found = []
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for part, element, attribute in _ISO_REQUIRED:
            if part not in names:
                continue
            for node in etree.fromstring(archive.read(part)).iter(_W + element):
                if node.get(_W + attribute) is None:
                    found.append(f"[schema] /{part}: w:{element} without the required w:{attribute}")
    return found
