"""Targets and reported actuals in running text.

Every number with a unit in a sentence is a candidate.  A candidate is a reported
actual when its section reviews the past, when its clause carries a past marker, or
when the year it is tied to is not after the plan's base year; otherwise it is a
target for the year it is tied to ("到2025年") or, failing that, for the end of the
plan period (flagged as implied).  Numbers inside quotation marks or book-title marks
("人才政策22条", 《…2035年…》) are parts of names, not quantities.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from planscope.extraction.facts import doc_type_flags, fyp_years
from planscope.extraction.quantities import Quantity, find_quantities, find_years, in_base_units, vocab
from planscope.extraction.targets.context import (
    MAX_CLAUSE,
    SectionIndex,
    Sentence,
    blank_page_markers,
    last_break_end,
    next_break_start,
    quote_span,
    sentences,
)
from planscope.extraction.targets.model import TargetRecord, phrases, plan_number
from planscope.extraction.targets.naming import indicator_name, kind_of
from planscope.structure.outline import is_page_marker, is_toc_line

_QUOTED = re.compile(r"“[^”]{0,40}”|《[^》]{0,80}》|\"[^\"]{0,40}\"")
_CLAUSE_BREAK = re.compile(r"[,，;；:：。]")
_ITEM_BREAK = re.compile(r"[,，;；:：。、]")


@dataclass(frozen=True)
class Plan:
    """What the extractor needs to know of the document."""

    period_end: int | None
    base_year: int | None
    kind: str  # document type


def extract_prose(text: str, original: str, index: SectionIndex, plan: Plan,
                  end: int | None = None, skip: list[tuple[int, int]] | None = None) -> list[TargetRecord]:
    out: list[TargetRecord] = []
    skip = sorted(skip or [])
    text = blank_page_markers(text)
    para_start, scanned = 0, 0  # the paragraph's start, found once per line (not per sentence)
    fyp = _FypNames(text, plan)
    for sentence in sentences(text, 0, end):
        newline = text.rfind("\n", scanned, sentence.start)
        para_start, scanned = (newline + 1 if newline >= 0 else para_start), sentence.start
        if not _MAY_HOLD_A_VALUE.search(sentence.text) or _inside(sentence.start, skip):
            continue
        if is_toc_line(sentence.text) or is_page_marker(sentence.text):
            continue
        out.extend(_from_sentence(sentence, original, index, plan, fyp.before(para_start, sentence.start)))
    return out


class _FypNames:
    """The five-year-plan names (“十五五”时期) of a text, found once.  ``before`` gives what
    ``_fyp_end`` reads in a paragraph's text before a sentence: its last FYP name that ends
    after the base year (the paragraph itself can be a 1 MB line of many sentences)."""

    def __init__(self, text: str, plan: Plan) -> None:
        self.found = [(m.start(), m.end(), m.group(0)) for m in phrases().fyp_name.finditer(text)
                      if _fyp_end(m.group(0), Plan(None, plan.base_year, plan.kind))]
        self.ends = [e for _, e, _ in self.found]

    def before(self, start: int, pos: int) -> str:
        i = bisect_right(self.ends, pos) - 1
        return self.found[i][2] if i >= 0 and self.found[i][0] >= start else ""


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _in_sorted(pos: int, spans: list[tuple[int, int]]) -> bool:
    """``_inside`` for sorted, non-overlapping spans, in log time."""
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _from_sentence(sentence: Sentence, original: str, index: SectionIndex, plan: Plan,
                   before: str) -> list[TargetRecord]:
    """``before``: the text of the sentence's paragraph before it."""
    quantities = [q for q in find_quantities(sentence.text) if not q.is_year]
    inherited = _inherited(sentence, original, index, plan, before)
    if not quantities:
        return inherited
    quoted = [m.span() for m in _QUOTED.finditer(sentence.text)]
    named, base = phrases().year_in_name_after, phrases().base_era_before
    years = [y for y in find_years(sentence.text)  # "2035年远景目标" names a vision, "比2020年" a base,
             if not named.match(sentence.text, y[2])  # "由2020年的…" a change's starting point:
             and not base.search(sentence.text[max(0, y[1] - 4):y[1]])  # none dates a later value
             and not phrases().baseline_before.search(sentence.text, max(0, y[1] - 3), y[1])]
    reports_past = doc_type_flags(plan.kind).reports_past
    review = reports_past or index.is_review(sentence.start)
    if review and not reports_past and _fyp_end(before, plan):
        review = False  # "“十五五”时期…的主要目标是:" opens a paragraph of goals in a review section
    records: list[TargetRecord] = []
    previous: Quantity | None = None
    subject = ""
    respectively = _respectively(sentence.text, quantities)
    annual_unit: str | None = None  # "每年集聚…10名，引进…200名，培养…2000名": 每年 runs on
    for q in quantities:
        if _in_sorted(q.num_start, quoted) or not _is_amount(q, sentence.text):
            previous = None
            continue
        from_previous = previous and phrases().baseline_before.search(_clause_left(sentence.text, previous))
        baseline = previous if from_previous else None
        context = _Context(sentence, original, index, plan, review, years, before, respectively.get(q.start))
        record = _record(q, context, baseline, subject)
        if record is not None and from_previous and from_previous.group("year"):
            record.baseline_year = int(from_previous.group("year"))  # "由2015年的…": its own year
        if record is not None:
            annual_unit = _carry_annual(record, q, sentence.text, annual_unit)
            records.append(record)
            subject = _subject(record)
        previous = q
    later_baselines = _later_baselines(records)
    kept = [r for r in records if not _is_baseline_of_next(r, later_baselines)]
    return inherited + [item for r in kept for item in _each(r)]


_CLAUSE_OPEN = re.compile(r"[,，;；:：。]")


def _respectively(text: str, quantities: list[Quantity]) -> dict[int, tuple[str, str | None]]:
    """"A、B较2020年分别下降53.3%、44.2%": the n names before 分别 go with the n values after
    it, in order (value start -> (name, verb)). Names that share nothing are kept as written."""
    p = phrases()
    out: dict[int, tuple[str, str | None]] = {}
    for word in p.respectively_words:
        for m in re.finditer(re.escape(word), text):
            after = [q for q in quantities if q.start >= m.end() and not q.is_year]
            run: list[Quantity] = []
            for q in after:
                gap = text[(run[-1].end if run else m.end()):q.start]
                if run and not p.respectively_gap.match(gap):
                    break
                if not run and _CLAUSE_OPEN.search(gap):
                    break
                run.append(q)
            if len(run) < 2:
                continue
            verb = text[m.end():run[0].start].strip() or None
            head = text[last_break_end(text, _CLAUSE_OPEN, m.start()):m.start()]
            head = p.comparisons.sub("", p.leading_time.sub("", head.strip())).strip()
            names = [n for n in re.split("|".join(map(re.escape, (*p.conjunctions, "、"))), head) if n]
            if len(names) != len(run):
                continue
            change = verb and (p.growth_words.search(verb) or p.change_words.search(verb))
            for q, name in zip(run, names, strict=True):
                out[q.start] = (name + (change.group(0) if change else ""), verb)
    return out


def _each(record: TargetRecord) -> list[TargetRecord]:
    """"A和B各12家": one record per name, each with the value."""
    p = phrases()
    name = record.indicator
    word = next((w for w in p.each_words if name.endswith(w)), None)
    if word is None:
        return [record]
    items = [i for i in re.split("|".join(map(re.escape, (*p.conjunctions, "、"))), name[: -len(word)]) if i]
    if len(items) < 2:
        return [replace(record, indicator=name[: -len(word)] or name)]
    note = f"“{word}”: {len(items)} 项各为此值 / the value applies to each of {len(items)} items"
    return [replace(record, indicator=item, notes=[*record.notes, note]) for item in items]


def _inherited(sentence: Sentence, original: str, index: SectionIndex, plan: Plan,
               before: str) -> list[TargetRecord]:
    """"能耗降低完成市下达目标": a target the level above sets, named but not quantified."""
    p = phrases()
    text = sentence.text
    if doc_type_flags(plan.kind).reports_past or index.is_review(sentence.start):
        return []
    out = []
    for m in p.inherited.finditer(text):
        start = max(last_break_end(text, _ITEM_BREAK, m.start()), m.start() - MAX_CLAUSE)
        name = text[start:m.start()].strip()
        for prefix in p.name_prefixes:
            name = name.removeprefix(prefix)
        if len(name) < 2:
            continue
        year = (_fyp_end_at(before, text, m.start(), plan) or _section_year(index, sentence.start, plan)
                or plan.period_end)
        span = quote_span(sentence, start, m.end())
        out.append(TargetRecord(
            indicator=name, value=m.group(0), unit=None, value_normalized=None, unit_normalized=None,
            comparator="=", kind="change" if p.change_words.search(name) else "level", year=year,
            year_implied=True, start=span[0], end=span[1],
            quote=original[span[0]:span[1]], value_start=sentence.start + m.start(),
            value_end=sentence.start + m.end(), source="prose", path=index.path(sentence.start),
            inherited=True))
    return out


def _is_amount(q: Quantity, text: str) -> bool:
    """A quantity worth reporting: with a unit, or a bare number right after a value verb;
    not a duration, a threshold that bounds a category, or the total of a list."""
    if q.value is None and q.low is None:
        return False
    if not q.unit:
        return bool(phrases().value_verb_before.search(text[max(0, q.num_start - 6):q.num_start]))
    if q.unit_base is None and q.unit != "倍":
        return False
    if q.unit in phrases().occasion_units or _is_item_count(q, text) or _counts_what_is_measured(q, text):
        return False
    if _is_spelled_count_in_a_name(q, text):
        return False
    return not (_is_duration(q, text) or _is_threshold(q, text) or _is_list_total(q, text))


def _counts_what_is_measured(q: Quantity, text: str) -> bool:
    """"42个国省考断面水质优良率100%": a count before the name of the value that closes the
    clause counts the things measured; the clause's value is the last one (but "培育3个年
    产值超100亿元的企业": there the later value describes the noun, and the count stands)."""
    if q.unit_base != "count":
        return False
    end = next_break_start(text, _ITEM_BREAK, q.end)
    later = [x for x in find_quantities(text[q.end:end]) if not x.is_year]
    if not later:
        return False
    tail = text[q.end + later[-1].end:end]
    return not phrases().right_trim.sub("", tail.strip()).strip()


def _is_item_count(q: Quantity, text: str) -> bool:
    """"创新发展(5项)": a count in brackets that counts the items listed, not a target."""
    closes = text[q.end:q.end + 1] in (")", "）")
    return closes and q.unit_base == "count" and bool(
        phrases().item_count_before.search(text[max(0, q.num_start - 4):q.num_start]))


_CJK_NUMERAL = set("〇○零一二两三四五六七八九十百千")


def _stated_as_value(q: Quantity, text: str) -> bool:
    """A comparator (超, 突破, 以上) or a value verb (达到) makes a number a value."""
    left = text[max(0, q.num_start - 6):q.num_start]
    return q.comparator != "=" or bool(phrases().value_verb_before.search(left))


def _is_spelled_count_in_a_name(q: Quantity, text: str) -> bool:
    """"两件大事", "三项改革": a number in words counts things only after a verb
    ("建设八条生态廊道", "打造一个千亿级产业园")."""
    if text[q.num_start] not in _CJK_NUMERAL or (q.unit or "").startswith("百分之"):
        return False
    if text[q.num_start] in "百千万" and text[q.num_start + 1:q.num_start + 2] not in _CJK_NUMERAL:
        # 百家湖, 百名企业家, 千家万户: names and set phrases — but 超千万, 突破千亿元 are amounts
        magnitude = q.unit is not None and any(q.unit.startswith(m) for m in vocab().magnitudes)
        return not (magnitude and _stated_as_value(q, text))
    if (q.value or 0) * (q.factor if q.unit_base == "persons" else 1) >= 10:
        return False  # 三十万人, 三千家: amounts, not the 两件/三项 of set phrases
    left = text[max(0, q.num_start - 6):q.num_start]
    p = phrases()
    return not (left.endswith(p.action_verbs) or phrases().value_verb_before.search(left))


def _is_duration(q: Quantity, text: str) -> bool:
    p = phrases()
    if q.unit not in p.duration_units:
        return False
    return not p.time_names.search(_clause_left(text, q))


_BOUNDS_A_NOUN = re.compile(r"[\u4e00-\u9fff]{0,3}(以上|以下|以内)[\u4e00-\u9fff的]")


def _is_threshold(q: Quantity, text: str) -> bool:
    """A number that describes rather than targets: "人口20万以上县城", "1万人以上的建制乡镇",
    "按照40万人的城市人口规模" (a bound or a measure followed by the noun it qualifies)."""
    if phrases().value_verb_before.search(text[max(0, q.num_start - 6):q.num_start]):
        return False
    if phrases().baseline_before.search(text[max(0, q.start - 12):q.start]):
        return False  # "由2020年的52%提高到…": the starting point of a change, not a bound of a noun
    following = text[q.end:q.end + 1]
    if following == "的" or phrases().describing_after.match(text, q.end):
        return True
    if q.unit_base == "count":
        return False
    suffix_qualified = bool(q.qualifier) and q.raw.endswith(q.qualifier or "")
    if (q.unit or "").endswith(tuple(phrases().person_classifiers)):
        return False  # "汇聚不少于30万名青年人才": 名 counts the people named after it
    if (not suffix_qualified and "\u4e00" <= following <= "\u9fff" and following not in "和与及或各"
            and not phrases().value_nouns.match(text, q.end)):
        return True  # "12.5米深水航道", "2-3岁幼儿": a measure that qualifies the noun after it
    if q.qualifier and q.raw.endswith(phrases().threshold_qualifiers):
        return "\u4e00" <= following <= "\u9fff"
    return bool(_BOUNDS_A_NOUN.match(text, q.end))


def _is_list_total(q: Quantity, text: str) -> bool:
    """"岳阳、衡阳两个副中心": a count that totals the names listed before it."""
    p = phrases()
    left = text[_clause_start(text, q.start):q.start]
    if left.rstrip().endswith(p.list_closers):
        return True
    left = _QUOTED.sub(lambda m: "□" * len(m.group(0)), left)  # “智慧共享、和睦共治”: one name, no list
    if "、" not in left or _stated_as_value(q, text):
        return False  # "…、瞪羚企业总量达800家": a value the list reaches, not a count restating it
    before_item = left[: left.rfind("、")].rstrip()
    ends_with_value = any(x.end == len(before_item) for x in find_quantities(before_item))
    previous_item = before_item[max(before_item.rfind("、"), 0):]
    if any(not x.is_year for x in find_quantities(previous_item)):
        return False  # "516个省市重大项目、346个工业项目": each item counted, no total
    last_item = left[left.rfind("、") + 1:].rstrip()
    return not ends_with_value and not any(v in last_item for v in phrases().action_verbs)


def _clause_left(text: str, q: Quantity) -> str:
    return text[max(last_break_end(text, _ITEM_BREAK, q.start), q.start - MAX_CLAUSE):q.start]


def _tied_year(q: Quantity, text: str, years: list[tuple[int, int, int]]) -> tuple[int | None, bool]:
    """The year a quantity is tied to in its sentence: the last year before it, else the
    first after it; (year, future) where ``future`` says the year came with 到/至."""
    i = bisect_right(years, q.start, key=lambda y: y[2])  # years are in order: ends ≤ q.start come first
    if i:
        year, start, _ = years[i - 1]
        return year, bool(phrases().future_year.search(text[max(0, start - 4):start]))
    clause_end = _clause_end(text, q.end)
    j = bisect_right(years, q.end - 1, key=lambda y: y[1])  # the first year starting at or after q.end
    if j < len(years) and years[j][1] < clause_end:
        return years[j][0], False
    return None, False




def _carry_annual(record: TargetRecord, q: Quantity, text: str, unit: str | None) -> str | None:
    """A per-year target opens a run of per-year values in the same unit ("每年集聚顶尖人才
    10名左右，引进高层次人才200名左右"); a clause with 累计, 总量 or a year ends it.
    Returns the unit the run continues with (None: no run)."""
    if record.is_actual:
        return None
    if record.year is None and not record.year_implied:
        return q.unit_base if q.unit_base in ("persons", "count") else None
    clause = text[_clause_start(text, q.start):q.end]
    if unit is not None and q.unit_base == unit and not phrases().annual_stop.search(clause):
        record.year, record.year_implied = None, False
        record.notes.append("每年 / per year: carried from an earlier clause of the sentence")
        return unit
    return None


def _subject(record: TargetRecord) -> str:
    """The indicator a later value in the same sentence may refer to without naming it
    ("地区生产总值年均增速8%以上,突破750亿元")."""
    p = phrases()
    name = record.indicator
    for pattern in (p.growth_words, p.change_words):
        m = pattern.search(name)
        if m:
            name = name[: m.start()]
    return name


@dataclass(frozen=True)
class _Context:
    sentence: Sentence
    original: str
    index: SectionIndex
    plan: Plan
    review: bool
    years: list[tuple[int, int, int]]
    before: str  # the paragraph's text before the sentence
    named: tuple[str, str | None] | None = None  # (name, verb) given by a 分别 list


def _record(q: Quantity, c: _Context, baseline: Quantity | None, subject: str) -> TargetRecord | None:
    p = phrases()
    sentence, original, index, plan, review, years, before = (
        c.sentence, c.original, c.index, c.plan, c.review, c.years, c.before)
    text = sentence.text
    clause = text[_clause_start(text, q.start):_clause_end(text, q.end)]
    year, future = _tied_year(q, text, years)
    own = p.baseline_before.search(text, max(0, q.start - 12), q.start)
    if own is not None and own.group("year"):  # "由2015年的150亿元": a starting point dated by its own year
        year, future = int(own.group("year")), False
    era = _era_before(text, q.start, years)  # "“十四五”期间…年均增长6.5%": that plan's last year
    if era is not None:
        year, future = era, plan.base_year is None or era > plan.base_year
    clause_left = text[_clause_start(text, q.start):q.start]
    annual = bool(phrases().annual.search(clause_left)) and year is None
    past = review or bool(p.past_markers.search(clause))
    if year is not None and plan.base_year is not None and year <= plan.base_year and not future:
        past = True
    if year is not None and plan.base_year is not None and year > plan.base_year:
        past = False
    if year is None and not past:
        year = (_fyp_end_at(before, text, q.start, plan) or _section_year(index, sentence.start, plan)
                or _fyp_end(index.path(sentence.start), plan))
    name, left_verb = c.named or indicator_name(text, q)
    if _AFTER_A_VALUE.match(name):  # "分别达到8.6万元和5.2万元": the second value
        name = ""
        left_verb = left_verb or "和"
    if not name and subject and (left_verb or q.qualifier):
        grows = left_verb and (p.growth_words.search(left_verb) or p.change_words.search(left_verb))
        name = subject + (left_verb if left_verb and grows else "")
    if not name:
        return None
    if past:
        year_value = year if year is not None else plan.base_year
        implied = year is None
    elif annual:
        year_value, implied = None, False
    else:
        year_value = year if year is not None and (plan.base_year is None or year > plan.base_year) else plan.period_end
        implied = year is None or year_value != year
    abs_start, abs_end = quote_span(sentence, q.start, q.end)
    record = TargetRecord(
        indicator=name, value=text[q.num_start:q.num_end].rstrip(q.unit or "") or None, unit=q.unit,
        value_normalized=q.value_normalized, unit_normalized=q.unit_base, comparator=q.comparator,
        kind=kind_of(name, q.unit, q.unit_base, left_verb), year=year_value, year_implied=implied,
        start=abs_start, end=abs_end, quote=original[abs_start:abs_end],
        value_start=sentence.start + q.start, value_end=sentence.start + q.end, source="prose",
        path=index.path(sentence.start), is_actual=past,
        low=_scaled(q.low, q), high=_scaled(q.high, q))
    if baseline is not None:
        record.baseline_value = baseline.value_normalized
        record.baseline_year = None if past else plan.base_year  # a past change's start: its year unsaid
    if record.kind in ("change", "growth_rate"):
        compared = list(p.compared_year.finditer(clause_left))
        if compared:  # "比2020年翻一番": measured from the year named
            record.baseline_year = int(compared[-1].group(1) or compared[-1].group(2))
    return record


_MAY_HOLD_A_VALUE = re.compile(r"\d|百分之|[〇○零一二两三四五六七八九十百千万][个家所座条处项名万亿千百倍张人年类件]"
                               r"|下达|省目标|市目标")
_AFTER_A_VALUE = re.compile(r"^\S{0,4}?\d[\d.]*\s*\S{0,3}?(和|与|及|、)$")


def _fyp_end(text: str, plan: Plan) -> int | None:
    """"“十五五”时期…", "到“十五五”末": the end of a five-year plan named before the value,
    when it lies after the document's base year (a work report looking five years ahead)."""
    ends = []
    for m in phrases().fyp_name.finditer(text):
        end = fyp_years(plan_number(m.group(1)))[1]
        if plan.base_year is None or end > plan.base_year:
            ends.append(end)
    return ends[-1] if ends and ends[-1] != plan.period_end else None


def _fyp_end_at(before: str, text: str, pos: int, plan: Plan) -> int | None:
    """``_fyp_end(before + text[:pos], plan)`` without copying the text: the FYP names of the
    sentence are found once (``_fyp_mentions``), the last one ending by ``pos`` is read."""
    found = _fyp_mentions(text)
    i = bisect_right(found, pos, key=lambda m: m[0])
    while i:
        i -= 1
        if plan.base_year is None or found[i][1] > plan.base_year:
            return found[i][1] if found[i][1] != plan.period_end else None
    return _fyp_end(before, plan)


def _era_before(text: str, pos: int, years: list[tuple[int, int, int]]) -> int | None:
    """The last year of the five-year plan named last before ``pos`` in the sentence — when
    no year is named between it and the value, and it is not a comparison base (较“十三五”
    期间). Whether that plan is past or ahead is the caller's: in a 十五五 plan “十四五”期间 is
    past, in a 十四五 plan it is the plan itself."""
    found = [m for m in _fyp_mentions(text) if not m[2]]
    i = bisect_right(found, pos, key=lambda m: m[0])
    if not i:
        return None
    era_end, last_year = found[i - 1], 0
    j = bisect_right(years, pos, key=lambda y: y[2])
    if j:
        last_year = years[j - 1][2]
    return era_end[1] if era_end[0] > last_year else None


@lru_cache(maxsize=4)
def _fyp_mentions(text: str) -> list[tuple[int, int, bool]]:
    """(end of the name, last year of the plan it names, named as a comparison base) for
    each FYP name in ``text``."""
    p = phrases()
    return [(m.end(), fyp_years(plan_number(m.group(1)))[1],
             bool(p.base_era_before.search(text[max(0, m.start() - 4):m.start()])))
            for m in p.fyp_name.finditer(text)]


def _section_year(index: SectionIndex, pos: int, plan: Plan) -> int | None:
    """A future year named by the innermost section that names one ("三、2026年工作安排")."""
    for section in reversed(index.chain(pos)):
        for m in re.finditer(r"(20\d\d)\s*年", section.title):
            year = int(m.group(1))
            if plan.base_year is None or year > plan.base_year:
                return year
    return None


def _scaled(value: float | None, q: Quantity) -> float | None:
    return in_base_units(q, value)


def _clause_start(text: str, pos: int) -> int:
    """Where the clause (between ，；：。) holding ``pos`` begins (at most ``MAX_CLAUSE`` before it)."""
    return max(last_break_end(text, _CLAUSE_BREAK, pos), pos - MAX_CLAUSE)


def _clause_end(text: str, pos: int) -> int:
    return min(next_break_start(text, _CLAUSE_BREAK, pos), pos + MAX_CLAUSE)


def _later_baselines(records: list[TargetRecord]) -> dict[float, int]:
    """Baseline value → the last value position of a record (of one sentence) with that baseline."""
    out: dict[float, int] = {}
    for r in records:
        if r.baseline_value is not None:
            out[r.baseline_value] = max(out.get(r.baseline_value, -1), r.value_start)
    return out


def _is_baseline_of_next(record: TargetRecord, later: dict[float, int]) -> bool:
    """A record whose value is the baseline a later record of its sentence starts from."""
    if record.value_normalized is None:
        return False
    return later.get(record.value_normalized, -1) > record.value_start
