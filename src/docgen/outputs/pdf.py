"""PDF through LibreOffice headless: one converter process per batch, its own profile, CJK font aliases."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from docgen.errors import OutputError

FONTS_CONF = Path(__file__).with_name("fonts.conf")
INSTALL_HINT = (
    "请先安装 LibreOffice 和中文字体：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk"
    "（Windows/macOS 请从 libreoffice.org 下载安装）"
)
BATCH = 200


def find_soffice() -> str:
    """The LibreOffice executable, or a clear error with the install command."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise OutputError("找不到 LibreOffice，无法转换 PDF", hint=INSTALL_HINT)


def fontconfig_file(folder: Path, substitutes: Mapping[str, str] | None = None) -> Path:
    """docgen's font aliases, plus the user's [fonts] substitutes first, as a fontconfig file."""
    if not substitutes:
        return FONTS_CONF
    aliases = "".join(
        f'  <alias binding="same"><family>{escape(name)}</family><prefer><family>{escape(real)}</family>'
        "</prefer></alias>\n"
        for name, real in substitutes.items()
    )
    text = FONTS_CONF.read_text(encoding="utf-8").replace("<fontconfig>\n", "<fontconfig>\n" + aliases, 1)
    path = folder / "fonts.conf"
    path.write_text(text, encoding="utf-8")
    return path


# Keeps the blank pages Writer inserts so that a section starts on an odd page (merge --combine --duplex);
# the plain "pdf" export leaves them out.
PDF_WITH_BLANK_PAGES = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'


def converter_env(profile: Path, fonts: Path = FONTS_CONF) -> dict[str, str]:
    """Environment for soffice: docgen's font aliases unless the user set FONTCONFIG_FILE."""
    env = dict(os.environ)
    env.setdefault("FONTCONFIG_FILE", str(fonts))
    env["HOME"] = str(profile)
    return env


def font_warnings(names: Iterable[str], fonts: Path = FONTS_CONF) -> list[str]:
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


def convert(
    files: Sequence[Path], outdir: Path, *, fmt: str = "pdf", timeout: int = 600, fonts: Path = FONTS_CONF
) -> list[Path]:
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
                    command, env=converter_env(Path(profile), fonts), capture_output=True, timeout=timeout, check=False
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
