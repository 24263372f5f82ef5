"""Document facts: title, issuer, region, level, type, date and period, and overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planscope.errors import OverrideError
from planscope.extraction.facts import apply_overrides, detect_facts, fyp_years, parse_period
from planscope.reading.text import normalize
from planscope.structure.outline import count_kinds, outline

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


# --- who speaks, page metadata, derived titles ------------------------------------------


def _facts_of(path: Path) -> dict[str, object]:
    from planscope.reading import read_file

    f = detect_facts(normalize(read_file(path).text).text)
    return {name: fact.value for name, fact in f.as_dict().items()}


def test_same_page_as_gbk_html_utf8_html_and_copied_text_gives_the_same_facts() -> None:
    docs = FIXTURES / "docs"
    pages = [docs / "shaoxing_work_report_page_gbk.html", docs / "shaoxing_work_report_page_utf8.html",
             docs / "shaoxing_work_report_page_copied.txt"]
    facts = [_facts_of(p) for p in pages]
    assert facts[0] == facts[1] == facts[2]
    assert facts[0]["issuer"] == "绍兴市人民政府办公室" and facts[0]["title"] == "政府工作报告"


@pytest.mark.parametrize(("raw", "clean"), [
    ("2 0 2 4 年德阳市国民经济和社会发展", "2024年德阳市国民经济和社会发展"),
    ("统 计 公 报", "统计公报"),
    ("2021 年成都市国民经济和社会发展统计公报", "2021年成都市国民经济和社会发展统计公报"),
    ("2 0 2 5 年 3 月 2 8 日", "2025年3月28日"),
    ("中共安徽省委 安徽省人民政府关于加快建设的实施意见", "中共安徽省委 安徽省人民政府关于加快建设的实施意见"),
    ("序    言", "序    言"),  # a wide gap is layout, not letter spacing
])
def test_letter_spacing_is_removed_and_word_spaces_kept(raw: str, clean: str) -> None:
    from planscope.extraction.facts import despace

    text, index = despace(raw)
    assert text == clean
    assert "".join(raw[i] for i in index) == clean  # every character maps back to the original


def test_metadata_rows_give_issuer_and_date_and_never_the_title() -> None:
    text = ("当前位置：首页 > 信息公开 > 规划计划\n"
            "索引号：000000/2026-00012　主题分类：发展规划\\规划纲要\n"
            "发布机构：示例县发展和改革局　成文日期：2026年02月10日\n"
            "标题：示例县国民经济和社会发展第十五个五年规划纲要\n"
            "发布时间：2026-02-14 09:00　来源：县发展改革局　浏览次数：88\n"
            "示例县国民经济和社会发展第十五个五年规划纲要\n"
            "第一章　发展基础\n“十四五”时期，全县经济总量稳步提升。\n")
    facts = detect_facts(normalize(text).text)
    assert facts.title.value == "示例县国民经济和社会发展第十五个五年规划纲要"
    assert text[facts.title.start:facts.title.end] == facts.title.value
    assert facts.title.start == text.index("\n示例县国民") + 1  # the headline, not the 标题 row
    assert facts.issuer.value == "示例县发展和改革局" and "发布机构" in (facts.issuer.note or "")
    assert facts.date.value == "2026-02-10" and "成文日期" in (facts.date.note or "")


def test_publication_time_is_the_last_resort_for_the_date() -> None:
    text = ("发布时间：2026-02-14 09:00　来源：某某日报\n"
            "示例市国民经济和社会发展第十五个五年规划纲要\n第一章　发展基础\n全市经济总量稳步提升。\n")
    facts = detect_facts(text)
    assert facts.date.value == "2026-02-14" and "publication" in (facts.date.note or "")
    assert facts.issuer.value is None  # a newspaper is a source, not an issuer


def test_dateline_city_is_not_the_region() -> None:
    text = ("新华社北京1月20日电\n各位代表：\n现在，我代表省人民政府，向大会报告工作，请予审议。\n"
            "过去一年，全省经济稳中向好，湖北与北京、上海的科技合作持续深化，武汉都市圈加快建设。\n"
            "今年全省要推动武汉、襄阳、宜昌加快发展，支持北京高校在鄂设立研究院。\n")
    facts = detect_facts(text)
    assert (facts.region_code.value, facts.doc_type.value) == ("420000", "work_report")


def test_untitled_work_report_gets_a_derived_title_without_a_span() -> None:
    text = ("各位代表：\n现在，我代表县人民政府，向大会报告工作，请予审议。\n一、2025年工作回顾\n"
            "过去一年，全县上下团结奋进，示例县经济运行稳中有进。\n二、2026年重点工作\n全县要坚持稳中求进。\n")
    facts = detect_facts(text)
    assert facts.doc_type.value == "work_report"
    assert (facts.period_start.value, facts.period_end.value) == (2026, 2026)
    assert facts.title.value == "示例县2026年政府工作报告"
    assert facts.title.source == "derived" and facts.title.start is None and "推定" in (facts.title.note or "")


def test_a_found_title_is_never_replaced_by_a_derived_one() -> None:
    facts = detect_facts("政府工作报告\n各位代表：\n现在，我代表市人民政府，向大会报告工作。\n全市示例市发展。\n")
    assert facts.title.value == "政府工作报告" and facts.title.source == "detected"


@pytest.mark.parametrize(("text", "kind"), [
    ("全市经济增长，我市产业升级，本市人口增加，全省第一。", "市"),
    ("全省经济增长，我省产业升级，全省人口增加，全市第一。", "省"),
    ("全国经济增长，我国产业升级，我国人口增加。", "国"),
    ("全市经济增长，全省产业升级。", None),  # too few, and no word dominates
])
def test_the_kind_a_text_calls_itself_by(text: str, kind: str | None) -> None:
    from planscope.extraction.facts_region import self_kind

    assert self_kind(text) == kind


def test_footer_lines_of_any_length_end_the_body() -> None:
    from planscope.extraction.facts import body_end
    from planscope.structure.outline import edge_lines

    body = "全县上下要团结一心，为实现目标而努力奋斗！\n"
    text = (body + "相关链接\n示例县2025年政府工作报告\n网站地图 | 联系我们\n"
            "主办单位：示例县人民政府办公室　版权所有：示例县人民政府　某ICP备00000000号　网站标识码：0000000000\n")
    assert body_end(edge_lines(text), len(text)) == len(body)


def test_metadata_keys_and_values_on_separate_lines() -> None:
    """A <dt>/<dd> page, or a table copied one cell per line: each key alone on its line."""
    text = ("索引号：\n000000/2026-00003\n主题分类：\n综合政务\\政府工作报告\n发布机构：\n示例市人民政府办公室\n"
            "成文日期：\n2026年01月20日\n发文字号：\n政府工作报告\n"
            "——2026年1月14日在示例市第九届人民代表大会第五次会议上\n各位代表：\n"
            "现在，我代表市人民政府，向大会报告工作，请予审议。\n")
    facts = detect_facts(text)
    assert facts.title.value == "政府工作报告" and facts.title.start == text.index("\n政府工作报告") + 1
    assert facts.issuer.value == "示例市人民政府办公室"
    assert facts.date.value == "2026-01-14"
    assert facts.region_code.value == "990100"


def test_an_empty_key_above_the_headline_keeps_the_headline() -> None:
    text = ("索引号：000000/2026-00003　主题分类：综合政务\n发布机构：示例市人民政府办公室\n发文字号：\n"
            "政府工作报告\n发布时间：2026-01-22 09:30\n各位代表：\n现在，我代表市人民政府，向大会报告工作。\n")
    facts = detect_facts(text)
    assert facts.title.value == "政府工作报告" and facts.issuer.value == "示例市人民政府办公室"


@pytest.mark.parametrize("line", [
    "示例市2026年政府工作报告（全文）",
    "示例市2026年政府工作报告——2026年1月14日在示例市第九届人民代表大会第五次会议上",
    "新华社示例3月5日电 示例市2026年政府工作报告",
])
def test_title_without_repost_marks_and_subtitle(line: str) -> None:
    facts = detect_facts(line + "\n各位代表：\n现在，我代表市人民政府，向大会报告工作。\n")
    assert facts.title.value == "示例市2026年政府工作报告"
    assert line[facts.title.start:facts.title.end] == "示例市2026年政府工作报告"
