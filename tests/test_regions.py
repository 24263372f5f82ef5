"""The region table: the data files are valid, and lookups, resolve and mentions work."""

from __future__ import annotations

import csv
import io
import re
import time
from collections import Counter

import pytest

from planscope.catalogue.regions import (
    COLUMNS,
    DATA_FILES,
    LEVEL_RANK,
    NATION_CODE,
    Region,
    RegionTable,
    load_regions,
    parse_rows,
    read_data_file,
)
from planscope.errors import OverrideError

# A short name may equal another region's full name only when listed here, with why.
DOCUMENTED_COLLISIONS: dict[str, str] = {}

Row = tuple[str, int, list[str]]  # file name, line number, cells


def _rows() -> list[Row]:
    rows: list[Row] = []
    for name in DATA_FILES:
        reader = csv.reader(io.StringIO(read_data_file(name)))
        for cells in reader:
            rows.append((name, reader.line_num, cells))
    return rows


def _code_pattern_ok(code: str, level: str) -> bool:
    if level == "national":
        return code == NATION_CODE
    if level == "province":
        return code.endswith("0000")
    if level == "city":
        return code.endswith("00") and not code.endswith("0000")
    return not code.endswith("00")


def _check_row(where: str, cells: list[str], problems: list[str]) -> None:
    code, name, short, level, parent, source = cells
    if not re.fullmatch(r"\d{6}", code):
        problems.append(f"{where}: code {code!r} is not 6 digits")
    if level not in LEVEL_RANK:
        problems.append(f"{where}: unknown level {level!r}")
    elif not _code_pattern_ok(code, level):
        problems.append(f"{where}: code {code} does not fit level {level}")
    if not name or name != name.strip() or re.search(r"\s", name):
        problems.append(f"{where}: bad name {name!r}")
    if not source.strip():
        problems.append(f"{where}: no source")
    if level == "national" and parent:
        problems.append(f"{where}: the nation has a parent")
    if level != "national" and not parent:
        problems.append(f"{where}: no parent_code")
    shorts = short.split("|") if short else []
    for s in shorts:
        if not s or s != s.strip() or len(s) < 2 or s == name:
            problems.append(f"{where}: bad short name {s!r} in {short!r}")
    if len(set(shorts)) != len(shorts):
        problems.append(f"{where}: repeated short name in {short!r}")


def _check_parent(where: str, cells: list[str], levels: dict[str, str],
                  problems: list[str]) -> None:
    code, _, _, level, parent, _ = cells
    if not parent or level not in LEVEL_RANK:
        return
    if parent not in levels:
        problems.append(f"{where}: parent {parent} of {code} does not exist")
        return
    parent_level = levels[parent]
    if LEVEL_RANK.get(parent_level, 99) >= LEVEL_RANK[level]:
        problems.append(f"{where}: parent {parent} ({parent_level}) is not above {level}")
    elif parent_level == "province" and code[:2] != parent[:2]:
        problems.append(f"{where}: {code} is not under its province {parent}")
    elif parent_level == "city" and code[:4] != parent[:4]:
        problems.append(f"{where}: {code} is not under its city {parent}")


def _check_names(rows: list[Row], problems: list[str]) -> None:
    full_names = {cells[1]: cells[0] for _, _, cells in rows if len(cells) == len(COLUMNS)}
    real_names = {
        n for file, _, cells in rows if file == DATA_FILES[0] and len(cells) == len(COLUMNS)
        for n in [cells[1], *filter(None, cells[2].split("|"))]
    }
    for file, line, cells in rows:
        if len(cells) != len(COLUMNS):
            continue
        code, name, short = cells[:3]
        for s in filter(None, short.split("|")):
            other = full_names.get(s)
            if other and other != code and s not in DOCUMENTED_COLLISIONS:
                problems.append(f"{file}:{line}: short name {s} is the full name of {other}")
            if file != DATA_FILES[0] and s in real_names:
                problems.append(f"{file}:{line}: short name {s} is a real region's name")
        if file != DATA_FILES[0] and (not code.startswith("99") or name in real_names):
            problems.append(f"{file}:{line}: sample region {code} {name} collides with real ones")


def test_data_files_are_valid() -> None:
    """One pass over both files; every problem is reported with file and line."""
    problems: list[str] = []
    rows: list[Row] = []
    seen: dict[str, str] = {}
    for file, line, cells in _rows():
        where = f"{file}:{line}"
        if line == 1:
            if cells != list(COLUMNS):
                problems.append(f"{where}: header {cells} is not {list(COLUMNS)}")
            continue
        if len(cells) != len(COLUMNS):
            problems.append(f"{where}: {len(cells)} columns instead of {len(COLUMNS)}")
            continue
        if cells[0] in seen:
            problems.append(f"{where}: code {cells[0]} repeats {seen[cells[0]]}")
        seen[cells[0]] = where
        _check_row(where, cells, problems)
        rows.append((file, line, cells))
    levels = {cells[0]: cells[3] for _, _, cells in rows}
    for file, line, cells in rows:
        _check_parent(f"{file}:{line}", cells, levels, problems)
    _check_names(rows, problems)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_counts() -> None:
    rows = list(parse_rows(read_data_file(DATA_FILES[0])))
    levels = Counter(r.level for r in rows)
    assert levels["national"] == 1
    assert levels["province"] >= 31
    assert levels["city"] >= 330
    assert levels["county"] >= 2800
    extra = list(parse_rows(read_data_file(DATA_FILES[1])))
    assert extra and all(r.code.startswith("99") for r in extra)  # the fictional sample regions
    assert len(load_regions()) == len(rows) + len(extra)


@pytest.fixture(scope="module")
def table() -> RegionTable:
    return load_regions()


def _codes(regions: list[Region]) -> list[str]:
    return [r.code for r in regions]


def test_get_and_lookup(table: RegionTable) -> None:
    xiangxiang = table.get("430381")
    assert xiangxiang is not None and xiangxiang.name == "湘乡市"
    assert xiangxiang.parent_code == "430300" and xiangxiang.level == "county"
    assert xiangxiang.names == ("湘乡市", "湘乡")
    assert _codes(table.lookup("湘乡")) == ["430381"]
    assert _codes(table.lookup(" 湘乡市 ")) == ["430381"]
    assert "430100" in _codes(table.lookup("长沙"))
    assert _codes(table.lookup("南京市")) == ["320100"]
    assert _codes(table.lookup("衡阳市")) == ["430400"]
    assert _codes(table.lookup("广西")) == ["450000"]
    assert _codes(table.lookup("内蒙古")) == ["150000"]
    assert _codes(table.lookup("新疆")) == ["650000"]
    assert _codes(table.lookup("湘西")) == ["433100"]
    assert _codes(table.lookup("石林")) == ["530126"]
    assert table.lookup("火星") == []
    assert table.get("999999") is None


def test_hierarchy(table: RegionTable) -> None:
    xiangxiang = table.resolve("430381")
    assert _codes(table.ancestors(xiangxiang)) == ["430300", "430000", NATION_CODE]
    changsha = table.resolve("长沙")
    assert changsha.code == "430100" and table.parent(changsha).code == "430000"  # type: ignore[union-attr]
    assert table.parent(table.resolve(NATION_CODE)) is None
    provinces = table.children(NATION_CODE)
    assert "430000" in _codes(provinces) and all(r.level == "province" for r in provinces)
    assert "430381" in _codes(table.children("430300"))
    # municipality districts and province-administered units hang on the province
    assert table.resolve("东城区").parent_code == "110000"
    assert table.resolve("419001").parent_code == "410000"
    assert table.resolve("仙桃市").parent_code == "420000"
    assert table.get("110100") is None  # no 市辖区 pseudo-city
    sample = table.resolve("示例县")
    assert _codes(table.ancestors(sample)) == ["990100", "990000", NATION_CODE]


def test_resolve_forms(table: RegionTable) -> None:
    for text in ("430381", "湘乡市", "湘乡", " 湘乡 ", "湖南省湘潭市湘乡市", "湘潭市/湘乡市",
                 "湖南 湘乡", "湖南/湘乡市"):
        assert table.resolve(text).code == "430381", text
    assert table.resolve("北京市朝阳区").code == "110105"
    assert table.resolve("吉林省长春市朝阳区").code == "220104"
    assert table.resolve("西安").code == "610100"  # the city, not 西安区
    assert table.resolve("中国").code == NATION_CODE


def test_resolve_errors(table: RegionTable) -> None:
    with pytest.raises(OverrideError) as err:
        table.resolve("朝阳区")
    message = str(err.value)
    assert "110105" in message and "220104" in message and "北京市朝阳区" in message
    assert " / " in message and "ambiguous" in message and "\n" not in message
    for text in ("火星市", "999999", "", "湖南省/南京市"):
        with pytest.raises(OverrideError, match="unknown region"):
            table.resolve(text)


def _spans(table: RegionTable, text: str) -> list[tuple[str, str]]:
    return [(r.code, text[s:e]) for r, s, e in table.mentions(text)]


def test_mentions(table: RegionTable) -> None:
    text = "湖南省湘潭市湘乡市是湖南的县级市。"
    found = table.mentions(text)
    spans = [(r.code, s, e) for r, s, e in found]
    assert spans == [("430000", 0, 3), ("430300", 3, 6), ("430381", 6, 9), ("430000", 10, 12)]
    assert text[6:9] == "湘乡市" and text[10:12] == "湖南"


def test_mentions_skip_generic_words(table: RegionTable) -> None:
    text = ("发展战略性新兴产业，绿水青山就是金山银山，开展示范县创建，振兴县域经济，城区人口，"
            "统筹发展和安全，深化创新和改革，效益最大化，坚持远大理想。")
    assert _spans(table, text) == []
    # county short names count only where the county or its parent is named too
    assert _spans(table, "岳麓山下") == []
    assert _spans(table, "长沙岳麓") == [("430100", "长沙"), ("430104", "岳麓")]
    assert _spans(table, "钟山区域") == []  # 钟山 + 区域, not 钟山区
    assert ("410926", "范县") in _spans(table, "河南省濮阳市范县")
    assert _spans(table, "鼓楼区") == [(c, "鼓楼区") for c in
                                     ("320106", "320302", "350102", "410204")]
    assert _spans(table, "全国") == [(NATION_CODE, "全国")]


def test_speed() -> None:
    start = time.perf_counter()
    table = RegionTable(r for name in DATA_FILES for r in parse_rows(read_data_file(name)))
    assert time.perf_counter() - start < 3.0  # a guard against a pathology, not the figure (bench/regions.py: ~0.1 s)
    table.mentions("预热")  # builds the pattern once
    text = ("湖南省湘潭市湘乡市坚持创新驱动发展，推动长株潭一体化，加快建设现代化新湘乡。" * 7000)[:250_000]
    start = time.perf_counter()
    found = table.mentions(text)
    assert time.perf_counter() - start < 5.0  # a guard, as above (bench/regions.py: ~0.2 s)
    assert len(found) > 10_000
