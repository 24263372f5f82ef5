"""The number-and-unit recogniser: golden cases from ``fixtures/quantities.toml``, the
data file's schema, the API's invariants, and (when present) the annotated corpus."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import time
import tomllib
from typing import Any

import pytest

from planscope.extraction import quantities
from planscope.extraction.quantities import Quantity, find_quantities, find_years, parse_number
from planscope.reading.text import normalize

from locations import CORPUS, FIXTURES

GOLDEN = tomllib.loads((FIXTURES / "quantities.toml").read_text(encoding="utf-8"))
FIELDS = {f.name for f in dataclasses.fields(Quantity)}
CHECKED = ("value", "low", "high", "unit", "unit_base", "factor", "value_normalized", "comparator",
           "qualifier", "is_year")
UNIT_BASES = {"yuan", "percent", "pp", "permille", "persons", "tonnes", "tce", "mu", "hectares", "km", "sqm",
              "count", "years", "days", "other"}
COMPARATORS = {">=", "<=", "~", "range", "="}


# --------------------------------------------------------------------------- golden cases


def _case_id(case: dict[str, Any]) -> str:
    return str(case["trap"])[:60]


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, float | int) and not isinstance(want, bool) and isinstance(got, float | int):
        return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12)
    return bool(got == want)


def _check(text: str, q: Quantity, want: dict[str, Any], from_pos: int) -> list[str]:
    problems = []
    start = text.find(want["raw"], from_pos)
    if (q.start, q.end) != (start, start + len(want["raw"])):
        problems.append(f"span {q.start}:{q.end} {q.raw!r}, want {want['raw']!r} at {start}")
    if "num" in want and text[q.num_start:q.num_end] != want["num"]:
        problems.append(f"number span {text[q.num_start:q.num_end]!r}, want {want['num']!r}")
    for key in CHECKED:
        if key in want and not _same(getattr(q, key), want[key]):
            problems.append(f"{key} = {getattr(q, key)!r}, want {want[key]!r}")
    for key in want.get("null", []):
        if getattr(q, key) is not None:
            problems.append(f"{key} = {getattr(q, key)!r}, want None")
    return problems


@pytest.mark.parametrize("case", GOLDEN["case"], ids=_case_id)
def test_golden_case(case: dict[str, Any]) -> None:
    text, expected = case["text"], case.get("expect", [])
    got = find_quantities(text)
    problems = []
    if len(got) != len(expected):
        problems.append(f"{len(got)} quantities, want {len(expected)}: {[q.raw for q in got]}")
    pos = 0
    for q, want in zip(got, expected, strict=False):
        problems += [f"{want['raw']!r}: {p}" for p in _check(text, q, want, pos)]
        pos = max(pos, q.end)
    assert not problems, f"{case['trap']}\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("case", GOLDEN["number"], ids=lambda c: c["text"])
def test_parse_number(case: dict[str, Any]) -> None:
    got = parse_number(case["text"])
    if case.get("null"):
        assert got is None
    else:
        assert got is not None and math.isclose(got, case["value"], rel_tol=1e-12)


@pytest.mark.parametrize("case", GOLDEN["years"], ids=lambda c: c["text"][:30])
def test_find_years(case: dict[str, Any]) -> None:
    text = case["text"]
    got = [(year, text[s:e]) for year, s, e in find_years(text)]
    assert got == [(y, span) for y, span in case["years"]]


def test_golden_file_is_well_formed() -> None:
    """Every case says what trap it covers and names only known fields."""
    problems = []
    for k, case in enumerate(GOLDEN["case"]):
        if not str(case.get("trap", "")).strip():
            problems.append(f"case #{k + 1}: no 'trap'")
        for want in case.get("expect", []):
            unknown = set(want) - {"raw", "num", "null", *CHECKED}
            if unknown or "raw" not in want:
                problems.append(f"case #{k + 1} {want.get('raw')!r}: unknown keys {sorted(unknown)} or no raw")
    assert not problems, "\n".join(problems)
    assert len(GOLDEN["case"]) >= 50


# --------------------------------------------------------------------------- data file


def test_units_file_is_valid() -> None:
    """Every group cites a source, words are non-empty strings, bases and comparators are known,
    regexes compile; all problems are reported in one pass."""
    raw = quantities.load_raw()
    problems: list[str] = []
    if not str(raw.get("numerals", {}).get("source", "")).strip():
        problems.append("[numerals]: no 'source'")
    for section, groups in raw.items():
        if section == "numerals":
            continue
        for k, group in enumerate(groups):
            problems += _group_problems(f"[[{section}]] #{k + 1}", section, group)
    assert not problems, "units.toml:\n" + "\n".join(problems)


def _group_problems(where: str, section: str, group: dict[str, Any]) -> list[str]:
    problems = []
    if not str(group.get("source", "")).strip():
        problems.append(f"{where}: no 'source'")
    words = group.get("words", [])
    if not words and not group.get("regex"):
        problems.append(f"{where}: neither 'words' nor 'regex'")
    for w in words:
        if not isinstance(w, str) or not w.strip():
            problems.append(f"{where}: bad word {w!r}")
    if section == "unit" and group.get("base") not in UNIT_BASES:
        problems.append(f"{where}: unknown base {group.get('base')!r}")
    if section in ("prefix", "suffix", "approx") and group.get("comparator") not in COMPARATORS:
        problems.append(f"{where}: unknown comparator {group.get('comparator')!r}")
    for rx in group.get("regex", []):
        try:
            re.compile(rx)
        except re.error as exc:
            problems.append(f"{where}: regex {rx!r} does not compile: {exc}")
    return problems


def test_no_word_is_both_a_unit_and_a_spec() -> None:
    v = quantities.vocab()
    assert not set(v.units) & v.specs


# --------------------------------------------------------------------------- invariants


SAMPLE = "".join(c["text"] + "\n" for c in GOLDEN["case"])


def test_spans_are_ordered_and_consistent() -> None:
    qs = find_quantities(SAMPLE)
    last = 0
    for q in qs:
        assert last <= q.start <= q.num_start < q.num_end <= q.end, q
        assert q.raw == SAMPLE[q.start:q.end]
        assert q.comparator in COMPARATORS
        assert q.unit_base is None or q.unit_base in UNIT_BASES
        if q.value is not None:
            power = quantities.vocab().units[q.unit].power_of if q.unit in quantities.vocab().units else None
            expected = power**q.value if power else q.value * q.factor  # 翻两番: 2**2 times
            assert q.low == q.high == q.value and q.value_normalized == pytest.approx(expected)
        last = q.end


def test_doublings_are_powers_of_two() -> None:
    """翻一番 doubles, 翻两番 quadruples (the count of 番 is an exponent)."""
    one, = (q for q in find_quantities("人均国内生产总值比2020年翻一番") if not q.is_year)
    two, = find_quantities("工农业年总产值翻两番")
    assert (one.value, one.value_normalized, two.value, two.value_normalized) == (1, 2, 2, 4)


def test_offsets_hold_on_the_original_text() -> None:
    original = "地區生產總值達到１．７萬億元，增長８％—９％"
    text = normalize(original).text
    qs = find_quantities(text)
    assert [original[q.start:q.end] for q in qs] == ["達到１．７萬億元", "８％—９％"]
    assert qs[0].value_normalized == pytest.approx(1.7e12)


def test_public_api() -> None:
    assert set(quantities.__all__) == {"Quantity", "find_quantities", "find_years", "parse_number"}
    expected = {"start", "end", "num_start", "num_end", "raw", "value", "low", "high", "unit", "unit_base",
                "factor", "value_normalized", "comparator", "qualifier", "is_year"}
    assert expected == FIELDS


FILLER = (
    "坚持把发展经济的着力点放在实体经济上，推进产业基础高级化、产业链现代化，提高经济质量效益和核心竞争力。"
    "深入实施创新驱动发展战略，完善科技创新体制机制，加快建设具有全国影响力的科技创新中心。\n"
)


def test_speed_one_megabyte() -> None:
    """1 MB of plan-like text (the golden sentences among prose, about one quantity every
    eighty characters, as in the corpus) in well under a second; bench/quantities.py measures."""
    block = SAMPLE + FILLER * 40
    text = block * (1_000_000 // len(block.encode()) + 1)
    find_quantities(text[:1000])
    t0 = time.perf_counter()
    find_quantities(text)
    assert time.perf_counter() - t0 < 10.0  # a guard against a pathology; bench/quantities.py has the figure


# --------------------------------------------------------------------------- real documents


@pytest.mark.corpus
def test_annotated_values_are_found(eval_dir: Any) -> None:
    """Each annotated prose value (core) is a quantity found inside its quote, except table
    cells whose unit sits in another column and values written in words (清零, 翻番)."""
    missed, total = [], 0
    for name, corpus in (("corpus.json", CORPUS), ("corpus-dev.json", CORPUS.parent / "corpus-dev")):
        gold = json.loads((eval_dir / name).read_text(encoding="utf-8"))
        for doc, ann in gold["documents"].items():
            path = corpus / doc
            if not path.exists():
                continue
            lines = normalize(path.read_text(encoding="utf-8")).text.split("\n")
            for rec in [*ann.get("targets", []), *ann.get("actuals", [])]:
                total += 1
                if not _found(lines, rec):
                    missed.append(f"{doc}:{rec['line']} {rec['quote']!r}")
    assert total > 100
    assert len(missed) <= 0.03 * total, "\n".join(missed)


def _found(lines: list[str], rec: dict[str, Any]) -> bool:
    want = rec.get("value_normalized")
    if not isinstance(want, int | float) or rec.get("confidence") == "borderline" or not want:
        return True
    if str(rec.get("source") or "").startswith("table"):
        return True  # a table cell: the table reader pairs it with its row (test_tables, test_catalogue)
    line = lines[rec["line"] - 1]
    quote = normalize(rec["quote"]).text
    i = line.find(quote)
    if i < 0 or re.fullmatch(r"[\d.]+", quote.strip()):
        return True  # a bare table cell: its unit is in the unit column
    for q in find_quantities(line):
        if q.num_end > i and q.num_start < i + len(quote):
            for v in (q.value, q.low, q.high):
                if v is not None and math.isclose(abs(v * q.factor), abs(want), rel_tol=1e-6):
                    return True
    return False
