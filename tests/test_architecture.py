"""The package layout keeps its arrows pointing down: no lower package imports a higher one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "docgen"

# Bottom to top. A module may import its own package, the modules of its own layer (plumbing) and any
# lower layer; the document packages (reports, assess, due, bulletins) do not import one another.
LAYERS: list[set[str]] = [
    {"errors", "tomlfile", "values", "config", "context", "__version__"},
    {"render"},
    {"outputs"},
    {"register"},
    {"petition"},
    {"ledger"},
    {"official"},
    {"pipeline", "fieldmap"},
    {"reports", "assess", "due", "bulletins"},
    {"cli", "web", "__init__", "__main__"},
]
LAYER = {name: depth for depth, names in enumerate(LAYERS) for name in names}


def _unit(path: Path) -> str:
    parts = path.relative_to(SRC).parts
    return parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != "docgen":
                continue
            if len(parts) > 1:
                found.add(parts[1])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "docgen" and len(parts) > 1:
                    found.add(parts[1])
    return found


MODULES = sorted(p for p in SRC.rglob("*.py"))


def test_every_package_has_a_layer():
    units = {_unit(p) for p in MODULES} - {"py"}
    assert units <= set(LAYER), f"packages without a layer in this test: {sorted(units - set(LAYER))}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_down(path: Path):
    unit = _unit(path)
    upward = sorted(name for name in _imports(path) - {unit} if name in LAYER and _above(name, unit))
    assert not upward, f"{path.relative_to(SRC)} ({unit}) imports {upward}, which sit above it or beside it"


def _above(name: str, unit: str) -> bool:
    """A higher layer, or a sibling document package (reports, assess, due, bulletins share only lower code)."""
    return LAYER[name] > LAYER[unit] or (LAYER[name] == LAYER[unit] and LAYER[unit] == LAYER["reports"])


def test_the_check_catches_an_upward_import(tmp_path: Path):
    module = tmp_path / "x.py"
    module.write_text("from docgen.pipeline import merge\nfrom docgen import cli\n", encoding="utf-8")
    assert _imports(module) == {"pipeline", "cli"}
    assert _above("pipeline", "register") and _above("cli", "register")
    assert _above("assess", "reports") and not _above("config", "values")
