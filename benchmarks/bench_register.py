"""Reading registers: each format (.xlsx whole and streamed, .xls, .ods, .csv) and how cost grows with rows.

    python benchmarks/bench_register.py                        # 10,000 rows × 39 columns, every format
    python benchmarks/bench_register.py --scale 100000 1000000 # fields/validate/merge memory at scale

Registers are written the way Excel writes them (shared strings, dates as styled serials) by a
direct writer, since openpyxl needs minutes for a million rows. Each measurement is a new process;
time is the read alone (Register + every typed record) or the whole command; memory is peak PSS.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples"))

from make_samples import COLUMNS, make_cases  # noqa: E402

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_EPOCH = dt.date(1899, 12, 30)


def write_register(rows: int, path: Path, *, plant: int = 0) -> Path:
    """A register of `rows` cases × 39 columns laid out as Excel saves one (shared strings, date styles).

    With `plant`, every plant-th case has a bad phone number, every 3×plant-th also a bad ID
    number, every 7×plant-th a reply dated before its registration (problems for `validate`).
    """
    base = make_cases(200)
    strings: dict[str, int] = {}

    def text(value: str) -> str:
        index = strings.setdefault(value, len(strings))
        return f'<c t="s"><v>{index}</v></c>'

    def cell(value: object) -> str:
        if value is None or value == "":
            return "<c/>"
        if isinstance(value, dt.date):
            return f'<c s="1"><v>{(value - _EPOCH).days}</v></c>'
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return f"<c><v>{value}</v></c>"
        return text(str(value))

    number = COLUMNS.index("信访编号")
    templates = [[cell(case[c]) for c in COLUMNS] for case in base]
    faults = [("联系电话", "12345"), ("身份证号", "34112219560307"), ("答复日期", dt.date(2000, 1, 3))]
    faults = [("联系电话", "12345"), ("身份证号", "34112219560307"), ("答复日期", dt.date(2000, 1, 3))]
    header = "".join(text(c) for c in COLUMNS)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<worksheet xmlns="{_MAIN}"><dimension ref="A1:AM{rows + 1}"/><sheetData>'.encode())
            sheet.write(f'<row r="1">{header}</row>'.encode())
            chunk: list[str] = []
            for index in range(rows):
                cells = templates[index % len(templates)]
                if plant and (index + 1) % plant == 0:
                    cells = list(cells)
                    for step, (column, value) in zip((1, 3, 7), faults):
                        if (index + 1) % (plant * step) == 0:
                            cells[COLUMNS.index(column)] = cell(value)
                if plant and (index + 1) % plant == 0:
                    cells = list(cells)
                    for step, (column, value) in zip((1, 3, 7), faults):
                        if (index + 1) % (plant * step) == 0:
                            cells[COLUMNS.index(column)] = cell(value)
                case_no = text(f"XF-B{index + 1:07d}")
                before, after = "".join(cells[:number]), "".join(cells[number + 1 :])
                chunk.append(f'<row r="{index + 2}">{before}{case_no}{after}</row>')
                if len(chunk) == 2000:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())
        items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{_MAIN}" uniqueCount="{len(strings)}">{items}</sst>')
        for name, data in _package_parts().items():
            archive.writestr(name, data)
    return path


def _package_parts() -> dict[str, str]:
    return {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="登记台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/styles.xml": f'<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/><name val="等线"/>'
        '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
        '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/>'
        '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
    }


def convert(source: Path, suffix: str, folder: Path) -> Path | None:
    """`source` saved by LibreOffice as `suffix`, or None without LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", suffix,
             "--outdir", str(folder), str(source)],
            check=True, capture_output=True, timeout=1800,
        )  # fmt: skip
    return folder / f"{source.stem}.{suffix}"


def write_csv(source: Path, target: Path) -> Path:
    """The register as Excel's "CSV UTF-8" would save it."""
    import python_calamine

    sheet = python_calamine.CalamineWorkbook.from_path(str(source)).get_sheet_by_index(0)
    with target.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        for row in sheet.iter_rows():
            writer.writerow([v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return target


_READ = """
import json, sys, time
from docgen.register import Register
start, cpu = time.perf_counter(), time.process_time()
book = Register(sys.argv[1], stream=sys.argv[2] == "1")
count = sum(1 for _ in book.records())
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps([count, seconds, cpu, type(book.source).__name__]))
"""


def time_read(path: Path, *, stream: bool = False) -> tuple[int, float, float, str, float]:
    """(records, seconds and CPU seconds to open and type every row, reader used, peak MB), in a new process."""
    output, peak = run_measured([sys.executable, "-c", _READ, str(path), "1" if stream else "0"])
    count, seconds, cpu, reader = json.loads(output)
    return count, seconds, cpu, reader, peak


def run_measured(command: list[str], cwd: Path | None = None) -> tuple[str, float]:
    """stdout of `command` and the peak PSS (MB) of its process tree, sampled every 20 ms."""
    from bench_merge import tree_rss_kb

    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kb(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, errors = process.communicate()
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:4])} failed:\n{errors.decode()[-2000:]}")
    return output.decode(), peak / 1024


def register_read_per_format(work: Path, rows: int) -> list[tuple[str, int, float, float, float]]:
    """(format, records, seconds, CPU seconds, peak MB) for the same register in every format docgen reads."""
    xlsx = write_register(rows, work / "register-formats.xlsx")
    files: list[tuple[str, Path, bool]] = [(".xlsx (calamine)", xlsx, False), (".xlsx (streamed)", xlsx, True)]
    for suffix in ("xls", "ods"):
        if suffix == "xls" and rows > 65_535:
            continue  # the .xls format holds 65,536 rows
        converted = convert(xlsx, suffix, work)
        if converted is not None:
            files.append((f".{suffix}", converted, False))
    files.append((".csv", write_csv(xlsx, work / "register-formats.csv"), False))
    results = []
    for label, path, stream in files:
        count, seconds, cpu, reader, peak = time_read(path, stream=stream)
        results.append((f"{label} [{reader}]", count, seconds, cpu, peak))
    return results


def print_formats(results: list[tuple[str, int, float, float, float]]) -> None:
    title = "register read (open + type every row)"
    print(f"\n{title:<44}{'rows':>9}{'seconds':>9}{'CPU s':>9}{'rows/s':>9}{'peak MB':>9}")
    for label, count, seconds, cpu, peak in results:
        print(f"{label:<44}{count:>9}{seconds:>9.2f}{cpu:>9.2f}{count / seconds:>9.0f}{peak:>9.0f}")


def scale(work: Path, sizes: list[int], jobs: int = 2) -> None:
    """Whole commands on growing registers: fields, validate, validate --report, merge (memory)."""
    from sample_template import write_sample_template

    template = work / "答复意见书.docx"
    write_sample_template(template, masked=False)
    print(f"\n{'command':<44}{'rows':>9}{'seconds':>9}{'rows/s':>9}{'peak MB':>9}")
    for size in sizes:
        register = write_register(size, work / f"register-{size}.xlsx")
        report, out = str(work / f"report-{size}.xlsx"), str(work / f"out-{size}")
        commands = [
            ("docgen fields", ["fields", str(template), str(register)]),
            ("docgen validate", ["validate", str(register), "--limit", "1"]),
            ("docgen validate --report", ["validate", str(register), "--limit", "1", "--report", report, "--force"]),
            (f"docgen merge --jobs {jobs}", ["merge", str(register), str(template), "-o", out, "--jobs", str(jobs)]),
        ]
        for label, args in commands:
            if (label.startswith("docgen merge") and size > 100_000) or (label.endswith("--report") and size > 200_000):
                continue  # a million documents is a day's disk, not a memory question
            start = time.perf_counter()
            _, peak = run_measured([sys.executable, "-m", "docgen", *args], cwd=work)
            seconds = time.perf_counter() - start
            print(f"{label:<44}{size:>9}{seconds:>9.1f}{size / seconds:>9.0f}{peak:>9.0f}", flush=True)
            shutil.rmtree(work / f"out-{size}", ignore_errors=True)
        register.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the per-format register (default 10000)")
    parser.add_argument("--scale", type=int, nargs="*", default=[], help="register sizes for whole commands")
    parser.add_argument("--workdir", type=Path, help="where to build files (default: a temporary folder)")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="docgen-bench-register-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}")
    if args.rows:
        print_formats(register_read_per_format(work, args.rows))
    if args.scale:
        scale(work, args.scale)
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
