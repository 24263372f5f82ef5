"""The national plans' main indicators: the data file in one pass, the values users rely on."""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

import pytest

from planscope.alignment.reference import (
    ReferenceTarget,
    check_data,
    load_raw,
    plan_for_year,
    reference_plans,
    reference_targets,
)
from planscope.catalogue.indicators import load_catalogue
from planscope.catalogue.regions import load_regions
from planscope.extraction.quantities import find_quantities

from locations import CORPUS_DEV

OUTLINE_15 = CORPUS_DEV / "national_15th_fyp_outline.txt"


def target(plan: str, indicator_id: str) -> ReferenceTarget:
    found = [t for t in reference_targets(plan) if t.indicator_id == indicator_id]
    assert len(found) == 1, f"{plan} should have one {indicator_id} target, has {len(found)}"
    return found[0]


def all_targets() -> list[ReferenceTarget]:
    return [t for plan in reference_plans() for t in reference_targets(plan.key)]


# ---------------------------------------------------------------------------------------
# The data file
# ---------------------------------------------------------------------------------------


def test_data_file_has_no_problems() -> None:
    problems = check_data(load_raw())
    assert not problems, f"{len(problems)} problem(s) in national_plans.toml:\n" + "\n".join(problems)


def test_both_plans_cover_consecutive_periods_of_the_nation() -> None:
    plans = {p.key: p for p in reference_plans()}
    assert set(plans) == {"cn-14", "cn-15"}
    assert (plans["cn-14"].start, plans["cn-14"].end, plans["cn-14"].baseline_year) == (2021, 2025, 2020)
    assert (plans["cn-15"].start, plans["cn-15"].end, plans["cn-15"].baseline_year) == (2026, 2030, 2025)
    assert plans["cn-14"].adopted == "2021-03-11"
    for plan in plans.values():
        region = load_regions().get(plan.region_code)
        assert region is not None and region.level == "national", plan.key


def test_cn14_has_the_20_indicators_of_zhuanlan1_in_five_groups() -> None:
    targets = reference_targets("cn-14")
    assert len(targets) == 20
    assert [t.source for t in targets] == [f"专栏1 第{n}行" for n in range(1, 21)]
    groups = Counter(t.category for t in targets)
    assert groups == {"经济发展": 3, "创新驱动": 3, "民生福祉": 7, "绿色生态": 5, "安全保障": 2}
    binding = [t.indicator_id for t in targets if t.binding]
    assert binding == [
        "average_schooling_years", "energy_intensity_reduction", "co2_intensity_reduction", "good_air_days_ratio",
        "surface_water_good_share", "forest_coverage", "grain_production_capacity", "energy_production_capacity",
    ]  # fmt: skip
    assert all(t.attribute in ("约束性", "预期性") and t.target_year == 2025 for t in targets)


def test_cn15_takes_the_targets_of_chapter_3() -> None:
    targets = reference_targets("cn-15")
    assert {t.indicator_id for t in targets} == {
        "gdp_growth", "rd_spending_growth", "surveyed_urban_unemployment", "disposable_income_growth",
        "average_schooling_years", "life_expectancy", "co2_intensity_reduction", "pm25", "surface_water_good_share",
        "forest_coverage", "grain_production_capacity", "energy_production_capacity",
    }  # fmt: skip
    # The prose states neither an attribute nor a baseline.
    assert all(t.attribute is None and t.baseline_value is None and t.target_year == 2030 for t in targets)


def test_every_indicator_id_is_in_the_catalogue_and_the_name_resolves_to_it() -> None:
    cat = load_catalogue()
    wrong = []
    for t in all_targets():
        assert t.indicator_id in cat, f"{t.plan} {t.name}: {t.indicator_id} is not in the catalogue"
        found = cat.match(t.name)
        if found is None or found.indicator.id != t.indicator_id:
            wrong.append((t.plan, t.name, t.indicator_id, found and found.indicator.id))
    assert wrong == []


def test_text_is_part_of_the_quote() -> None:
    assert [(t.plan, t.indicator_id) for t in all_targets() if t.text not in t.quote] == []


# ---------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "indicator_id", "value", "comparator", "baseline", "attribute"),
    [
        ("cn-14", "rd_spending_growth", 7.0, ">=", None, "预期性"),
        ("cn-14", "forest_coverage", 24.1, "=", 23.2, "约束性"),
        ("cn-14", "energy_intensity_reduction", 13.5, "=", None, "约束性"),
        ("cn-14", "co2_intensity_reduction", 18.0, "=", None, "约束性"),
        ("cn-14", "urbanisation_rate_resident", 65.0, "=", 60.6, "预期性"),
        ("cn-14", "surveyed_urban_unemployment", 5.5, "<=", 5.2, "预期性"),
        ("cn-14", "average_schooling_years", 11.3, "=", 10.8, "约束性"),
        ("cn-14", "grain_production_capacity", 6.5e8, ">=", None, "约束性"),  # ＞6.5亿吨
        ("cn-14", "energy_production_capacity", 4.6e9, ">=", None, "约束性"),  # ＞46亿吨标准煤
        ("cn-14", "gdp_growth", None, "=", 2.3, "预期性"),  # 保持在合理区间、各年度视情提出
        ("cn-15", "forest_coverage", 25.8, "=", None, None),
        ("cn-15", "rd_spending_growth", 7.0, ">=", None, None),
        ("cn-15", "surveyed_urban_unemployment", 5.5, "<=", None, None),
        ("cn-15", "pm25", 27.0, "<=", None, None),
        ("cn-15", "grain_production_capacity", 7.25e8, "~", None, None),  # 1.45万亿斤左右
        ("cn-15", "energy_production_capacity", 5.8e9, "=", None, None),  # 58亿吨标准煤
        ("cn-15", "disposable_income_growth", None, "=", None, None),  # 和经济增长同步
    ],
)
def test_spot_values(
    plan: str, indicator_id: str, value: float | None, comparator: str, baseline: float | None, attribute: str | None
) -> None:
    t = target(plan, indicator_id)
    assert t.value == (pytest.approx(value) if value is not None else None)
    assert t.comparator == comparator
    assert t.baseline_value == (pytest.approx(baseline) if baseline is not None else None)
    assert t.attribute == attribute


def test_cumulative_figures_and_their_baselines() -> None:
    energy = target("cn-14", "energy_intensity_reduction")
    assert (energy.text, energy.kind, energy.unit_base, energy.binding) == ("〔13.5〕", "change", "percent", True)
    life = target("cn-14", "life_expectancy")  # 〔1〕: one more year over 2021–2025, from 77.3 in 2019
    assert (life.text, life.value, life.kind) == ("〔1〕", 1.0, "change")
    assert (life.baseline_value, life.baseline_year) == (77.3, 2019)


def test_cn15_values_are_what_the_quantity_recogniser_reads_in_the_quote() -> None:
    for t in reference_targets("cn-15"):
        if t.value is None:
            continue
        read = [(q.value_normalized, q.comparator) for q in find_quantities(t.quote) if not q.is_year]
        assert any(v == pytest.approx(t.value) and c == t.comparator for v, c in read), (t.quote, t.value, read)


def test_every_cn15_quote_is_in_the_outline() -> None:
    if not OUTLINE_15.is_file():
        pytest.skip(f"the 15th FYP outline is not at {OUTLINE_15} (set PLANSCOPE_CORPUS_DEV) to check the quotes")
    text = OUTLINE_15.read_text("utf-8")
    assert [t.quote for t in reference_targets("cn-15") if t.quote not in text] == []


# ---------------------------------------------------------------------------------------
# Lookups
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "key"), [(2020, None), (2021, "cn-14"), (2025, "cn-14"), (2026, "cn-15"),
                                           (2030, "cn-15"), (2031, None)])  # fmt: skip
def test_plan_for_year(year: int, key: str | None) -> None:
    plan = plan_for_year(year)
    assert (plan.key if plan else None) == key


def test_unknown_plan_key_is_named() -> None:
    with pytest.raises(KeyError, match="cn-13"):
        reference_targets("cn-13")


# ---------------------------------------------------------------------------------------
# The validator
# ---------------------------------------------------------------------------------------


def broken(raw: dict[str, Any]) -> dict[str, Any]:
    raw = copy.deepcopy(raw)
    targets = raw["target"]
    targets[0]["indicator_id"] = "no_such_indicator"
    targets[1]["plan"] = "cn-13"
    targets[2]["kind"] = "level"  # urbanisation rate is a share
    targets[2]["category"] = "绿色生态"
    targets[3]["comparator"] = ">"
    targets[4]["target_year"] = 2030
    del targets[5]["value"]  # text "10" is numeric
    del targets[6]["quote"]
    targets[18]["value"] = 6.5  # ＞6.5亿吨 is 650000000 tonnes
    targets.append(copy.deepcopy(targets[10]))  # cn-14 basic_pension_coverage twice
    return raw


def test_validator_reports_every_problem_with_its_entry() -> None:
    problems = "\n".join(check_data(broken(load_raw())))
    for expected in (
        "target #1 (cn-14 no_such_indicator): unknown indicator id 'no_such_indicator'",
        "target #2 (cn-13 labour_productivity_growth): unknown plan key 'cn-13'",
        "target #3 (cn-14 urbanisation_rate_resident): kind 'level' differs from the catalogue's 'share'",
        "target #3 (cn-14 urbanisation_rate_resident): category '绿色生态' differs from the catalogue's '经济发展'",
        "target #4 (cn-14 rd_spending_growth): comparator '>' is not one of",
        "target #5 (cn-14 high_value_invention_patents_per_10k): target_year 2030 is outside the plan period 2021–2025",
        "target #6 (cn-14 digital_economy_core_share): value missing while text '10' is numeric",
        "target #7 (cn-14 disposable_income_growth): missing quote",
        "target #19 (cn-14 grain_production_capacity): value 6.5 does not match text '＞6.5' in '亿吨'",
        "target #33 (cn-14 basic_pension_coverage): repeats target #11",
    ):
        assert expected in problems, f"validator did not report {expected!r}; it said:\n{problems}"


def test_validator_reports_a_broken_plan() -> None:
    raw = copy.deepcopy(load_raw())
    del raw["plan"][1]["title"]
    raw["plan"][1]["adopted"] = "2026年3月"
    problems = check_data(raw)
    assert "plan #2 (cn-15): missing title" in problems
    assert "plan #2 (cn-15): adopted '2026年3月' is not an ISO date (YYYY-MM-DD)" in problems
