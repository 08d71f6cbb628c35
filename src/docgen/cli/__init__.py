"""The `docgen` command: a Click group whose commands live in one module per area, imported when used."""

from __future__ import annotations

import sys

import click

from docgen import __version__
from docgen.cli.common import DocgenGroup

# name → "module:attribute"; a command's module (and what it imports) loads only when that command runs,
# so `docgen merge` starts without the report, assessment, web and PDF libraries.
COMMANDS = {
    "merge": "docgen.cli.merge:merge_command",
    "fields": "docgen.cli.merge:fields_command",
    "validate": "docgen.cli.cases:validate_command",
    "due": "docgen.cli.cases:due_command",
    "check-format": "docgen.cli.official:check_format_command",
    "templates": "docgen.cli.official:templates_group",
    "ledger": "docgen.cli.official:ledger_group",
    "report": "docgen.cli.report:report_command",
    "assess": "docgen.cli.assess:assess_command",
    "bulletin": "docgen.cli.bulletin:bulletin_command",
    "serve": "docgen.cli.serve:serve_command",
    "help": "docgen.cli.guide:help_command",
}


@click.group(cls=DocgenGroup, lazy_commands=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen", message="%(prog)s %(version)s", help="显示版本号")
def cli() -> None:
    """docgen：把信访登记台账（Excel）批量生成规范的 Word 文书。"""


def main() -> None:
    """Console entry point."""
    sys.exit(cli.main(standalone_mode=True))
