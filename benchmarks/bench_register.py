"""Reading registers: each format (.xlsx whole and streamed, .xls, .ods, .csv) and how cost grows with rows.

    python benchmarks/bench_register.py                        # 10,000 rows × 39 columns, every format
    python benchmarks/bench_register.py --repeat 5             # the same, best of 5 runs (a busy machine)
    python benchmarks/bench_register.py --rows 0 --scale 100000,300000,1000000 --commands fields,validate

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
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples"))
sys.path.insert(0, str(ROOT / "tests" / "data" / "registers"))  # make_formats: saving a register as .xls/.ods

from make_formats import saved_as  # noqa: E402
from make_samples import COLUMNS, make_cases  # noqa: E402

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_EPOCH = dt.date(1899, 12, 30)


COLUMN_COUNT = 39  # the measure: a register of 39 columns (the sample register has 53)


def write_register(rows: int, path: Path, columns: int = COLUMN_COUNT, *, plant: int = 0) -> Path:
    """A register of `rows` cases × `columns` columns (the sample's first ones) laid out as Excel
    saves one (shared strings, date styles).

    With `plant`, every plant-th case has a bad phone number, every 3×plant-th also a bad ID
    number, every 7×plant-th a reply dated before its registration (problems for `validate`).
    """
    from openpyxl.utils.cell import get_column_letter

    names = COLUMNS[:columns]
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

    number = names.index("信访编号")
    templates = [[cell(case[c]) for c in names] for case in base]
    header = "".join(text(c) for c in names)
    last = get_column_letter(len(names))
    faults = [("联系电话", "12345"), ("身份证号", "34112219560307"), ("答复日期", dt.date(2000, 1, 3))]
    faults = [(names.index(column), value) for column, value in faults if column in names]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<worksheet xmlns="{_MAIN}"><dimension ref="A1:{last}{rows + 1}"/><sheetData>'.encode())
            sheet.write(f'<row r="1">{header}</row>'.encode())
            chunk: list[str] = []
            for index in range(rows):
                cells = templates[index % len(templates)]
                if plant and (index + 1) % plant == 0:
                    cells = list(cells)
                    for step, (column, value) in zip((1, 3, 7), faults):
                        if (index + 1) % (plant * step) == 0:
                            cells[column] = cell(value)
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
    program = shutil.which("soffice") or shutil.which("libreoffice")
    return saved_as(program, source, suffix, folder, timeout=1800) if program else None


def write_csv(source: Path, target: Path) -> Path:
    """The register as Excel's "CSV UTF-8" would save it."""
    import python_calamine

    sheet = python_calamine.CalamineWorkbook.from_path(str(source)).get_sheet_by_index(0)
    with target.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        for row in sheet.iter_rows():
            writer.writerow([_as_excel_shows(v) for v in row])
    return target


def _as_excel_shows(value: object) -> object:
    """A cell as Excel writes it into a .csv: 1 not 1.0, dates as text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


_READ = """
import json, sys, time
from docgen.register import Register
start, cpu = time.perf_counter(), time.process_time()
book = Register(sys.argv[1], stream=sys.argv[2] == "1")
count = sum(1 for _ in book.records())
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps([count, seconds, cpu, type(book.source).__name__]))
"""


def time_read(path: Path, *, stream: bool = False, repeat: int = 1) -> tuple[int, float, float, str, float]:
    """(records, seconds and CPU seconds to open and type every row, reader used, peak MB), each
    in a new process; with `repeat`, the best of that many runs (a busy machine only adds time)."""
    runs = []
    for _ in range(repeat):
        output, peak = run_measured([sys.executable, "-c", _READ, str(path), "1" if stream else "0"])
        count, seconds, cpu, reader = json.loads(output)
        runs.append((count, seconds, cpu, reader, peak))
    count, _, _, reader, _ = runs[0]
    return count, min(r[1] for r in runs), min(r[2] for r in runs), reader, max(r[4] for r in runs)


def tree_rss_kb(pid: int) -> int:
    """Memory of a process and all its descendants, in kB: proportional set size (pages shared
    between the forked workers counted once), or resident size where the kernel gives no PSS."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            total += _pss_kb(current)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack += [int(c) for c in children.read().split()]
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
    except (FileNotFoundError, PermissionError, StopIteration):
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def run_measured(command: list[str], cwd: Path | None = None, ok: tuple[int, ...] = (0, 1)) -> tuple[str, float]:
    """stdout of `command` and the peak PSS (MB) of its process tree, sampled every 20 ms; an exit code
    outside `ok` stops the benchmark."""
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
    if process.returncode not in ok:
        raise SystemExit(f"{' '.join(command[:4])} failed:\n{errors.decode()[-2000:]}")
    return output.decode(), peak / 1024


def register_read_per_format(
    work: Path, rows: int, *, columns: int = COLUMN_COUNT, repeat: int = 1
) -> list[tuple[str, int, float, float, float]]:
    """(format, records, seconds, CPU seconds, peak MB) for the same register in every format docgen reads."""
    xlsx = write_register(rows, work / "register-formats.xlsx", columns)
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
        count, seconds, cpu, reader, peak = time_read(path, stream=stream, repeat=repeat)
        results.append((f"{label} [{reader}]", count, seconds, cpu, peak))
    return results


def print_formats(results: list[tuple[str, int, float, float, float]], columns: int = COLUMN_COUNT) -> None:
    title = f"register read, {columns} columns (open + type all)"
    print(f"\n{title:<44}{'rows':>9}{'seconds':>9}{'CPU s':>9}{'rows/s':>9}{'peak MB':>9}")
    for label, count, seconds, cpu, peak in results:
        print(f"{label:<44}{count:>9}{seconds:>9.2f}{cpu:>9.2f}{count / seconds:>9.0f}{peak:>9.0f}")


COMMANDS = ("fields", "validate", "report", "merge")


def scale(work: Path, sizes: list[int], *, commands: Sequence[str] = COMMANDS, jobs: int = 2) -> None:
    """Whole commands on growing registers: fields, validate, validate --report, merge (memory).

    Each command is a new process; seconds are wall time, CPU s the process tree's user + system
    time (what a busy machine does not inflate), peak MB the PSS of the tree sampled every 20 ms."""
    from sample_template import write_sample_template

    template = work / "答复意见书.docx"
    write_sample_template(template, masked=False)
    print(f"\n{'command':<32}{'rows':>9}{'seconds':>9}{'CPU s':>9}{'rows/s':>9}{'peak MB':>9}", flush=True)
    for size in sizes:
        register = write_register(size, work / f"register-{size}.xlsx")
        report, out = str(work / f"report-{size}.xlsx"), str(work / f"out-{size}")
        runs = {
            "fields": ("docgen fields", ["fields", str(template), str(register)]),
            "validate": ("docgen validate", ["validate", str(register), "--limit", "1"]),
            "report": (
                "docgen validate --report",
                ["validate", str(register), "--limit", "1", "--report", report, "--force"],
            ),
            "merge": (
                f"docgen merge --jobs {jobs}",
                ["merge", str(register), str(template), "-o", out, "--jobs", str(jobs)],
            ),
        }
        for name in commands:
            label, args = runs[name]
            if (name == "merge" and size > 100_000) or (name == "report" and size > 200_000):
                continue  # a million documents is a day's disk, not a memory question
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            _, peak = run_measured([sys.executable, "-m", "docgen", *args], cwd=work)
            seconds = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            print(f"{label:<32}{size:>9}{seconds:>9.1f}{cpu:>9.1f}{size / seconds:>9.0f}{peak:>9.0f}", flush=True)
            shutil.rmtree(work / f"out-{size}", ignore_errors=True)
        register.unlink()


def _sizes(text: str) -> list[int]:
    """100000,300000 or 1e6 style sizes, comma separated."""
    return [int(float(part)) for part in text.replace(" ", "").split(",") if part]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the per-format register (default 10000)")
    parser.add_argument("--columns", type=int, default=COLUMN_COUNT, help="its columns (default 39; the sample has 53)")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many reads per format (default 1)")
    parser.add_argument("--scale", type=_sizes, default=[], help="register sizes for whole commands: 100000,1000000")
    parser.add_argument(
        "--commands", default=",".join(COMMANDS), help="which of fields,validate,report,merge to run at scale"
    )
    parser.add_argument("--workdir", type=Path, help="where to build files (default: a temporary folder)")
    args = parser.parse_args()
    commands = [c for c in args.commands.split(",") if c]
    if unknown := set(commands) - set(COMMANDS):
        parser.error(f"unknown commands: {', '.join(sorted(unknown))}")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="docgen-bench-register-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}")
    if args.rows:
        results = register_read_per_format(work, args.rows, columns=args.columns, repeat=args.repeat)
        print_formats(results, args.columns)
    if args.scale:
        scale(work, args.scale, commands=commands)
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
