"""The README's generated sections: a block between ``<!-- NAME:start -->`` and
``<!-- NAME:end -->`` markers, rewritten by a script (cli_docs, data_docs, troubleshooting)
or checked by it with ``--check`` (exit 1 when the README is out of date)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def updated(readme: str, name: str, body: str) -> str:
    """``readme`` with the section ``name`` holding ``body``."""
    start, end = markers(name)
    if start not in readme or end not in readme:
        raise SystemExit(f"README.md has no {start} … {end} markers")
    block = f"{start}\n{body.rstrip()}\n{end}"
    return re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, readme, flags=re.S)


def write_or_check(name: str, body: str) -> int:
    """Rewrite the section, or with ``--check`` on the command line say whether it is current."""
    text = README.read_text("utf-8")
    new = updated(text, name, body)
    if "--check" in sys.argv:
        return 0 if new == text else 1
    README.write_text(new, "utf-8")
    return 0
