"""Document facts: title, issuer, region, level, type, date and plan period.

Each detector is a small function over the analysis text; each returns a ``Fact`` that
says where in the text it was found.  ``detect_facts`` runs them in order (the region
and the period depend on the title, type and date); ``apply_overrides`` replaces
detected facts by what the user gave at ingest and records which is which.

A web page's metadata rows (索引号, 发布机构, 成文日期, 发布时间 …, see ``pagemeta``) are
facts -- issuer and date -- and never the title.  The region is weighed from who speaks
(``facts_region``).  A work report or bulletin without a title line gets a title
derived from its region, year and type, with source ``derived`` and no span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from planscope import datafiles
from planscope.catalogue.regions import Region, RegionTable, load_regions
from planscope.errors import OverrideError
from planscope.extraction.facts_region import detect_region
from planscope.extraction.numerals import chinese_to_int
from planscope.extraction.pagemeta import is_meta_line, meta_rows, meta_words
from planscope.model import DocumentFacts, Fact
from planscope.structure.outline import Line, classify, edge_lines, is_page_marker

HEAD_LINES = 40  # title, issuer and adoption line are found among the first lines


@dataclass(frozen=True)
class DocType:
    id: str
    zh: str
    en: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def doc_types() -> tuple[DocType, ...]:
    raw = _load_toml("doc_types.toml")
    return tuple(DocType(t["id"], t["zh"], t["en"], re.compile(t["pattern"])) for t in raw["type"])


@dataclass(frozen=True)
class DocTypeFlags:
    """What the pipeline does with a document of a type (data/doc_types.toml explains each flag)."""

    reports_past: bool = False
    headlines_only: bool = False
    targets_and_headlines: bool = False
    yearly_report: bool = False
    delivered_in_year: bool = False
    published_next_year: bool = False
    plan_first: bool = False
    numbers_follow: bool = False


@lru_cache(maxsize=1)
def _flags() -> dict[str, DocTypeFlags]:
    names = set(DocTypeFlags.__dataclass_fields__)
    return {t["id"]: DocTypeFlags(**{k: v for k, v in t.items() if k in names})
            for t in _load_toml("doc_types.toml")["type"]}


def doc_type_flags(doc_type: str | None) -> DocTypeFlags:
    """The behaviour flags of a document type; none set for an unknown type or None."""
    return _flags().get(doc_type or "", DocTypeFlags())


def doc_types_with(flag: str) -> tuple[str, ...]:
    """The ids of the document types that have ``flag`` set, in file order."""
    return tuple(ident for ident, flags in _flags().items() if getattr(flags, flag))


@dataclass(frozen=True)
class ChromeWords:
    max_line: int
    words: tuple[str, ...]
    footer: tuple[str, ...]
    link_lists: tuple[str, ...]


@lru_cache(maxsize=1)
def chrome_words() -> ChromeWords:
    raw = _load_toml("chrome.toml")
    return ChromeWords(int(raw["max_line"]), tuple(raw["words"]), tuple(raw["footer_words"]),
                       tuple(raw["link_list_words"]))


def _load_toml(name: str) -> dict[str, Any]:
    return datafiles.raw(name)


def is_chrome(text: str) -> bool:
    """A short line of navigation, sharing or footer words, a portal's banner line, or a
    footer line of any length (版权所有, ICP备, 网站标识码)."""
    words = chrome_words()
    if "。" in text:
        return False
    if any(w in text for w in words.footer):
        return True
    if not any(w in text for w in words.words):
        return False
    return len(text) <= words.max_line or bool(re.search(r"www\.|https?://|门户网站", text))


# ---------------------------------------------------------------- body bounds

_LINK_LINE_MAX = 40  # a link title after 相关链接 is a short line without a full stop
_TAIL_RUN_MAX = 60  # lines a trailing chrome block may span


def body_end(lines: list[Line], text_len: int) -> int:
    """Where the body ends: before a trailing block of web-page chrome (navigation,
    footers, and lists of link titles under 相关链接 or 上一篇/下一篇)."""
    end = text_len
    run = 0
    for line in reversed(lines[-_TAIL_RUN_MAX:]):
        chrome = is_chrome(line.text) or line.text.startswith(chrome_words().link_lists)
        short = len(line.text) <= 6 or line.text.startswith(("©", "Copyright"))
        link = len(line.text) <= _LINK_LINE_MAX and not re.search(r"[。；;！!]", line.text)
        if chrome or short or link:
            run += 1
            if chrome:
                end = line.start
            continue
        break
    return end if run else text_len


# ---------------------------------------------------------------- title


@lru_cache(maxsize=1)
def _wording() -> dict[str, dict[str, Any]]:
    """``data/document_facts.toml``: the words and patterns the facts below look for."""
    return datafiles.raw("document_facts.toml")


def _pattern(section: str, key: str) -> re.Pattern[str]:
    return re.compile(str(_wording()[section][key]))


_TITLE_WORDS = _pattern("title", "words")
_NEWS_WORDS = _pattern("title", "news")
_ISSUER_PREFIX = _pattern("issuer", "prefix")
_ISSUER_END = _pattern("issuer", "end")
_TITLE_STRIP = _pattern("title", "strip")
_SUBTITLE = _pattern("title", "subtitle")
_LEADING_DATELINE = re.compile("^(?:" + str(_wording()["dateline"]["pattern"]) + r")[\s\u3000]*")


def _title_score(text: str) -> int:
    if is_chrome(text) or text.startswith(("(", "（")) or len(text) < 6:
        return -10
    score = 0
    if _TITLE_WORDS.search(text):
        score += 2
    if _matches_type(text):
        score += 3
    if _NEWS_WORDS.search(text):
        score -= 4
    if "。" in text or len(text) > 90:
        score -= 5
    return score


@lru_cache(maxsize=1)
def _any_type() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{t.pattern.pattern})" for t in doc_types()[:-1]))


def _matches_type(text: str) -> bool:
    return bool(_any_type().search(text))


def _clean_title(text: str) -> str:
    """Strip a 原标题: prefix, a news dateline, a trailing （全文） and a delivery subtitle
    run onto the line; keep the part of a web-page title "X_栏目_站点" that names X."""
    text = _TITLE_STRIP.sub("", _LEADING_DATELINE.sub("", _ISSUER_PREFIX.sub("", text)))
    sub = _SUBTITLE.search(text)
    if sub and sub.start() > 0:
        text = text[:sub.start()]
    if "_" in text:
        parts = [p for p in text.split("_") if _matches_type(p)]
        text = parts[0] if parts else text
    return text


_SPACE_RUN = re.compile(r"[ \t\u3000]+")


def _is_word_char(ch: str) -> bool:
    return ch.isdigit() or "\u3400" <= ch <= "\u9fff"


def despace(text: str) -> tuple[str, list[int]]:
    """``text`` without the spaces a PDF or a letter-spaced heading puts between
    characters (``2 0 2 4 年``, ``统 计 公 报``, ``2021 年``), and for each character kept
    its index in ``text``.  Spaces between words (``中共中央 国务院``) stay."""
    out: list[str] = []
    index: list[int] = []
    pos = 0
    for m in _SPACE_RUN.finditer(text):
        out.append(text[pos:m.start()])
        index.extend(range(pos, m.start()))
        pos = m.end()
        if not _drops(text, m.start(), m.end()):
            out.append(m.group(0))
            index.extend(range(m.start(), m.end()))
    out.append(text[pos:])
    index.extend(range(pos, len(text)))
    return "".join(out), index


def _drops(text: str, start: int, end: int) -> bool:
    """True for a space run that splits a word: a digit from a digit or 年/月/日, or a
    single character from its neighbour."""
    if start == 0 or end >= len(text) or end - start > 3:
        return False
    left, right = text[start - 1], text[end]
    if not (_is_word_char(left) and _is_word_char(right)):
        return False
    if left.isdigit() and (right.isdigit() or right in "年月日号"):
        return True
    before = _SPACE_RUN.split(text[:start])[-1]
    after = _SPACE_RUN.split(text[end:])[0]
    return len(before) == 1 or len(after) == 1


def _line_title(line: Line) -> tuple[str, int, int] | None:
    """A line as a title candidate: (text, start, end), or None for a metadata row or
    an outline heading (三、关于2026年工作 names a part, not the document)."""
    raw = line.text
    if is_meta_line(raw) or classify(line) is not None:
        return None
    text = _clean_title(raw)
    offset = raw.find(text) if text in raw else 0
    clean, index = despace(text)
    if not clean:
        return None
    return clean, line.lead + offset + index[0], line.lead + offset + index[-1] + 1


def _title_candidates(head: list[Line]) -> list[tuple[int, int, int, str]]:
    """(score, start, end, text) for single lines, and for runs of short lines that
    together (not alone) make a title, as when a PDF breaks a title over lines.  The
    value of a 标题：row is a candidate too, below the headline that repeats it;
    other metadata values (主题分类 综合政务\\政府工作报告) never are."""
    rows, value_lines = meta_rows(head)
    out = [(_title_score(r.value) - 1, r.start, r.end, r.value) for r in rows
           if r.key in meta_words().title_keys]
    for i, line in enumerate(head):
        single = None if i in value_lines else _line_title(line)
        if single is None:
            continue
        text, start, end = single
        out.append((_title_score(text), start, end, text))
        if _matches_type(text) or _title_score(text) < 0 or _DATE.search(text):
            continue
        joined = text
        for k, nxt in enumerate(head[i + 1:i + 4], start=i + 1):
            if (len(nxt.text) > 30 or "。" in nxt.text or is_page_marker(nxt.text) or is_chrome(nxt.text)
                    or nxt.text.startswith(("(", "（")) or is_meta_line(nxt.text) or k in value_lines):
                break
            joined = joined + despace(nxt.text)[0]
            if _matches_type(joined):
                out.append((_title_score(joined), start, nxt.end, joined))
                break
    return out


def detect_title(lines: list[Line]) -> Fact:
    head = lines[:HEAD_LINES]
    candidates = [c for c in _title_candidates(head) if c[0] > 0]
    if not candidates:
        return Fact(None, "none", note="no title line found")
    best = max(candidates, key=lambda c: (c[0], -c[1]))
    return Fact(re.sub(r"\s+", " ", best[3]).strip(), "detected", best[1], best[2])


# ---------------------------------------------------------------- issuer


def detect_issuer(lines: list[Line], title: Fact) -> Fact:
    """The issuing body: a page's 发布机构 row, a 原标题 line, the title's "X关于…",
    a signature line, a 稿源 row naming a body, the speaker's government, or the body
    that adopted the document."""
    found = _issuer_from_meta(lines, meta_words().issuer_keys)
    if found:
        return found
    for line in lines[:HEAD_LINES]:
        m = _ISSUER_PREFIX.match(line.text)
        if m and _ISSUER_END.search(line.text.split("关于")[0].strip()):
            name = line.text[m.end():].split("关于")[0].strip()
            return Fact(name, "detected", line.lead + m.end(), line.lead + m.end() + len(name))
    if isinstance(title.value, str) and "关于" in title.value and title.start is not None:
        prefix = title.value.split("关于")[0].strip()
        if prefix and _ISSUER_END.search(prefix):
            return Fact(prefix, "detected", title.start, title.start + len(prefix))
    for line in lines[:HEAD_LINES]:
        first = line.text.split()[0] if line.text.split() else ""
        if _ISSUER_END.search(first) and len(first) <= 20 and "_" not in first and not is_meta_line(line.text):
            return Fact(first, "detected", line.lead, line.lead + len(first))
    return (_issuer_from_meta(lines, meta_words().source_keys, named_only=True)
            or _issuer_from_speaker(lines) or _issuer_from_adoption(lines))


def _issuer_from_meta(lines: list[Line], keys: tuple[str, ...], named_only: bool = False) -> Fact | None:
    """The value of the first of ``keys`` among the page's metadata rows."""
    rows, _ = meta_rows(lines[:HEAD_LINES])
    for key in keys:
        for row in rows:
            if row.key == key and len(row.value) <= 40 and (not named_only or _ISSUER_END.search(row.value)):
                return Fact(row.value, "detected", row.start, row.end, note=f"{row.key} row of the page")
    return None


_OFFICE = _pattern("speaker", "office")


def _issuer_from_speaker(lines: list[Line]) -> Fact | None:
    """The government a work report's speaker signs for (某市人民政府市长 某某)."""
    for line in lines[:HEAD_LINES]:
        m = _OFFICE.match(line.text)
        if m:
            name = line.text[:m.start(2)]
            name = re.sub(r"(代理?|副)$", "", name)
            return Fact(name, "detected", line.lead, line.lead + len(name), note="the speaker's government")
    return None


_ADOPTED_BY = _pattern("issuer", "adopted_by")


def _issuer_from_adoption(lines: list[Line]) -> Fact:
    for line in lines[:HEAD_LINES]:
        blanked = _DAMAGED.sub(lambda d: " " * len(d.group(0)), _DATE.sub(lambda d: " " * len(d.group(0)), line.text))
        m = _ADOPTED_BY.search(blanked)
        if m:
            start = line.lead + m.start(1)
            return Fact(m.group(1), "detected", start, start + len(m.group(1)),
                        note="the body that adopted the document")
    return Fact(None, "none")


# ---------------------------------------------------------------- type


def detect_type(title: Fact, lines: list[Line]) -> Fact:
    if isinstance(title.value, str):
        for t in doc_types()[:-1]:
            if t.pattern.search(title.value):
                return Fact(t.id, "detected", title.start, title.end)
    ends = " ".join(line.text for line in lines[:8] + lines[-8:])
    cues = _wording()["bulletin"]
    if cues["issuer_word"] in ends and _count(lines[:120], str(cues["year_on_year"])) >= int(cues["min_year_on_year"]):
        return Fact("bulletin", "detected", note="no title; a statistics bureau's yearly figures")
    speech = _speech_opening(lines)
    if speech:
        return Fact("work_report", "detected", speech.lead, speech.end,
                    note="no title; a report to the people's congress (各位代表…向大会报告工作)")
    return Fact("other", "default", note="no known document type in the title")


_OPENING = _pattern("work_report", "opening")
_SPEECH = _pattern("work_report", "speech")


def _speech_opening(lines: list[Line]) -> Line | None:
    """The 各位代表 line that opens a work report, when the lines after it say it is one."""
    for i, line in enumerate(lines[:HEAD_LINES]):
        if _OPENING.match(line.text) and any(_SPEECH.search(nxt.text) for nxt in lines[i + 1:i + 4]):
            return line
    return None


def _count(lines: list[Line], word: str) -> int:
    return sum(line.text.count(word) for line in lines)


# ---------------------------------------------------------------- date


_NUM = r"(?:\d{1,4}|[〇○零一二两三四五六七八九十]{1,4})"
_DATE = re.compile(rf"(?P<y>\d{{4}}|[〇○零一二三四五六七八九]{{4}})\s*年\s*(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*日")
_ADOPTION_CONTEXT = _pattern("date", "adoption_context")
_DAMAGED = re.compile(r"(?P<y>20\d\d)(?P<md>\d{2,3})日")
_WEB_DATE = re.compile(r"(?P<y>20\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})")


def _to_int(text: str) -> int | None:
    return int(text) if text.isdigit() else chinese_to_int(text)


def _valid(y: int | None, m: int | None, d: int | None) -> date | None:
    try:
        return date(y, m, d) if y and m and d else None
    except ValueError:
        return None


def _damaged_date(text: str) -> tuple[date, str] | None:
    """'202136日' (年 and 月 lost in PDF extraction): accept only a unique reading."""
    m = _DAMAGED.search(text)
    if not m:
        return None
    y, md = int(m.group("y")), m.group("md")
    readings = {d for i in range(1, len(md)) if (d := _valid(y, int(md[:i]), int(md[i:]))) is not None}
    if len(readings) == 1:
        return readings.pop(), m.group(0)
    return None


def detect_date(lines: list[Line]) -> Fact:
    """The adoption, signature or publication date: a dated adoption line near the top,
    a line that is only a date (a signature) near the top or the end, else a page's
    成文日期 row, else a web page's publication date."""
    head = lines[:HEAD_LINES]
    scan = head + lines[-HEAD_LINES:]
    values = meta_rows(head)[1]
    for i, line in enumerate(scan):
        if is_meta_line(line.text) or i in values:
            continue
        found = _dated_line(line, scan[i + 1] if i + 1 < len(scan) else None)
        if found:
            return found
        damaged = _damaged_date(line.text) if _ADOPTION_CONTEXT.search(line.text) and line in head else None
        if damaged:
            start = line.lead + line.text.index(damaged[1])
            return Fact(damaged[0].isoformat(), "detected", start, start + len(damaged[1]),
                        note="uncertain: 年/月 lost in extraction, read as the only valid date")
    words = meta_words()
    return (_date_from_meta(lines, words.date_keys, "the page's {key} row")
            or _date_from_meta(lines, words.publication_keys, "publication date of the web page ({key})")
            or _web_date(head + lines[-10:])
            or Fact(None, "none", note="no adoption or publication date found"))


def _dated_line(line: Line, nxt: Line | None) -> Fact | None:
    """A date that stands alone on its line, or on an adoption/delivery line (which a
    PDF may have broken before 会议…通过)."""
    clean, index = despace(line.text)
    m = _DATE.search(clean)
    if m is None:
        return None
    standalone = len(clean.strip("()（） ")) == len(m.group(0))
    context = bool(_ADOPTION_CONTEXT.search(clean)) or clean.startswith(("(", "（"))
    if not (standalone or context) and nxt is not None and len(clean) <= 30 and len(nxt.text) <= 30:
        context = "。" not in clean and bool(_ADOPTION_CONTEXT.search(clean + nxt.text))
    if not (standalone or context):
        return None
    d = _valid(_to_int(m.group("y")), _to_int(m.group("m")), _to_int(m.group("d")))
    if d is None:
        return None
    return Fact(d.isoformat(), "detected", line.lead + index[m.start()], line.lead + index[m.end() - 1] + 1)


def _date_from_meta(lines: list[Line], keys: tuple[str, ...], note: str) -> Fact | None:
    rows = meta_rows(lines[:HEAD_LINES])[0] + meta_rows(lines[-10:])[0]
    for key in keys:
        for row in rows:
            if row.key != key:
                continue
            m = _DATE.search(row.value) or _WEB_DATE.search(row.value)
            d = _valid(_to_int(m.group("y")), _to_int(m.group("m")), _to_int(m.group("d"))) if m else None
            if m and d:
                start = row.start + m.start()
                return Fact(d.isoformat(), "detected", start, start + len(m.group(0)), note=note.format(key=key))
    return None


def _web_date(lines: list[Line]) -> Fact | None:
    for line in lines:
        m = _WEB_DATE.search(line.text)
        if m:
            d = _valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if d:
                return Fact(d.isoformat(), "detected", line.lead + m.start(), line.lead + m.end(),
                            note="publication date of the web page")
    return None


# ---------------------------------------------------------------- period


_FYP = _pattern("period", "fyp")
_TARGET_YEAR = _pattern("period", "target_year")
_PERIOD_NOISE = re.compile("|".join([r"[\s“”\"]", *map(re.escape, _wording()["period"]["override_words"])]))
_YEAR = re.compile(r"(20\d\d)\s*年")


def fyp_years(n: int) -> tuple[int, int]:
    """The years of the n-th five-year plan (3rd onward: 1966–1970 … 15th: 2026–2030)."""
    start = 1966 + 5 * (n - 3)
    return start, start + 4


def _fyp_number(m: re.Match[str]) -> int | None:
    if m.group(1):
        return chinese_to_int(m.group(1))
    return 10 + (chinese_to_int(m.group(2)) or 0)


def _period_facts(start: int, end: int, base: int | None, span: tuple[int | None, int | None],
                  note: str | None = None) -> tuple[Fact, Fact, Fact]:
    s, e = span
    return (Fact(start, "detected", s, e, note), Fact(end, "detected", s, e, note),
            Fact(base, "detected" if base else "none", s, e, note))


def detect_period(title: Fact, doc_type: str, date_fact: Fact, text: str,
                  lines: list[Line]) -> tuple[Fact, Fact, Fact]:
    if isinstance(title.value, str):
        m = _FYP.search(title.value)
        n = _fyp_number(m) if m else None
        if m and n and n >= 3:
            s, e = fyp_years(n)
            off = (title.start or 0) + m.start()
            return _period_facts(s, e, s - 1, (off, off + len(m.group(0))))
    if doc_type_flags(doc_type).yearly_report:
        report = _report_year(title, doc_type, date_fact, lines)
        if report:
            year, span = report
            return _period_facts(year, year, year - 1, span)
    return _period_from_targets(date_fact, text)


def _report_year(title: Fact, doc_type: str, date_fact: Fact,
                 lines: list[Line]) -> tuple[int, tuple[int | None, int | None]] | None:
    if isinstance(title.value, str):
        m = _YEAR.search(title.value)
        if m and title.start is not None:
            return int(m.group(1)), (title.start + m.start(), title.start + m.end())
    delivered = doc_type_flags(doc_type).delivered_in_year
    if delivered and isinstance(date_fact.value, str):  # delivered early in its year
        return int(date_fact.value[:4]), (date_fact.start, date_fact.end)
    if delivered:
        planned = _planned_year(lines)
        if planned:
            return planned
    for line in lines[:HEAD_LINES]:
        m = re.match(r"(20\d\d)\s*年[，,是]", line.text)
        if m:
            return int(m.group(1)), (line.lead, line.lead + m.end())
    if isinstance(date_fact.value, str):
        year = int(date_fact.value[:4])
        return (year - 1 if doc_type_flags(doc_type).published_next_year else year), (date_fact.start, date_fact.end)
    return None


_PLAN_YEAR = _pattern("work_report", "plan_year")
_REVIEW_YEAR = _pattern("work_report", "review_year")


def _planned_year(lines: list[Line]) -> tuple[int, tuple[int | None, int | None]] | None:
    """The year a work report plans: its "2026年重点工作" part, else the year after
    its "2025年工作回顾" part."""
    for pattern, shift in ((_PLAN_YEAR, 0), (_REVIEW_YEAR, 1)):
        for line in lines:
            m = pattern.search(line.text)
            if m and len(line.text) <= 60:
                return int(m.group(1)) + shift, (line.lead + m.start(1), line.lead + m.end(1))
    return None


def _period_from_targets(date_fact: Fact, text: str) -> tuple[Fact, Fact, Fact]:
    """No plan period in the title: from the document year to its nearest target year."""
    year = int(date_fact.value[:4]) if isinstance(date_fact.value, str) else None
    targets: list[tuple[int, int, int]] = []
    for m in _TARGET_YEAR.finditer(text):
        raw = next(g for g in m.groups() if g)
        value = int(raw) if raw.isdigit() else chinese_to_int(raw)
        if value:
            targets.append((value, m.start(), m.end()))
    if not targets:
        return _period_from_mentions(text)
    floor = year or min(t[0] for t in targets)
    ahead = [t for t in targets if t[0] >= floor] or targets
    target, s, e = min(ahead, key=lambda t: (t[0], t[1]))
    n = (target - 1966) // 5 + 3
    fyp_start, fyp_end = fyp_years(n)
    if target == fyp_end and (year is None or fyp_start - 1 <= year <= fyp_end):
        return _period_facts(fyp_start, fyp_end, fyp_start - 1, (s, e),
                             "the five-year plan period of the nearest target year")
    start = year if year else target
    return _period_facts(start, target, start - 1, (s, e),
                         "from the document's year to its nearest target year")


def _period_from_mentions(text: str) -> tuple[Fact, Fact, Fact]:
    counts: dict[int, tuple[int, int, int]] = {}
    for m in _FYP.finditer(text):
        n = _fyp_number(m)
        if n and n >= 3:
            c = counts.get(n, (0, m.start(), m.end()))
            counts[n] = (c[0] + 1, c[1], c[2])
    if not counts:
        none = Fact(None, "none", note="no plan period or target year found")
        return none, none, none
    n = max(counts, key=lambda k: (counts[k][0], k))
    s, e = fyp_years(n)
    return _period_facts(s, e, s - 1, (counts[n][1], counts[n][2]),
                         "the five-year plan the text names most often")


# ---------------------------------------------------------------- all facts


def detect_facts(text: str, regions: RegionTable | None = None) -> DocumentFacts:
    """What a document is, read from its normalised text: title, issuer, region and level,
    document type, date, plan period and base year.  Each fact carries the span it was read
    from (or says it was derived, with a note); a fact nowhere in the text is ``None``, never
    guessed.  ``regions`` defaults to the packaged region table."""
    regions = regions or load_regions()
    lines = edge_lines(text)
    title = detect_title(lines)
    issuer = detect_issuer(lines, title)
    doc_type = detect_type(title, lines)
    region_fact, region = detect_region(title, issuer, text, lines, regions)
    date_fact = detect_date(lines)
    start, end, base = detect_period(title, str(doc_type.value), date_fact, text, lines)
    code = Fact(region.code if region else None, region_fact.source, region_fact.start, region_fact.end)
    level = Fact(region.level if region else None, region_fact.source, region_fact.start, region_fact.end)
    if title.value is None:
        title = derived_title(str(doc_type.value), region, start) or title
    return DocumentFacts(title, issuer, code, region_fact, level, doc_type, date_fact, start, end, base)


def derived_title(doc_type: str, region: Region | None, year: Fact) -> Fact | None:
    """The title of an untitled report or bulletin, from its region, year and type
    (data/document_facts.toml [derived_title]); marked "derived", with no span."""
    templates = _wording()["derived_title"]
    template = templates.get(doc_type)
    if not isinstance(template, str) or region is None or not isinstance(year.value, int):
        return None
    national = templates["national_place"]
    place = national.get(doc_type, region.name) if region.level == "national" else region.name
    return Fact(template.format(place=place, year=year.value), "derived",
                note="未见标题，按地区、年份和类型推定 / no title in the text: derived from region, year and type")


# ---------------------------------------------------------------- overrides

OVERRIDABLE = ("title", "issuer", "region", "type", "date", "period", "level")


def apply_overrides(facts: DocumentFacts, overrides: dict[str, str],
                    regions: RegionTable | None = None) -> DocumentFacts:
    """Replace detected facts by the user's values; raises OverrideError on a bad value."""
    regions = regions or load_regions()
    for key, raw in overrides.items():
        if raw is None or raw == "":
            continue
        if key not in OVERRIDABLE:
            raise OverrideError(f"无法覆盖的字段 {key} / cannot override {key!r}")
        _apply_one(facts, key, str(raw).strip(), regions)
    return facts


def _apply_one(facts: DocumentFacts, key: str, raw: str, regions: RegionTable) -> None:
    values: dict[str, str | int | None]
    if key == "region":
        region = regions.resolve(raw)
        values = {"region": region.name, "region_code": region.code, "level": region.level}
    elif key == "type":
        ids = [t.id for t in doc_types()]
        if raw not in ids:
            raise OverrideError(f"未知文件类型 {raw!r}，可选 {', '.join(ids)} / unknown type {raw!r}")
        values = {"doc_type": raw}
    elif key == "period":
        start, end, base = parse_period(raw)
        values = {"period_start": start, "period_end": end, "base_year": base}
    elif key == "date":
        values = {"date": parse_date(raw).isoformat()}
    elif key == "level":
        if raw not in ("national", "province", "city", "county"):
            raise OverrideError(f"未知层级 {raw!r} / unknown level {raw!r}: national|province|city|county")
        values = {"level": raw}
    else:
        values = {key: raw}
    for name, value in values.items():
        _override(facts, name, value)


def _override(facts: DocumentFacts, name: str, value: str | int | None) -> None:
    """Set a fact from the user, keeping what was detected in its note."""
    old: Fact = getattr(facts, name)
    note = f"识别值 detected: {old.value}" if old.source == "detected" else "未识别 not detected"
    setattr(facts, name, Fact(value, "override", note=note))


def parse_period(raw: str) -> tuple[int, int, int]:
    """'十四五', '14', '2021-2025' or '2021–2025' → (start, end, base year)."""
    bare = _PERIOD_NOISE.sub("", raw)  # "“十四五”时期" → 十四五; "二十五五" stays whole
    m = _FYP.fullmatch(bare)
    if m and (n := _fyp_number(m)):
        s, e = fyp_years(n)
        return s, e, s - 1
    if raw.isdigit() and 3 <= int(raw) <= 20:
        s, e = fyp_years(int(raw))
        return s, e, s - 1
    m2 = re.fullmatch(r"(\d{4})\s*[-–—~至到]\s*(\d{4})", raw)
    if m2 and int(m2.group(1)) <= int(m2.group(2)):
        return int(m2.group(1)), int(m2.group(2)), int(m2.group(1)) - 1
    raise OverrideError(f"无法识别的规划期 {raw!r}，示例：十四五、2021-2025 / "
                        f"cannot read period {raw!r}; try 十四五 or 2021-2025")


def parse_date(raw: str) -> date:
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", raw)
    d = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    if d is None:
        raise OverrideError(f"无法识别的日期 {raw!r}，示例：2021-03-06 / cannot read date {raw!r}")
    return d
