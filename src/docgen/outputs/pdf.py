"""PDF through LibreOffice headless: one converter process per batch, its own profile, CJK font aliases."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from docgen.errors import OutputError

FONTS_CONF = Path(__file__).with_name("fonts.conf")
INSTALL_HINT = "请先安装 LibreOffice：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk"
BATCH = 200


def find_soffice() -> str:
    """The LibreOffice executable, or a clear error with the install command."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise OutputError("找不到 LibreOffice，无法转换 PDF", hint=INSTALL_HINT)


def converter_env(profile: Path) -> dict[str, str]:
    """Environment for soffice: docgen's font aliases unless the user set FONTCONFIG_FILE."""
    env = dict(os.environ)
    env.setdefault("FONTCONFIG_FILE", str(FONTS_CONF))
    env["HOME"] = str(profile)
    return env


def convert(files: Sequence[Path], outdir: Path, *, fmt: str = "pdf", timeout: int = 600) -> list[Path]:
    """Convert `files` into `outdir` with one soffice process per batch; returns the new files."""
    if not files:
        return []
    soffice = find_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="docgen-lo-") as profile:
        profile_url = Path(profile).as_uri()
        for start in range(0, len(files), BATCH):
            batch = [str(f) for f in files[start : start + BATCH]]
            command = [
                soffice,
                f"-env:UserInstallation={profile_url}",
                "--headless",
                "--norestore",
                "--convert-to",
                fmt,
                "--outdir",
                str(outdir),
                *batch,
            ]
            try:
                subprocess.run(
                    command, env=converter_env(Path(profile)), capture_output=True, timeout=timeout, check=False
                )
            except subprocess.TimeoutExpired as exc:
                raise OutputError("LibreOffice 转换超时", hint="请减少一次转换的文件数后重试") from exc
            for name in batch:
                target = outdir / (Path(name).stem + "." + fmt.split(":")[0])
                if not target.is_file():
                    raise OutputError(
                        f"LibreOffice 未能转换 {Path(name).name}", hint="请用 Word/WPS 打开该文件确认是否完好"
                    )
                made.append(target)
    return made
