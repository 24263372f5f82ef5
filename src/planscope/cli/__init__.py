"""The command line: commands (``commands``), their Rich rendering of views (``terminal``),
the demo, Ctrl-C."""

from planscope.cli.commands import main

__all__ = ["main"]
