"""Finding LibreOffice where each system installs it, and running one headless conversion process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from docgen.errors import OutputError

ENV_OVERRIDE = "DOCGEN_SOFFICE"
_DOWNLOAD = "https://zh-cn.libreoffice.org/download/libreoffice/"
_FONTS = "（正文要用中文字体：请同时安装思源宋体/Noto CJK 字体或方正仿宋等公文字体）"
HINTS = {
    "windows": f"请从 {_DOWNLOAD} 下载 Windows 版 LibreOffice（.msi）并安装，默认装在 C:\\Program Files\\LibreOffice",
    "macos": f"请从 {_DOWNLOAD} 下载 macOS 版 LibreOffice（.dmg），拖入“应用程序”文件夹",
    "uos": "请在统信 UOS 的“应用商店”搜索安装 LibreOffice，或运行：sudo apt install libreoffice-writer fonts-noto-cjk",
    "kylin": "请在银河麒麟的“软件商店”搜索安装 LibreOffice，或运行：sudo apt install libreoffice-writer fonts-noto-cjk",
    "debian": "请先安装 LibreOffice 和中文字体：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk",
    "redhat": "请先安装 LibreOffice 和中文字体：sudo dnf install libreoffice-writer google-noto-serif-cjk-fonts",
    "linux": f"请用系统的软件包管理器安装 LibreOffice（libreoffice-writer），或从 {_DOWNLOAD} 下载",
}


def system_kind(platform: str = sys.platform, os_release: Path = Path("/etc/os-release")) -> str:
    """Which install instructions fit this machine: a key of HINTS."""
    if platform.startswith(("win", "cygwin")):
        return "windows"
    if platform == "darwin":
        return "macos"
    try:
        release = os_release.read_text(encoding="utf-8", errors="replace").lower()
    except OSError:
        return "linux"
    fields = dict(line.split("=", 1) for line in release.splitlines() if "=" in line)
    names = " ".join(fields.get(k, "").strip('"') for k in ("id", "id_like", "name"))
    for kind, words in (
        ("uos", ("uos", "uniontech", "deepin")),
        ("kylin", ("kylin", "麒麟")),
        ("debian", ("debian", "ubuntu")),
        ("redhat", ("fedora", "rhel", "centos", "openeuler", "anolis")),
    ):
        if any(word in names for word in words):
            return kind
    return "linux"


def install_hint(kind: str | None = None) -> str:
    """The download or install command for this kind of system, with a word on fonts."""
    kind = kind or system_kind()
    text = HINTS[kind]
    if kind in ("windows", "macos", "linux"):
        text += _FONTS
    return text + f"；已装在别处时，请把 soffice 的完整路径写入环境变量 {ENV_OVERRIDE}"


def candidates(kind: str, environ: Mapping[str, str], root: Path = Path("/")) -> list[Path]:
    """Where LibreOffice's soffice lives on this kind of system, most usual first (may not exist)."""
    if kind == "windows":
        found = []
        for variable in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)", "LOCALAPPDATA"):
            base = environ.get(variable) or environ.get(variable.upper())
            if base:
                programs = Path(base) / "Programs" if variable == "LOCALAPPDATA" else Path(base)
                found += sorted(programs.glob("LibreOffice*/program/soffice.exe"), reverse=True)
        return found
    if kind == "macos":
        return [root / "Applications/LibreOffice.app/Contents/MacOS/soffice"]
    patterns = (
        "usr/bin/soffice",
        "usr/bin/libreoffice",
        "usr/lib/libreoffice/program/soffice",
        "usr/lib64/libreoffice/program/soffice",
        "opt/libreoffice*/program/soffice",  # libreoffice.org's own .deb/.rpm packages
        "opt/apps/*libreoffice*/files/program/soffice",  # UOS/deepin app store layout
        "opt/apps/*libreoffice*/files/*/program/soffice",
        "opt/apps/*libreoffice*/files/lib/libreoffice/program/soffice",
        "opt/kylin*/libreoffice*/program/soffice",
        "snap/bin/libreoffice",
        "var/lib/flatpak/exports/bin/org.libreoffice.LibreOffice",
    )
    return [path for pattern in patterns for path in sorted(root.glob(pattern), reverse=True)]


def find_soffice(*, kind: str | None = None, environ: Mapping[str, str] | None = None, root: Path = Path("/")) -> str:
    """The LibreOffice executable, or a clear error naming the right download for this system."""
    environ = os.environ if environ is None else environ
    kind = kind or system_kind()
    chosen = environ.get(ENV_OVERRIDE)
    if chosen:
        if Path(chosen).is_file():
            return chosen
        raise OutputError(
            f"环境变量 {ENV_OVERRIDE} 指向的 {chosen} 不存在", hint="请改成 soffice 的完整路径，或删除这个环境变量"
        )
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name, path=environ.get("PATH"))
        if found:
            return found
    for path in candidates(kind, environ, root):
        if path.is_file():
            return str(path)
    raise OutputError("找不到 LibreOffice，无法转换 PDF", hint=install_hint(kind))


def run(
    soffice: str,
    files: Sequence[Path],
    outdir: Path,
    *,
    profile: Path,
    env: Mapping[str, str],
    fmt: str = "pdf",
    timeout: int = 600,
) -> None:
    """One soffice process converting `files` into `outdir`, with its own user profile."""
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        fmt,
        "--outdir",
        str(outdir),
        *map(str, files),
    ]
    try:
        subprocess.run(command, env=dict(env), capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise OutputError("LibreOffice 转换超时", hint="请减少一次转换的文件数后重试") from exc
