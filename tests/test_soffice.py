"""Finding LibreOffice where Windows, macOS, UOS, Kylin and other Linux systems install it (fake folders)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import case_row, write_template, write_xlsx

from docgen.cli import cli
from docgen.errors import OutputError
from docgen.outputs import soffice
from docgen.outputs.soffice import find_soffice, system_kind


def plant(root: Path, relative: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return path


@pytest.fixture(autouse=True)
def nothing_on_path(monkeypatch):
    monkeypatch.setattr(soffice.shutil, "which", lambda name, path=None: None)


def test_windows_program_files(tmp_path: Path) -> None:
    exe = plant(tmp_path, "Program Files/LibreOffice/program/soffice.exe")
    environ = {"ProgramFiles": str(tmp_path / "Program Files")}
    assert find_soffice(kind="windows", environ=environ) == str(exe)


def test_windows_program_files_x86_and_a_versioned_folder(tmp_path: Path) -> None:
    exe = plant(tmp_path, "Program Files (x86)/LibreOffice 7/program/soffice.exe")
    environ = {
        "ProgramFiles": str(tmp_path / "Program Files"),
        "ProgramFiles(x86)": str(tmp_path / "Program Files (x86)"),
    }
    assert find_soffice(kind="windows", environ=environ) == str(exe)


@pytest.mark.parametrize(
    "relative",
    [
        "opt/libreoffice7.6/program/soffice",  # libreoffice.org's .deb on UOS/Kylin
        "usr/lib/libreoffice/program/soffice",  # the distribution's package
        "opt/apps/org.libreoffice.libreoffice/files/program/soffice",  # UOS app store
        "opt/apps/cn.kylinos.libreoffice/files/lib/libreoffice/program/soffice",
    ],
)
def test_linux_install_folders(tmp_path: Path, relative: str) -> None:
    exe = plant(tmp_path, relative)
    assert find_soffice(kind="uos", environ={}, root=tmp_path) == str(exe)


def test_the_newest_of_several_opt_installs_wins(tmp_path: Path) -> None:
    plant(tmp_path, "opt/libreoffice7.3/program/soffice")
    newer = plant(tmp_path, "opt/libreoffice7.6/program/soffice")
    assert find_soffice(kind="kylin", environ={}, root=tmp_path) == str(newer)


def test_docgen_soffice_names_any_other_place(tmp_path: Path) -> None:
    exe = plant(tmp_path, "D/LO/soffice.exe")
    assert find_soffice(kind="windows", environ={"DOCGEN_SOFFICE": str(exe)}) == str(exe)
    with pytest.raises(OutputError, match="DOCGEN_SOFFICE"):
        find_soffice(kind="windows", environ={"DOCGEN_SOFFICE": str(tmp_path / "nothing.exe")})


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("windows", ["libreoffice.org", ".msi", "Program Files"]),
        ("macos", ["libreoffice.org", ".dmg"]),
        ("uos", ["统信 UOS", "应用商店", "apt install libreoffice-writer"]),
        ("kylin", ["麒麟", "软件商店", "apt install libreoffice-writer"]),
        ("debian", ["apt-get install libreoffice-writer-nogui fonts-noto-cjk"]),
        ("redhat", ["dnf install libreoffice-writer"]),
    ],
)
def test_the_missing_converter_message_names_the_download_for_each_system(tmp_path, kind, words) -> None:
    with pytest.raises(OutputError) as caught:
        find_soffice(kind=kind, environ={}, root=tmp_path)
    message = caught.value.hint or ""
    assert "找不到 LibreOffice" in str(caught.value)
    assert all(word in message for word in words), message
    assert "DOCGEN_SOFFICE" in message


@pytest.mark.parametrize(
    ("release", "kind"),
    [
        ('ID=uos\nNAME="UnionTech OS Desktop"\n', "uos"),
        ('ID=kylin\nNAME="Kylin"\n', "kylin"),
        ("ID=ubuntu\nID_LIKE=debian\n", "debian"),
        ('ID=openEuler\nNAME="openEuler"\n', "redhat"),
        ("ID=arch\n", "linux"),
    ],
)
def test_system_kind_reads_os_release(tmp_path: Path, release: str, kind: str) -> None:
    (tmp_path / "os-release").write_text(release, encoding="utf-8")
    assert system_kind("linux", tmp_path / "os-release") == kind
    assert system_kind("win32") == "windows" and system_kind("darwin") == "macos"


def test_merge_pdf_without_libreoffice_stops_before_any_work(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(soffice, "candidates", lambda *args, **kwargs: [])
    monkeypatch.delenv("DOCGEN_SOFFICE", raising=False)
    monkeypatch.setattr(soffice, "system_kind", lambda *args: "windows")
    register = write_xlsx(tmp_path / "r.xlsx", [case_row(1)])
    template = write_template(tmp_path / "t.docx", ["{{ 信访人 }}"])
    result = CliRunner().invoke(cli, ["merge", str(register), str(template), "-o", str(tmp_path / "out"), "--pdf"])
    assert result.exit_code == 2
    assert "找不到 LibreOffice" in result.output and ".msi" in result.output
    assert not (tmp_path / "out").exists()
