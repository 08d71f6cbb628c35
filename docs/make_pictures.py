"""Pictures of the official templates: each rendered with a sample case, page 1 as docs/templates/<name>.png.

Run from the repository root (needs LibreOffice and poppler-utils):
    python docs/make_pictures.py                 # src/docgen/templates/ (built if missing) → docs/templates/
    python docs/make_pictures.py --pages all     # every page, as <name>-1.png, <name>-2.png …

The conversion uses docgen's font aliases (src/docgen/outputs/fonts.conf), as `docgen merge --pdf` does,
so the official fonts appear as Noto Serif/Sans CJK SC and AR PL UKai on machines without them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from docgen.config import load_config
from docgen.official.catalog import CATALOG, PACKAGED_DIR, build_templates
from docgen.official.preview import NUMBER_FIELD, case_contexts, sample_number
from docgen.outputs.pdf import convert
from docgen.render import DocxTemplate

ROOT = Path(__file__).resolve().parents[1]
ISSUED = dt.date(2025, 11, 20)  # the day the sample register was drawn up
Context = dict[str, object]


def _accepted(c: Context) -> bool:
    return c["受理情况"] == "受理" and bool(c["责任单位"])


# Which sample case shows each template best.
CHOICE: dict[str, Callable[[Context], bool]] = {
    "受理告知书": lambda c: _accepted(c) and c["是否集体访"] == "否",
    "不予受理告知书": lambda c: c["受理情况"] == "不予受理",
    "不再受理告知书": lambda c: bool(c["再次信访日期"]),
    "转送交办函": lambda c: _accepted(c) and c["是否集体访"] == "是" and bool(c["包案领导"]),
    "督办函": lambda c: _accepted(c) and c["办理状态"] == "已超期",
    "延期办理告知书": lambda c: c["是否延期"] == "是",
    "处理意见书": lambda c: _accepted(c) and c["处理结论"] == "予以支持" and bool(c["复查机关"]),
    "复查意见书": lambda c: c["复查结论"] == "变更",
    "复核意见书": lambda c: bool(c["复核结论"]),
    "回访记录表": lambda c: bool(c["回访日期"]) and bool(c["包案领导"]),
}
# The day each document is written (its 成文日期): the event it records, as a clerk would date it.
WRITTEN: dict[str, Callable[[Context], dt.date]] = {
    "受理告知书": lambda c: c["受理日期"],
    "不予受理告知书": lambda c: c["受理日期"],
    "不再受理告知书": lambda c: c["再次信访日期"] + dt.timedelta(days=10),
    "转送交办函": lambda c: c["交办日期"],
    "督办函": lambda c: ISSUED,
    "延期办理告知书": lambda c: c["原办理截止日期"] - dt.timedelta(days=7),
    "处理意见书": lambda c: c["答复日期"],
    "复查意见书": lambda c: c["复查日期"],
    "复核意见书": lambda c: c["复核日期"],
    "回访记录表": lambda c: c["回访日期"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--templates", type=Path, default=PACKAGED_DIR)
    parser.add_argument("--register", type=Path, default=ROOT / "samples" / "register.xlsx")
    parser.add_argument("--config", type=Path, default=ROOT / "samples" / "docgen.toml")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "templates")
    parser.add_argument("--pages", choices=("first", "all"), default="first")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args()
    if not shutil.which("pdftoppm"):
        print("需要 pdftoppm：sudo apt-get install poppler-utils", file=sys.stderr)
        return 2
    config = load_config(args.config)
    if not all((args.templates / spec.filename).is_file() for spec in CATALOG):
        build_templates(args.templates, config, force=True)
    contexts = [c for _, c in case_contexts(args.register, config, as_of=ISSUED, issued=ISSUED)]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="docgen-pictures-") as scratch:
        work = Path(scratch)
        documents = []
        for number, spec in enumerate(CATALOG, 1):
            context = next(c for c in contexts if CHOICE[spec.name](c))
            written = WRITTEN[spec.name](context)
            context = {
                **context,
                "成文日期": written,
                NUMBER_FIELD: sample_number(spec.name, config, written.year, number * 7),
            }
            path = work / spec.filename
            path.write_bytes(DocxTemplate(args.templates / spec.filename).render(context))
            documents.append(path)
        for pdf in convert(documents, work):
            target = args.out / pdf.stem
            for old in args.out.glob(f"{pdf.stem}*.png"):
                old.unlink()
            command = ["pdftoppm", "-png", "-r", str(args.dpi)]
            if args.pages == "first":
                command += ["-f", "1", "-l", "1", "-singlefile"]
            subprocess.run([*command, str(pdf), str(target)], check=True)
            print(f"{target}.png" if args.pages == "first" else f"{target}-*.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
