"""The extra outputs of a merge: the print file, the PDFs and the archive, in register order."""

from __future__ import annotations

import tempfile
from pathlib import Path

from docgen.config import Config
from docgen.outputs import archive, pdf
from docgen.outputs.atomic import write_atomic
from docgen.pipeline.options import MergeOptions
from docgen.pipeline.result import MergeResult
from docgen.render import DocxTemplate
from docgen.render.combine import combine as combine_files
from docgen.render.fonts import fonts_named


def extra_outputs(
    result: MergeResult,
    compiled: DocxTemplate,
    config: Config,
    options: MergeOptions,
) -> None:
    """The print file (`combine`), the PDFs (`to_pdf`) and the archive (`zip_to`) the options ask for, made from
    the batch's documents in register order (the PDFs in up to `jobs` LibreOffice processes).

    With `duplex` each document of the print file starts on an odd page, and its PDF keeps the blank pages.
    """
    combine, duplex, zip_to, force = options.combine, options.duplex, options.zip_to, options.force
    documents = result.documents
    if not documents:
        return
    if combine:
        result.combined = Path(combine)
        write_atomic(result.combined, combine_files(documents, result.combined, duplex=duplex), force=force)
    if options.to_pdf:
        with tempfile.TemporaryDirectory(prefix="docgen-fonts-") as folder:
            fonts = pdf.fontconfig_file(Path(folder), config.fonts.substitutes)
            result.notes += pdf.font_warnings(fonts_named(compiled.path)["eastAsia"], fonts)
            plain = result.combined if result.combined and not duplex else None
            result.pdfs += pdf.to_pdf(documents, fonts=fonts, jobs=options.jobs, combined=plain)
            if result.combined and duplex:
                where = result.combined.parent
                result.pdfs += pdf.convert([result.combined], where, fonts=fonts, fmt=pdf.PDF_WITH_BLANK_PAGES)
    if zip_to:
        extra = (
            [result.combined]
            if result.combined and result.combined.resolve().is_relative_to(result.outdir.resolve())
            else []
        )
        result.archive = archive.zip_batch(documents + extra + result.pdfs, result.outdir, Path(zip_to), force=force)
