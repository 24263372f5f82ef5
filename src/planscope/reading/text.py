"""Normalise document text for analysis without losing the way back.

The analysis text differs from the original in three ways only:

* Traditional characters become Simplified (OpenCC ``t2s``);
* full-width ASCII (``０``–``９``, ``Ａ``, ``（``, ``，``, ``：`` …), the no-break space and the ideographic
  space become their half-width forms;
* a carriage return becomes a line feed;
* nothing else: no characters are added or removed.

Each of these replaces one code point by one code point, so the analysis text has
the same length as the original and an offset in one *is* an offset in the other.
``normalize`` checks this and, where OpenCC ever maps a phrase to a different length,
converts that line character by character instead, so the invariant always holds.
Later stages that need to drop characters (spaced digits from PDFs, hard line breaks)
build their own views on top and keep their own offset maps.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import opencc

# Full-width ASCII block U+FF01..U+FF5E maps to U+0021..U+007E; U+3000 to a space.
_WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20
_WIDTH_TABLE[0xA0] = 0x20  # no-break space, common in text from web pages and PDFs
# A carriage return becomes a line feed: "\r\n" reads as an empty line, a lone "\r"
# (old Mac files) as a line break; either way the length is kept.
_WIDTH_TABLE[0x0D] = 0x0A


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold_width(text: str) -> str:
    """Full-width ASCII and the ideographic space to half-width; one for one."""
    return text.translate(_WIDTH_TABLE)


def to_simplified(text: str) -> str:
    """Traditional to Simplified, guaranteed to keep every offset."""
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    lines = text.split("\n")
    out = []
    for line in lines:
        conv = _converter().convert(line)
        if len(conv) != len(line):
            conv = "".join(_one(ch) for ch in line)
        out.append(conv)
    return "\n".join(out)


def _one(ch: str) -> str:
    conv = _converter().convert(ch)
    return conv if len(conv) == 1 else ch


@dataclass(frozen=True)
class NormalizedText:
    original: str
    text: str  # the analysis text, same length as ``original``: a span of one is the same span of the other


CHUNK = 1 << 20  # characters per block: large texts are normalised block by block


def normalize(original: str) -> NormalizedText:
    """The analysis text of ``original``: full-width forms folded and traditional characters
    made simplified, character for character, so an offset in one is the same offset in the
    other and every span found in the analysis text quotes the original exactly."""
    if len(original) <= CHUNK:
        text = to_simplified(fold_width(original))
    else:
        text = "".join(to_simplified(fold_width(block)) for block in _blocks(original, CHUNK))
    if len(text) != len(original):  # pragma: no cover - guarded by to_simplified
        raise AssertionError("normalisation changed the text's length")
    return NormalizedText(original=original, text=text)


def _blocks(text: str, size: int) -> Iterator[str]:
    """Consecutive blocks of about ``size`` characters, cut after a line break, so
    OpenCC's phrase matching never spans two blocks."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + size)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


