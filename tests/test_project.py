"""The project keeps its promises: README's two commands, CI runs the second, every command documented."""

from __future__ import annotations

import re

import click
from conftest import ROOT

from docgen.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", README, flags=re.S)


def test_readme_opens_with_the_two_setup_commands() -> None:
    head = README.split("---", 1)[0]
    install, tests = commands()[:2]
    assert install in head and tests in head
    assert "pip install ." in install and "docgen merge samples/register.xlsx" in install
    assert "'.[test]'" in tests and tests.endswith("pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands()[1] in ci
    # twice: on a fresh machine (fonts and LibreOffice hidden), then with LibreOffice required
    assert "unshare -m" in ci and "/usr/share/fonts" in ci and "/usr/lib/libreoffice" in ci
    assert "export DOCGEN_REQUIRE_SOFFICE=1" in ci and ci.count("readme_tests") >= 3


def _walk(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from _walk(command, f"{prefix}{name} ")


def test_every_command_has_help_and_is_in_the_readme() -> None:
    for name, command in _walk(cli):
        assert command.help, f"docgen {name} has no help"
        top = name.split()[0]
        assert f"docgen {top}" in README, f"README does not mention docgen {top}"
