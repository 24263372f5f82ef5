"""Golden data for target extraction: does it generalise to layouts not seen in development?

Every document under ``tests/fixtures/targets/`` was written for these tests (invented
numbers, real region names) in a layout the extractor was not developed on: goals
paragraphs, indicator tables laid out with spaces, tabs or one cell per line, PDF text
with page markers, hard line breaks and letter-spaced digits, Chinese numerals, ranges,
inherited targets, per-year targets, footnote marks, Traditional script, government
work reports.  Its sidecar ``<name>.expect.json`` lists

* ``targets`` / ``actuals``: records that must come out, each matched on
  ``indicator_contains`` (a short core of the indicator's name), ``value_normalized``
  (relative tolerance 1e-6, or both null), ``year`` and ``comparator``; optional keys
  narrow the match: ``kind``, ``attribute``, ``baseline_value``, ``baseline_year``,
  ``inherited``, ``low``/``high`` (ranges), ``source`` ("prose" or "table:专栏N") and
  ``indicator_excludes`` (text the name must not carry, e.g. a footnote mark); an
  ``xfail_reason`` marks a case the number recogniser does not claim to support;
* ``not_targets``: numbers as written that no record may carry as its value.

Each expected record is its own test case, so a run reports exactly which ones fail and
what was extracted instead.  Every record's quote must be the original text at its span.

The corpus tests check the same span invariants on the five real documents and the
attributes and baselines of 004's 专栏2 indicator table.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from planscope.extraction.targets import TargetRecord
from planscope.library import Analysis, analyse
from planscope.reading import read_file

from locations import CORPUS, EVAL, FIXTURES

TARGET_FIXTURES = FIXTURES / "targets"
EXPECT_SUFFIX = ".expect.json"
REL_TOL = 1e-6
OPTIONAL_KEYS = ("kind", "attribute", "baseline_year", "inherited", "source")
OPTIONAL_NUMBERS = ("baseline_value", "low", "high")


# ---------------------------------------------------------------- loading


def _document_for(expect: Path) -> Path:
    stem = expect.name[: -len(EXPECT_SUFFIX)]
    docs = [p for p in expect.parent.glob(f"{stem}.*") if p.name != expect.name]
    assert len(docs) == 1, f"{expect.name}: expected exactly one document beside it, found {docs}"
    return docs[0]


def _fixtures() -> list[tuple[str, Path, dict[str, Any]]]:
    out = []
    for expect in sorted(TARGET_FIXTURES.glob(f"*{EXPECT_SUFFIX}")):
        spec = json.loads(expect.read_text("utf-8"))
        out.append((expect.name[: -len(EXPECT_SUFFIX)], _document_for(expect), spec))
    return out


FIXTURE_LIST = _fixtures()


@cache
def _analysis(path: Path) -> Analysis:
    return analyse(path)


@cache
def _original(path: Path) -> str:
    return read_file(path).text


def _cases(group: str) -> list[Any]:
    params = []
    for name, path, spec in FIXTURE_LIST:
        for i, want in enumerate(spec.get(group, [])):
            case_id = f"{name}-{group}{i}-{want['value_normalized']}"
            marks = [pytest.mark.xfail(reason=want["xfail_reason"], strict=False)] if "xfail_reason" in want else []
            params.append(pytest.param(path, want, id=case_id, marks=marks))
    return params


# ---------------------------------------------------------------- matching


def _same_number(got: float | None, want: float | None) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return math.isclose(got, want, rel_tol=REL_TOL, abs_tol=1e-12)


def _mismatches(record: TargetRecord, want: dict[str, Any]) -> list[str]:
    """What keeps ``record`` from being the expected one (empty when it is)."""
    wrong = []
    core = want["indicator_contains"]
    if core not in record.indicator:
        wrong.append(f"indicator {record.indicator!r} lacks {core!r}")
    if "indicator_excludes" in want and want["indicator_excludes"] in record.indicator:
        wrong.append(f"indicator {record.indicator!r} carries {want['indicator_excludes']!r}")
    if not _same_number(record.value_normalized, want["value_normalized"]):
        wrong.append(f"value_normalized {record.value_normalized} != {want['value_normalized']}")
    if record.year != want["year"]:
        wrong.append(f"year {record.year} != {want['year']}")
    if record.comparator != want["comparator"]:
        wrong.append(f"comparator {record.comparator!r} != {want['comparator']!r}")
    for key in OPTIONAL_KEYS:
        if key in want and getattr(record, key) != want[key]:
            wrong.append(f"{key} {getattr(record, key)!r} != {want[key]!r}")
    for key in OPTIONAL_NUMBERS:
        if key in want and not _same_number(getattr(record, key), want[key]):
            wrong.append(f"{key} {getattr(record, key)} != {want[key]}")
    return wrong


def _describe(r: TargetRecord, original: str) -> str:
    extra = "".join(f" {k}={getattr(r, k)!r}" for k in ("attribute", "baseline_value", "baseline_year", "low", "high")
                    if getattr(r, k) is not None)
    return (f"{'actual' if r.is_actual else 'target'} {r.indicator!r} value_normalized={r.value_normalized} "
            f"year={r.year} comparator={r.comparator!r} kind={r.kind} inherited={r.inherited} source={r.source}"
            f"{extra} span={original[r.value_start:r.value_end]!r}")


def _assert_found(path: Path, want: dict[str, Any], actual: bool) -> None:
    analysis = _analysis(path)
    pool = [r for r in analysis.targets if r.is_actual == actual]
    if any(not _mismatches(r, want) for r in pool):
        return
    original = _original(path)
    word = "actual" if actual else "target"
    near = [r for r in pool if want["indicator_contains"] in r.indicator
            or _same_number(r.value_normalized, want["value_normalized"])]
    if near:
        report = "\n".join(f"  {_describe(r, original)}\n    -> {'; '.join(_mismatches(r, want))}" for r in near)
        detail = f"closest {word}s extracted:\n{report}"
    else:
        listing = "\n".join(f"  {_describe(r, original)}" for r in pool) or "  (none)"
        detail = f"no {word} with that name or value; all {word}s extracted:\n{listing}"
    others = [r for r in analysis.targets if r.is_actual != actual and not _mismatches(r, want)]
    if others:
        detail += f"\n  (it came out as {'a target' if actual else 'an actual'} instead)"
    facts = analysis.facts
    period = f"period {facts.period_start.value}–{facts.period_end.value}, base {facts.base_year.value}"
    pytest.fail(f"{path.name}: expected {word} {json.dumps(want, ensure_ascii=False)} not extracted "
                f"({period}).\n{detail}", pytrace=False)


# ---------------------------------------------------------------- fixture tests


def test_every_fixture_is_complete() -> None:
    assert len(FIXTURE_LIST) >= 14, "the golden set has fewer documents than intended"
    for name, path, spec in FIXTURE_LIST:
        assert spec.get("covers"), f"{name}: say what layout or trap the document covers"
        assert spec.get("targets"), f"{name}: no expected targets"
        assert 1000 <= path.stat().st_size <= 4096 + 512, f"{name}: a fixture should be 1–4 KB"
        text = _original(path)
        assert text.splitlines()[0].strip(), f"{name}: the document must open with its title line"
        for want in spec.get("targets", []) + spec.get("actuals", []):
            missing = {"indicator_contains", "value_normalized", "comparator", "year"} - want.keys()
            assert not missing, f"{name}: {want} lacks {missing}"
            assert want["comparator"] in (">=", "<=", "~", "=", "range"), f"{name}: bad comparator in {want}"


@pytest.mark.parametrize(("path", "want"), _cases("targets"))
def test_expected_target_is_extracted(path: Path, want: dict[str, Any]) -> None:
    _assert_found(path, want, actual=False)


@pytest.mark.parametrize(("path", "want"), _cases("actuals"))
def test_expected_actual_is_extracted(path: Path, want: dict[str, Any]) -> None:
    _assert_found(path, want, actual=True)


def _value_texts(record: TargetRecord, original: str) -> set[str]:
    shown = {original[record.value_start:record.value_end]}
    if record.value:
        shown |= {record.value, record.value + (record.unit or "")}
    return {s.strip() for s in shown if s and s.strip()}


@pytest.mark.parametrize(("path", "traps"), [pytest.param(p, s.get("not_targets", []), id=n)
                                              for n, p, s in FIXTURE_LIST])
def test_traps_are_not_extracted(path: Path, traps: list[str]) -> None:
    """Numbers that name things (110千伏, 5G, 4A级, 两件大事), years and markers carry no record
    (neither a target nor, since they are no quantities at all, an actual)."""
    original = _original(path)
    bad = [(trap, r) for r in _analysis(path).targets for trap in traps if trap in _value_texts(r, original)]
    assert not bad, f"{path.name}: traps extracted as values:\n" + "\n".join(
        f"  {trap!r}: {_describe(r, original)}" for trap, r in bad)


@pytest.mark.parametrize("path", [pytest.param(p, id=n) for n, p, _ in FIXTURE_LIST])
def test_every_record_quotes_the_original(path: Path) -> None:
    original = _original(path)
    records = _analysis(path).targets
    assert records, f"{path.name}: nothing extracted"
    _assert_spans(path.name, original, records)


def _assert_spans(name: str, original: str, records: list[TargetRecord]) -> None:
    problems = []
    for r in records:
        if original[r.start:r.end] != r.quote:
            problems.append(f"quote {r.quote[:40]!r} != original[{r.start}:{r.end}] "
                            f"{original[r.start:r.end][:40]!r} ({r.indicator})")
        if not (r.start <= r.value_start < r.value_end <= r.end):
            problems.append(f"value span {r.value_start}:{r.value_end} outside quote {r.start}:{r.end} "
                            f"({r.indicator}, {original[r.value_start:r.value_end]!r})")
    assert not problems, f"{name}: {len(problems)} bad spans:\n  " + "\n  ".join(problems[:20])


# ---------------------------------------------------------------- the real corpus

CORPUS_FILES = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
NO_CORPUS = f"real corpus not found at {CORPUS} (set PLANSCOPE_CORPUS to the folder of the five documents)"
_NUMERAL = re.compile(r"[0-9０-９〇○零一二两三四五六七八九十百千万亿]")
_PLAIN_NUMBER = re.compile(r"\d+(\.\d+)?")
TABLE_DOC = "004_0e369cfbaccd2f2f.txt"


def _corpus_params() -> list[Any]:
    if not CORPUS_FILES:
        return [pytest.param(None, id="no-corpus", marks=pytest.mark.skip(reason=NO_CORPUS))]
    return [pytest.param(p, id=p.name) for p in CORPUS_FILES]


@pytest.mark.corpus
@pytest.mark.parametrize("path", _corpus_params())
def test_corpus_spans(path: Path) -> None:
    """Every target and actual quotes the original at its span, and its value span holds a
    number (in digits or Chinese numerals) — or, for an inherited target, the phrase."""
    original = _original(path)
    records = _analysis(path).targets
    _assert_spans(path.name, original, records)
    bad = []
    for r in records:
        value_text = original[r.value_start:r.value_end]
        if r.inherited:
            if not value_text.strip() or value_text.strip() not in (r.value or ""):
                bad.append(f"inherited {r.indicator!r}: span {value_text!r} is not its value {r.value!r}")
        elif not _NUMERAL.search(value_text):
            bad.append(f"{r.indicator!r}: value span {value_text!r} holds no number")
    assert not bad, f"{path.name}:\n  " + "\n  ".join(bad[:20])


def _table_doc() -> Path:
    path = CORPUS / TABLE_DOC
    if not path.is_file():
        pytest.skip(NO_CORPUS if not CORPUS_FILES else f"{TABLE_DOC} not in {CORPUS}")
    return path


@pytest.mark.corpus
def test_corpus_table_targets_have_attribute_and_baseline() -> None:
    """004's 专栏2 (2020 → 2025 main indicators): every target has its attribute, and where the
    row's 2020 cell is a plain number the target carries it as baseline for 2020."""
    path = _table_doc()
    analysis = _analysis(path)
    targets = [r for r in analysis.targets if r.source == "table:专栏2" and not r.is_actual]
    assert len(targets) >= 20, f"only {len(targets)} targets from 专栏2"
    table = next(t for t in analysis.tables if t.number == "专栏2")
    col_2020 = next(i for i, h in enumerate(table.columns) if "2020" in h)
    problems = []
    for r in targets:
        if r.attribute not in ("约束性", "预期性"):
            problems.append(f"{r.indicator}: attribute {r.attribute!r}")
        row = next((row for row in table.rows if row.start == r.start and row.end == r.end), None)
        if row is None:
            problems.append(f"{r.indicator}: no table row at {r.start}:{r.end}")
            continue
        cell = (row.cells[col_2020] if col_2020 < len(row.cells) else "") or ""
        if _PLAIN_NUMBER.fullmatch(cell.strip()) and (r.baseline_value is None or r.baseline_year != 2020):
            problems.append(f"{r.indicator}: 2020 cell {cell!r} but baseline {r.baseline_value}/{r.baseline_year}")
    assert not problems, "004 专栏2:\n  " + "\n  ".join(problems)


@pytest.mark.corpus
def test_corpus_table_baselines_against_annotations() -> None:
    """The same against the hand annotations: each 专栏2 row with plain numbers in both the 2020
    and the 2025 cell gives a 2025 target whose baseline is the 2020 value (same scale)."""
    path = _table_doc()
    if not (EVAL / "corpus.json").is_file():
        pytest.skip(f"annotations not found at {EVAL}")
    gold = json.loads((EVAL / "corpus.json").read_text("utf-8"))["documents"][TABLE_DOC]
    table = next(t for t in gold["tables"] if t["table"] == "专栏2")
    targets = [r for r in _analysis(path).targets if r.source == "table:专栏2" and not r.is_actual]
    problems = []
    for row in table["rows"]:
        c2020, c2025 = (row["cells"].get(k, "") or "" for k in ("2020", "2025"))
        if not (_PLAIN_NUMBER.fullmatch(c2020) and _PLAIN_NUMBER.fullmatch(c2025)) or float(c2025) == 0:
            continue
        label = row["indicator"]
        found = [r for r in targets if r.value == c2025 and r.year == 2025 and label in r.indicator]
        if not found:
            problems.append(f"{label}: no 2025 target {c2025!r}")
            continue
        r = found[0]
        ratio = float(c2020) / float(c2025)
        if (r.baseline_value is None or r.baseline_year != 2020 or r.value_normalized is None
                or not math.isclose(r.baseline_value / r.value_normalized, ratio, rel_tol=1e-6)):
            problems.append(f"{label}: baseline {r.baseline_value}/{r.baseline_year}, want {c2020} (2020)")
    assert not problems, "004 专栏2 vs annotations:\n  " + "\n  ".join(problems)
