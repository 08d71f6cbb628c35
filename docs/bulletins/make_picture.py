"""Pictures of the sample bulletins: page 1 of the 督查通报 and of the 包案通报 as docs/bulletins/<kind>-page1.png.

Run from the repository root (needs LibreOffice and poppler-utils):
    python docs/bulletins/make_picture.py
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from pathlib import Path

from docgen.bulletins.build import OWNERSHIP, SUPERVISION, make_bulletin
from docgen.config import load_config
from docgen.outputs.pdf import convert
from docgen.petition.periods import parse_period
from docgen.register import Register

ROOT = Path(__file__).resolve().parents[2]
ISSUED = dt.date(2025, 10, 15)
AS_OF = dt.date(2025, 10, 10)
NAMES = {SUPERVISION: "supervision", OWNERSHIP: "ownership"}


def main() -> None:
    config = load_config(ROOT / "samples" / "docgen.toml")
    register = Register(ROOT / "samples" / "register.xlsx", config.register)
    out = ROOT / "docs" / "bulletins"
    with tempfile.TemporaryDirectory(prefix="docgen-pictures-") as folder:
        for kind, name in NAMES.items():
            bulletin = make_bulletin(register, config, kind, parse_period("2025Q3"), as_of=AS_OF)
            number = f"{config.organ.short_name}{'督通' if kind == SUPERVISION else '包通'}〔2025〕3号"
            docx = bulletin.document(config, issued=ISSUED, number=number).save(Path(folder) / f"{name}.docx")
            (pdf,) = convert([docx], Path(folder))
            target = out / f"{name}-page1"
            command = ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)]
            subprocess.run(command, check=True)
            print(f"{target}.png")


if __name__ == "__main__":
    main()
