"""The extra outputs of a merge: the print file, the PDFs and the archive, in register order."""

from __future__ import annotations

import tempfile
from pathlib import Path

from docgen.config import Config
from docgen.outputs import archive, pdf
from docgen.outputs.atomic import write_atomic
from docgen.pipeline.result import MergeResult
from docgen.render import DocxTemplate
from docgen.render.combine import combine as combine_files
from docgen.render.fonts import fonts_named


def extra_outputs(
    result: MergeResult,
    compiled: DocxTemplate,
    config: Config,
    *,
    combine: str | Path | None,
    to_pdf: bool,
    zip_to: str | Path | None,
    force: bool,
) -> None:
    """The print file, the PDFs and the archive, made from the batch's documents in register order."""
    documents = result.documents
    if not documents:
        return
    if combine:
        result.combined = Path(combine)
        write_atomic(result.combined, combine_files(documents, result.combined), force=force)
    if to_pdf:
        with tempfile.TemporaryDirectory(prefix="docgen-fonts-") as folder:
            fonts = pdf.fontconfig_file(Path(folder), config.fonts.substitutes)
            result.notes += pdf.font_warnings(fonts_named(compiled.path)["eastAsia"], fonts)
            by_folder: dict[Path, list[Path]] = {}
            for path in documents + ([result.combined] if result.combined else []):
                by_folder.setdefault(path.parent, []).append(path)
            for folder_path, files in by_folder.items():
                result.pdfs += pdf.convert(files, folder_path, fonts=fonts)
    if zip_to:
        extra = (
            [result.combined]
            if result.combined and result.combined.resolve().is_relative_to(result.outdir.resolve())
            else []
        )
        result.archive = archive.zip_batch(documents + extra + result.pdfs, result.outdir, Path(zip_to), force=force)
