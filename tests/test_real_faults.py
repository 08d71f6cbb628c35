"""Write errors for real, not simulated: a full disk, a read-only disk, a folder the user cannot write.

Each `docgen merge` runs in a new process inside its own mount namespace (`unshare -m`), where a tiny
tmpfs really fills mid-batch or a read-only mount really refuses; the third runs as `nobody`, since
root ignores permissions. Root and unshare are needed (skipped otherwise, with the reason).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import case_row, write_template, write_xlsx

from docgen.outputs.batch import AHEAD as TASKS_AHEAD
from docgen.outputs.batch import CHUNK
from docgen.pipeline.plan import GROWTH

ROWS = 120
NOBODY = 65534


def _namespaces_work() -> str | None:
    """Why these tests cannot run here, or None."""
    if os.geteuid() != 0:
        return "需要 root：只有 root 能在新的挂载命名空间里挂载 tmpfs"
    if shutil.which("unshare") is None or shutil.which("setpriv") is None:
        return "需要 unshare 和 setpriv（util-linux）"
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"本机不允许 unshare -m：{probe.stderr.strip()}"
    return None


pytestmark = pytest.mark.skipif(_namespaces_work() is not None, reason=str(_namespaces_work()))


@pytest.fixture
def work() -> Iterator[Path]:
    """A folder every user can read (pytest's tmp_path is root's alone): register, template, config, ledger."""
    folder = Path(tempfile.mkdtemp(prefix="docgen-faults-"))
    folder.chmod(0o755)
    rows = [case_row(n, f"信访人{n}") for n in range(1, ROWS + 1)]
    write_xlsx(folder / "台账.xlsx", rows)
    write_template(folder / "受理告知书.docx", ["{{ 文号 }}", "{{ 信访人 }}：", "编号：{{ 信访编号 }}"])
    ledger = folder / "登记"
    ledger.mkdir()
    ledger.chmod(0o777)  # the ledger folder stays writable for nobody; only the output folder is refused
    (ledger / "docgen.toml").write_text('[organ]\nshort_name = "某信"\n', encoding="utf-8")
    home = folder / "home"
    home.mkdir()
    home.chmod(0o777)
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(0o644)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _docgen(*args: object) -> str:
    return " ".join(shlex.quote(str(a)) for a in (sys.executable, "-m", "docgen", *args))


def _merge(work: Path, out: Path) -> str:
    config = work / "登记" / "docgen.toml"
    return _docgen(
        "merge", work / "台账.xlsx", work / "受理告知书.docx", "-o", out, "--config", config, "--date", "2025-06-01",
        "--jobs", "2",
    )  # fmt: skip


def _in_namespace(work: Path, script: str) -> None:
    """Run `script` (sh) in a new mount namespace, as root."""
    env = {**os.environ, "HOME": str(work / "home"), "TMPDIR": str(work / "home"), "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        ["unshare", "-m", "sh", "-eu", "-c", script], capture_output=True, text=True, env=env, timeout=900
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _run_docgen(work: Path, command: str, tag: str = "") -> str:
    """Shell lines running `command`, keeping its exit code, output, the output folder's listing and the ledger."""
    out, config = shlex.quote(str(work / "out")), work / "登记" / "docgen.toml"
    return (
        f"set +e; {command} > {work}/output{tag}.txt 2>&1; echo $? > {work}/rc{tag}; set -e\n"
        f"ls -A {out} > {work}/listing{tag}.txt\n"
        f"{_docgen('ledger', 'list', '--config', config)} > {work}/ledger{tag}.txt 2>&1 || true\n"
    )


def _results(work: Path, tag: str = "") -> tuple[int, str, list[str], list[str]]:
    """A run's exit code, output, output folder listing and ledger lines (one per number)."""
    code = int((work / f"rc{tag}").read_text())
    output = (work / f"output{tag}.txt").read_text(encoding="utf-8")
    listing = (work / f"listing{tag}.txt").read_text(encoding="utf-8").split()
    ledger = (work / f"ledger{tag}.txt").read_text(encoding="utf-8").splitlines()
    return code, output, listing, [line for line in ledger if "某信" in line]


def _check(work: Path, cause: str, *, stopped_before: bool = False) -> tuple[list[str], list[str]]:
    """Exit 1 (2 when refused before any document) naming `cause`, no temporary file left, every number
    either on a document or listed as allocated without one: (documents, numbers without a document)."""
    code, output, listing, numbers = _results(work)
    assert code == (2 if stopped_before else 1), output
    assert re.search(cause, output) and "Word/WPS" not in output and "内部出错" not in output, output
    assert not [name for name in listing if name.startswith(".~") or name.endswith(".tmp")], listing
    unused = [line for line in numbers if "（已分配，未生成文件）" in line]
    documents = [name for name in listing if name.endswith(".docx")]
    assert len(numbers) == len(documents) + len(unused), (numbers, listing)
    return documents, unused


def test_a_disk_that_fills_mid_batch(work: Path) -> None:
    """The run stops at the first refused file; the few numbers handed out ahead stay reserved for
    their cases and --resume, once there is room, uses exactly them: no number lost, none twice."""
    out = shlex.quote(str(work / "out"))
    (work / "out").mkdir()
    merge = _merge(work, work / "out")
    script = (
        f"mount -t tmpfs -o size=300k docgen-full {out}\n"
        + _run_docgen(work, merge)
        + f"mount -o remount,size=20m {out}\n"
        + _run_docgen(work, merge + " --resume", tag="-resumed")
    )
    _in_namespace(work, script)
    documents, unused = _check(work, "磁盘空间已满")
    assert 0 < len(documents) < 20, documents  # the disk really filled part way through
    # numbers of the documents under way (2 workers) and of the allocations so far (1, 8, 64), not one for every row
    assert len(unused) <= 2 * TASKS_AHEAD * CHUNK + 1 + GROWTH + GROWTH**2 - len(documents), unused
    assert len(unused) < ROWS - len(documents), unused
    code, output, listing, numbers = _results(work, "-resumed")
    assert code == 0, output
    assert len([name for name in listing if name.endswith(".docx")]) == ROWS
    assert not [line for line in numbers if "未生成" in line], numbers
    assert sorted(int(re.search(r"〕(\d+)号", line).group(1)) for line in numbers) == list(range(1, ROWS + 1))


def test_a_read_only_disk(work: Path) -> None:
    out = work / "out"
    out.mkdir()
    script = f"mount -t tmpfs -o ro,size=300k docgen-ro {shlex.quote(str(out))}\n" + _run_docgen(
        work, _merge(work, out)
    )
    _in_namespace(work, script)
    documents, unused = _check(work, "所在的磁盘是只读的", stopped_before=True)
    assert documents == [] and unused == []


def test_a_folder_the_user_cannot_write(work: Path) -> None:
    out = work / "out"
    out.mkdir(mode=0o755)  # root's; the run below is nobody's
    as_nobody = f"setpriv --reuid={NOBODY} --regid={NOBODY} --clear-groups " + _merge(work, out)
    _in_namespace(work, _run_docgen(work, as_nobody))
    documents, unused = _check(work, r"没有在 \S*out 中写入文件的权限", stopped_before=True)
    assert documents == [] and unused == []


def test_a_ledger_on_a_full_disk(work: Path) -> None:
    """The ledger cannot grow: the cause named, no restore advice, the ledger still whole, no temp file."""
    ledger = work / "登记"
    folder = shlex.quote(str(ledger))
    merge = _merge(work, work / "out")
    script = (
        f"mount -t tmpfs -o size=256k docgen-ledger {folder}\n"
        f"chmod 777 {folder}\n"
        f"printf '[organ]\\nshort_name = \"某信\"\\n' > {shlex.quote(str(ledger / 'docgen.toml'))}\n"
        f"{merge.replace(' merge ', ' merge --rows 2 ', 1)} > /dev/null 2>&1\n"
        f"dd if=/dev/zero of={folder}/filler bs=4k 2>/dev/null || true\n"
        + _run_docgen(work, merge + " --resume")
        + f"rm {folder}/filler\n"
        + _run_docgen(work, "true", tag="-after")
    )
    _in_namespace(work, script)
    code, output, listing, _ = _results(work)
    assert code in (1, 2) and "磁盘已满" in output and "内部出错" not in output, output
    assert "备份" not in output, output  # a full disk is no damaged ledger
    assert not [name for name in listing if name.startswith(".~") or name.endswith(".tmp")], listing
    _, _, _, numbers = _results(work, "-after")
    assert numbers and len(numbers) <= 9, numbers  # readable after; at most the first number and one batch
