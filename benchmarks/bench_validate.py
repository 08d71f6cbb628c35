"""`docgen validate --report` on a large register with planted problems: seconds and peak memory.

    python benchmarks/bench_validate.py                    # 200,000 rows, ~6,600 problems
    python benchmarks/bench_validate.py --validate-rows 50000 --plant 20

The register is written as Excel saves one (benchmarks/bench_register.write_register); every
plant-th case has a bad phone, every 3×plant-th also a bad ID number, every 7×plant-th a reply
dated before its registration. The command runs in a new process; memory is its peak PSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_register import run_measured, write_register


def measure(work: Path, rows: int, plant: int) -> None:
    register = write_register(rows, work / f"register-{rows}.xlsx", plant=plant)
    print(
        f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; register {register.stat().st_size >> 20} MB"
    )
    print(f"{'command':<34}{'rows':>9}{'seconds':>9}{'CPU s':>8}{'peak MB':>9}")
    report = work / "问题.xlsx"
    for label, extra in (("docgen validate", []), ("docgen validate --report", ["--report", str(report), "--force"])):
        command = [sys.executable, "-m", "docgen", "validate", str(register), "--limit", "1", *extra]
        cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        output, peak = run_measured(command, cwd=work)
        seconds = time.perf_counter() - start
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_seconds = used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime
        print(f"{label:<34}{rows:>9}{seconds:>9.1f}{cpu_seconds:>8.1f}{peak:>9.0f}", flush=True)
    print(output.strip().splitlines()[-1])
    print(f"report: {report.stat().st_size >> 20} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--validate-rows", type=int, default=200_000, help="rows of the register (default 200000)")
    parser.add_argument("--plant", type=int, default=50, help="a bad phone every N rows (default 50)")
    parser.add_argument("--workdir", type=Path, help="where to build files (default: a temporary folder)")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="docgen-bench-validate-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        measure(work, args.validate_rows, args.plant)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
