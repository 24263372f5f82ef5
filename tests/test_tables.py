"""Tests for planscope.structure.tables: fixtures written for the purpose, and the real corpus.

* fixtures/tables/*.json: one sidecar per fixture, saying which layout or trap it
  covers and the rows/cells expected (``*.txt`` beside it, or a ``grid`` inside);
* the hand annotation of 004's 专栏1/专栏2 (eval/corpus.json), cell by cell;
* the Nanjing outline's 专栏1/专栏2 (eval/corpus-dev.json), when corpus-dev is present;
* speed on a 250,000-character document;
* the vocabulary data file: every group cites a source, every pattern compiles.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from planscope.model import GridTable, Table, TableRow
from planscope.reading.text import fold_width, normalize
from planscope.structure.tables import find_tables
from planscope.structure.tables.base import Frag, split_unit
from planscope.structure.tables.header import flat_levels
from planscope.structure.tables.vocab import load_raw, vocab

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "tables"


def _env_dir(name: str, default: str) -> Path:
    path = Path(os.environ.get(name, default))
    return path if path.is_absolute() else (ROOT / path).resolve()


CORPUS = _env_dir("PLANSCOPE_CORPUS", "../shared/corpus")
CORPUS_DEV = _env_dir("PLANSCOPE_CORPUS_DEV", "../shared/corpus-dev")
DOC_004 = "004_0e369cfbaccd2f2f.txt"
NANJING = "nanjing_15th_fyp_outline.txt"


def _fold(value: Any) -> str | None:
    return None if value is None else fold_width(str(value))


def _read(path: Path) -> str:
    return normalize(path.read_text(encoding="utf-8")).text


# --------------------------------------------------------------------------- data file


def test_vocab_file_is_valid() -> None:
    """Every group cites its source; words are non-empty strings; regexes compile."""
    raw = load_raw()
    problems: list[str] = []
    for section, groups in raw.items():
        if not isinstance(groups, list):
            problems.append(f"[{section}] must be an array of tables ([[{section}]])")
            continue
        for k, group in enumerate(groups):
            where = f"[[{section}]] #{k + 1}"
            if not str(group.get("source", "")).strip():
                problems.append(f"{where}: no 'source'")
            words = group.get("words")
            regex = group.get("regex")
            if words is None and regex is None:
                problems.append(f"{where}: neither 'words' nor 'regex'")
            for w in words or []:
                if not isinstance(w, str) or not w.strip():
                    problems.append(f"{where}: bad word {w!r}")
            if regex is not None:
                try:
                    pattern = re.compile(regex)
                except re.error as exc:
                    problems.append(f"{where}: regex does not compile: {exc}")
                    continue
                need = {"category_pattern": {"name"}, "title_pattern": {"number", "title"}, "seq_pattern": {"n"}}
                missing = need.get(section, set()) - set(pattern.groupindex)
                if missing:
                    problems.append(f"{where}: regex lacks groups {sorted(missing)}")
    for k, group in enumerate(raw.get("attribute", [])):
        if group.get("means") not in ("约束性", "预期性"):
            problems.append(f"[[attribute]] #{k + 1}: 'means' must be 约束性 or 预期性, not {group.get('means')!r}")
    assert not problems, "table_vocab.toml:\n" + "\n".join(problems)


# --------------------------------------------------------------------------- fixtures


def _fixture_ids() -> list[str]:
    return sorted(p.stem for p in FIXTURES.glob("*.json"))


def _fixture_input(name: str) -> tuple[str, list[GridTable], dict[str, Any]]:
    spec = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    assert spec.get("covers"), f"{name}.json must say which layout or trap it covers"
    if "grid" not in spec:
        return _read(FIXTURES / f"{name}.txt"), [], spec
    text, grid = _render_grid(spec["prose_before"], spec["grid"], spec["prose_after"])
    return normalize(text).text, [grid], spec


def _render_grid(before: str, rows: list[list[str]], after: str) -> tuple[str, GridTable]:
    """The text a docx reader produces: each grid row as one tab-separated line."""
    text = before + "\n"
    start = len(text)
    spans: list[list[tuple[int, int]]] = []
    for row in rows:
        pos = len(text)
        row_spans = []
        for k, cell in enumerate(row):
            row_spans.append((pos, pos + len(cell)))
            pos += len(cell) + (1 if k < len(row) - 1 else 0)
        text += "\t".join(row) + "\n"
        spans.append(row_spans)
    end = len(text) - 1
    text += after + "\n"
    return text, GridTable(cells=rows, spans=spans, start=start, end=end)


def _check_table(table: Table, want: dict[str, Any], where: str) -> list[str]:
    problems: list[str] = []

    def same(label: str, got: Any, expected: Any) -> None:
        if got != expected:
            problems.append(f"{where} {label}: got {got!r}, want {expected!r}")

    for key in ("layout", "number", "title", "columns"):
        if key in want:
            same(key, getattr(table, key), _fold(want[key]) if key == "title" else want[key])
    counts: defaultdict[str, int] = defaultdict(int)
    for row in table.rows:
        counts[row.kind] += 1
    for kind, n in want.get("counts", {}).items():
        same(f"number of {kind} rows", counts[kind], n)
    same("number of rows", len(table.rows), len(want.get("rows", table.rows)))
    for i, (row, expected) in enumerate(zip(table.rows, want.get("rows", []), strict=False)):
        problems.extend(_check_row(table, row, expected, f"{where} row {i}"))
    return problems


def _check_row(table: Table, row: TableRow, want: dict[str, Any], where: str) -> list[str]:
    problems = []
    for key in ("kind", "number", "category", "parent"):
        if key in want and getattr(row, key) != want[key]:
            problems.append(f"{where} {key}: got {getattr(row, key)!r}, want {want[key]!r}")
    for col, value in want.get("cells", {}).items():
        if col not in table.columns:
            problems.append(f"{where}: no column {col!r} in {table.columns}")
            continue
        got = row.cells[table.columns.index(col)]
        if got != _fold(value):
            problems.append(f"{where} [{col}]: got {got!r}, want {_fold(value)!r}")
    return problems


@pytest.mark.parametrize("name", _fixture_ids())
def test_fixture(name: str) -> None:
    text, grids, spec = _fixture_input(name)
    tables = find_tables(text, grids)
    expected = spec["expected"]["tables"]
    problems = [] if len(tables) == len(expected) else [f"{len(tables)} tables, want {len(expected)}"]
    for k, (table, want) in enumerate(zip(tables, expected, strict=False)):
        problems.extend(_check_table(table, want, f"{name} table {k}"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", _fixture_ids())
def test_fixture_spans(name: str) -> None:
    """Spans point at the cells: each row's span holds its cells, and each cell's span
    starts at its first character and ends at its last (a cell rejoined over lines, such
    as a label broken a character a line, spans the line breaks between its pieces)."""
    text, grids, _ = _fixture_input(name)
    for table in find_tables(text, grids):
        assert 0 <= table.start < table.end <= len(text)
        for row in table.rows:
            assert row.start >= table.start and row.end <= table.end, row
            if table.layout == "grid":
                continue
            for cell, span in zip(row.cells, row.spans, strict=True):
                if cell is None:
                    continue
                assert span is not None and row.start <= span[0] < span[1] <= row.end, (cell, span, row)
                assert text[span[0]] == cell[0] and text[span[1] - 1] == cell[-1], (cell, text[span[0]:span[1]])


@pytest.mark.parametrize("name", [n for n in _fixture_ids() if (FIXTURES / f"{n}.txt").exists()])
def test_fixture_with_crlf(name: str) -> None:
    """A file with CRLF line ends reads '\r\n' as two breaks: same tables."""
    raw = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    lf = find_tables(normalize(raw).text)
    crlf = find_tables(normalize(raw.replace("\n", "\r\n")).text)
    assert [t.columns for t in crlf] == [t.columns for t in lf]
    assert [[(r.kind, r.cells) for r in t.rows] for t in crlf] == [
        [(r.kind, r.cells) for r in t.rows] for t in lf
    ]


def test_page_marker_is_not_a_cell() -> None:
    text, _, _ = _fixture_input("flattened_page_marker")
    assert "— 12 —" in text
    (table,) = find_tables(text)
    every = [c for r in table.rows for c in [*r.cells, *r.unplaced] if c]
    assert not any("12 —" in c for c in every)
    assert not any("page" in n or "12 —" in n for n in table.notes)


def test_missing_cells_are_in_notes() -> None:
    text, _, _ = _fixture_input("flattened_lost_cells")
    (table,) = find_tables(text)
    joined = "\n".join(table.notes)
    assert "城镇居民人均可支配收入): 缺少单位 / unit cell missing" in joined
    assert "三次产业结构): 2 value cells for 4 value columns" in joined
    assert "'年均' and '增长(%' joined" in joined


def test_unplaced_cells_are_reported() -> None:
    cells = ["专栏9 测试指标", "序号", "指标名称", "单位", "2020", "2025", "属性"]
    cells += ["1", "地区生产总值", "亿元", "100", "120", "130", "预期性"]
    cells += ["2", "森林覆盖率", "%", "40", "41", "约束性"]
    text = normalize("\n\n".join(cells) + "\n").text
    (table,) = find_tables(text)
    first = table.rows[0]
    assert first.unplaced == ["130"]
    assert any("could not place '130'" in n for n in table.notes)


def test_split_unit_from_label() -> None:
    v = vocab()
    assert split_unit(Frag("城镇(元)", 10, 15), v) == (Frag("城镇", 10, 12), Frag("元", 13, 14))
    assert split_unit(Frag("增速(%", 0, 4), v) == (Frag("增速", 0, 2), Frag("%", 3, 4))
    # a label wrapped over two lines: '能耗降\n    低(%)' (its text does not show the break)
    wrapped = Frag("能耗降", 0, 3).join(Frag("低(%)", 8, 12))
    assert split_unit(wrapped, v) == (Frag("能耗降低", 0, 9), Frag("%", 10, 11))
    assert split_unit(Frag("每千人拥有执业(助理)医师数", 0, 14), v) is None


def test_flat_header_levels() -> None:
    cells = ["序号", "指 标 名 称", "单位", "规划目标", "完成情况", "属性"]
    cells += ["2020", "绝对值", "增速(%", "2020", "绝对值", "增", "速(%"]
    levels, notes = flat_levels(cells, vocab(), 4)
    assert [lv for lv in levels] == [
        ["序号"], ["指标名称"], ["单位"], ["规划目标", "2020", "绝对值"], ["规划目标", "2020", "增速(%"],
        ["完成情况", "2020", "绝对值"], ["完成情况", "2020", "增速(%"], ["属性"],
    ]
    assert notes


def test_no_tables_in_prose() -> None:
    assert find_tables("") == []
    text = "指标体系更加完善。\n序号和编号不是表格。\n\n专栏1  重点任务\n1.推进改革。\n"
    assert find_tables(normalize(text).text) == []


# --------------------------------------------------------------------------- speed


def _big(text: str, size: int = 250_000) -> str:
    return (text * (size // len(text) + 1))[:size]


PROSE = (
    "坚持创新驱动发展，全面塑造发展新优势。深入实施科教兴市战略、人才强市战略，"
    "完善科技创新体制机制，加快建设创新型城市，指标体系更加完善。\n"
)


def test_speed_without_tables() -> None:
    find_tables("序号\n")  # load the vocabulary once
    text = _big(PROSE + "指标完成情况良好，各项任务有序推进。\n\n")
    t0 = time.perf_counter()
    assert find_tables(text) == []
    assert time.perf_counter() - t0 < 1.0  # a guard against a pathology, not the figure (bench/ingest.py)


def test_speed_with_tables() -> None:
    tables = "".join((FIXTURES / f"{n}.txt").read_text(encoding="utf-8") for n in _fixture_ids()
                     if (FIXTURES / f"{n}.txt").exists())
    text = normalize(_big(PROSE * 300 + tables)).text
    find_tables("序号\n")
    t0 = time.perf_counter()
    found = find_tables(text)
    elapsed = time.perf_counter() - t0
    assert len(found) >= 6
    # A guard against a pathological reading (search that explodes), not a speed figure:
    # speed is measured by bench/ingest.py (≈0.3 s here on the CI machine).
    assert elapsed < 2.0, f"{elapsed * 1000:.0f} ms for {len(found)} tables"


# --------------------------------------------------------------------------- corpus


def _gold(eval_name: str, doc: str) -> list[dict[str, Any]]:
    data = json.loads((CORPUS.parent / "eval" / eval_name).read_text(encoding="utf-8"))
    tables: list[dict[str, Any]] = data["documents"][doc]["tables"]
    return tables


class _Score:
    def __init__(self) -> None:
        self.right = 0
        self.total = 0
        self.problems: list[str] = []

    def check(self, label: str, got: Any, want: Any) -> None:
        self.total += 1
        if got == want:
            self.right += 1
        else:
            self.problems.append(f"{label}: got {got!r}, want {want!r}")


def _score_004(table: Table, gold: dict[str, Any], score: _Score) -> None:
    """Every annotated cell of one 004 table against the rebuilt rows."""
    col = {c: i for i, c in enumerate(table.columns)}
    score.check(f"{gold['table']} columns", table.columns, [_fold(c) for c in gold["columns"]])
    value_cols = [_fold(c) for c in gold["columns"][3:-1]]
    numbered = {r.number: i for i, r in enumerate(table.rows) if r.kind == "data"}
    subs: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(table.rows):
        if r.kind == "sub" and r.parent is not None:
            subs[r.parent].append(i)
    seen: dict[int, int] = defaultdict(int)
    for g in gold["rows"]:
        label = f"{gold['table']} {g['no'] or 'sub-row of ' + str(g['parent'])} {g['indicator']}"
        if g["no"] is not None:
            idx = numbered.get(str(g["no"]))
        else:
            parent = numbered.get(str(g["parent"]), -1)
            k = seen[parent]
            seen[parent] += 1
            idx = subs[parent][k] if k < len(subs[parent]) else None
            score.check(f"{label} parent", idx is not None and table.rows[idx].parent, parent)
        if idx is None:
            score.check(f"{label} row", None, "present")
            continue
        row = table.rows[idx]

        def cell(name: str, row: TableRow = row) -> str | None:
            return row.cells[col[name]] if name in col else "<no column>"

        score.check(f"{label} 序号", row.number, None if g["no"] is None else str(g["no"]))
        score.check(f"{label} 指标名称", cell("指标名称"), _fold(g["indicator"]))
        score.check(f"{label} 单位", cell("单位"), _fold(g["unit"]))
        for name, value in zip(value_cols, g["cells"].values(), strict=True):
            score.check(f"{label} [{name}]", cell(name or ""), _fold(value))
        score.check(f"{label} 属性", cell("属性"), g["attribute"])
        score.check(f"{label} category", row.category, g["category"])


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / DOC_004).exists(), reason=f"corpus not found at {CORPUS}")
def test_corpus_004_tables_match_annotation() -> None:
    tables = {t.number: t for t in find_tables(_read(CORPUS / DOC_004))}
    assert set(tables) == {"专栏1", "专栏2"}
    box1, box2 = tables["专栏1"], tables["专栏2"]
    assert box1.layout == box2.layout == "flattened"
    assert sum(r.kind == "data" for r in box1.rows) == 30
    assert sum(r.kind == "data" for r in box2.rows) == 26
    assert sum(r.kind == "sub" for r in box2.rows) == 4
    score = _Score()
    for gold in _gold("corpus.json", DOC_004):
        table = tables[gold["table"]]
        score.check(f"{gold['table']} title", table.title, _fold(gold["title"]))
        _score_004(table, gold, score)
    print(f"\n004 tables: {score.right}/{score.total} annotated cells right")
    assert not score.problems, f"{score.right}/{score.total} right:\n" + "\n".join(score.problems)


def _column_for(table: Table, gold_name: str) -> int | None:
    want = _fold(gold_name) or ""
    for i, c in enumerate(table.columns):
        if c == want or c.endswith("·" + want):
            return i
    return None


def _score_nanjing(table: Table, gold: dict[str, Any], score: _Score) -> None:
    name_col = table.columns.index("指标")
    attr_col = table.columns.index("属性")
    numbered = {r.number: i for i, r in enumerate(table.rows) if r.kind == "data"}
    subs: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(table.rows):
        if r.kind == "sub" and r.parent is not None:
            subs[r.parent].append(i)
    seen: dict[int, int] = defaultdict(int)
    for g in gold["rows"]:
        label = f"{gold['table']} {g['no']} {g['indicator']}"
        idx = numbered.get(str(g["no"]))
        raw = _fold(g["indicator_raw"]) or ""
        if g.get("parent_indicator") and idx is not None:
            score.check(f"{label} parent name", table.rows[idx].cells[name_col], _fold(g["parent_indicator"]))
            k = seen[idx]
            seen[idx] += 1
            idx = subs[idx][k] if k < len(subs[idx]) else None
            raw = raw.split(" / ")[-1]
        if idx is None:
            score.check(f"{label} row", None, "present")
            continue
        row = table.rows[idx]
        score.check(f"{label} 指标", row.cells[name_col], raw)
        score.check(f"{label} 属性", row.cells[attr_col], g["attribute"])
        score.check(f"{label} category", row.category, g["category"])
        for name, value in g["cells"].items():
            c = _column_for(table, name)
            score.check(f"{label} [{name}]", None if c is None else row.cells[c], _fold(value))


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS_DEV / NANJING).exists(), reason=f"corpus-dev not found at {CORPUS_DEV}")
def test_corpus_dev_nanjing_tables() -> None:
    """Development check on the Nanjing 十五五 outline (spaced layout, wrapped rows)."""
    tables = {t.number: t for t in find_tables(_read(CORPUS_DEV / NANJING))}
    assert set(tables) == {"专栏1", "专栏2"}
    score = _Score()
    gold_all = json.loads((CORPUS_DEV.parent / "eval" / "corpus-dev.json").read_text("utf-8"))
    for gold in gold_all["documents"][NANJING]["tables"]:
        table = tables[gold["table"]]
        print(f"\n{table.number} {table.title} [{table.layout}] {table.columns}")
        for i, r in enumerate(table.rows):
            print(f"  {i:2} {r.kind:8} {r.category or '':6} parent={r.parent} {r.cells}")
        score.check(f"{gold['table']} title", table.title, _fold(gold["title"]))
        _score_nanjing(table, gold, score)
    print(f"\nNanjing tables: {score.right}/{score.total} annotated cells right")
    assert not score.problems, f"{score.right}/{score.total} right:\n" + "\n".join(score.problems)


def test_a_long_table_whose_numbers_stop_is_read_row_by_row() -> None:
    """Only the first row has a 序号 (the rest were lost): the 300 rows after it are one long
    stretch between anchors, read a row at a time (no recursion that grows with it)."""
    cells = ["专栏9 测试指标", "序号", "指标名称", "单位", "2020", "2025", "属性", "1", "地区生产总值", "亿元",
             "100", "120", "预期性"]
    for i in range(300):
        cells += [f"指标{i}", "亿元", str(i), str(i + 1), "预期性"]
    (table,) = find_tables(normalize("\n".join(cells) + "\n").text)
    rows = [r for r in table.rows if r.kind in ("data", "sub")]
    assert len(rows) == 301
    assert rows[-1].cells[1:] == ["指标299", "亿元", "299", "300", "预期性"]


def _gold_rows(doc: str) -> list[dict[str, Any]]:
    data = json.loads((CORPUS_DEV.parent / "eval" / "corpus-dev.json").read_text("utf-8"))
    return [row for table in data["documents"][doc]["tables"] for row in table["rows"]]


def _strip_unit(name: str | None) -> str:
    return re.sub(r"\([^()]*\)$", "", _fold(name) or "")


@pytest.mark.corpus
@pytest.mark.parametrize("doc", ["beijing_15th_fyp_outline.txt", "hangzhou_15th_fyp_outline.txt"])
def test_corpus_dev_outline_tables_of_other_layouts(doc: str) -> None:
    """The PDF-derived (single spaces, wrapped cells) and web-derived (a cell per line)
    outlines: every annotated row of the main-indicator table, its name, unit, values,
    attribute, category and group label, as `planscope tables` shows it."""
    if not (CORPUS_DEV / doc).exists():
        pytest.skip(f"corpus-dev not found at {CORPUS_DEV}")
    v = vocab()
    tables = [t for t in find_tables(_read(CORPUS_DEV / doc)) if any(v.attribute(c) for r in t.rows for c in r.cells)]
    assert len(tables) == 1, [t.title for t in tables]
    (table,) = tables
    name_col = table.columns.index(next(c for c in table.columns if c.startswith("指标")))
    attr_col = table.columns.index("属性")
    values = [i for i, c in enumerate(table.columns) if re.search(r"20\d\d|年均|累计", c)]
    data = [r for r in table.rows if r.kind in ("data", "sub")]
    score = _Score()
    groups: dict[str, int] = {}
    for g in _gold_rows(doc):
        label = f"{g['no']} {g['indicator']}"
        if g.get("parent"):
            head = next((i for i, r in enumerate(table.rows) if r.number == str(g["no"])), None)
            seen = groups.get(g["no"], 0)
            groups[g["no"]] = seen + 1
            subs = [r for r in table.rows if r.kind == "sub" and r.parent == head]
            row = subs[seen] if seen < len(subs) else None
            score.check(f"{label} parent", head is not None and table.rows[head].cells[name_col], _fold(g["parent"]))
        else:
            row = next((r for r in data if r.number == str(g["no"])), None)
        if row is None:
            score.check(f"{label} row", None, "present")
            continue
        score.check(f"{label} name", _strip_unit(row.cells[name_col]), _fold(g["indicator"]))
        unit = re.search(r"\(([^()]*)\)$", _fold(row.cells[name_col]) or "")
        score.check(f"{label} unit", unit.group(1) if unit else None, _fold(g["unit"]))
        cells = {_fold(row.cells[i]) for i in values if row.cells[i]}
        for key in ("base", "target"):
            if g["cells"].get(key) is not None:
                score.check(f"{label} {key}", _fold(g["cells"][key]) in cells, True)
        score.check(f"{label} 属性", v.attribute(row.cells[attr_col]), g["attribute"])
        score.check(f"{label} category", row.category, g["category"])
    print(f"\n{doc}: {score.right}/{score.total} annotated cells right")
    assert not score.problems, f"{score.right}/{score.total} right:\n" + "\n".join(score.problems)


def _numbered_table(rows: list[list[str]]) -> str:
    head = ["示例市国民经济和社会发展第十五个五年规划纲要", "表1 主要指标", "序号 指标 单位 2025年 2030年 属性"]
    return normalize("\n".join(head + [" ".join(r) for r in rows]) + "\n").text


def _row(i: int) -> list[str]:
    return [str(i), f"指标{i}", "亿元", str(i), str(i + 1), "预期性"]


def test_a_table_of_many_thousand_regular_rows_is_one_table() -> None:
    """序号 past 999 continue the sequence (a bare 2025 elsewhere is no 序号); regular rows
    are read at once (bench/ingest.py times 50,000 of them)."""
    text = _numbered_table([_row(i) for i in range(1, 3001)])
    (table,) = find_tables(text)
    assert len(table.rows) == 3000
    assert table.rows[-1].cells == _row(3000)
    assert table.rows[1500].number == "1501"
    assert not table.notes


def test_rows_that_cannot_be_read_are_named() -> None:
    rows = [_row(i) for i in range(1, 31)]
    rows[11] = ["12"]  # the rest of row 12 lost
    rows[14] = ["15", "指标15", "亿元"]  # its values lost
    (table,) = find_tables(_numbered_table(rows))
    joined = "\n".join(table.notes)
    assert "'12'" in joined and "could not place" in joined  # the lone 序号 is named
    assert "指标15" in joined and "every value cell is empty" in joined
    assert [r.cells for r in table.rows if r.number == "16"] == [_row(16)]  # the rows after are whole
