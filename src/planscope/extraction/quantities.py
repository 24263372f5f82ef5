"""Numbers with their units, qualifiers and exact spans: the number-and-unit recogniser.

``find_quantities("到二〇二五年，地区生产总值突破1.7万亿元")`` yields two quantities: the year
``二〇二五年`` (``is_year``) and ``突破1.7万亿元`` (value 1.7, unit ``万亿元``, factor 1e12,
comparator ``>=``, qualifier ``突破``).  Offsets are offsets into the text passed in.

How it works (stages, each a named piece of one compiled regex, see ``_patterns``):

1. *skip* tokens are consumed and dropped: names and set phrases (``十四五``, ``一带一路``),
   footnote marks (``[2]``, ``①``), list markers (``1.`` at a line start, ``(3)``), ordinals
   (``第一``), Latin names (``A2``, ``G320``, ``PM2.5``), dates and clock times, months and
   days (``3月6日``), dotted versions (``5.0.1``; also PDF-damaged ``22.946.131``);
2. *ratio*: ``13.5:49.5:37`` is one quantity with unit ``"ratio"``, ``value`` None, the
   parts left in ``raw``;
3. *quantity*: 百分之/千分之 + number, or a fraction (``三分之一``), or a number (Arabic,
   spaced PDF digits, or Chinese) with 余/多, a magnitude (万/亿/万亿), a footnote mark and a
   unit, optionally a range separator and a second number; then suffix qualifiers
   (``以上``, ``左右``).

A compiled lookahead on the first character lets the engine skip most positions fast.
The Python side only inspects each match: it looks back a few characters for a prefix
qualifier (``突破``, ``力争达到``, ``≥``; one anchored regex, so that ordinary characters
do not start a match attempt), parses the numbers, checks that the units of a range
agree, rejects Chinese numerals without a unit (``一是``, ``三高四新``) and specification
units (``110千伏``, ``5G``, ``4A级``), and marks years (``2025年``).

All the words (units, magnitudes, qualifiers, separators, names) are data:
``planscope/data/units.toml``.

Decisions worth knowing:

* ``value`` is the number as written before the magnitude; the magnitude goes into
  ``unit`` (``1.7万亿元``: 1.7, ``万亿元``); ``一万七千亿元`` gives 17000 ``亿元``.
* A bare magnitude (``13.4万``, ``超千万``) is a unit with ``unit_base`` ``"other"``.
* ``百分之三十`` has unit ``"百分之"`` (as written) and ``unit_base`` ``"percent"``.
* Years (``2025年``, ``二〇二五年``, ``2021—2035年``) come back with ``is_year``, unit
  ``"年"``, ``unit_base`` None and no qualifier; ``13.5年`` is a duration (``years``).
* Compound units (``万元/人``, ``微克/立方米``) have ``unit_base`` ``"other"``.
* Calendar dates and times are not quantities and are not returned.
* ``下降0.8%`` is 0.8 (the sign belongs to the caller), ``-0.8%`` is -0.8.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, NamedTuple

from planscope import datafiles
from planscope.extraction import footnotes
from planscope.reading.text import fold_width

__all__ = ["Quantity", "find_quantities", "find_years", "parse_number"]

UNITS_FILE = "units.toml"
YEAR_RANGE = (1900, 2100)  # a four-digit number before 年 in this range is a year


@dataclass(frozen=True)
class Quantity:
    start: int  # span of the whole expression, qualifiers included
    end: int
    num_start: int  # span of the number and its unit only
    num_end: int
    raw: str  # text[start:end]
    value: float | None  # None for a range or a ratio
    low: float | None
    high: float | None
    unit: str | None  # as written: "万亿元", "%", "个百分点", "万人", "百分之", "ratio"
    unit_base: str | None
    factor: float  # value * factor = value in base units
    value_normalized: float | None
    comparator: str  # ">=", "<=", "~", "range", "="
    qualifier: str | None  # qualifier words as written, joined by "…"
    is_year: bool


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class UnitInfo:
    base: str
    factor: float
    power_of: float | None = None  # the value is an exponent: 翻两番 is 2**2 times


@dataclass(frozen=True)
class Vocab:
    digits: dict[str, int]
    places: dict[str, int]
    sections: dict[str, int]
    point: str
    not_after: tuple[str, ...]
    magnitudes: dict[str, float]
    units: dict[str, UnitInfo]
    denominators: tuple[str, ...]
    specs: frozenset[str]
    prefixes: dict[str, str]  # word -> comparator
    suffixes: dict[str, str]
    approx: dict[str, str]
    separators: tuple[str, ...]
    not_words: tuple[str, ...]
    not_regex: tuple[str, ...]
    wholes: dict[str, str]  # a phrase that is one of a unit: "翻番" → "番"


def load_raw() -> dict[str, Any]:
    """The parsed ``units.toml``, for validation in tests."""
    return datafiles.raw(UNITS_FILE)


def _words(groups: list[dict[str, Any]]) -> list[str]:
    return [w for g in groups for w in g.get("words", [])]


def _by_comparator(groups: list[dict[str, Any]]) -> dict[str, str]:
    return {w: g["comparator"] for g in groups for w in g["words"]}


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    raw = load_raw()
    num = raw["numerals"]
    units = {w: UnitInfo(g["base"], float(g["factor"]), g.get("power_of")) for g in raw["unit"] for w in g["words"]}
    return Vocab(
        digits=dict(num["digits"]),
        places=dict(num["places"]),
        sections=dict(num["sections"]),
        point=num["point"],
        not_after=tuple(num["not_after"]),
        magnitudes={w: float(f) for g in raw["magnitude"] for w, f in g["words"].items()},
        units=units,
        denominators=tuple(_words(raw["denominator"])),
        specs=frozenset(_words(raw["spec"])),
        prefixes=_by_comparator(raw["prefix"]),
        suffixes=_by_comparator(raw["suffix"]),
        approx=_by_comparator(raw["approx"]),
        separators=tuple(_words(raw["separator"])),
        not_words=tuple(_words(raw["not_quantity"])),
        not_regex=tuple(r for g in raw["not_quantity"] for r in g.get("regex", [])),
        wholes={w: g["words"][0] for g in raw["unit"] for w in g.get("whole", [])},
    )


# --------------------------------------------------------------------------- patterns


def _alt(words: Any) -> str:
    """An alternation of literal words, longest first; Latin words end at a word edge."""
    parts = []
    for w in sorted(set(words), key=lambda s: (-len(s), s)):
        part = re.escape(w)
        if w[-1].isascii() and w[-1].isalpha():
            part += "(?![A-Za-z])"
        parts.append(part)
    return "(?:" + "|".join(parts) + ")"


def _patterns(v: Vocab) -> dict[str, str]:
    """Named sub-patterns, each built from the ones before it."""
    p: dict[str, str] = {}
    cn_digit = "".join(v.digits)
    cn_all = cn_digit + "".join(v.places) + "".join(v.sections)
    p["cn_chars"] = cn_all
    p["ar"] = r"(?<![0-9A-Za-z.])[-−+]?(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?"
    p["spaced"] = r"(?<![0-9A-Za-z.])(?:[0-9](?: [0-9])+(?: \. [0-9](?: [0-9])*)?|[0-9] \. [0-9](?: [0-9])*)"
    sec = "|".join(sorted(v.sections, key=len, reverse=True))
    p["cn_bare"] = (f"[{cn_digit}{''.join(v.places)}][{cn_all}]*"
                    f"(?:{re.escape(v.point)}[{cn_digit}]+(?:万亿|{sec})?)?")
    # A Chinese numeral must be followed by something that can make it a quantity (a unit,
    # a magnitude, 余/多, a range separator, 分之), or end in 万/亿 (超千万: a prefix decides).
    nxt = {w[0] for w in (*v.units, *v.specs, *v.magnitudes, *v.approx, *v.separators)} | set(" [分")
    nxt -= set(cn_all)  # the numeral itself is greedy: never stop it before one of its own characters
    not_after = "".join(sorted(v.not_after))
    p["cn"] = (f"(?<![{re.escape(not_after)}])(?:{p['cn_bare']}(?=[{re.escape(''.join(sorted(nxt)))}])"
               f"|[{cn_digit}{''.join(v.places)}][{cn_all}]*[{''.join(v.sections)}])")
    p["mag"] = _alt(v.magnitudes)
    p["word"] = _alt(list(v.units) + list(v.specs))
    p["unit"] = f"{p['word']}(?:/{_alt(v.denominators)})?"
    p["num"] = f"(?:{p['spaced']}(?= ?(?:{p['mag']}|{p['unit']})) ?|{p['ar']}|{p['cn']})"
    p["approx"] = _alt(v.approx)
    p["foot"] = footnotes.IN_TEXT
    tight = [s for s in v.separators if s in "-–"]
    loose = [s for s in v.separators if s not in tight]
    p["sep"] = f"(?:{_alt(tight)}| ?{_alt(loose)} ?)"
    p["pre"] = f"{_alt(v.prefixes)}(?: ?{_alt(v.prefixes)})?"
    p["suf"] = _alt(v.suffixes)
    p["skip"] = _skip_pattern(v, p)
    p["ratio"] = r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?(?: ?[:∶] ?[0-9]+(?:\.[0-9]+)?)+(?![0-9])"
    p["whole"] = _alt(v.wholes) if v.wholes else ""
    p["quantity"] = _quantity_pattern(p)
    return p


def _skip_pattern(v: Vocab, p: dict[str, str]) -> str:
    names = [_alt(v.not_words), *v.not_regex]
    pieces = [
        *names,
        p["foot"],
        # list marker at a line start, after up to three blanks: "1." "12、"
        r"(?:(?m:^)|(?<=\n[ \t])|(?<=\n[ \t]{2})|(?<=\n[ \t]{3}))[0-9]{1,2}[.、](?![0-9])",
        r"\([0-9]{1,2}\)",  # "(3)"
        f"第 ?(?:[0-9]+|{p['cn_bare']})",  # ordinals: 第一, 第14个
        r"[A-Za-z]+-?[0-9][A-Za-z0-9.]*",  # names: A2, G320, PM2.5, COVID-19
        r"(?<![0-9])[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?![0-9])",  # 2020-12-22
        r"(?<![0-9.])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9.])",  # 10:06:14
        # 3月6日, 1-11月; PDF text spaces them: 4 月 29 日
        r"(?<![0-9.])[0-9]{1,2}(?:[-—~至到][0-9]{1,2})? ?月份?(?: ?[0-9]{1,2} ?[日号])?",
        r"(?<![0-9.])[0-9]+ ?日",
        r"(?<![0-9.])[0-9]+(?:\.[0-9]+){2,}",  # 5.0.1, 22.946.131
    ]
    return "|".join(f"(?:{x})" for x in pieces)


def _quantity_pattern(p: dict[str, str]) -> str:
    num_part = (
        f"(?P<p1>(?P<n1>{p['num']})(?P<f1>{p['foot']})?(?P<a1>{p['approx']})?(?: ?(?P<m1>{p['mag']}))?"
        f"(?P<a2>{p['approx']})?(?: ?(?P<u1>{p['unit']}))?)"
        f"(?:(?P<sep>{p['sep']})(?P<p2>(?P<n2>{p['num']})(?: ?(?P<m2>{p['mag']}))?(?: ?(?P<u2>{p['unit']}))?))?"
    )
    whole = f"|(?P<whole>{p['whole']})" if p["whole"] else ""
    return (
        f"(?:(?P<pct>百分之|千分之|万分之)(?P<pn>{p['ar']}|{p['cn_bare']})"
        f"|(?P<fden>{p['ar']}|{p['cn']})分之(?P<fnum>{p['ar']}|{p['cn_bare']})"
        f"{whole}|{num_part})"
        f"(?P<suf>{p['suf']})?"
    )


def _first_chars(v: Vocab, p: dict[str, str]) -> str | None:
    """Characters a match can start with, for a cheap gate; None if unknown."""
    chars = set("0123456789+-−[(①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳第")
    chars.update(p["cn_chars"])
    chars.update(w[0] for w in v.not_words)
    chars.update("百千万")
    chars.update(w[0] for w in v.wholes)
    for rx in v.not_regex:
        first = _leading_chars(rx)
        if first is None:
            return None
        chars.update(first)
    body = "".join(sorted(c for c in chars if c.isascii() and not c.isalnum()))
    rest = "".join(sorted(c for c in chars if not (c.isascii() and not c.isalnum())))
    return "[A-Za-z" + re.escape(body) + rest + "]"


def _leading_chars(rx: str) -> set[str] | None:
    """The characters a data regex can start with, when it plainly starts with a literal
    character or a simple character class (``[一二三]``); None otherwise."""
    if rx[0] not in "\\[(.^$*+?{|":
        return {rx[0]}
    if rx[0] == "[" and rx[1] != "^" and "]" in rx:
        body = rx[1:rx.index("]")]
        if not any(c in body for c in "\\-"):
            return set(body)
    return None


@lru_cache(maxsize=1)
def _regex() -> re.Pattern[str]:
    v = vocab()
    p = _patterns(v)
    gate = _first_chars(v, p)
    body = f"(?P<skip>{p['skip']})|(?P<ratio>{p['ratio']})|(?P<q>{p['quantity']})"
    return re.compile(f"(?={gate})(?:{body})" if gate else body)


# --------------------------------------------------------------------------- numbers

_AR_RX = re.compile(r"[-−+]?[0-9]+(?:\.[0-9]+)?")


def _parse_arabic(text: str) -> float | None:
    if "," in text or " " in text or "−" in text:
        text = text.replace(",", "").replace(" ", "").replace("−", "-")
    return float(text) if _AR_RX.fullmatch(text) else None


def _cn_digits_only(s: str, v: Vocab) -> int | None:
    """二〇二五 → 2025: digit by digit, for three or more digits or any 〇."""
    if "两" in s or not (len(s) >= 3 or any(c in "〇○零" for c in s)):
        return int(v.digits[s]) if len(s) == 1 else None
    value = 0
    for c in s:
        value = value * 10 + v.digits[c]
    return value


def _cn_int(s: str, v: Vocab) -> int | None:
    """A Chinese integer with 十百千万亿 (strict: 十四五 and 三五 are not numbers)."""
    if not s:
        return None
    if all(c in v.digits for c in s):
        return _cn_digits_only(s, v)
    total, section, num, last_place, prev, zero = 0, 0, None, 10**9, "", False
    for c in s:
        if c in v.digits:
            if num is not None and prev != "零" and prev in v.digits:
                return None
            num = v.digits[c]
            zero = zero or v.digits[c] == 0
        elif c in v.places:
            place = v.places[c]
            if place >= last_place or prev == "零":
                return None
            section += (1 if num is None else num) * place
            num, last_place, zero = None, place, False
        elif c in v.sections:  # 万 or 亿
            if section == 0 and not num:
                return None
            if c == "亿":
                total = (total + section + (num or 0)) * v.sections[c]
                section = 0
            else:
                section = (section + (num or 0)) * v.sections[c]
            num, last_place, zero = None, 10**9, False
        else:  # not a Chinese numeral character ("一0")
            return None
        prev = c
    if num and not zero and prev in v.digits and 10 < last_place < 10**9:
        num *= last_place // 10  # 一千五 = 1500 (两万五 is not handled: rare)
    return total + section + (num or 0)


def chinese_int(text: str) -> int | None:
    """A whole Chinese numeral (二十五, 二〇二五, 一万七千, 二万零二百五十); None if it is not one."""
    return _cn_int(text, vocab()) if text else None


def _parse_cn(s: str, v: Vocab) -> float | None:
    if v.point in s:
        head, _, tail = s.partition(v.point)
        whole = _cn_int(head, v)
        if whole is None or not tail or any(c not in v.digits for c in tail):
            return None
        return float(f"{whole}.{''.join(str(v.digits[c]) for c in tail)}")
    value = _cn_int(s, v)
    return None if value is None else float(value)


def _split_cn(s: str, v: Vocab) -> tuple[str, str | None]:
    """Split a trailing magnitude off a Chinese number when it scales the whole number.

    ``一万七千亿`` → (``一万七千``, ``亿``); ``两万亿`` → (``两``, ``万亿``); ``一亿五千万`` stays whole.
    """
    rank = {"万": 1, "亿": 2, "万亿": 3}
    for mag in ("万亿", "亿", "万"):
        if s.endswith(mag) and len(s) > len(mag):
            head = s[: -len(mag)]
            inner = 2 if "亿" in head else (1 if "万" in head else 0)
            if inner < rank[mag] and head[-1] != v.point:
                return head, mag
            return s, None
    return s, None


def _is_cn(s: str) -> bool:
    return bool(s) and not ("0" <= s[0] <= "9" or s[0] in "+-−")


def _plain_value(core: str, v: Vocab) -> float | None:
    core = core.strip()
    return _parse_cn(core, v) if _is_cn(core) else _parse_arabic(core)


def parse_number(text: str) -> float | None:
    """The numeric value of a number core, magnitude included.

    ``1.7万亿`` → 1.7e12, ``一万七千亿`` → 1.7e12, ``百分之三十`` → 30.0, ``三千`` → 3000.0,
    ``二〇二五`` → 2025.0, ``1,100`` → 1100.0, ``1 2 . 5`` → 12.5; None when it is not a number.
    """
    v = vocab()
    s = fold_width(text).strip().replace(" ", "")
    for head in ("百分之", "千分之", "万分之"):
        if s.startswith(head):
            return _plain_value(s[len(head):], v)
    if "分之" in s:
        den, _, num = s.partition("分之")
        d, n = _plain_value(den, v), _plain_value(num, v)
        return n / d if d and n is not None else None
    factor = 1.0
    value: float | None
    for mag in sorted(v.magnitudes, key=len, reverse=True):
        if s.endswith(mag) and len(s) > len(mag) and not _is_cn(s):
            s, factor = s[: -len(mag)], v.magnitudes[mag]
            break
    if _is_cn(s):
        core, cn_mag = _split_cn(s, v)
        value = _parse_cn(core, v)
        factor = v.magnitudes[cn_mag] if cn_mag else 1.0
    else:
        value = _parse_arabic(s)
    return None if value is None else value * factor


# --------------------------------------------------------------------------- matches


class _Part(NamedTuple):
    """One number of a match with its magnitude, 余/多 and unit."""

    value: float
    start: int
    end: int
    core: str
    cn: bool
    mag: str | None
    unit: str | None
    approx: str | None


class _Ctx(NamedTuple):
    """A ``q`` match: the text as passed in (for ``raw``), the match, its groups, and the
    prefix qualifier written right before it (found by ``_prefix_before``)."""

    text: str
    m: re.Match[str]
    g: dict[str, str | None]
    v: Vocab
    pre: str | None
    q_start: int


_Years = list[tuple[int, int, int]]
_Units = tuple[str | None, str | None, float]


def _part(ctx: _Ctx, idx: int) -> _Part | None:
    g, v = ctx.g, ctx.v
    n = "n1" if idx == 1 else "n2"
    core = (g[n] or "").strip()
    mag = g["m1"] if idx == 1 else g["m2"]
    cn = _is_cn(core)
    if cn:
        core, cn_mag = _split_cn(core, v)
        if cn_mag and mag:
            mag = cn_mag + mag if cn_mag + mag in v.magnitudes else None
            if mag is None:
                return None
        mag = mag or cn_mag
        value = _parse_cn(core, v)
    else:
        value = _parse_arabic(core)
    if value is None:
        return None
    if idx == 1:
        return _Part(value, ctx.m.start(n), ctx.m.end("p1"), core, cn, mag, g["u1"], g["a1"] or g["a2"])
    return _Part(value, ctx.m.start(n), ctx.m.end("p2"), core, cn, mag, g["u2"], None)


def _is_year_part(p: _Part, v: Vocab) -> bool:
    if p.unit != "年" or p.mag or p.approx or p.value != int(p.value):
        return False
    digits = p.core.replace(" ", "")
    if p.cn:
        return len(digits) == 4 and all(c in v.digits and c != "两" for c in digits)
    return len(digits) == 4 and digits.isdigit() and YEAR_RANGE[0] <= p.value <= YEAR_RANGE[1]


def _unit_info(mag: str | None, unit: str | None, v: Vocab) -> _Units:
    """(unit as written, unit_base, factor) for a magnitude and a unit word."""
    magf = v.magnitudes[mag] if mag else 1.0
    if unit is None:
        return (mag, "other", magf) if mag else (None, None, 1.0)
    if unit in v.units:  # a rate written as one word: 12/10万
        info = v.units[unit]
        return (mag or "") + unit, info.base, magf * info.factor
    head, slash, _ = unit.partition("/")
    info = v.units[head]
    return (mag or "") + unit, ("other" if slash else info.base), magf * info.factor


@lru_cache(maxsize=1)
def _prefix_rx() -> re.Pattern[str]:
    return re.compile(_alt(vocab().prefixes))


def _comparator(pre: str | None, approx: str | None, suf: str | None, v: Vocab) -> str:
    if suf:
        return v.suffixes[suf]
    if pre:
        for word in reversed(_prefix_rx().findall(pre)):
            if v.prefixes[word] != "=":
                return v.prefixes[word]
    if approx:
        return v.approx[approx]
    return "="


def _qualifier(*words: str | None) -> str | None:
    used = [w for w in words if w]
    return "…".join(used) if used else None


def _make(text: str, span: tuple[int, int, int, int], low: float | None, high: float | None, units: _Units,
          comparator: str, qualifier: str | None, is_year: bool = False) -> Quantity:
    start, end, num_start, num_end = span
    unit, base, factor = units
    value = low if low == high else None
    info = vocab().units.get(unit or "")
    power = info.power_of if info is not None else None
    normalized = None if value is None else (power**value if power else value * factor)
    return Quantity(
        start=start, end=end, num_start=num_start, num_end=num_end, raw=text[start:end],
        value=value, low=low, high=high, unit=unit, unit_base=base, factor=factor,
        value_normalized=normalized,
        comparator=comparator, qualifier=qualifier, is_year=is_year,
    )


def _span(ctx: _Ctx, num_start: int, num_end: int) -> tuple[int, int, int, int]:
    """Whole-expression and number spans; the suffix qualifier counts only right after the number."""
    m, suf = ctx.m, ctx.g["suf"]
    end = m.end("suf") if suf and m.start("suf") == num_end else num_end
    return ctx.q_start, end, num_start, num_end


def _special(ctx: _Ctx) -> Quantity | None:
    """百分之三十, 千分之五, 三分之一."""
    m, g, v = ctx.m, ctx.g, ctx.v
    num_end = m.start("suf") if g["suf"] else m.end("q")
    value: float | None
    if g["whole"]:
        unit = v.wholes[g["whole"]]
        info = v.units[unit]
        units: _Units = (unit, info.base, info.factor)
        value, num_start = 1.0, m.start("whole")
    elif g["pct"]:
        value = _plain_value(g["pn"] or "", v)
        base = {"百分之": "percent", "千分之": "permille"}.get(g["pct"] or "", "other")
        units = (g["pct"], base, 1.0)
        num_start = m.start("pct")
    else:
        den, num = _plain_value(g["fden"] or "", v), _plain_value(g["fnum"] or "", v)
        value = num / den if den and num is not None else None
        units, num_start = (None, None, 1.0), m.start("fden")
    if value is None:
        return None
    comparator = _comparator(ctx.pre, None, g["suf"], v)
    span = _span(ctx, num_start, num_end)
    return _make(ctx.text, span, value, value, units, comparator, _qualifier(ctx.pre, g["suf"]))


def _unit_ok(p: _Part, pre: str | None, v: Vocab) -> bool:
    """Chinese numerals count only with a unit (一是, 三高四新 are not quantities); a bare
    magnitude counts after a prefix (超千万) or with a digit (两万亿), not alone (千亿产业集群)."""
    if not p.cn or p.unit is not None:
        return True
    return p.mag is not None and (bool(pre) or any(c in v.digits for c in p.core))


def _scaled_low(p1: _Part, p2: _Part, v: Vocab) -> float:
    if p1.mag is None or p1.mag == p2.mag or p2.mag is None:
        return p1.value
    return p1.value * v.magnitudes[p1.mag] / v.magnitudes[p2.mag]


def _range_ok(p1: _Part, p2: _Part, v: Vocab) -> bool:
    if p1.unit is not None and p1.unit != p2.unit:
        return False
    if p1.mag is not None and p2.mag is None:
        return False
    if _is_year_part(p2, v) and not (p1.unit is None and len(p1.core) == 4 and p1.value == int(p1.value)):
        return False
    return _scaled_low(p1, p2, v) <= p2.value


def _letter_after(text: str, i: int) -> bool:
    return i < len(text) and text[i].isascii() and text[i].isalpha()


def _single(ctx: _Ctx, p: _Part, suf: bool) -> tuple[Quantity | None, _Years]:
    g, v = ctx.g, ctx.v
    if not _unit_ok(p, ctx.pre, v):
        return None, []
    if _is_year_part(p, v):
        span = (p.start, p.end, p.start, p.end)
        return _make(ctx.text, span, p.value, p.value, ("年", None, 1.0), "=", None, True), [
            (int(p.value), p.start, p.end)]
    suffix = g["suf"] if suf else None
    span = _span(ctx, p.start, p.end) if suf else (ctx.q_start, p.end, p.start, p.end)
    comparator = _comparator(ctx.pre, p.approx, suffix, v)
    units = _unit_info(p.mag, p.unit, v)
    return _make(ctx.text, span, p.value, p.value, units, comparator, _qualifier(ctx.pre, p.approx, suffix)), []


def _range(ctx: _Ctx, p1: _Part, p2: _Part) -> tuple[Quantity | None, _Years]:
    g, v = ctx.g, ctx.v
    if not (_unit_ok(p2, ctx.pre, v) and (not p1.cn or p2.cn or p2.unit is not None)):
        return None, []
    if _is_year_part(p2, v):
        span = (p1.start, p2.end, p1.start, p2.end)
        q = _make(ctx.text, span, p1.value, p2.value, ("年", None, 1.0), "range", None, True)
        return q, [(int(p1.value), p1.start, ctx.m.end("n1")), (int(p2.value), p2.start, p2.end)]
    span = _span(ctx, p1.start, p2.end)
    units = _unit_info(p2.mag, p2.unit, v)
    qualifier = _qualifier(ctx.pre, p1.approx, g["suf"])
    return _make(ctx.text, span, _scaled_low(p1, p2, v), p2.value, units, "range", qualifier), []


def _from_match(ctx: _Ctx) -> tuple[Quantity | None, _Years, int]:
    """The quantity of a ``q`` match (or None), the years in it, and where to go on."""
    m, g, v = ctx.m, ctx.g, ctx.v
    if g["whole"] or g["pct"] or g["fden"]:
        return _special(ctx), [], m.end()
    p1 = _part(ctx, 1)
    if p1 is None:
        return None, [], m.end()
    p2 = _part(ctx, 2) if g["sep"] else None
    if p1.unit in v.specs or (p2 is not None and p2.unit in v.specs):
        return None, [], m.end()
    if p2 is not None and _range_ok(p1, p2, v):
        if p2.unit is None and not p2.cn and _letter_after(ctx.text, p2.end):
            return None, [], m.end()
        q, years = _range(ctx, p1, p2)
        return q, years, m.end()
    nxt = p1.end if g["sep"] else m.end()  # not a range after all: the first number alone
    if p1.unit is None and not p1.cn and _letter_after(ctx.text, p1.end):
        return None, [], nxt
    q, years = _single(ctx, p1, not g["sep"])
    return q, years, nxt


def _ratio(text: str, m: re.Match[str]) -> Quantity:
    start, end = m.span()
    return Quantity(start=start, end=end, num_start=start, num_end=end, raw=text[start:end], value=None,
                    low=None, high=None, unit="ratio", unit_base="other", factor=1.0, value_normalized=None,
                    comparator="=", qualifier=None, is_year=False)


_TO_FOLD = re.compile("[\uff01-\uff5e\u3000\u00a0\r]+")
_PRE_WINDOW = 12  # characters looked at before a number for a prefix qualifier


@lru_cache(maxsize=1)
def _prefix_end_rx() -> re.Pattern[str]:
    return re.compile(f"(?P<pre>{_patterns(vocab())['pre']}) ?\\Z")


@lru_cache(maxsize=1)
def _prefix_last_chars() -> frozenset[str]:
    return frozenset(w[-1] for w in vocab().prefixes) | {" "}


def _prefix_before(text: str, start: int, floor: int) -> tuple[str | None, int]:
    """The prefix qualifier ending right before ``start`` (``突破``, ``力争达到 ``) and where it starts."""
    if start <= floor or text[start - 1] not in _prefix_last_chars():
        return None, start
    pm = _prefix_end_rx().search(text, max(floor, start - _PRE_WINDOW), start)
    return (pm.group("pre"), pm.start()) if pm else (None, start)


def _fold(text: str) -> str:
    """Full-width forms folded, run by run (cheap when the text is already normalised)."""
    return _TO_FOLD.sub(lambda m: fold_width(m.group()), text)


@lru_cache(maxsize=1)
def _year_digits() -> str:
    """The digits a year is written with: Arabic and the Chinese digits of units.toml (二〇二五)."""
    return "0123456789" + "".join(d for d in vocab().digits if d != "两")


@lru_cache(maxsize=1)
def _broken_year() -> re.Pattern[str]:
    """A line break inside a year, as PDF text has it ("到二〇三\n五年", "2030\n年")."""
    digit = f"[{re.escape(_year_digits())}]"
    return re.compile(f"(?<={digit})[ \t]*\n[ \t]*(?={digit}{{0,3}}年)")


def _digits_run(text: str, i: int, step: int) -> int:
    """How many year digits run from ``i`` in direction ``step`` (±1), up to five."""
    digits, n = _year_digits(), 0
    while n < 5 and 0 <= i < len(text) and text[i] in digits:
        n, i = n + 1, i + step
    return n


def _year_breaks(text: str) -> list[tuple[int, int]]:
    """Spans of line breaks that split a four-digit year (digits on both sides count four)."""
    return [m.span() for m in _broken_year().finditer(text)
            if _digits_run(text, m.start() - 1, -1) + _digits_run(text, m.end(), 1) == 4]


def _scan(text: str) -> Iterator[tuple[Quantity, _Years]]:
    breaks = _year_breaks(text) if "\n" in text else []
    if not breaks:
        yield from _scan_joined(text)
        return
    joined: list[str] = []
    where: list[int] = []  # where[i]: offset in text of joined[i]
    pos = 0
    for a, b in [*breaks, (len(text), len(text))]:
        joined.append(text[pos:a])
        where.extend(range(pos, a))
        pos = b
    where.append(len(text))

    def end(i: int) -> int:  # an end offset: one past the character before it
        return where[i - 1] + 1

    for q, years in _scan_joined("".join(joined)):
        start = where[q.start]
        yield (replace(q, start=start, end=end(q.end), num_start=where[q.num_start], num_end=end(q.num_end),
                       raw=text[start:end(q.end)]),
               [(y, where[a], end(b)) for y, a, b in years])


def _scan_joined(text: str) -> Iterator[tuple[Quantity, _Years]]:
    v, rx = vocab(), _regex()
    folded = _fold(text)  # one for one: offsets hold
    pos = last_end = 0
    restart = True
    while restart:
        restart = False
        for m in rx.finditer(folded, pos):
            kind = m.lastgroup
            if kind == "q":
                pre, q_start = _prefix_before(folded, m.start(), last_end)
                q, years, nxt = _from_match(_Ctx(text, m, m.groupdict(), v, pre, q_start))
                if q is not None:
                    last_end = q.end
                    yield q, years
                if nxt < m.end():  # only part of the match was used: scan again from there
                    pos, restart = nxt, True
                    break
            elif kind == "ratio":
                last_end = m.end()
                yield _ratio(text, m), []


def in_base_units(q: Quantity, x: float | None) -> float | None:
    """A number of ``q`` (its value, or a bound of its range) in base units: times the unit's
    factor, or the unit's power (翻两番: 2**2)."""
    if x is None:
        return None
    info = vocab().units.get(q.unit or "")
    return info.power_of**x if info is not None and info.power_of else x * q.factor


def find_quantities(text: str) -> list[Quantity]:
    """Every number expression in ``text``, in order and non-overlapping."""
    return [q for q, _ in _scan(text)]


def find_years(text: str) -> list[tuple[int, int, int]]:
    """``(year, start, end)`` for every year written with 年: ``2025年``, ``二〇二五年``, ``二○二○年``,
    ``2 0 2 5 年``, and both ends of ``2021—2035年`` (the first end without the 年)."""
    return [y for _, years in _scan(text) for y in years]
