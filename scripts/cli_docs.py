"""Write every command's --help into README.md between the commands markers.

    .venv/bin/python scripts/cli_docs.py          # rewrite README.md
    .venv/bin/python scripts/cli_docs.py --check  # exit 1 if README.md is out of date

tests/test_docs.py runs the check, so the README never drifts from the code.
"""

from __future__ import annotations

import sys

import click
from click.testing import CliRunner
from readme_sections import write_or_check

from planscope.cli.commands import main


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = [prefix]
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if isinstance(cmd, click.Group):
            paths.extend(command_paths(cmd, (*prefix, name)))
        else:
            paths.append((*prefix, name))
    return paths


def render() -> str:
    runner = CliRunner()
    parts = []
    for path in command_paths(main):
        result = runner.invoke(main, [*path, "--help"], terminal_width=100, prog_name="planscope")
        title = " ".join(("planscope", *path))
        parts.append(f"### `{title}`\n\n```\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def main_() -> int:
    return write_or_check("commands", render())


if __name__ == "__main__":
    sys.exit(main_())
