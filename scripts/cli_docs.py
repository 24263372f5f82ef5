"""Write every command's --help into README.md between the commands markers.

    .venv/bin/python scripts/cli_docs.py          # rewrite README.md
    .venv/bin/python scripts/cli_docs.py --check  # exit 1 if README.md is out of date

tests/test_docs.py runs the check, so the README never drifts from the code.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from planscope.cli.commands import main

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- commands:start -->", "<!-- commands:end -->"


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


def updated(readme: str) -> str:
    block = f"{START}\n{render()}{END}"
    return re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, readme, flags=re.S)


def main_() -> int:
    text = README.read_text("utf-8")
    new = updated(text)
    if "--check" in sys.argv:
        return 0 if new == text else 1
    README.write_text(new, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main_())
