"""Pictures of the sample report: samples/register.xlsx, 2025Q3, pages 1–4 (the three charts) as report-page<N>.png.

Run from the repository root (needs LibreOffice and poppler-utils):
    python docs/reports/make_picture.py

The conversion uses docgen's font aliases (src/docgen/outputs/fonts.conf), as `docgen merge --pdf` does,
so the official fonts appear as Noto Serif/Sans CJK SC and AR PL UKai on machines without them.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from pathlib import Path

from docgen.config import load_config
from docgen.outputs.pdf import convert
from docgen.petition.periods import parse_period
from docgen.register import Register
from docgen.reports.analysis import analyse
from docgen.reports.document import write_report

ROOT = Path(__file__).resolve().parents[2]
ISSUED = dt.date(2025, 10, 15)
TODAY = dt.date(2025, 11, 20)  # the day the sample register was drawn up
PAGES = (1, 2, 3, 4)


def main() -> None:
    config = load_config(ROOT / "samples" / "docgen.toml")
    register = Register(ROOT / "samples" / "register.xlsx", config.register)
    analysis = analyse(register, config, parse_period("2025Q3"), today=TODAY)
    out = ROOT / "docs" / "reports"
    with tempfile.TemporaryDirectory(prefix="docgen-pictures-") as folder:
        docx = write_report(analysis, config, Path(folder) / "report.docx", issued=ISSUED)
        (pdf,) = convert([docx], Path(folder))
        for page in PAGES:
            target = out / f"report-page{page}"
            command = ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile"]
            subprocess.run([*command, str(pdf), str(target)], check=True)
            print(f"{target}.png")


if __name__ == "__main__":
    main()
