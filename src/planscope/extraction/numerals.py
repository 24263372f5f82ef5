"""Chinese numerals as whole numbers: one parser for outlines, dates and amounts.

``chinese_to_int("二十五") == 25``, ``chinese_to_int("二〇二五") == 2025`` (digit by digit
when there is no place character), ``chinese_to_int("二万零二百五十") == 20250``.  The
parsing itself is the number recogniser's (``planscope.extraction.quantities``), fed by the numerals
of ``data/units.toml``; this module keeps the short name the structure and facts stages use.
"""

from __future__ import annotations


def chinese_to_int(text: str) -> int | None:
    """The value of a whole Chinese (or Arabic) numeral, or None if it is not one."""
    from planscope.extraction.quantities import chinese_int

    if not text:
        return None
    if text.isdigit():
        return int(text)
    return chinese_int(text)
