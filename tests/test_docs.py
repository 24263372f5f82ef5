"""Every command has help text, and the README shows the help as the code has it."""

from __future__ import annotations

import subprocess
import sys

import click

from planscope.cli.commands import main

from locations import ROOT


def test_every_command_has_help() -> None:
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        cmd = main.get_command(ctx, name)
        assert cmd is not None and cmd.help, f"planscope {name} has no help text"
        assert " / " in cmd.help, f"planscope {name}: help should be Chinese / English"


def test_readme_lists_the_current_help() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "cli_docs.py"), "--check"])
    assert result.returncode == 0, "README.md is out of date: run scripts/cli_docs.py"
