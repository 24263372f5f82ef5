"""Pick the headline facts of a statistical bulletin (统计公报) out of all its numbers.

``planscope.targets`` extracts every number of a bulletin as an actual.  A bulletin's
headline facts are few (GDP and its growth, the sectors, population, income, …) and
``select_headlines`` keeps only those, named after the headline list in
``data/headline_indicators.toml`` and with the catalogue id of the measure.

Rules.

* **Subject.**  A prose value belongs to the headline whose name (a pattern of the data
  file) ends nearest before it in the same sentence (sentences end at 。；;！？ and line
  breaks).  Where names overlap, the longest wins (城镇居民人均可支配收入 over
  居民人均可支配收入).  A name right after a qualifier of the headline's ``not_after``
  (限额以上社会消费品零售总额) is a breakdown and names nothing.
* **Gap.**  Everything between the name and the value must be connective wording — 为,
  达到, 实现, 比上年(末)增长, 同口径, 按可比价格计算, 按全年平均汇率计算, brackets,
  punctuation, footnote marks ([2], ①) — plus at most two earlier numbers with their
  units (the level before its growth rate: 常住人口942.34万人，比上年末增加10.37万人，增长1.11%).
  Any other word means the value belongs to some other subject (工资性收入, 税收收入).
* **Measure.**  From the last verb of the gap and the unit: a % after 增长/上涨/下降 is a
  growth rate, signed (下降, 回落, 减少 are negative); 个百分点 or an amount after
  增加/减少/提升 is a change; a % without a verb is a share; an amount without a verb is a
  level.  A 美元 amount of a 元 subject is the same level at the average exchange rate,
  reported as ``<name>（美元）``.  A measure the headline does not list is dropped.
* **Tables.**  A table value belongs to a headline when its row label, without numbering,
  footnote marks and bracketed units, is one of the headline's names (with 全年/全市/年末
  allowed in front).  Its measure comes from its unit; a price index with the previous
  year = 100 (101.5) is turned into a change (1.5) for ``index100`` headlines.
* **Year.**  Prose values are of the bulletin's own year (``bulletin_year``): the year of
  the title (……2024年国民经济和社会发展统计公报), else the first ``YYYY年`` of the text that is
  not a release date (2022年4月).  Table values keep their column's year.
* **First mention wins.**  Of several values for one (headline, measure, year) the first
  in the document is kept: later ones are breakdowns, restatements or summaries.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from planscope.quantities import vocab
from planscope.targets.model import TargetRecord

__all__ = ["Headline", "bulletin_year", "headlines", "select_headlines"]

MEASURES = ("level", "growth_rate", "change", "share")
SENTENCE_END = "。；;！？!?\n"
MAX_GAP = 40  # characters between a name and its value
MAX_GAP_NUMBERS = 2

FOOTNOTE = re.compile(r"\[\d{1,2}\]|［\d{1,2}］|[①-⑳]|\(\d{1,2}\)|（\d{1,2}）")


@lru_cache(maxsize=1)
def _gap_number() -> re.Pattern[str]:
    """A number with its magnitude and unit as units.toml knows them (3.2万亿元, 5.1%, 120天)."""
    v = vocab()
    alt = lambda words: "|".join(map(re.escape, sorted(words, key=len, reverse=True)))  # noqa: E731
    return re.compile(rf"-?\d+(?:\.\d+)?\s*(?:(?:{alt(v.magnitudes)})?(?:{alt(v.units)})|{alt(v.magnitudes)})?")


@lru_cache(maxsize=1)
def _wording() -> dict[str, tuple[str, ...]]:
    """Connective wording, growth verbs and negative verbs (``[wording]`` of the data file)."""
    raw = tomllib.loads(resources.files("planscope.data").joinpath("headline_indicators.toml").read_text("utf-8"))
    return {key: tuple(sorted(raw["wording"][key], key=len, reverse=True))
            for key in ("connectives", "growth_verbs", "negative_verbs")}


GAP_PUNCT = re.compile(r"[\s，,、：:（）()\[\]【】“”\"']+")
TITLE_YEAR = re.compile(r"(\d{4})\s*年[^\n]{0,30}统计公报")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
LABEL_NOISE = re.compile(r"^[\s#＃]*(?:[一二三四五六七八九十]+[、.]|\d+[、.]|其中[:：]?)?|[（(][^）)]*[）)]\s*$")
LABEL_PREFIX = "(?:全年|全市|年末|全体)*"


@dataclass(frozen=True)
class Headline:
    zh: str
    names: re.Pattern[str]
    label: re.Pattern[str]
    not_after: re.Pattern[str] | None
    measures: dict[str, str]  # measure -> catalogue id ("" for none)
    index100: bool = False


@lru_cache(maxsize=1)
def headlines() -> tuple[Headline, ...]:
    raw = tomllib.loads(resources.files("planscope.data").joinpath("headline_indicators.toml")
                        .read_text("utf-8"))
    out = []
    for entry in raw["headline"]:
        alternatives = "|".join(f"(?:{n})" for n in entry["names"])
        measures = dict(entry["measures"])
        unknown = set(measures) - set(MEASURES)
        if unknown:
            raise ValueError(f"headline {entry['zh']}: unknown measures {sorted(unknown)}")
        not_after = entry.get("not_after")
        out.append(Headline(
            zh=entry["zh"], names=re.compile(alternatives), label=re.compile(f"{LABEL_PREFIX}(?:{alternatives})"),
            not_after=re.compile(not_after) if not_after else None, measures=measures,
            index100=bool(entry.get("index100", False))))
    return tuple(out)


def bulletin_year(text: str) -> int | None:
    """The year a bulletin reports on: its title's, else the first year of the text that
    is not a release date."""
    head = text[:3000]
    m = TITLE_YEAR.search(head)
    if m:
        return int(m.group(1))
    m = YEAR.search(head)
    return int(m.group(1)) if m else None


def select_headlines(records: Sequence[TargetRecord], text: str) -> list[TargetRecord]:
    """The headline facts among the actuals of one bulletin, first mention first.

    ``records`` are the bulletin's actuals (``TargetRecord`` with ``is_actual``) and ``text``
    the text their offsets refer to (``Analysis.original``).
    """
    year = bulletin_year(text)
    joined = _join_wrapped(text)
    chosen: dict[tuple[str, str, int | None, bool], TargetRecord] = {}
    records = [*records, *_flat_table_records(text, records)]
    for rec in sorted(records, key=lambda r: (r.value_start, r.start)):
        if not rec.is_actual or rec.value_normalized is None:
            continue
        if rec.source.startswith("table"):
            found = _from_table(rec)
            rec_year = rec.year if rec.year is not None else year
        else:
            found = _from_prose(rec, joined)
            rec_year = year if year is not None else rec.year
        if found is None:
            continue
        headline, measure, value = found
        usd = measure == "level" and "美元" in (rec.unit or "")
        key = (headline.zh, measure, rec_year, usd)
        if key in chosen:
            continue
        chosen[key] = _record(rec, headline, measure, value, rec_year, usd)
    return list(chosen.values())


def _join_wrapped(text: str) -> str:
    """The text with line breaks inside sentences (PDF wrapping, page breaks) turned into
    spaces, same length, so a name and its value on two lines stay one sentence."""
    from planscope.targets.context import _continues, blank_page_markers

    view = blank_page_markers(text)
    chars = list(view)
    pos = view.find("\n")
    while pos >= 0:
        if _continues(view, pos, len(view)):
            chars[pos] = " "
        pos = view.find("\n", pos + 1)
    return "".join(chars)


# ---------------------------------------------------------------- prose


def _from_prose(rec: TargetRecord, text: str) -> tuple[Headline, str, float] | None:
    start = rec.value_start
    if not 0 <= start <= len(text):
        return None
    begin = max(text.rfind(ch, 0, start) for ch in SENTENCE_END) + 1
    window = text[begin:start]
    for end, _span_start, headline in _names_before(window):
        gap = window[end:]
        if len(gap) > MAX_GAP:
            break
        parsed = _parse_gap(gap)
        if parsed is None:
            continue  # a word of another subject: try a farther name only if the gap is clean
        verb = parsed
        measure = _measure(rec, verb)
        if measure is None or measure not in headline.measures:
            return None
        return headline, measure, _signed(rec.value_normalized, verb)
    return None


def _names_before(window: str) -> list[tuple[int, int, Headline]]:
    """Headline names in ``window``, nearest end first, longest first at one end; a name
    inside a longer one ending at the same place is dropped."""
    found: dict[int, tuple[int, Headline]] = {}
    for headline in headlines():
        for m in headline.names.finditer(window):
            if m.end() == m.start():
                continue
            if headline.not_after and headline.not_after.search(window[:m.start()]):
                continue
            best = found.get(m.end())
            if best is None or m.start() < best[0]:
                found[m.end()] = (m.start(), headline)
    return [(end, s, h) for end, (s, h) in sorted(found.items(), key=lambda kv: -kv[0])]


def _parse_gap(gap: str) -> str | None:
    """The last verb of a connective gap ("" for none), or None when the gap holds
    words of another subject or too many numbers."""
    gap = re.sub(r"\s+", "", FOOTNOTE.sub("", gap))
    gap_number = _gap_number()
    numbers = gap_number.findall(gap)
    if len(numbers) > MAX_GAP_NUMBERS:
        return None
    # the wording after the last number decides the measure
    tail = gap_number.split(gap)[-1]
    rest = GAP_PUNCT.sub("", gap_number.sub("", gap))
    for word in _wording()["connectives"]:
        rest = rest.replace(word, "")
    if rest:
        return None
    tail = GAP_PUNCT.sub("", tail)
    verb = ""
    for word in _wording()["growth_verbs"]:
        pos = tail.rfind(word)
        if pos >= 0 and (not verb or pos > tail.rfind(verb)):
            verb = word
    return verb


def _measure(rec: TargetRecord, verb: str) -> str | None:
    unit = rec.unit or ""
    if "百分点" in unit:
        return "change" if verb else None
    if "%" in unit or "％" in unit:
        return "growth_rate" if verb else "share"
    if "‰" in unit:
        return None
    return "change" if verb else "level"


def _signed(value: float | None, verb: str) -> float:
    v = float(value or 0.0)
    return -abs(v) if verb in _wording()["negative_verbs"] else v


# ---------------------------------------------------------------- tables


def _from_table(rec: TargetRecord) -> tuple[Headline, str, float] | None:
    label = FOOTNOTE.sub("", rec.indicator or "")
    label = LABEL_NOISE.sub("", label).strip()
    label = re.sub(r"\s+", "", label)
    for headline in headlines():
        if not headline.label.fullmatch(label):
            continue
        unit = rec.unit or ""
        value = float(rec.value_normalized or 0.0)
        if "%" in unit or "％" in unit or not unit:
            if "share" in headline.measures:
                return headline, "share", value
            if "growth_rate" in headline.measures:
                if headline.index100 and value > 50:
                    value = round(value - 100.0, 6)
                if not unit and "level" in headline.measures and abs(value) > 100:
                    return headline, "level", value
                return headline, "growth_rate", value
            if not unit and "level" in headline.measures:
                return headline, "level", value
            return None
        if "level" in headline.measures:
            return headline, "level", value
        return None
    return None


UNIT_SCALE = {"万亿元": 1e12, "亿元": 1e8, "万元": 1e4, "元": 1.0, "亿美元": 1e8, "万美元": 1e4, "美元": 1.0,
              "万人": 1e4, "人": 1.0, "万吨": 1e4, "吨": 1.0, "%": 1.0, "％": 1.0}
CELL_SPLIT = re.compile(r"\t|\s{2,}|\u3000+")
CELL_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
LEVEL_HEADER = re.compile(r"绝对数|总量|数值|本年|金额|实绩")
GROWTH_HEADER = re.compile(r"增长|增速|增减|比上年")


def _flat_table_records(text: str, records: Sequence[TargetRecord]) -> list[TargetRecord]:
    """Rows of flattened tables (label, unit, 绝对数, 比上年增长%) the extractor left out:
    a header line names the level and growth columns, the rows below it until a blank
    line are read when their label is a headline name."""
    taken = {(r.value_start, r.value_end) for r in records}
    out: list[TargetRecord] = []
    columns: dict[str, int] | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        cells = [c.strip() for c in CELL_SPLIT.split(line.strip())]
        if len(cells) < 3:
            columns = None
            continue
        roles = {}
        for i, cell in enumerate(cells[1:], 1):
            if GROWTH_HEADER.search(cell):
                roles.setdefault("growth_rate", i)
            elif LEVEL_HEADER.search(cell):
                roles.setdefault("level", i)
            elif cell == "单位":
                roles.setdefault("unit", i)
        if roles and not any(CELL_NUMBER.fullmatch(c) for c in cells):
            columns = roles
            continue
        if columns is None:
            continue
        unit = cells[columns["unit"]] if "unit" in columns and columns["unit"] < len(cells) else ""
        for measure in ("level", "growth_rate"):
            i = columns.get(measure)
            if i is None or i >= len(cells) or not CELL_NUMBER.fullmatch(cells[i]):
                continue
            value_start = start + max(line.find(cells[i], len(cells[0])), 0)
            if (value_start, value_start + len(cells[i])) in taken:
                continue
            cell_unit = unit if measure == "level" else "%"
            scale = UNIT_SCALE.get(cell_unit)
            if scale is None:
                continue
            out.append(TargetRecord(
                indicator=cells[0], value=cells[i], unit=cell_unit,
                value_normalized=float(cells[i]) * scale, unit_normalized=None, comparator="=",
                kind="level" if measure == "level" else "growth_rate", year=None, year_implied=True,
                start=start, end=start + len(line.rstrip("\n")), quote=line.rstrip("\n"),
                value_start=value_start, value_end=value_start + len(cells[i]),
                source="table:flat", is_actual=True))
    return out


# ---------------------------------------------------------------- output


def _record(rec: TargetRecord, headline: Headline, measure: str, value: float, year: int | None,
            usd: bool) -> TargetRecord:
    name = headline.zh
    if usd:
        name += "（美元）"
    elif measure == "growth_rate" and headline.measures.get("level") is not None:
        name += "增长"
    elif measure == "change":
        name += "变化"
    kind = {"level": "level", "growth_rate": "growth_rate", "change": "change", "share": "share"}[measure]
    notes = [*rec.notes, f"headline: {headline.zh} ({measure})"]
    low, high = rec.low, rec.high
    if value != rec.value_normalized and rec.comparator != "range":
        low = high = None  # signed or converted: the bounds as extracted no longer apply
    return dataclasses.replace(rec, indicator=name, indicator_id=headline.measures[measure] or None,
                               kind=kind, value_normalized=value, year=year, low=low, high=high,
                               year_implied=year != rec.year or rec.year_implied, notes=notes)
