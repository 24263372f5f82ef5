"""Chinese numerals for the small whole numbers of outlines and dates.

``chinese_to_int("二十五") == 25``, ``chinese_to_int("二〇二五") == 2025`` (digit by
digit when there is no unit character).  Amounts with 万/亿 and decimals belong to the
number recogniser of the extraction stage, not here.
"""

from __future__ import annotations

_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_to_int(text: str) -> int | None:
    """The value of a Chinese numeral without 万/亿, or None if it is not one."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(ch in _DIGITS for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + _DIGITS[ch]
        return value
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            return None
    return total + current
