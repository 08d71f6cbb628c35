"""docgen as pip installs it: the wheel holds every data file, and the installed commands work outside the checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, need

PACKAGE = ROOT / "src" / "docgen"


def build_wheel(dest: Path) -> Path:
    """The wheel built from a copy of the sources (no build/ left in the checkout); skips when pip cannot build."""
    source = dest / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dest), str(source)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"无法构建 wheel（需要 setuptools，离线时无法取得）：{done.stderr.strip()[-300:]}")
    return next(dest.glob("docgen-*.whl"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def test_the_wheel_holds_every_data_file_of_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    data = {
        p.relative_to(PACKAGE.parent).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }
    assert {"docgen/outputs/fonts.conf", "docgen/py.typed", "docgen/templates/督办函.docx"} <= data
    assert data <= names, f"not in the wheel: {sorted(data - names)}"
    modules = {p.relative_to(PACKAGE.parent).as_posix() for p in PACKAGE.rglob("*.py")}
    assert modules <= names


def _install(wheel: Path, where: Path) -> Path:
    """A new venv with the wheel installed; its dependencies come from this test's environment (no network)."""
    venv.create(where, with_pip=False)
    purelib = Path(sysconfig.get_path("purelib", vars={"base": str(where), "platbase": str(where)}))
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(where / "bin" / "python"), "install", "-q", "--no-deps",
         "--no-index", str(wheel)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    # only now: with the test environment on its path first, pip would find docgen "already installed" there
    (purelib / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")  # after its own
    return where / "bin" / "docgen"


def test_installed_docgen_works_outside_the_checkout(wheel, tmp_path):
    """merge --pdf with a built-in template, report, assess and due --letters, relative paths, no checkout."""
    need("soffice", "pdffonts")
    docgen = _install(wheel, tmp_path / "venv")
    work = tmp_path / "科室"
    work.mkdir()
    for name in ("register.xlsx", "docgen.toml", "考核细则.toml"):
        shutil.copy(SAMPLES / name, work / name)

    def run(*args: str) -> str:
        done = subprocess.run([str(docgen), *args], cwd=work, capture_output=True, text=True)
        assert done.returncode == 0, f"docgen {' '.join(args)}\n{done.stdout}\n{done.stderr}"
        return done.stdout + done.stderr

    where = subprocess.run(
        [str(tmp_path / "venv" / "bin" / "python"), "-c", "import docgen; print(docgen.__file__)"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert where.startswith(str(tmp_path / "venv")), where  # the wheel's docgen, not the checkout's

    run("merge", "register.xlsx", "受理告知书", "-o", "文书", "--rows", "4-9", "--where", "受理情况=受理", "--pdf")
    pdfs = sorted((work / "文书").glob("*.pdf"))
    assert pdfs and len(pdfs) == len(list((work / "文书").glob("*.docx")))
    fonts = subprocess.run(["pdffonts", str(pdfs[0])], capture_output=True, text=True, check=True).stdout
    assert "Serif" in fonts or "UKai" in fonts, fonts  # the packaged fonts.conf maps 仿宋_GB2312 to a serif stand-in

    run("report", "register.xlsx", "--period", "2025Q3", "-o", "报告.docx", "--xlsx", "统计表.xlsx")
    assert (work / "报告.docx").stat().st_size > 0 and (work / "统计表.xlsx").is_file()
    with zipfile.ZipFile(work / "报告.docx") as report:
        assert len([n for n in report.namelist() if n.startswith("word/charts/chart")]) == 3

    run("assess", "register.xlsx", "--rules", "考核细则.toml", "--period", "2025", "-o", "考核通报.docx")
    assert (work / "考核通报.docx").is_file()

    output = run("due", "register.xlsx", "--as-of", "2025-11-20", "--letters", "督办")
    assert "使用模板 督办函.docx" in output and list((work / "督办").glob("*-督办函.docx"))
