"""Splitting the PDF of a combined batch back into one PDF per document, at its named destinations.

Each document of a batch starts with a bookmark named `marker(i)`; LibreOffice exports it as a PDF named
destination on the page where the document starts, so document i holds the pages from its own mark to the
next one. pypdf (pure Python, BSD, maintained by the py-pdf project) reads and writes the pages: no
compiled code, so it installs on Windows and on UOS/Kylin on any processor, which pikepdf's qpdf
wheels and PyMuPDF (AGPL) do not promise.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import Destination

PREFIX = "docgenpdf"


def marker(index: int) -> str:
    """The bookmark name that marks where document `index` of a batch starts (letters and digits only:
    LibreOffice escapes other characters in destination names)."""
    return f"{PREFIX}{index:06d}"


def starts(reader: PdfReader, count: int) -> list[int] | None:
    """The first page of each of the `count` documents, or None when the marks are not all there in order."""
    found: dict[int, int] = {}
    for name, destination in reader.named_destinations.items():
        name = name.lstrip("/")
        if name.startswith(PREFIX) and name[len(PREFIX) :].isdigit():
            found[int(name[len(PREFIX) :])] = reader.get_destination_page_number(destination)
    pages = [found.get(index, -1) for index in range(count)]
    if (
        not pages
        or pages[0] != 0
        or any(b <= a for a, b in itertools.pairwise(pages))
        or pages[-1] >= len(reader.pages)
    ):
        return None
    return pages


def split(path: Path, count: int) -> list[bytes] | None:
    """The PDF of each of the `count` documents in the batch PDF `path`, or None when it cannot be split
    with certainty (then convert those documents one by one)."""
    reader = PdfReader(path)
    first_pages = starts(reader, count)
    if first_pages is None:
        return None
    bounds = [*first_pages, len(reader.pages)]
    outline = list(_flat_outline(reader, reader.outline, None))
    return [_pages(reader, start, end, outline) for start, end in itertools.pairwise(bounds)]


def _pages(reader: PdfReader, start: int, end: int, outline: list[tuple[str, int, int | None]]) -> bytes:
    writer = PdfWriter()
    for number in range(start, end):
        writer.add_page(reader.pages[number])
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})
    items: dict[int, object] = {}
    for position, (title, page, parent) in enumerate(outline):
        if start <= page < end:
            items[position] = writer.add_outline_item(title=title, page_number=page - start, parent=items.get(parent))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _flat_outline(reader: PdfReader, entries: list, parent: int | None, counter: list[int] | None = None) -> Iterator:
    """(title, page, parent position) of each outline entry, parents before their children."""
    counter = [0] if counter is None else counter
    last: int | None = None
    for entry in entries:
        if isinstance(entry, list):
            yield from _flat_outline(reader, entry, last, counter)
        elif isinstance(entry, Destination):
            page = reader.get_destination_page_number(entry)
            last = counter[0]
            counter[0] += 1
            yield (str(entry.title), page if page is not None else -1, parent)
