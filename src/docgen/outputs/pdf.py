"""PDF through LibreOffice headless: batches of documents combined, converted in parallel, split per document."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import escape

from docgen.errors import DocgenError, OutputError
from docgen.outputs import soffice
from docgen.outputs.atomic import write_atomic
from docgen.outputs.punctuation import without_hanging
from docgen.render.combine import combine

find_soffice = soffice.find_soffice
BATCH = 40  # documents per combined file: fewer LibreOffice start-ups, small font subsets per PDF
# Writer bookmarks become PDF named destinations: how the batch PDF is split (JSON options: LibreOffice ≥ 7.4;
# an older one ignores them, the split finds no marks and the documents are converted one by one).
_BATCH_FORMAT = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'


def fonts_conf_text() -> str:
    """docgen's fontconfig aliases, read from the installed package (a wheel or a source tree)."""
    return resources.files("docgen.outputs").joinpath("fonts.conf").read_text(encoding="utf-8")


def fontconfig_file(folder: Path, substitutes: Mapping[str, str] | None = None) -> Path:
    """docgen's font aliases, plus the user's [fonts] substitutes first, as a fontconfig file in `folder`."""
    aliases = "".join(
        f'  <alias binding="same"><family>{escape(name)}</family><prefer><family>{escape(real)}</family>'
        "</prefer></alias>\n"
        for name, real in (substitutes or {}).items()
    )
    text = fonts_conf_text().replace("<fontconfig>\n", "<fontconfig>\n" + aliases, 1)
    path = folder / "fonts.conf"
    path.write_text(text, encoding="utf-8")
    return path


# Keeps the blank pages Writer inserts so that a section starts on an odd page (merge --combine --duplex);
# the plain "pdf" export leaves them out.
PDF_WITH_BLANK_PAGES = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'


def converter_env(profile: Path, fonts: Path) -> dict[str, str]:
    """Environment for soffice: docgen's font aliases unless the user set FONTCONFIG_FILE."""
    env = dict(os.environ)
    env.setdefault("FONTCONFIG_FILE", str(fonts))
    env["HOME"] = str(profile)
    return env


def font_warnings(names: Iterable[str], fonts: Path) -> list[str]:
    """Chinese fonts a document names that this machine would render without Chinese glyphs."""
    fc_match, fc_list = shutil.which("fc-match"), shutil.which("fc-list")
    if not fc_match or not fc_list:
        return []
    env = dict(os.environ)
    env.setdefault("FONTCONFIG_FILE", str(fonts))
    chinese = subprocess.run(
        [fc_list, ":lang=zh", "family"], env=env, capture_output=True, text=True, check=False
    ).stdout
    families = {f.strip() for line in chinese.splitlines() for f in line.split(",")}
    warnings = []
    for name in sorted(names):
        resolved = (
            subprocess.run(
                [fc_match, "-f", "%{family}", f"{name}:lang=zh-cn"],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            .stdout.split(",")[0]
            .strip()
        )
        if resolved not in families:
            warnings.append(
                f"模板使用的字体「{name}」在本机没有可用的中文字体替代（匹配到 {resolved or '无'}），"
                "PDF 中的中文可能显示为方框。"
                "请安装 fonts-noto-cjk，或在 docgen.toml 的 [fonts.substitutes] 中指定替代字体"
            )
    return warnings


def convert(files: Sequence[Path], outdir: Path, *, fonts: Path | None = None, fmt: str = "pdf") -> list[Path]:
    """A PDF in `outdir` for each of `files`, one document at a time, in one soffice process
    (`fonts`: a fontconfig file, by default docgen's; `fmt`: soffice's --convert-to)."""
    if not files:
        return []
    program = find_soffice()
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as work:
        fonts = fonts or fontconfig_file(Path(work))
        inputs, outputs = Path(work, "in"), Path(work, "out")
        inputs.mkdir()
        copies = []
        for file in files:
            copy = inputs / file.name
            copy.write_bytes(without_hanging(file.read_bytes()))
            copies.append(copy)
        profile = Path(work, "profile")
        env = converter_env(profile, fonts)
        soffice.run(program, copies, outputs, profile=profile, env=env, fmt=fmt, timeout=_timeout(files))
        return [_place(outputs / (file.stem + ".pdf"), outdir / (file.stem + ".pdf"), file) for file in files]


def to_pdf(
    documents: Sequence[Path], *, fonts: Path | None = None, jobs: int = 1, combined: Path | None = None
) -> list[Path]:
    """A PDF beside each of `documents` (all made from one template), and beside the print file
    `combined` made of them. Batches of documents are combined, converted in up to `jobs` LibreOffice
    processes at once and split back at each document's first page; a batch that cannot be split with
    certainty is converted one document at a time."""
    if not documents:
        return []
    from docgen.outputs import pdfsplit  # pypdf loads only when PDFs are made

    program = find_soffice()
    batches = _batches(documents, jobs)
    made: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as work:
        fonts = fonts or fontconfig_file(Path(work))
        inputs, outputs = Path(work, "in"), Path(work, "out")
        inputs.mkdir()
        ready: list[Path] = []
        for number, batch in enumerate(batches):
            path = inputs / f"batch{number:05d}.docx"
            try:
                marks = [pdfsplit.marker(index) for index in range(len(batch))]
                path.write_bytes(without_hanging(combine(batch, path, marks=marks)))
            except DocgenError:  # e.g. documents left by an earlier run with another template
                continue
            ready.append(path)
        workers = max(1, min(jobs, os.cpu_count() or 1, len(ready)))
        groups = [ready[start::workers] for start in range(workers)]

        def run(index: int) -> None:
            profile = Path(work, f"profile{index}")
            group = groups[index]
            timeout = _timeout([d for path in group for d in batches[int(path.stem[5:])]])
            env = converter_env(profile, fonts)
            soffice.run(program, group, outputs, profile=profile, env=env, fmt=_BATCH_FORMAT, timeout=timeout)

        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(run, range(workers)))
        left: list[Path] = []
        whole: list[Path] = []
        for number, batch in enumerate(batches):
            result = outputs / f"batch{number:05d}.pdf"
            parts = pdfsplit.split(result, len(batch)) if result.is_file() else None
            if parts is None:
                left += batch
                continue
            whole.append(result)
            for document, data in zip(batch, parts):
                target = document.with_suffix(".pdf")
                write_atomic(target, data, force=True)
                made.append(target)
        for folder, files in _by_folder(left).items():
            made += convert(files, folder, fonts=fonts)
        if combined is not None:
            made.append(_print_file_pdf(combined, whole if not left else [], fonts))
    order = {path: index for index, path in enumerate(d.with_suffix(".pdf") for d in documents)}
    return sorted(made, key=lambda path: order.get(path, len(order)))


def _batches(documents: Sequence[Path], jobs: int) -> list[list[Path]]:
    """Consecutive runs of documents of about equal size, at most BATCH each, their number a multiple
    of the processes that will convert them (so that each process gets as many)."""
    processes = max(1, min(jobs, os.cpu_count() or 1))
    count = processes * -(-len(documents) // (processes * BATCH))
    size = max(1, -(-len(documents) // count))
    return [list(documents[start : start + size]) for start in range(0, len(documents), size)]


def _print_file_pdf(combined: Path, batch_pdfs: list[Path], fonts: Path) -> Path:
    """The print file's PDF: the batch PDFs one after another (the same pages), or a conversion of its own."""
    target = combined.with_suffix(".pdf")
    if not batch_pdfs:
        return convert([combined], combined.parent, fonts=fonts)[0]
    from pypdf import PdfWriter

    writer = PdfWriter()
    for path in batch_pdfs:
        writer.append(path)
    with tempfile.SpooledTemporaryFile() as buffer:
        writer.write(buffer)
        buffer.seek(0)
        write_atomic(target, buffer.read(), force=True)
    return target


def _by_folder(files: Iterable[Path]) -> dict[Path, list[Path]]:
    folders: dict[Path, list[Path]] = {}
    for path in files:
        folders.setdefault(path.parent, []).append(path)
    return folders


def _place(made: Path, target: Path, source: Path) -> Path:
    if not made.is_file():
        raise OutputError(f"LibreOffice 未能转换 {source.name}", hint="请用 Word/WPS 打开该文件确认是否完好")
    write_atomic(target, made.read_bytes(), force=True)
    return target


def _timeout(documents: Sequence[Path]) -> int:
    return 120 + 3 * len(documents)
