"""The indicator catalogue: the data file in one pass, and the name matcher."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from planscope.catalogue.indicators import (
    KINDS,
    Catalogue,
    Indicator,
    check_data,
    load_catalogue,
    load_raw,
    measure_class,
    normalize_name,
)


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def matched_id(cat: Catalogue, name: str, kind: str | None = None) -> str | None:
    found = cat.match(name, kind)
    return found.indicator.id if found else None


# ---------------------------------------------------------------------------------------
# The data file
# ---------------------------------------------------------------------------------------


def test_data_file_has_no_problems() -> None:
    problems = check_data(load_raw())
    assert not problems, f"{len(problems)} problem(s) in indicators.toml:\n" + "\n".join(problems)


def test_at_least_130_indicators(cat: Catalogue) -> None:
    assert len(cat) >= 130


def test_validator_reports_every_problem_with_its_entry() -> None:
    good = {
        "id": "gdp", "zh": "地区生产总值", "en": "GDP", "aliases": ["GDP"], "unit": "亿元", "unit_base": "yuan",
        "category": "经济发展", "direction": "up", "kind": "level", "source": "统计公报",
    }  # fmt: skip
    raw = {
        "indicator": [
            good,
            {**good, "zh": "国内生产总值", "aliases": []},  # id repeats
            {**good, "id": "gdp_growth", "zh": "地区生产总值增长", "aliases": ["地区生产总值(GDP)"], "kind": "growth"},
            {**good, "id": "Bad-Id", "zh": "人均GDP", "aliases": ["人均GDP增长"], "unit_base": "dollars"},
            {k: v for k, v in good.items() if k not in ("source", "category")} | {"id": "no_source", "zh": "x值"},
            {**good, "id": "twice", "zh": "某指标", "aliases": ["某指标（%）"]},
        ]
    }
    problems = "\n".join(check_data(raw))
    for expected in (
        "only 6 indicators",
        "#2 (gdp): id repeats entry #1",
        "#3 (gdp_growth): kind 'growth' is not one of",
        "#3 (gdp_growth): alias '地区生产总值(GDP)' (as '地区生产总值') is also a name of gdp",
        "#4 (Bad-Id): id 'Bad-Id' is not snake_case ASCII",
        "#4 (Bad-Id): unit_base 'dollars' is not one of",
        "#4 (Bad-Id): alias '人均GDP增长' reads as a growth name, not a level",
        "#5 (no_source): missing source",
        "#5 (no_source): missing category",
        "#6 (twice): alias '某指标（%）' is '某指标' after normalisation; list it once",
    ):
        assert expected in problems, f"validator did not report {expected!r}; it said:\n{problems}"


def test_every_entry_cites_a_source(cat: Catalogue) -> None:
    assert [i.id for i in cat if len(i.source) < 4] == []


NATIONAL_14TH = {
    # 《中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要》专栏1, as printed
    "国内生产总值(GDP)增长(%)": "gdp_growth",
    "全员劳动生产率增长(%)": "labour_productivity_growth",
    "常住人口城镇化率(%)": "urbanisation_rate_resident",
    "全社会研发经费投入增长(%)": "rd_spending_growth",
    "每万人口高价值发明专利拥有量(件)": "high_value_invention_patents_per_10k",
    "数字经济核心产业增加值占GDP比重(%)": "digital_economy_core_share",
    "居民人均可支配收入增长(%)": "disposable_income_growth",
    "城镇调查失业率(%)": "surveyed_urban_unemployment",
    "劳动年龄人口平均受教育年限(年)": "average_schooling_years",
    "每千人口拥有执业(助理)医师数(人)": "doctors_per_1000",
    "基本养老保险参保率(%)": "basic_pension_coverage",
    "每千人口拥有3岁以下婴幼儿托位数(个)": "nursery_places_per_1000",
    "人均预期寿命(岁)": "life_expectancy",
    "单位GDP能源消耗降低(%)": "energy_intensity_reduction",
    "单位GDP二氧化碳排放降低(%)": "co2_intensity_reduction",
    "地级及以上城市空气质量优良天数比率(%)": "good_air_days_ratio",
    "地表水达到或好于Ⅲ类水体比例(%)": "surface_water_good_share",
    "森林覆盖率(%)": "forest_coverage",
    "粮食综合生产能力(亿吨)": "grain_production_capacity",
    "能源综合生产能力(亿吨标准煤)": "energy_production_capacity",
}


def test_national_14th_fyp_main_indicators_are_all_present(cat: Catalogue) -> None:
    assert len(NATIONAL_14TH) == 20
    wrong = []
    for name, ident in NATIONAL_14TH.items():
        found = cat.match(name)
        if found is None or found.indicator.id != ident or found.method != "alias":
            wrong.append(f"{name}: {found}")
        elif "第十四个五年规划" not in found.indicator.source:
            wrong.append(f"{ident}: source does not cite the national 14th FYP table")
    assert not wrong, "\n".join(wrong)


def test_national_groups_match_the_table(cat: Catalogue) -> None:
    groups = {
        "经济发展": ["gdp_growth", "labour_productivity_growth", "urbanisation_rate_resident"],
        "创新驱动": ["rd_spending_growth", "high_value_invention_patents_per_10k", "digital_economy_core_share"],
        "绿色生态": ["energy_intensity_reduction", "co2_intensity_reduction", "good_air_days_ratio", "forest_coverage"],
        "安全保障": ["grain_production_capacity", "energy_production_capacity"],
    }
    assert [(i, g) for g, ids in groups.items() for i in ids if cat.get(i).category != g] == []


def test_directions_of_indicators_that_should_fall(cat: Catalogue) -> None:
    down = ["surveyed_urban_unemployment", "energy_intensity_reduction", "co2_intensity_reduction", "pm25",
            "safety_deaths_per_100m_gdp", "water_use_per_10k_gdp"]  # fmt: skip
    assert [i for i in down if cat.get(i).direction != "down"] == []


# ---------------------------------------------------------------------------------------
# Normalisation and measure classes
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("地区生产总值（亿元）", "地区生产总值"),
        ("地区生产总值 (GDP) 年均增长率（%）", "地区生产总值年均增长率"),
        ("每千人口拥有执业（助理）医师数", "每千人口拥有执业医师数"),
        ("地区生产总值[1]", "地区生产总值"),
        ("地区生产总值①", "地区生产总值"),
        ("全员劳动力生产率（万元/", "全员劳动力生产率"),
        ("生产安全事故：起数下降", "生产安全事故起数下降"),
        ("地表水达到或好于Ⅲ类水体比例", "地表水达到或好于iii类水体比例"),
        ("ＧＤＰ增速", "gdp增速"),
    ],
)
def test_normalize_name(raw: str, norm: str) -> None:
    assert normalize_name(raw) == norm


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("研发经费投入", "level"),
        ("研发经费投入增长率", "growth"),
        ("全社会研发经费投入年均增长", "growth"),
        ("研发经费投入强度", "share"),
        ("研发经费支出占gdp比重", "share"),
        ("单位gdp能源消耗降幅", "change"),
        ("高新技术企业数", "count"),
        ("居民消费价格指数", "index"),
        ("农田灌溉水有效利用系数", "level"),
        ("全员劳动生产率", "level"),
    ],
)
def test_measure_class(name: str, cls: str) -> None:
    assert measure_class(name) == cls


# ---------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ident"),
    [
        ("地区生产总值", "gdp"),
        ("国内生产总值", "gdp"),
        ("GDP", "gdp"),
        ("人均GDP", "gdp_per_capita"),
        ("地区生产总值增速", "gdp_growth"),
        ("研究与试验发展(R&D)经费", "rd_spending"),
        ("研发经费支出占GDP比重", "rd_intensity"),
        ("城镇化率", "urbanisation_rate_resident"),
        ("城乡居民收入比", "urban_rural_income_ratio"),
        ("居民消费价格指数（CPI）", "cpi"),
        ("每千人口拥有医护人员数：执业（助理）医师数", "doctors_per_1000"),
        ("生产安全事故：死亡人数下降", "safety_deaths_reduction"),
        ("劣V类水体比例", "inferior_v_water_share"),
    ],
)
def test_exact_aliases(cat: Catalogue, name: str, ident: str) -> None:
    found = cat.match(name)
    assert found is not None and (found.indicator.id, found.method, found.score) == (ident, "alias", 100.0)


@pytest.mark.parametrize(
    ("name", "ident"),
    [
        ("地区生产总值（亿元）", "gdp"),
        ("全市地区生产总值", "gdp"),
        ("我市地区生产总值[2]", "gdp"),
        ("每万人口高价值发明专利拥有量(件)", "high_value_invention_patents_per_10k"),
        ("年末常住人口（万人）", "resident_population"),
        ("全社会研发经费投入强度（%）", "rd_intensity"),
        ("城乡居民基本医疗保险参保率", "medical_insurance_coverage"),
        ("其中：城镇居民人均可支配收入", "urban_disposable_income"),
        ("南京港货物吞吐量", "port_cargo_throughput"),
    ],
)
def test_names_with_units_and_decorations(cat: Catalogue, name: str, ident: str) -> None:
    assert matched_id(cat, name) == ident


def test_false_friends_are_different_indicators(cat: Catalogue) -> None:
    rd = [matched_id(cat, n) for n in ("研发经费投入", "研发经费投入增长率", "研发经费投入强度")]
    assert rd == ["rd_spending", "rd_spending_growth", "rd_intensity"]
    assert matched_id(cat, "常住人口城镇化率") == "urbanisation_rate_resident"
    assert matched_id(cat, "户籍人口城镇化率") == "urbanisation_rate_registered"
    gdp = [matched_id(cat, n) for n in ("地区生产总值", "地区生产总值增长", "人均地区生产总值")]
    assert gdp == ["gdp", "gdp_growth", "gdp_per_capita"]
    energy = [matched_id(cat, n) for n in ("单位GDP能耗降低", "能源消费总量", "单位GDP能耗")]
    assert energy == ["energy_intensity_reduction", "energy_consumption_total", "energy_intensity"]
    assert matched_id(cat, "森林覆盖率") != matched_id(cat, "林木覆盖率")


def test_fuzzy_matches_never_cross_a_measure_or_qualifier(cat: Catalogue) -> None:
    # With no threshold at all, whatever comes back still has the name's measure.
    anything = Catalogue(list(cat), threshold=0)
    for name, kinds in [
        ("研发经费投入总额", {"level", "count", "ratio", "rank"}),
        ("研发经费投入年增长率", {"growth_rate"}),
        ("研发经费投入所占比重", {"share", "ratio"}),
        ("研发经费投入降幅", {"change"}),
    ]:
        found = anything.match(name)
        assert found is not None and found.indicator.kind in kinds, (name, found)
    assert matched_id(anything, "人均地区生产总值总额") == "gdp_per_capita"
    assert matched_id(anything, "城镇居民人均可支配收入总额") == "urban_disposable_income"


@pytest.mark.parametrize(
    ("name", "ident"),
    [
        ("每万人口拥有高价值发明专利数", "high_value_invention_patents_per_10k"),
        ("全员劳动力生产率", "labour_productivity"),
        ("单位GDP能源消耗降幅", "energy_intensity_reduction"),
        ("城市空气质量优良天数比例", "good_air_days_ratio"),
        ("地表水达到或优于Ⅲ类水体比例", "surface_water_good_share"),
        ("全社会研发经费投入年均增速", "rd_spending_growth"),
        ("城镇常住居民人均可支配收入增速", "urban_disposable_income_growth"),
        ("单位地区生产总值二氧化碳排放降幅", "co2_intensity_reduction"),
        ("研究与试验发展经费支出占GDP的比重", "rd_intensity"),
        ("县级以上城市空气质量优良天数比率", "good_air_days_ratio"),
        ("每千名老年人拥有养老机构床位数", "elderly_beds_per_1000_elderly"),
    ],
)
def test_forms_seen_in_real_plans(cat: Catalogue, name: str, ident: str) -> None:
    assert matched_id(cat, name) == ident


@pytest.mark.parametrize(
    "name",
    [
        "乡镇土地托管中心数",
        "视频监控点(雪亮工程)",
        "城际快车道",
        "增速",  # a child row of a table: its parent names the indicator
        "城镇",
        "",
        "（%）",
        "城镇居民人均消费支出",  # urban residents only; the catalogue has all residents
        "新上市企业数",  # new listings, not listed companies
        "通过认定国家高新技术企业数",
        "农村居民人均纯收入",  # the income concept before 2013
        "每千人口拥有养老床位数",  # per 1,000 people, not per 1,000 older people
        "实际使用内资",
        "一般公共预算支出",
    ],
)
def test_names_that_must_not_match(cat: Catalogue, name: str) -> None:
    assert cat.match(name) is None


def test_kind_hint_picks_the_sibling_of_that_kind(cat: Catalogue) -> None:
    assert matched_id(cat, "地区生产总值", kind="growth_rate") == "gdp_growth"
    assert matched_id(cat, "规模以上工业增加值", kind="growth_rate") == "industrial_va_above_scale_growth"
    assert matched_id(cat, "全市一般公共预算收入", kind="growth_rate") == "general_budget_revenue_growth"
    assert matched_id(cat, "单位地区生产总值能源消耗", kind="change") == "energy_intensity_reduction"
    assert matched_id(cat, "地区生产总值", kind="level") == "gdp"
    assert matched_id(cat, "地区生产总值") == "gdp"
    # the name's own measure wins over the hint
    assert matched_id(cat, "地区生产总值增长", kind="level") == "gdp_growth"
    # no sibling of that kind: the plain match
    assert matched_id(cat, "首位度", kind="growth_rate") == "primacy"
    assert all(matched_id(cat, "地区生产总值", kind=k) is not None for k in KINDS)


def test_main_indicator_tables_in_the_annotations_are_covered(cat: Catalogue, eval_dir: Path) -> None:
    local_only = {  # indicators of one city's own programme, not of plans in general
        "城乡居民依法自治达标率", "社会安全指数实现程度", "南京至都市圈内成员城市1小时通达率",
        "城市副中心和平原新城地区生产总值年均增速", "轨道交通站点500米范围人口和岗位覆盖率", "彩化率",
        "绿色经济重点产业收入年均增速", "北京口岸出入境人数占全国比重", "外资研发中心数量",
        "货物和服务贸易进出口总额占全省份额", "规模以上人工智能核心产业营业收入", "数字贸易额",
        "家庭可支配收入（按三口之家计算）10万—50万元群体比例",
    }
    missing = []
    for path in sorted(eval_dir.glob("*.json")):
        for doc_name, doc in json.loads(path.read_text("utf-8"))["documents"].items():
            for table in doc.get("tables", []):
                for row in table["rows"]:
                    name = row["indicator"]
                    if row.get("parent") is None and name not in local_only and cat.match(name) is None:
                        missing.append(f"{doc_name} {table['table']}: {name}")
    assert not missing, "\n".join(missing)


# ---------------------------------------------------------------------------------------
# API and speed
# ---------------------------------------------------------------------------------------


def test_catalogue_api(cat: Catalogue) -> None:
    gdp = cat.get("gdp")
    assert isinstance(gdp, Indicator) and gdp.zh == "地区生产总值" and gdp.unit == "亿元"
    assert gdp.names[0] == "地区生产总值" and "GDP" in gdp.names
    assert "gdp" in cat and "no_such" not in cat
    assert len(list(cat)) == len(cat)
    with pytest.raises(KeyError, match="no_such"):
        cat.get("no_such")
    assert load_catalogue() is cat


def test_ten_thousand_matches_take_under_a_second(cat: Catalogue) -> None:
    names = [name for ind in cat for name in ind.names]
    # distinct names, so no call is answered from the cache; most go through every step
    queries = [f"全市{names[i % len(names)]}{i}" for i in range(10_000)]
    fresh = Catalogue(list(cat))
    start = time.perf_counter()
    for q in queries:
        fresh.match(q)
    elapsed = time.perf_counter() - start
    assert elapsed < 10.0, f"10,000 match() calls took {elapsed:.2f} s"  # a guard; the figure: bench/regions.py
