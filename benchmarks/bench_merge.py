"""Speed and memory of `docgen merge` against the naive docxtpl loop, on this machine, in one run.

    python benchmarks/bench_merge.py                       # 10,000 rows, --jobs 1 and 2
    python benchmarks/bench_merge.py --rows 2000           # a quicker run
    python benchmarks/bench_merge.py --memory-rows 100000  # also peak memory on 100,000 rows

Both sides start from the same .xlsx and write one .docx per row to disk. docgen runs twice per --jobs value:
the letter as is, and the same letter numbered ({{ 文号 }} from a fresh ledger: allocated and recorded for
every document), the real workload of an office. docgen is timed end to
end as a user runs it (a new process: start-up, reading the register, rendering, writing). The
baseline is the plain loop people write: openpyxl reads the register, then for each row
`DocxTemplate(path).render(ctx, autoescape=True); save()` over the same template, a reply letter
with about 20 fields, a table and a footer. Peak memory is the largest sum of the proportional set
size (PSS) of the docgen process and its workers, sampled every 20 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples"))

from bench_register import print_formats, register_read_per_format, run_measured  # noqa: E402
from make_samples import write_big_register  # noqa: E402
from sample_template import write_sample_template  # noqa: E402

ORGAN = {"发文机关": "某县信访局", "上一级机关": "某市信访局", "成文日期": "2026年11月22日"}


def numbered_copy(template: Path, target: Path) -> Path:
    """The same letter with its 发文字号 {{ 文号 }} above the title, as every official template prints it."""
    from docx import Document

    document = Document(str(template))
    first = document.paragraphs[0]
    first.insert_paragraph_before("{{ 文号 }}")
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


def run_docgen(register: Path, template: Path, outdir: Path, jobs: int) -> tuple[float, float, float]:
    """Seconds, CPU seconds (the process and its workers) and peak MB of one `docgen merge` process,
    start-up included (a numbered template starts from an empty ledger beside the register, so every run
    allocates and records every number)."""
    for ledger in register.parent.glob("发文登记*"):
        if ledger.is_dir():
            shutil.rmtree(ledger)
        else:
            ledger.unlink()
    command = [
        sys.executable,
        "-m",
        "docgen",
        "merge",
        str(register),
        str(template),
        "-o",
        str(outdir),
        "--jobs",
        str(jobs),
        "--date",
        "2026-11-22",
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    _, peak = run_measured(command, cwd=outdir.parent, ok=(0,))
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return elapsed, cpu, peak


def run_docxtpl(register: Path, template: Path, outdir: Path, limit: int) -> tuple[float, float, int]:
    """Seconds and CPU seconds for the naive loop over the first `limit` rows, and how many documents it wrote."""
    from docxtpl import DocxTemplate
    from openpyxl import load_workbook

    start, cpu = time.perf_counter(), time.process_time()
    book = load_workbook(register, read_only=True, data_only=True)
    rows = book.active.iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    count = 0
    for values in rows:
        if count >= limit:
            break
        context = {**ORGAN, **dict(zip(header, values))}
        document = DocxTemplate(template)
        document.render(context, autoescape=True)
        document.save(outdir / f"{count:06d}.docx")
        count += 1
    return time.perf_counter() - start, time.process_time() - cpu, count


# -- merge --pdf: one conversion per document vs combined batches split per document ------------------


def bench_pdf(work: Path, letters: int, jobs: int) -> None:
    """Seconds for the PDFs of `letters` 转送交办函 (one- and two-page letters from the sample register):
    each document converted on its own (the former --pdf) and in combined batches split per letter."""
    from pypdf import PdfReader

    from docgen.config import load_config
    from docgen.official.catalog import packaged
    from docgen.outputs import pdf
    from docgen.pipeline import merge

    if shutil.which("soffice") is None:
        print("\n--pdf: LibreOffice not installed, skipped")
        return
    folder = work / "pdf-letters"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copyfile(ROOT / "samples" / "docgen.toml", folder / "docgen.toml")  # its ledger goes in folder
    config = load_config(folder / "docgen.toml")
    register = ROOT / "samples" / "register.xlsx"
    documents: list[Path] = []
    while len(documents) < letters:  # the sample register has 240 cases; repeat it for bigger runs
        batch = folder / f"docx{len(documents)}"
        result = merge(register, packaged("转送交办函"), batch, config=config, rows=f"2-{letters + 1}", jobs=jobs)
        documents += result.documents[: letters - len(documents)]
    print(f"\n--pdf on {len(documents)} letters (2 cores shared: load average {os.getloadavg()[0]:.1f})")
    rows = []

    def timed(name: str, convert) -> None:
        """Wall seconds, and CPU seconds of docgen and its LibreOffice processes (what an idle machine spends)."""
        before, start = os.times(), time.perf_counter()
        made = convert()
        after, wall = os.times(), time.perf_counter() - start
        cpu = sum(
            getattr(after, f) - getattr(before, f) for f in ("user", "system", "children_user", "children_system")
        )
        rows.append((name, wall, cpu, made))

    timed("one by one (former --pdf)", lambda: pdf.convert(documents, folder / "one-by-one"))
    for processes in sorted({1, jobs}):
        for made in documents:
            made.with_suffix(".pdf").unlink(missing_ok=True)
        timed(f"batched, {processes} LibreOffice process(es)", lambda n=processes: pdf.to_pdf(documents, jobs=n))
    single = rows[0][3]
    pages = [len(PdfReader(p).pages) for p in single]
    print(f"{'run':<40}{'docs':>6}{'pages':>7}{'seconds':>9}{'docs/s':>8}{'CPU s':>8}{'same pages':>12}{'MB':>6}")
    for name, seconds, cpu, made in rows:
        same = [len(PdfReader(p).pages) for p in made] == pages
        size = sum(p.stat().st_size for p in made) / 2**20
        print(
            f"{name:<40}{len(made):>6}{sum(pages):>7}{seconds:>9.1f}{len(made) / seconds:>8.1f}{cpu:>8.1f}"
            f"{same!s:>12}{size:>6.1f}"
        )
    shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="register rows (default 10000)")
    parser.add_argument("--baseline-rows", type=int, help="rows the docxtpl loop renders (default: all)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="docgen --jobs values to time")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each docgen command, best kept (default 2)")
    parser.add_argument("--memory-rows", type=int, default=0, help="also measure peak memory on this many rows")
    parser.add_argument("--workdir", type=Path, help="where to build files (default: a temporary folder)")
    parser.add_argument("--pdf-letters", type=int, default=200, help="letters for the --pdf comparison (0: skip)")
    parser.add_argument("--register-rows", type=int, default=10_000, help="rows of the register-read run (0: skip)")
    args = parser.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    register, template = work / "register.xlsx", work / "答复意见书.docx"
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {dt.date.today()}")
    print(f"building a {args.rows}-row register in {work} …")
    write_big_register(args.rows, register)
    write_sample_template(template, masked=False)

    numbered = numbered_copy(template, work / "numbered" / template.name)
    # Each run starts from a synced disk, and the runs alternate (best of --repeat): a run is not charged for
    # the writeback of the one before it. Outputs are deleted only at the end: on ext4 a file created soon
    # after thousands were deleted costs up to 1 ms of kernel time (the inode allocator skips inodes deleted
    # in the last minutes), which would charge each run for the clean-up of the one before.
    best: dict[str, tuple[float, float, int, float]] = {}
    outputs = work / "outputs"
    outputs.mkdir(parents=True, exist_ok=True)
    for repeat in range(args.repeat):
        for jobs in args.jobs:
            for label, letter in (("", template), (" 文号", numbered)):
                outdir = outputs / f"j{jobs}{'-numbered' if label else ''}-{repeat}"
                os.sync()
                seconds, cpu, peak = run_docgen(register, letter, outdir, jobs)
                written = sum(1 for _ in outdir.glob("*.docx"))
                name = f"docgen merge{label} --jobs {jobs}"
                if name not in best or seconds < best[name][0]:
                    best[name] = (seconds, cpu, written, peak)
    results: list[tuple[str, float, float, int, float | None]] = [(n, *v) for n, v in best.items()]

    outdir = outputs / "docxtpl"
    outdir.mkdir()
    os.sync()
    seconds, cpu, written = run_docxtpl(register, template, outdir, args.baseline_rows or args.rows)
    results.append(("docxtpl loop (render+save per row)", seconds, cpu, written, None))
    shutil.rmtree(outputs, ignore_errors=True)

    baseline, baseline_cpu = written / seconds, written / cpu
    print(f"(load average {os.getloadavg()[0]:.1f}; × docxtpl compares wall time, CPU × compares CPU seconds)")
    print(f"\n{'run':<34}{'docs':>7}{'seconds':>9}{'docs/s':>8}{'× docxtpl':>10}{'CPU s':>8}{'CPU ×':>7}{'MB':>6}")
    for name, secs, used, docs, peak in results:
        rate = docs / secs
        peak_text = f"{peak:.0f}" if peak is not None else "—"
        print(
            f"{name:<34}{docs:>7}{secs:>9.2f}{rate:>8.0f}{rate / baseline:>10.1f}{used:>8.2f}"
            f"{docs / used / baseline_cpu:>7.1f}{peak_text:>6}"
        )

    if args.pdf_letters:
        bench_pdf(work, args.pdf_letters, max(args.jobs))

    if args.register_rows:
        print_formats(register_read_per_format(work, args.register_rows))

    if args.memory_rows:
        big = work / "register-memory.xlsx"
        print(f"\nbuilding a {args.memory_rows}-row register for the memory run …")
        write_big_register(args.memory_rows, big)
        for label, letter in (("", template), (" 文号", numbered)):
            outdir = work / "docgen-memory"
            shutil.rmtree(outdir, ignore_errors=True)
            seconds, cpu, peak = run_docgen(big, letter, outdir, max(args.jobs))
            print(
                f"docgen merge{label} {args.memory_rows} rows, --jobs {max(args.jobs)}: {seconds:.1f} s"
                f" ({cpu:.1f} CPU s), peak memory {peak:.0f} MB (PSS of the process and its workers)"
            )
            shutil.rmtree(outdir, ignore_errors=True)
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
