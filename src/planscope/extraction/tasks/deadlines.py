"""Deadlines as task documents write them, read into a normalised form.

Two readings, both with the exact span of what was read:

* :func:`read_cell` — a whole cell or labelled value that *is* a deadline (a 完成时限 column,
  ``完成时限：2023年底前``, a clause of the units' parenthesis): ``2023年10月底前`` → the date
  2023-10-31; ``2025年`` → the year 2025; ``2021—2025年`` or ``“十四五”期间`` → the period
  2021–2025; ``长期坚持``, ``持续推进`` → standing; ``每季度`` → recurring; anything else is
  kept as written, ``unknown`` and uncertain;
* :func:`find_in_text` — deadlines inside a task's own text, where a date counts only with
  a word that makes it one (``2022年10月底前``, ``到2025年``, ``2023年底``, ``年内``): a year
  that dates the past (``2020年以来``, ``比2020年``) is no deadline.

A deadline without its year (``年底前``, ``6月底前``, ``年内``) takes the document's year,
said so in its note; without a document year it stays uncertain, with no date.  All the
words are data (``task_phrases.toml``, ``[deadlines]``, ``[[standing]]``, ``[[recurring]]``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from functools import lru_cache

from planscope.extraction.tasks.model import Deadline, DeadlineWords, alternation, phrases

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_YEAR = r"(?:(?:19|20)\d{2}|二[〇○零][〇○零一二三四五六七八九]{2})"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DASH = r"[—–\-~～至到]"

FROM_DOCUMENT = "年份取自文件日期 / the year is the document's"
NO_YEAR = "文件无日期，年份不明 / no year: the document has no date"


def _year(text: str) -> int:
    if text.isdigit():
        return int(text)
    return int("".join(str(_CN_DIGITS[c]) for c in text))


def _month(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_CN_DIGITS[text[1]] if len(text) > 1 else 0)
    return _CN_DIGITS[text]


def _last_day(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    w = phrases().deadlines
    ends = alternation(w.end_words)
    quarters = "".join(sorted({k for k in w.quarters if len(k) == 1}))
    halves = alternation(list(w.halves))
    core = (
        rf"(?P<y1>{_YEAR})\s*年?\s*{_DASH}\s*(?P<y2>{_YEAR})(?:\s*年)?(?P<span>期间|间)?(?![\d.])"
        rf"|(?P<y>{_YEAR})\s*年\s*(?:"
        rf"(?P<m>{_MONTH})\s*月\s*(?:(?P<d>[0-3]?\d)\s*日)?(?P<mend>{ends}|中旬|上旬|下旬)?"
        rf"|第?(?P<q>[{quarters}])\s*季度(?P<qend>{ends})?"
        rf"|(?P<h>{halves})(?P<hend>{ends})?"
        rf"|(?P<yend>{ends})?)"
        rf"|(?P<nm>{_MONTH})\s*月\s*(?:(?P<nd>[0-3]?\d)\s*日)?(?P<nmend>{ends})?"
        rf"|第?(?P<nq>[{quarters}])\s*季度(?P<nqend>{ends})?|(?P<nh>{halves})(?P<nhend>{ends})?"
        rf"|(?P<ny>{alternation(w.this_year + w.next_year)})"
        rf"|(?P<bare>{ends})"
    )
    by = alternation(w.by_words)
    standing = alternation(list(w.standing) + list(w.recurring))
    return {
        "core": re.compile(core),
        "from": re.compile(rf"(?:自|从)?\s*(?P<y>{_YEAR})\s*年\s*(?:{alternation(w.from_words)})\s*,?\s*"
                           rf"(?P<word>{standing})"),
        "recurring": re.compile(alternation(list(w.recurring))),
        "by": re.compile(rf"\s*(?:{by})"),
        "to": re.compile(rf"(?:{alternation(w.to_words)})\s*$"),
        "past": re.compile(r"(?:比|较|与|同|从|自)\s*$"),
        "since": re.compile(r"\s*(?:以来|来|年?以前的|相比|同期|水平)"),
    }


def read_cell(text: str, start: int, doc_year: int | None) -> Deadline | None:
    """A cell or labelled value that states a deadline; None for an empty one."""
    stripped = text.strip()
    if not stripped:
        return None
    lead = start + text.index(stripped)
    w = phrases().deadlines
    for table, kind in ((w.standing, "standing"), (w.recurring, "recurring")):
        word = next((k for k in sorted(table, key=len, reverse=True) if stripped.startswith(k)), None)
        if word is not None:
            return Deadline(stripped, lead, lead + len(stripped), kind, table[word])  # type: ignore[arg-type]
    fyp = _fyp(stripped, lead)
    if fyp is not None:
        return fyp
    found = [d for d in _scan(stripped, lead, doc_year, need_marker=False)]
    if found:
        last = max(found, key=lambda d: (d.due or "", d.end))
        return Deadline(stripped, lead, lead + len(stripped), last.kind, last.normalized, last.due, last.uncertain,
                        last.note)
    return Deadline(stripped, lead, lead + len(stripped), "unknown", stripped, uncertain=True,
                    note="无法读出期限 / the deadline could not be read")


def find_in_text(text: str, start: int, doc_year: int | None) -> list[Deadline]:
    """Deadlines inside running text (``text`` begins at offset ``start``): dates with a word
    that makes them deadlines, spans of years, “十四五”期间; a standing or recurring task where
    a year starts it (2024年起持续开展); a recurring one (每季度) where no date is named."""
    found = _scan(text, start, doc_year, need_marker=True)
    for m in phrases().deadlines.fyp.finditer(text):
        if m.group("when") is not None:
            d = _fyp(m.group(0), start + m.start())
            if d is not None:
                found.append(d)
    found.extend(_started(text, start, found))
    if not found:
        found.extend(_recurring(text, start))
    return sorted(found, key=lambda d: d.start)


def _started(text: str, start: int, found: list[Deadline]) -> list[Deadline]:
    """2024年起持续开展: a standing (or recurring) task from that year on."""
    out: list[Deadline] = []
    w = phrases().deadlines
    for m in _patterns()["from"].finditer(text):
        word = m.group("word")
        a, b = start + m.start(), start + m.end()
        found[:] = [d for d in found if not a <= d.start < b]  # the year starts the task: it is no deadline
        note = f"自{m.group('y')}年起 / from {m.group('y')}"
        if word in w.standing:
            out.append(Deadline(m.group(0), a, b, "standing", w.standing[word], note=note))
        else:
            out.append(Deadline(m.group(0), a, b, "recurring", w.recurring[word], note=note))
    return out


def _recurring(text: str, start: int) -> list[Deadline]:
    m = _patterns()["recurring"].search(text)
    if m is None:
        return []
    word = m.group(0)
    return [Deadline(word, start + m.start(), start + m.end(), "recurring", phrases().deadlines.recurring[word])]


def find_period(text: str, start: int) -> Deadline | None:
    """The first span of years ``text`` names (2023—2025年, “十五五”期间), as a period."""
    for m in _patterns()["core"].finditer(text):
        if m.group("y1") and _year(m.group("y2")) >= _year(m.group("y1")):
            first, last = _year(m.group("y1")), _year(m.group("y2"))
            return Deadline(m.group(0), start + m.start(), start + m.end(), "period", f"{first}–{last}",
                            f"{last}-12-31")
    for m in phrases().deadlines.fyp.finditer(text):
        d = _fyp(m.group(0), start + m.start())
        if d is not None and d.kind == "period":
            return d
    return None


def _fyp(text: str, start: int) -> Deadline | None:
    """“十四五”期间 (the period), “十四五”末 (its last year)."""
    from planscope.extraction.facts import fyp_years
    from planscope.extraction.numerals import chinese_to_int

    m = phrases().deadlines.fyp.match(text)
    if m is None:
        return None
    n = 10 + (chinese_to_int(m.group(1)) or 0)
    first, last = fyp_years(n)
    quote = text[: m.end()] if m.group("when") else text.strip()
    if m.group("when") == "末":
        return Deadline(quote, start, start + len(quote), "year", str(last), f"{last}-12-31")
    return Deadline(quote, start, start + len(quote), "period", f"{first}–{last}", f"{last}-12-31")


def _scan(text: str, start: int, doc_year: int | None, need_marker: bool) -> list[Deadline]:
    p = _patterns()
    out: list[Deadline] = []
    for m in p["core"].finditer(text):
        if not m.group(0).strip():
            continue
        by = p["by"].match(text, m.end())
        end = by.end() if by else m.end()
        before = text[max(0, m.start() - 6):m.start()]
        if p["past"].search(before) or p["since"].match(text, m.end()):
            continue
        if need_marker and not (by or p["to"].search(before) or _has_end(m) or m.group("y1")):
            continue
        if m.group("bare") and not by and need_marker:
            continue
        d = _normalise(m, doc_year)
        if d is not None:
            quote = text[m.start():end]
            kind, normalized, due, uncertain, note = d
            out.append(Deadline(quote, start + m.start(), start + end, kind,  # type: ignore[arg-type]
                                normalized or quote, due, uncertain, note))
    return out


def _has_end(m: re.Match[str]) -> bool:
    """The expression names a month, quarter or half of a year, or the end of one (2023年底,
    2023年第三季度, 10月末): precise enough to be a deadline without 前."""
    return any(m.group(g) for g in ("m", "q", "h", "mend", "qend", "hend", "yend", "span", "ny", "nmend", "nq",
                                    "nqend", "nh", "nhend"))


Reading = tuple[str, str, str | None, bool, str | None]  # kind, normalized, due, uncertain, note


def _normalise(m: re.Match[str], doc_year: int | None) -> Reading | None:
    w = phrases().deadlines
    if m.group("y1"):
        first, last = _year(m.group("y1")), _year(m.group("y2"))
        if last < first:
            return None
        return "period", f"{first}–{last}", f"{last}-12-31", False, None
    if m.group("y"):
        return _dated(m, _year(m.group("y")), w)
    if m.group("ny"):
        shift = 1 if m.group("ny") in w.next_year else 0
        return _undated(lambda y: ("year", str(y + shift), f"{y + shift}-12-31"), doc_year)
    if m.group("nm"):
        month = _month(m.group("nm"))
        day = m.group("nd")
        if not 1 <= month <= 12:
            return None
        return _undated(lambda y: _date(y, month, day), doc_year)
    if m.group("nq") or m.group("nh"):  # 第三季度末, 上半年: of the document's year
        month = w.quarters[m.group("nq")] if m.group("nq") else w.halves[m.group("nh")]
        return _undated(lambda y: ("date", _last_day(y, month), _last_day(y, month)), doc_year)
    if m.group("bare"):  # 年底前: the end of the document's year
        return _undated(lambda y: ("date", f"{y}-12-31", f"{y}-12-31"), doc_year)
    return None


def _dated(m: re.Match[str], year: int, w: DeadlineWords) -> Reading | None:
    if m.group("m"):
        month = _month(m.group("m"))
        if not 1 <= month <= 12:
            return None
        kind, normalized, due = _date(year, month, m.group("d"))
        return kind, normalized, due, False, None
    if m.group("q"):
        month = w.quarters[m.group("q")]
        return "date", _last_day(year, month), _last_day(year, month), False, None
    if m.group("h"):
        month = w.halves[m.group("h")]
        return "date", _last_day(year, month), _last_day(year, month), False, None
    if m.group("yend"):
        return "date", f"{year}-12-31", f"{year}-12-31", False, None
    return "year", str(year), f"{year}-12-31", False, None


def _date(year: int, month: int, day: str | None) -> tuple[str, str, str]:
    if day is not None and 1 <= int(day) <= calendar.monthrange(year, month)[1]:
        iso = f"{year:04d}-{month:02d}-{int(day):02d}"
        return "date", iso, iso
    return "date", _last_day(year, month), _last_day(year, month)


def _undated(make: Callable[[int], tuple[str, str, str]], doc_year: int | None) -> Reading:
    """A deadline written without its year: the document's year, said so; none without one."""
    if doc_year is None:
        return "date", "", None, True, NO_YEAR
    kind, normalized, due = make(doc_year)
    return kind, normalized, due, False, FROM_DOCUMENT
