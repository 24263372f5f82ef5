"""Dates and periods as people type them: a bulletin's period (2026-Q1, 2026-03, 2026-H1,
2026), and a deadline typed by hand (2026-10-31, 2026年10月底前, 长期坚持 …)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from planscope import datafiles
from planscope.errors import SupervisionError

_PERIOD = re.compile(r"(?P<y>\d{4})(?:-(?:(?P<q>Q[1-4])|(?P<h>H[12])|(?P<m>\d{1,2})))?", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    text: str
    start: date
    end: date

    @property
    def label(self) -> str:
        """2026年第一季度, 2026年3月, 2026年上半年, 2026年度."""
        y, key = self.start.year, self.text.upper().partition("-")[2]
        if key.startswith("Q"):
            return f"{y}年第{'一二三四'[int(key[1]) - 1]}季度"
        if key.startswith("H"):
            return f"{y}年{'上下'[int(key[1]) - 1]}半年"
        if key:
            return f"{y}年{int(key)}月"
        return f"{y}年度"


def parse_period(text: str) -> Period:
    m = _PERIOD.fullmatch(text.strip())
    if not m:
        raise SupervisionError(f"无法读出期间 {text!r}：应为 2026-Q1、2026-03、2026-H1 或 2026 / cannot read the "
                               "period: use 2026-Q1, 2026-03, 2026-H1 or 2026")
    y = int(m["y"])
    if m["q"]:
        q = int(m["q"][1])
        first, last = 3 * q - 2, 3 * q
    elif m["h"]:
        first, last = (1, 6) if m["h"][1] == "1" else (7, 12)
    elif m["m"]:
        first = last = int(m["m"])
        if not 1 <= first <= 12:
            raise SupervisionError(f"期间 {text!r} 的月份不存在 / no such month")
    else:
        first, last = 1, 12
    return Period(text.strip().upper(), date(y, first, 1), _month_end(y, last))


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def parse_day(text: str, what: str = "日期 / date") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise SupervisionError(f"无法读出{what} {text!r}：应为 YYYY-MM-DD / cannot read it: use YYYY-MM-DD") from None


@dataclass(frozen=True)
class Deadline:
    text: str
    kind: str  # date | year | period | standing | recurring
    due: date | None


@cache
def _words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    d = datafiles.raw("supervision.toml")["deadline"]
    return tuple(d["standing"]), tuple(d["recurring"])


_CN_Q = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:前|之前|以前)?"), "day"),
    (re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?:底|末)?(?:前|之前|以前)?"), "month"),
    (re.compile(r"(?P<y>\d{4})年第?(?P<q>[一二三四1-4])季度(?:末|底)?(?:前|之前)?"), "quarter"),
    (re.compile(r"(?P<y>\d{4})年(?P<h>[上下])半年(?:前)?"), "half"),
    (re.compile(r"(?P<y0>\d{4})\s*[-—–至到]\s*(?P<y>\d{4})年?"), "years"),
    (re.compile(r"(?P<y>\d{4})年(?:年底|底|末|年末)?(?:前|之前|以前)?"), "year"),
)


def parse_deadline(text: str) -> Deadline:
    """A deadline typed by hand, read into its last day; SupervisionError when it cannot be read
    (nothing is guessed: ``年内`` without a year, ``尽快`` …)."""
    t = text.strip()
    try:
        return Deadline(t, "date", date.fromisoformat(t))
    except ValueError:
        pass
    standing, recurring = _words()
    if t in standing:
        return Deadline(t, "standing", None)
    if t in recurring:
        return Deadline(t, "recurring", None)
    for pattern, form in _FORMS:
        m = pattern.fullmatch(t)
        if m:
            try:
                return Deadline(t, _KIND[form], _due(form, m))
            except ValueError:
                break
    raise SupervisionError(f"无法读出期限 {text!r}：可写 2026-10-31、2026年10月底前、2026年第三季度、2026年底、"
                           f"{standing[0]} / cannot read the deadline: write a date such as 2026-10-31 or "
                           "2026年10月底前")


_KIND = {"day": "date", "month": "date", "quarter": "date", "half": "date", "years": "period", "year": "year"}


def _due(form: str, m: re.Match[str]) -> date:
    y = int(m["y"])
    if form == "day":
        return date(y, int(m["m"]), int(m["d"]))
    if form == "month":
        return _month_end(y, int(m["m"]))
    if form == "quarter":
        return _month_end(y, 3 * _CN_Q[m["q"]])
    if form == "half":
        return _month_end(y, 6 if m["h"] == "上" else 12)
    if form == "years" and int(m["y0"]) > y:
        raise ValueError("a period that ends before it starts")
    return date(y, 12, 31)
