"""The `docgen` command: a Click group whose commands live in one module per area."""

from __future__ import annotations

import sys

import click

from docgen import __version__
from docgen.cli.assess import assess_command
from docgen.cli.bulletin import bulletin_command
from docgen.cli.cases import due_command, validate_command
from docgen.cli.common import DocgenGroup
from docgen.cli.guide import help_command
from docgen.cli.merge import fields_command, merge_command
from docgen.cli.official import check_format_command, ledger_group, templates_group
from docgen.cli.report import report_command
from docgen.cli.serve import serve_command


@click.group(cls=DocgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen", message="%(prog)s %(version)s", help="显示版本号")
def cli() -> None:
    """docgen：把信访登记台账（Excel）批量生成规范的 Word 文书。"""


cli.add_command(merge_command)
cli.add_command(fields_command)
cli.add_command(validate_command)
cli.add_command(due_command)
cli.add_command(check_format_command)
cli.add_command(templates_group)
cli.add_command(ledger_group)
cli.add_command(report_command)
cli.add_command(assess_command)
cli.add_command(bulletin_command)
cli.add_command(serve_command)
cli.add_command(help_command)


def main() -> None:
    """Console entry point."""
    sys.exit(cli.main(standalone_mode=True))
