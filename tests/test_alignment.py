"""Alignment across levels, on hand-made plans: each relation, the measures that make
targets comparable, inherited targets, absent levels, implied checks and statistics.

Regions are real (江西省 360000 → 赣州市 360700 → 瑞金市 360781; 湖南省 → 长沙市); the
targets are written here, and every expected figure is worked out in the test.
"""

from __future__ import annotations

import math

import pytest

from planscope.alignment import Comparison, PlanDoc, Side, Source, align, escalation_stats
from planscope.alignment.sources import reference_sides
from planscope.catalogue.regions import load_regions

PROVINCE, CITY, COUNTY, NATION = "360000", "360700", "360781", "100000"
HUNAN, CHANGSHA = "430000", "430100"


def side(region: str, indicator_id: str, value: float | None, *, kind: str = "growth_rate", year: int = 2025,
         comparator: str = "=", baseline: float | None = None, unit: str | None = "percent",
         attribute: str | None = None, inherited: bool = False, doc_type: str | None = "outline",
         text: str | None = None, annual: bool = False, low: float | None = None,
         high: float | None = None) -> Side:
    label = f"{region}.txt"
    return Side(region, indicator_id, indicator_id, kind, comparator, value, low, high,
                text or ("完成上级下达任务" if inherited else f"{value}"), unit, year,
                baseline, 2020 if baseline is not None else None, attribute, inherited,
                Source(label, 1, 10, 20, f"{indicator_id} {text or value}"), doc_type, annual)


def plan(region: str, doc_type: str = "outline", start: int = 2021, end: int = 2025) -> PlanDoc:
    return PlanDoc(region, doc_type, start, end, f"{region} {doc_type}")


def run(sides: list[Side], plans: list[PlanDoc], with_reference: bool = False) -> list[Comparison]:
    all_sides = sides + (reference_sides() if with_reference else [])
    return align(all_sides, plans, load_regions()).comparisons


def one(comparisons: list[Comparison], lower: str, upper: str, indicator: str) -> Comparison:
    found = [c for c in comparisons if (c.lower_code, c.upper_code, c.indicator_id) == (lower, upper, indicator)]
    assert len(found) == 1, f"{lower}→{upper} {indicator}: {len(found)} comparisons"
    return found[0]


# ---------------------------------------------------------------------------- relations


def test_growth_targets_escalate_step_by_step() -> None:
    """R&D growth: county 12.5 > province 12 > nation's 7 or more — escalated at each step."""
    sides = [side(COUNTY, "rd_spending_growth", 12.5), side(PROVINCE, "rd_spending_growth", 12, comparator=">=")]
    cs = run(sides, [plan(COUNTY), plan(PROVINCE)], with_reference=True)
    county_province = one(cs, COUNTY, PROVINCE, "rd_spending")
    assert county_province.relation == "escalated" and county_province.measure == "growth"
    assert county_province.escalation == pytest.approx(0.5)
    assert one(cs, COUNTY, NATION, "rd_spending").escalation == pytest.approx(5.5)
    assert one(cs, PROVINCE, NATION, "rd_spending").escalation == pytest.approx(5.0)
    assert all(c.lower_source and c.upper_source for c in cs if c.relation == "escalated")


def test_close_values_are_consistent_and_lower_ones_looser() -> None:
    sides = [side(COUNTY, "gdp_growth", 6.02), side(CITY, "gdp_growth", 6.0),
             side(COUNTY, "fai_growth", 5.0), side(CITY, "fai_growth", 7.0)]
    cs = run(sides, [plan(COUNTY), plan(CITY)])
    assert one(cs, COUNTY, CITY, "gdp").relation == "consistent"
    fai = one(cs, COUNTY, CITY, "fai")
    assert fai.relation == "looser" and fai.escalation == pytest.approx(-2.0)


def test_a_range_overlapping_the_upper_value_is_consistent() -> None:
    sides = [side(COUNTY, "gdp_growth", None, comparator="range", low=6.0, high=7.0, text="6%-7%"),
             side(CITY, "gdp_growth", 6.5)]
    assert one(run(sides, [plan(COUNTY), plan(CITY)]), COUNTY, CITY, "gdp").relation == "consistent"


def test_a_level_target_is_compared_through_the_growth_its_baseline_implies() -> None:
    # (750 / 500)^(1/5) − 1 = 8.447 % a year against the city's 8 %
    sides = [side(COUNTY, "gdp", 750e8, kind="level", baseline=500e8, unit="yuan"), side(CITY, "gdp_growth", 8.0)]
    c = one(run(sides, [plan(COUNTY), plan(CITY)]), COUNTY, CITY, "gdp")
    assert c.measure == "growth" and c.relation == "escalated"
    assert c.lower_value == pytest.approx((1.5 ** 0.2 - 1) * 100)
    assert "500" in c.reason and "750" in c.reason  # the computation is shown


def test_totals_of_regions_of_different_size_are_not_comparable() -> None:
    sides = [side(COUNTY, "grain_production_capacity", 5e5, kind="level", unit="tonnes"),
             side(PROVINCE, "grain_production_capacity", 3e7, kind="level", unit="tonnes")]
    c = one(run(sides, [plan(COUNTY), plan(PROVINCE)]), COUNTY, PROVINCE, "grain_production_capacity")
    assert c.relation == "not_comparable" and "规模" in c.reason and "size" in c.reason


def test_share_changes_are_compared_in_points_a_year() -> None:
    # county 52 → 60 over 5 years = 1.6 pp a year; province "年均提高1个百分点"
    sides = [side(COUNTY, "urbanisation_rate_resident", 60, kind="share", baseline=52),
             side(PROVINCE, "urbanisation_rate_resident", 1.0, kind="change", unit="pp", annual=True)]
    c = one(run(sides, [plan(COUNTY), plan(PROVINCE)]), COUNTY, PROVINCE, "urbanisation_rate_resident")
    assert (c.relation, c.measure) == ("escalated", "pp_per_year")
    assert c.lower_value == pytest.approx(1.6) and c.escalation == pytest.approx(0.6)


def test_endowment_shares_compare_only_as_changes() -> None:
    no_baseline = [side(COUNTY, "forest_coverage", 48, kind="share", baseline=47.8),
                   side(PROVINCE, "forest_coverage", 59, kind="share")]
    c = one(run(no_baseline, [plan(COUNTY), plan(PROVINCE)]), COUNTY, PROVINCE, "forest_coverage")
    assert c.relation == "not_comparable" and "禀赋" in c.reason
    with_baselines = [side(COUNTY, "forest_coverage", 48, kind="share", baseline=47.8),
                      side(PROVINCE, "forest_coverage", 59.5, kind="share", baseline=59)]
    c = one(run(with_baselines, [plan(COUNTY), plan(PROVINCE)]), COUNTY, PROVINCE, "forest_coverage")
    assert (c.relation, c.measure) == ("looser", "pp_per_year")  # 0.04 against 0.1 pp a year


def test_a_target_at_the_ceiling_and_a_cap_are_compared_by_level() -> None:
    sides = [side(COUNTY, "basic_pension_coverage", 100, kind="share", baseline=98),
             side(CITY, "basic_pension_coverage", 95, kind="share", baseline=91),
             side(COUNTY, "surveyed_urban_unemployment", 4.5, kind="share", baseline=4.5, comparator="<="),
             side(CITY, "surveyed_urban_unemployment", 5.5, kind="share", baseline=5.2, comparator="<=")]
    cs = run(sides, [plan(COUNTY), plan(CITY)])
    pension = one(cs, COUNTY, CITY, "basic_pension_coverage")
    assert (pension.relation, pension.measure) == ("escalated", "share")  # 0.4 pp a year is all that is left
    unemployment = one(cs, COUNTY, CITY, "surveyed_urban_unemployment")
    assert (unemployment.relation, unemployment.measure) == ("escalated", "share")  # a lower ceiling
    assert unemployment.escalation == pytest.approx(1.0)


def test_a_larger_cut_in_an_intensity_is_more_ambitious() -> None:
    sides = [side(COUNTY, "energy_intensity_reduction", 15, kind="change", attribute="约束性"),
             side(CITY, "energy_intensity_reduction", 14, kind="change", attribute="约束性")]
    c = one(run(sides, [plan(COUNTY), plan(CITY)]), COUNTY, CITY, "energy_intensity")
    assert (c.relation, c.measure, c.binding) == ("escalated", "reduction", True)


def test_a_qualitative_upper_target_is_not_comparable() -> None:
    cs = run([side(COUNTY, "gdp_growth", 7.0)], [plan(COUNTY)], with_reference=True)
    c = one(cs, COUNTY, NATION, "gdp")
    assert c.relation == "not_comparable" and "合理区间" in c.reason


# ---------------------------------------------------------------------------- missing, inherited, chain


def test_missing_only_where_a_comprehensive_plan_is_silent() -> None:
    sides = [side(PROVINCE, "forest_coverage", 63, kind="share", attribute="约束性"),
             side(CITY, "gdp_growth", 7.0), side(COUNTY, "gdp_growth", 7.5)]
    plans = [plan(PROVINCE), plan(CITY, "outline"), plan(COUNTY, "opinion")]
    cs = run(sides, plans)
    missing = one(cs, CITY, PROVINCE, "forest_coverage")
    assert missing.relation == "missing" and missing.binding and "约束性" in missing.reason
    # an implementation opinion covers part of the field: its silence is no gap
    assert not [c for c in cs if c.lower_code == COUNTY and c.relation == "missing"]


def test_an_inherited_target_resolves_to_the_nearest_plan_above_that_sets_a_number() -> None:
    sides = [side(COUNTY, "energy_intensity_reduction", None, kind="change", inherited=True, attribute="约束性"),
             side(CITY, "energy_intensity_reduction", None, kind="change", inherited=True),
             side(PROVINCE, "energy_intensity_reduction", 14.5, kind="change")]
    cs = run(sides, [plan(COUNTY), plan(CITY), plan(PROVINCE)])
    via_city = one(cs, COUNTY, CITY, "energy_intensity")
    assert via_city.relation == "inherited" and via_city.lower_value == pytest.approx(14.5)
    assert via_city.upper_value is None and "赣州市" in via_city.reason and "江西省" in via_city.reason
    direct = one(cs, COUNTY, PROVINCE, "energy_intensity")
    assert direct.relation == "inherited" and direct.upper_value == pytest.approx(14.5)


def test_a_level_without_a_plan_is_reported_and_skipped() -> None:
    result = align([side(COUNTY, "gdp_growth", 7.0), side(PROVINCE, "gdp_growth", 6.5)],
                   [plan(COUNTY), plan(PROVINCE)], load_regions())
    links = {(link.lower_code, link.upper_code): link for link in result.links}
    assert links[(COUNTY, CITY)].status == "absent"
    assert "赣州市" in links[(COUNTY, CITY)].describe()
    assert links[(COUNTY, PROVINCE)].status == "library"
    assert one(result.comparisons, COUNTY, PROVINCE, "gdp").relation == "escalated"


def test_plans_of_another_period_are_not_compared() -> None:
    sides = [side(COUNTY, "gdp_growth", 7.0), side(PROVINCE, "gdp_growth", 5.0, year=2030)]
    cs = run(sides, [plan(COUNTY), plan(PROVINCE, start=2026, end=2030)])
    assert not [c for c in cs if c.upper_code == PROVINCE]


def test_the_reference_data_is_the_top_until_a_national_plan_is_ingested() -> None:
    county = side(COUNTY, "rd_spending_growth", 12.5)
    reference = one(run([county], [plan(COUNTY)], with_reference=True), COUNTY, NATION, "rd_spending")
    assert reference.upper_from_reference and reference.upper_value == pytest.approx(7.0)
    ingested = side(NATION, "rd_spending_growth", 8.0)
    cs = run([county, ingested], [plan(COUNTY), plan(NATION)], with_reference=True)
    taken_over = one(cs, COUNTY, NATION, "rd_spending")
    assert not taken_over.upper_from_reference and taken_over.upper_value == pytest.approx(8.0)
    # indicators the ingested plan does not state still come from the reference data
    assert any(c.indicator_id == "forest_coverage" and c.upper_code == NATION for c in cs)


# ---------------------------------------------------------------------------- implied values


def test_capital_gdp_and_primacy_imply_the_province_gdp() -> None:
    sides = [side(CHANGSHA, "gdp", 1.7e12, kind="level", unit="yuan"),
             side(CHANGSHA, "primacy", 30, kind="share", comparator="~"),
             side(HUNAN, "gdp", 6.0e12, kind="level", unit="yuan")]
    result = align(sides, [plan(CHANGSHA, "proposal"), plan(HUNAN)], load_regions())
    [check] = [c for c in result.implied if c["rule"] == "primacy_gdp"]
    assert check["target_code"] == HUNAN and check["year"] == 2025
    assert check["implied_value"] == pytest.approx(1.7e12 / 0.30)
    assert [i["indicator_id"] for i in check["inputs"]] == ["gdp", "primacy"]
    assert check["difference"] == pytest.approx(1.7e12 / 0.30 - 6.0e12)
    assert check["compared_with"]["value"] == pytest.approx(6.0e12)


def test_implied_gdp_without_a_province_target_is_reported_alone() -> None:
    sides = [side(CHANGSHA, "gdp", 1.7e12, kind="level", unit="yuan"), side(CHANGSHA, "primacy", 30, kind="share")]
    [check] = [c for c in align(sides, [plan(CHANGSHA, "proposal")], load_regions()).implied
               if c["rule"] == "primacy_gdp"]
    assert check["compared_with"] is None and "5.67万亿元" in check["formula"]


def test_intensity_and_gdp_imply_spending_in_the_same_plan() -> None:
    sides = [side(CITY, "gdp", 5000e8, kind="level", unit="yuan"), side(CITY, "rd_intensity", 2.5, kind="share"),
             side(CITY, "rd_spending", 120e8, kind="level", unit="yuan")]
    [check] = [c for c in align(sides, [plan(CITY)], load_regions()).implied if c["rule"] == "rd_intensity_gdp"]
    assert check["implied_value"] == pytest.approx(125e8)  # 5000亿元 × 2.5%
    assert check["difference"] == pytest.approx(5e8) and check["target_code"] == CITY


def test_the_subdivisions_targets_add_up_against_the_region_target() -> None:
    """Two of 赣州's 18 subdivisions in the library: their GDP targets are a partial sum,
    worth reporting only once it exceeds the city's own target."""
    counties = [side(COUNTY, "gdp", 3000e8, kind="level", unit="yuan"),
                side("360702", "gdp", 2500e8, kind="level", unit="yuan")]
    plans = [plan(COUNTY), plan("360702"), plan(CITY)]
    checks = align([*counties, side(CITY, "gdp", 5000e8, kind="level", unit="yuan")], plans, load_regions()).implied
    [total] = [c for c in checks if c["rule"] == "children_sum" and c["region_code"] == CITY]
    assert total["implied_value"] == pytest.approx(5500e8) and total["difference"] == pytest.approx(500e8)
    assert total["children"]["with_target"] == 2 and total["children"]["all"] > 2
    assert "部分之和已超过" in total["note"] and {i["region_code"] for i in total["inputs"]} == {COUNTY, "360702"}
    below = align([*counties, side(CITY, "gdp", 8000e8, kind="level", unit="yuan")], plans, load_regions()).implied
    assert not [c for c in below if c["rule"] == "children_sum"]


# ---------------------------------------------------------------------------- statistics


def test_escalation_statistics_per_level_pair_and_category() -> None:
    sides = [side(PROVINCE, "gdp_growth", 6.0), side(CITY, "gdp_growth", 7.0), side(COUNTY, "gdp_growth", 9.0),
             side(PROVINCE, "fai_growth", 8.0), side(CITY, "fai_growth", 7.0)]
    cs = run(sides, [plan(PROVINCE), plan(CITY), plan(COUNTY)])
    rows = {(r["levels"], r["category"], r["measure"]): r for r in escalation_stats(cs)}
    city_province = rows[("市→省", "全部 all", "growth")]  # gdp +1, fai −1
    assert city_province["pairs"] == 2 and city_province["mean"] == pytest.approx(0.0)
    assert city_province["share_escalating"] == 1.0 and city_province["share_pairs_escalating"] == 0.5
    county_city = rows[("县→市", "经济发展", "growth")]
    assert county_city["median"] == pytest.approx(2.0) and county_city["stdev"] == 0.0
    assert not math.isnan(rows[("县→省", "全部 all", "growth")]["mean"])


def test_a_missing_indicator_names_a_related_one_the_lower_plan_sets() -> None:
    sides = [side(CITY, "digital_economy_core_share", 10, kind="share"),
             side(COUNTY, "digital_economy_share", 45, kind="share")]
    c = one(run(sides, [plan(CITY), plan(COUNTY)]), COUNTY, CITY, "digital_economy_core_share")
    assert c.relation == "missing" and "digital_economy_share" in (c.lower_text or "") and "口径不同" in c.reason


def test_a_comparison_says_whether_its_upper_number_is_reference_data() -> None:
    """An ingested national plan that states R&D growth but not forest cover: the first
    comparison cites the plan, the second the reference data."""
    sides = [side(COUNTY, "rd_spending_growth", 12.5), side(NATION, "rd_spending_growth", 8.0),
             side(COUNTY, "forest_coverage", 70, kind="share", baseline=69)]
    cs = run(sides, [plan(COUNTY), plan(NATION)], with_reference=True)
    assert not one(cs, COUNTY, NATION, "rd_spending").upper_from_reference
    forest = one(cs, COUNTY, NATION, "forest_coverage")
    assert forest.upper_from_reference and forest.upper_source is not None and forest.upper_source.doc_id is None


def test_years_of_life_and_schooling_compare_as_years_gained_a_year() -> None:
    """The nation's 〔1〕 year of life expectancy over five years is 0.2 a year; a county going
    from 78.0 to 79.5 gains 0.3 a year: escalated — a growth rate of years would say little."""
    sides = [side(COUNTY, "life_expectancy", 79.5, kind="level", baseline=78.0, unit="years")]
    c = one(run(sides, [plan(COUNTY)], with_reference=True), COUNTY, NATION, "life_expectancy")
    assert (c.relation, c.measure) == ("escalated", "years_per_year")
    assert (c.lower_value, c.upper_value) == (pytest.approx(0.3), pytest.approx(0.2))
