"""Document facts: title, issuer, region, level, type, date and period, and overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planscope.errors import OverrideError
from planscope.facts import apply_overrides, detect_facts, fyp_years, parse_period
from planscope.structure import count_kinds, outline
from planscope.text import normalize

from locations import FIXTURES

CORPUS_FACTS = {
    "000_6c93ff690b8fd3f4.txt": ("430100", "city", "proposal", 2021, 2025, 2020),
    "001_5294619d250853ef.txt": ("430000", "province", "opinion", 2021, 2025, 2020),
    "002_a3b9ef93fe452a72.txt": ("430400", "city", "proposal", 2021, 2025, 2020),
    "003_e463bea853180df1.txt": ("430100", "city", "decision", 2022, 2026, 2021),
    "004_0e369cfbaccd2f2f.txt": ("430381", "county", "outline", 2021, 2025, 2020),
}


@pytest.mark.parametrize("name", sorted(CORPUS_FACTS))
def test_corpus_facts(corpus: Path, name: str) -> None:
    facts = detect_facts(normalize((corpus / name).read_text("utf-8")).text)
    got = (facts.region_code.value, facts.level.value, facts.doc_type.value,
           facts.period_start.value, facts.period_end.value, facts.base_year.value)
    assert got == CORPUS_FACTS[name]


def test_fact_spans_point_at_their_evidence() -> None:
    text = ("首页 > 要闻\n\n中共某某市委关于制定湘乡市国民经济和社会发展第十五个五年规划的建议\n\n"
            "（2025年12月20日通过）\n")
    facts = detect_facts(normalize(text).text)
    assert text[facts.region.start:facts.region.end] == "湘乡市"
    assert facts.date.value == "2025-12-20"
    assert (facts.period_start.value, facts.period_end.value, facts.base_year.value) == (2026, 2030, 2025)
    assert "十五" in text[facts.period_start.start:facts.period_start.end]


def test_damaged_adoption_date_is_read_only_when_unambiguous() -> None:
    one = detect_facts("某县国民经济和社会发展第十四个五年规划纲要\n(202136日某县第八届人民代表大会第六次会议批准)\n")
    assert one.date.value == "2021-03-06" and "uncertain" in (one.date.note or "")
    two = detect_facts("某县国民经济和社会发展第十四个五年规划纲要\n(2021112日某县第八届人民代表大会第六次会议批准)\n")
    assert two.date.value is None


def test_bulletin_without_title_takes_its_year_from_the_text() -> None:
    text = ("某市统计局\n2025年3月\n2024年，全市经济运行总体平稳。\n一、综合\n"
            "初步核算，全年地区生产总值1234.5亿元，比上年增长5.0%。\n"
            "年末常住人口356.2万人，比上年末增加1.1万人。全年居民消费价格比上年上涨0.3%。\n"
            "二、农业\n全年粮食总产量45.6万吨，比上年增长1.2%。\n")
    facts = detect_facts(text)
    assert facts.doc_type.value == "bulletin"
    assert (facts.period_start.value, facts.period_end.value) == (2024, 2024)


def test_fyp_years() -> None:
    assert fyp_years(13) == (2016, 2020)
    assert fyp_years(14) == (2021, 2025)
    assert fyp_years(15) == (2026, 2030)


@pytest.mark.parametrize(("raw", "want"), [
    ("十四五", (2021, 2025, 2020)), ("“十五五”", (2026, 2030, 2025)), ("15", (2026, 2030, 2025)),
    ("2022-2026", (2022, 2026, 2021)), ("2021–2025", (2021, 2025, 2020)),
])
def test_parse_period(raw: str, want: tuple[int, int, int]) -> None:
    assert parse_period(raw) == want


def test_overrides_are_recorded_as_overrides() -> None:
    facts = detect_facts("湘乡市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要\n")
    apply_overrides(facts, {"region": "430300", "type": "special_plan", "period": "十五五"})
    assert (facts.region.value, facts.region_code.value, facts.level.value) == ("湘潭市", "430300", "city")
    assert facts.region.source == facts.doc_type.source == facts.period_start.source == "override"
    assert facts.title.source == "detected"
    assert facts.region_code.note == "识别值 detected: 430381"
    assert facts.period_start.note == "识别值 detected: 2021"


@pytest.mark.parametrize(("key", "value"), [("region", "不存在市"), ("type", "novel"), ("period", "soon"),
                                            ("date", "2021-13-40")])
def test_bad_override_is_a_clear_error(key: str, value: str) -> None:
    facts = detect_facts("某文件\n")
    with pytest.raises(OverrideError) as info:
        apply_overrides(facts, {key: value})
    assert value in str(info.value) and "\n" not in str(info.value)


def _fixture_docs() -> list[Path]:
    return sorted((FIXTURES / "docs").glob("*.expect.json"))


@pytest.mark.parametrize("expect_path", _fixture_docs(), ids=lambda p: p.name.split(".")[0])
def test_unseen_layouts(expect_path: Path) -> None:
    """Documents of other regions, periods and layouts, written for planscope."""
    expect = json.loads(expect_path.read_text("utf-8"))
    doc = next(p for p in expect_path.parent.iterdir()
               if p.name.startswith(expect_path.name.removesuffix(".expect.json") + ".")
               and not p.name.endswith(".expect.json"))
    from planscope.reading import read_file

    text = normalize(read_file(doc).text).text
    facts = detect_facts(text)
    got = {"region_code": facts.region_code.value, "level": facts.level.value, "type": facts.doc_type.value,
           "period_start": facts.period_start.value, "period_end": facts.period_end.value,
           "base_year": facts.base_year.value, "date": facts.date.value, "title": facts.title.value}
    for optional, fact in (("issuer", facts.issuer), ("title_source", None)):
        if optional in expect:
            got[optional] = fact.value if fact else facts.title.source
    want = {k: expect[k] for k in got}
    want["title"] = normalize(want["title"]).text if want["title"] else None
    assert got == want, expect["covers"]
    if expect.get("outline"):
        roots = outline(text)
        counts = count_kinds(roots)
        for kind, n in expect["outline"].get("counts", {}).items():
            assert counts.get(kind, 0) == n, (kind, counts, expect["covers"])


def test_document_facts_wording_file_cites_sources_and_compiles() -> None:
    import re
    import tomllib
    from importlib import resources

    raw = tomllib.loads(resources.files("planscope.data").joinpath("document_facts.toml").read_text("utf-8"))
    assert {"title", "issuer", "region", "date", "period", "bulletin"} <= set(raw)
    for name, section in raw.items():
        assert str(section.get("source", "")).strip(), f"[{name}] cites no source"
        for key, value in section.items():
            if key != "source" and isinstance(value, str):
                re.compile(value)  # every pattern compiles
