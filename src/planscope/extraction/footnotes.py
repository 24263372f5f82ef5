"""Footnote marks (注码), one set from ``data/footnotes.toml``, in three widths:

* ``IN_TEXT``: bracketed and circled marks inside prose and table cells (``[2]``, ``①``) —
  the number recogniser skips them, names drop them;
* ``READING``: also superscripts and ``(1)`` right after a word, as converted bulletins
  write them;
* ``IN_NAME``: also the symbols set against an indicator's name (``※``, ``†``, ``*``).

Each is a pattern string (to compose into larger patterns) with a compiled twin.
"""

from __future__ import annotations

import re

from planscope import datafiles


def _raw() -> dict[str, str]:
    data = datafiles.raw("footnotes.toml")
    return {k: v for k, v in data.items() if k != "source"}


_PARTS = _raw()
IN_TEXT = f"(?:{_PARTS['bracketed']}|{_PARTS['circled']})"
READING = f"(?:{IN_TEXT}|{_PARTS['superscript']}|{_PARTS['after_word']})"
IN_NAME = f"(?:{READING}|{_PARTS['symbol']})"
IN_TEXT_RX = re.compile(IN_TEXT)
READING_RX = re.compile(READING)
IN_NAME_RX = re.compile(IN_NAME)
