"""planscope.monitoring.progress: hand-computed cases (arithmetic in the comments), the edge cases of
shared/notes/monitoring-anchors.md, and property tests."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from planscope.monitoring.progress import (
    STATUS_RANK,
    STATUSES,
    Observation,
    Progress,
    TargetSpec,
    assess,
    classify,
    status_rank,
    summarise,
    tolerance,
)

Ob = Observation


def spec(kind="level", comparator=">=", value=None, *, low=None, high=None, year=2025, base=None, base_year=2020,
         direction="up", attribute="预期性", inherited=False, unit=None) -> TargetSpec:
    return TargetSpec(kind=kind, comparator=comparator, target_value=value, target_low=low, target_high=high,
                      target_year=year, baseline_value=base, baseline_year=base_year, direction=direction,
                      attribute=attribute, inherited=inherited, unit=unit)


def obs(*pairs: tuple[int, float]) -> list[Observation]:
    return [Ob(y, v) for y, v in pairs]


approx = pytest.approx


# ---------------------------------------------------------------- Eurostat classes (F3)


@pytest.mark.parametrize(("ratio", "status"), [
    (1.2, "significant"), (0.95, "significant"), (0.9499, "moderate"), (0.6, "moderate"),
    (0.5999, "insufficient"), (0.0, "insufficient"), (-0.0001, "moving_away"),
])
def test_classify_thresholds(ratio, status):
    assert classify(ratio) == status


def test_status_order():
    unranked = ("no_data", "inherited")  # nothing judged: outside the order
    assert [s for s in STATUSES if s not in unranked] == sorted(STATUS_RANK, key=STATUS_RANK.get, reverse=True)
    assert status_rank("no_data") is None and status_rank("inherited") is None


# ---------------------------------------------------------------- level targets, CAGR method (F1–F3, F6)


def test_level_cagr_hand_computed():
    # baseline 100 (2020) → target 161.051 by 2025 = 100·1.1⁵: required CAGR 10 %/yr.
    # latest 125.9712 (2023) = 100·1.08³: actual CAGR 8 %/yr.  R = 8/10 = 0.8 → moderate.
    # time elapsed (2023−2020)/(2025−2020) = 0.6; distance covered 25.9712/61.051 = 0.42540.
    # projection 125.9712·1.08² = 146.9328.
    p = assess(spec(value=161.051, base=100), obs((2021, 108), (2022, 116.64), (2023, 125.9712)))
    assert p.status == "moderate"
    assert p.required_cagr == approx(10.0)
    assert p.actual_cagr == approx(8.0)
    assert p.ratio == approx(0.8)
    assert p.time_elapsed_share == approx(0.6)
    assert p.distance_covered_share == approx(25.9712 / 61.051)
    assert p.projection == approx(146.932838, rel=1e-6)
    assert p.projection_method == "compound growth at the rate achieved since the baseline"
    assert (p.latest_year, p.latest_value) == (2023, 125.9712)
    assert p.warning is False  # 预期性
    assert "(125.9712/100)^(1/3)−1" in p.explanation and "(161.051/100)^(1/5)−1" in p.explanation
    assert " / " in p.explanation and p.explanation.startswith("进展一般")
    assert p.figures["observations_used"] == 3 and p.figures["baseline_from_observation"] == 0


def test_level_binding_moderate_is_warning():
    p = assess(spec(value=161.051, base=100, attribute="约束性"), obs((2023, 125.9712)))
    assert p.status == "moderate" and p.warning is True
    assert "预警" in p.explanation and "warning" in p.explanation


def test_urbanisation_national_case():
    # 60.6 % (2020) → 65 % (2025); 63.2 in 2023 (illustrative).
    # actual (63.2/60.6)^(1/3) − 1 = 1.042904^(1/3) − 1 = 1.014102 − 1 = 1.4102 %
    # required (65/60.6)^(1/5) − 1 = 1.072607^(1/5) − 1 = 1.014117 − 1 = 1.4117 %
    # R = 1.4102/1.4117 = 0.9989 → significant
    p = assess(spec(kind="share", comparator="=", value=65, base=60.6), obs((2023, 63.2)))
    assert p.actual_cagr == approx(1.4102, abs=1e-4)
    assert p.required_cagr == approx(1.4117, abs=1e-4)
    assert p.ratio == approx(0.9989, abs=1e-4)
    assert p.status == "significant"


def test_level_met_is_achieved_before_target_year():
    p = assess(spec(value=161.051, base=100), obs((2023, 162)))
    assert p.status == "achieved" and p.warning is False


def test_level_moving_away():
    # fell from 100 to 95 by 2022: actual (0.95)^(1/2) − 1 = −2.53 % → R < 0
    p = assess(spec(value=161.051, base=100, attribute="约束性"), obs((2022, 95)))
    assert p.status == "moving_away" and p.warning and p.ratio < 0


def test_no_movement_is_insufficient():
    # latest equals the baseline: actual CAGR 0 → R = 0 → insufficient (0 ≤ R < 0.6)
    p = assess(spec(value=120, base=100), obs((2022, 100)))
    assert p.ratio == 0 and p.status == "insufficient"


def test_missed_at_target_year_is_at_most_moderate():
    # 2025 value 160 vs target 161.051: actual (1.6)^(1/5) − 1 = 9.856 %; R = 0.9856 ≥ 0.95,
    # but the target year has come and the target is not met → moderate (and a warning if binding).
    p = assess(spec(value=161.051, base=100, attribute="约束性"), obs((2025, 160)))
    assert p.ratio == approx(0.9856, abs=1e-4)
    assert p.status == "moderate" and p.warning


# ---------------------------------------------------------------- lower is better


def test_intensity_level_down():
    # energy use per unit GDP 0.5 (2020) → ≤ 0.4325 (= 0.5·0.865, −13.5 %) by 2025; 0.47 in 2023.
    # actual (0.47/0.5)^(1/3) − 1 = 0.94^(1/3) − 1 = 0.979586 − 1 = −2.0414 %
    # required 0.865^(1/5) − 1 = 0.971411 − 1 = −2.8589 %;  R = 2.0414/2.8589 = 0.7141 → moderate
    p = assess(spec(comparator="<=", value=0.4325, base=0.5, direction="down", attribute="约束性"), obs((2023, 0.47)))
    assert p.actual_cagr == approx(-2.0414, abs=1e-4)
    assert p.required_cagr == approx(-2.8589, abs=1e-4)
    assert p.ratio == approx(0.7141, abs=1e-4)
    assert p.status == "moderate" and p.warning
    assert assess(spec(comparator="<=", value=0.4325, base=0.5, direction="down"), obs((2024, 0.43))).status \
        == "achieved"


def test_plain_number_for_down_indicator_means_at_most():
    # "=" on a down indicator is read as "≤"
    p = assess(spec(comparator="=", value=0.4325, base=0.5, direction="down"), obs((2024, 0.43)))
    assert p.status == "achieved"


def test_unemployment_per_year():
    # 城镇调查失业率 < 5.5 every year (no target year): 5.2 → achieved;
    # 5.8 → attainment 1 − (5.8 − 5.5)/5.5 = 0.94545 → moderate; binding → warning
    t = spec(comparator="<=", value=5.5, year=None, base_year=None, direction="down", attribute="约束性")
    assert assess(t, obs((2023, 5.2))).status == "achieved"
    p = assess(t, obs((2022, 5.1), (2023, 5.8)))
    assert p.ratio == approx(0.945454, abs=1e-6)
    assert p.status == "moderate" and p.warning
    assert p.latest_year == 2023 and p.projection is None


def test_unemployment_baseline_already_within_target():
    # baseline 5.2 already ≤ 5.5: nothing is required.  5.4 → achieved; 5.6 → moving away.
    t = spec(comparator="<=", value=5.5, base=5.2, direction="down", attribute="约束性")
    assert assess(t, obs((2023, 5.4))).status == "achieved"
    p = assess(t, obs((2023, 5.6)))
    assert p.status == "moving_away" and p.warning and p.ratio is None


# ---------------------------------------------------------------- zero and negative values: linear method


def test_crossing_zero_uses_linear_method():
    # baseline −2 (2020) → 3 by 2025; 1 in 2023.  CAGR undefined → linear:
    # actual (1 − (−2))/3 = 1 a year; required (3 − (−2))/5 = 1 a year; R = 1 → significant;
    # projection 1 + 1·2 = 3
    p = assess(spec(value=3, base=-2), obs((2023, 1)))
    assert p.status == "significant" and p.ratio == approx(1.0)
    assert p.actual_cagr is None and p.required_cagr is None
    assert p.figures["actual_linear_change"] == approx(1.0) and p.figures["required_linear_change"] == approx(1.0)
    assert p.projection == approx(3.0) and p.projection_method == "linear trend since the baseline"
    assert "线性法" in p.explanation and "linear method" in p.explanation


def test_zero_target_uses_linear_method():
    # 10 (2020) → ≤ 0 by 2025; 4 in 2023: actual (4−10)/3 = −2, required (0−10)/5 = −2; R = 1
    p = assess(spec(comparator="<=", value=0, base=10, direction="down"), obs((2023, 4)))
    assert p.ratio == approx(1.0) and p.status == "significant"
    assert p.distance_covered_share == approx(0.6)


def test_latest_non_positive_for_up_target_is_moving_away():
    p = assess(spec(value=20, base=10), obs((2023, -1)))
    assert p.status == "moving_away"  # linear: (−1 − 10)/3 ÷ (20 − 10)/5 = −1.833


# ---------------------------------------------------------------- baselines


def test_no_baseline_uses_earliest_observation():
    # no baseline: 2021 value 100 is the baseline; 110 in 2023; target 121 by 2025.
    # actual (110/100)^(1/2) − 1 = 4.881 %; required (121/100)^(1/4) − 1 = 4.881 %; R = 1 → significant
    p = assess(spec(value=121, base=None, base_year=None), obs((2023, 110), (2021, 100)))
    assert p.figures["baseline_from_observation"] == 1
    assert p.figures["baseline_year"] == 2021 and p.figures["baseline_value"] == 100
    assert p.ratio == approx(1.0) and p.status == "significant"
    assert "最早观测值" in p.explanation and "earliest observation" in p.explanation


def test_baseline_year_without_value_uses_that_years_observation():
    p = assess(spec(value=121, base=None, base_year=2020), obs((2020, 100), (2022, 110)))
    assert p.figures["baseline_value"] == 100 and p.figures["baseline_from_observation"] == 1
    assert p.time_elapsed_share == approx(0.4)


def test_only_baseline_year_observation():
    # The baseline year lies before the plan period: its observation is a baseline, never
    # progress, so even a level the baseline already meets is no_data until a year inside
    # the period is observed (was "achieved" before the plan-period window).
    assert assess(spec(value=121, base=None, base_year=2020), obs((2020, 100))).status == "no_data"
    p = assess(spec(value=90, base=None, base_year=2020), obs((2020, 100)))
    assert p.status == "no_data" and "2021–2025" in p.explanation
    assert assess(spec(value=90, base=None, base_year=2020), obs((2020, 100), (2021, 95))).status == "achieved"


def test_baseline_year_not_before_target_year():
    assert assess(spec(value=121, base=100, base_year=2025), obs((2025, 110))).status == "no_data"


# ---------------------------------------------------------------- growth-rate targets


def test_growth_rate_hand_computed():
    # 年均增长 ≥ 7 % over 2021–2025; actual 8.1, 3.0, 5.2.
    # cumulative 1.081·1.03·1.052 = 1.171328 → 17.1328 %; average 1.171328^(1/3) − 1 = 5.4127 %
    # R = 5.4127/7 = 0.7732 → moderate; whole period needs 1.07⁵ − 1 = 40.2552 %
    # distance covered 17.1328/40.2552 = 0.4256; time elapsed 3/5 = 0.6
    # still needed: (1.402552/1.171328)^(1/2) − 1 = 9.426 % a year in 2024–2025
    p = assess(spec(kind="growth_rate", value=7), obs((2021, 8.1), (2022, 3.0), (2023, 5.2)))
    assert p.actual_cagr == approx(5.4127, abs=1e-4)
    assert p.required_cagr == 7
    assert p.ratio == approx(0.7732, abs=1e-4)
    assert p.status == "moderate"
    assert p.figures["cumulative_actual"] == approx(17.1328, abs=1e-3)
    assert p.figures["cumulative_required"] == approx(40.2552, abs=1e-3)
    assert p.distance_covered_share == approx(17.1328 / 40.2552, abs=1e-4)
    assert p.figures["required_rate_remaining"] == approx(9.426, abs=1e-3)
    assert p.projection == approx(p.actual_cagr)
    assert "(1+8.1%)×(1+3%)×(1+5.2%)−1" in p.explanation


def test_growth_on_track_is_significant_not_achieved():
    # 7.5 % a year for three years ≥ 7 % → on track (R = 1.071), but the period is not over
    p = assess(spec(kind="growth_rate", value=7), obs((2021, 7.5), (2022, 7.5), (2023, 7.5)))
    assert p.status == "significant" and p.ratio == approx(7.5 / 7)


def test_growth_achieved_when_period_complete():
    p = assess(spec(kind="growth_rate", value=7), obs(*[(y, 7.0) for y in range(2021, 2026)]))
    assert p.status == "achieved"


def test_growth_achieved_early_by_cumulative():
    # one year of 45 % ≥ the whole period's 1.07⁵ − 1 = 40.26 %
    assert assess(spec(kind="growth_rate", value=7), obs((2021, 45))).status == "achieved"


def test_growth_missing_years_flagged():
    p = assess(spec(kind="growth_rate", value=7), obs((2021, 7.0), (2023, 7.0)))
    assert p.figures["observations_used"] == 2 and p.figures["years_elapsed"] == 3
    assert "缺1年" in p.explanation and "missing" in p.explanation


def test_growth_without_baseline_year():
    p = assess(spec(kind="growth_rate", value=7, base_year=None), obs((2022, 7.5), (2023, 7.5)))
    assert p.figures["baseline_year"] == 2021 and p.figures["baseline_from_observation"] == 1
    assert p.time_elapsed_share == approx(2 / 4)


def test_growth_ceiling():
    # CPI-like ceiling, average ≤ 3 over the period: 2.5, 3.2 → average 2.849 % ≤ 3 → on track (significant)
    t = spec(kind="growth_rate", comparator="<=", value=3, direction="target")
    p = assess(t, obs((2021, 2.5), (2022, 3.2)))
    assert p.status == "significant"
    # 4.0 a year: attainment 1 − (4 − 3)/3 = 0.6667 → moderate
    assert assess(t, obs((2021, 4.0), (2022, 4.0))).ratio == approx(2 / 3)


def test_growth_arithmetic_fallback():
    p = assess(spec(kind="growth_rate", value=7), obs((2021, -120), (2022, 10)))
    assert p.actual_cagr == approx(-55.0) and "arithmetic" in p.explanation


# ---------------------------------------------------------------- change targets


def test_energy_intensity_reduction_hand_computed():
    # 单位GDP能耗降低 13.5 % over 2020–2025 (binding).  Yearly reductions 2.7, 0.1, 0.5 (%).
    # cumulative 1 − 0.973·0.999·0.995 = 1 − 0.967167 = 3.2833 %
    # average 1 − 0.967167^(1/3) = 1.1066 % a year; required 1 − 0.865^(1/5) = 2.8589 % a year
    # R = 1.1066/2.8589 = 0.3871 → insufficient → warning
    # distance covered 3.2833/13.5 = 0.2432 against time elapsed 0.6
    # projection 1 − 0.988934⁵ = 5.412 % by 2025
    t = spec(kind="change", comparator="=", value=13.5, direction="down", attribute="约束性")
    p = assess(t, obs((2021, 2.7), (2022, 0.1), (2023, 0.5)))
    assert p.figures["cumulative_actual"] == approx(3.2833, abs=1e-4)
    assert p.actual_cagr == approx(1.1066, abs=1e-4)
    assert p.required_cagr == approx(2.8589, abs=1e-4)
    assert p.ratio == approx(0.3871, abs=1e-4)
    assert p.distance_covered_share == approx(0.2432, abs=1e-4)
    assert p.projection == approx(5.412, abs=1e-3)
    assert p.status == "insufficient" and p.warning
    assert "1−(1−2.7%)×(1−0.1%)×(1−0.5%)" in p.explanation


def test_reduction_achieved():
    t = spec(kind="change", comparator="=", value=13.5, direction="down", attribute="约束性")
    # 3 % a year for five years: 1 − 0.97⁵ = 14.13 % ≥ 13.5 → achieved
    assert assess(t, obs(*[(y, 3.0) for y in range(2021, 2026)])).status == "achieved"
    # early: 3.7 % a year for four years: 1 − 0.963⁴ = 14.00 % → achieved in 2024
    assert assess(t, obs(*[(y, 3.7) for y in range(2021, 2025)])).status == "achieved"
    # an increase of intensity (a negative reduction) is moving away
    assert assess(t, obs((2021, -1.0))).status == "moving_away"


def test_percentage_point_change():
    # 提高 2 个百分点 over 2020–2025 (pp, additive): +0.4, +0.3 → 0.7 pp.
    # distance covered 0.7/2 = 35 % vs time elapsed 2/5 = 40 % → R = 0.35/0.4 = 0.875 → moderate
    # projection 0.35·5 = 1.75 pp
    p = assess(spec(kind="change", comparator="=", value=2, unit="pp"), obs((2021, 0.4), (2022, 0.3)))
    assert p.figures["cumulative_actual"] == approx(0.7)
    assert p.ratio == approx(0.875) and p.status == "moderate"
    assert p.ratio == approx(p.distance_covered_share / p.time_elapsed_share)
    assert p.projection == approx(1.75)
    assert p.projection_method == "average annual change achieved so far, times the years of the period"


def test_per_year_change_target():
    # 每年下降 3 %: latest year 2.4 → attainment 2.4/3 = 0.8 → moderate
    t = spec(kind="change", comparator="=", value=3, year=None, base_year=None, direction="down")
    assert assess(t, obs((2023, 2.4))).ratio == approx(0.8)
    assert assess(t, obs((2023, 3.1))).status == "achieved"


# ---------------------------------------------------------------- "about" targets and ranges


def test_tolerance_rule():
    assert tolerance("growth_rate", 6.5) == approx(0.13)  # 2 % of 6.5
    assert tolerance("share", 3.0) == approx(0.1)  # 2 % of 3 = 0.06 < 0.1 pp floor
    assert tolerance("level", 17000) == approx(340)  # 2 %, no floor
    assert tolerance("count", 0) == 0


def test_about_growth_target():
    # 6.5 % 左右 (per year, direction up): tolerance 0.13 → met from 6.37
    t = spec(kind="growth_rate", comparator="~", value=6.5, year=None, base_year=None)
    assert assess(t, obs((2023, 6.4))).status == "achieved"
    assert assess(t, obs((2023, 9.0))).status == "achieved"  # overshoot of an "up" indicator is fine
    p = assess(t, obs((2023, 6.3)))  # 6.3/6.5 = 0.9692
    assert p.status == "significant" and p.ratio == approx(0.969231, abs=1e-6)


def test_about_two_sided():
    # primary share 8 % 左右, direction target: band 8 ± 0.16
    t = spec(kind="share", comparator="~", value=8, year=None, base_year=None, direction="target")
    assert assess(t, obs((2023, 8.1))).status == "achieved"
    # 8.5: gap 8.5 − 8.16 = 0.34; attainment 1 − 0.34/8 = 0.9575 → significant
    assert assess(t, obs((2023, 8.5))).ratio == approx(0.9575)


def test_range_targets():
    up = spec(kind="growth_rate", comparator="range", low=8, high=9, year=None, base_year=None)
    assert assess(up, obs((2023, 8.5))).status == "achieved"
    assert assess(up, obs((2023, 9.5))).status == "achieved"
    assert assess(up, obs((2023, 7.2))).ratio == approx(0.9)  # 7.2/8
    band = spec(kind="growth_rate", comparator="range", low=2, high=3, year=None, base_year=None,
                direction="target")
    # CPI 2–3: 3.5 → gap 0.5, centre 2.5 → 1 − 0.5/2.5 = 0.8; 1.5 likewise
    assert assess(band, obs((2023, 3.5))).ratio == approx(0.8)
    assert assess(band, obs((2023, 1.5))).ratio == approx(0.8)
    assert assess(band, obs((2023, 2.5))).status == "achieved"
    one = spec(kind="level", comparator="range", low=None, high=100, year=None, base_year=None, direction="target")
    assert assess(one, obs((2023, 90))).status == "achieved"


def test_band_level_distance_method():
    # share 35 (2020) → 37–40 by 2025 (direction target); 36 in 2023.
    # gap 2 → 1: covered (2 − 1)/2 = 0.5 vs time 0.6 → R = 0.8333 → moderate; projection 36 + (1/3)·2 = 36.667
    t = spec(kind="share", comparator="range", low=37, high=40, base=35, direction="target")
    p = assess(t, obs((2023, 36)))
    assert p.ratio == approx(0.5 / 0.6) and p.status == "moderate"
    assert p.projection == approx(36 + 2 / 3)
    # overshooting the band counts against progress: 43 → gap 3 > 2 → moving away
    assert assess(t, obs((2023, 43))).status == "moving_away"
    assert assess(t, obs((2023, 38))).status == "achieved"
    # a baseline inside the band: in → achieved, out → moving away
    inside = spec(kind="share", comparator="range", low=37, high=40, base=38, direction="target")
    assert assess(inside, obs((2023, 39))).status == "achieved"
    assert assess(inside, obs((2023, 41))).status == "moving_away"


# ---------------------------------------------------------------- no data, years, as_of


def test_inherited_and_valueless_targets_are_no_data():
    p = assess(spec(value=None, inherited=True), obs((2023, 1)))
    assert p.status == "inherited" and "上级下达" in p.explanation and "inherited" in p.explanation
    assert p.warning is False and p.ratio is None
    p = assess(spec(value=None), obs((2023, 1)))
    assert p.status == "no_data" and "no number" in p.explanation
    p = assess(spec(comparator="range", low=None, high=None, value=None), obs((2023, 1)))
    assert p.status == "no_data"


def test_no_observations():
    p = assess(spec(value=10, base=5, attribute="约束性"), [])
    assert p.status == "no_data" and p.warning is False and p.latest_year is None


def test_observations_after_target_year_are_not_used():
    # 2024 not met; 2026 would meet it but is after the target year
    p = assess(spec(value=121, base=100), obs((2024, 110), (2026, 130)))
    assert p.latest_year == 2024 and p.status != "achieved"
    assert p.figures["observations_after_target_year"] == 1
    assert "after the target year" in p.explanation
    assert assess(spec(value=121, base=100), obs((2026, 130))).status == "no_data"


def test_as_of():
    o = obs((2021, 105), (2022, 110), (2023, 125))
    assert assess(spec(value=121, base=100), o).status == "achieved"
    p = assess(spec(value=121, base=100), o, as_of=2022)
    assert p.latest_year == 2022 and p.latest_value == 110 and p.status != "achieved"
    assert assess(spec(value=121, base=100), o, as_of=2020).status == "no_data"


def test_repeated_year_last_wins_and_nan_dropped():
    p = assess(spec(value=121, base=100), [Ob(2023, 90), Ob(2023, 115), Ob(2024, float("nan"))])
    assert p.latest_year == 2023 and p.latest_value == 115


def test_observations_before_baseline_are_counted_not_used():
    p = assess(spec(value=121, base=100), obs((2018, 200), (2022, 110)))
    assert p.figures["observations_before_baseline"] == 1 and p.latest_value == 110


# ---------------------------------------------------------------- warnings and summaries


@pytest.mark.parametrize(("attribute", "latest", "warning"), [
    ("约束性", 95, True),  # moving away
    ("约束性", 103, True),  # insufficient: (1.03)^(1/3)−1 = 0.99 % vs 3.89 % → R = 0.25
    ("约束性", 112, False),  # significant: 3.85 % vs 3.89 % → R = 0.99
    ("约束性", 125, False),  # achieved
    ("预期性", 95, False),  # expected targets are guidance
    (None, 95, False),
])
def test_warning_rule(attribute, latest, warning):
    assert assess(spec(value=121, base=100, attribute=attribute), obs((2023, latest))).warning is warning


def test_summarise():
    a = assess(spec(value=121, base=100, attribute="约束性"), obs((2023, 95)))
    b = assess(spec(value=121, base=100), obs((2023, 125)))
    c = assess(spec(value=121, base=100), [])
    s = summarise([("430100", a), ("430100", b), ("430400", c)])
    assert s["430100"]["moving_away"] == 1 and s["430100"]["achieved"] == 1
    assert s["430100"]["warning"] == 1 and s["430100"]["total"] == 2 and s["430100"]["moderate"] == 0
    assert s["430400"] == {**dict.fromkeys(STATUSES, 0), "no_data": 1, "warning": 0, "total": 1}


# ---------------------------------------------------------------- property tests

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)
comparators = st.sampled_from([">=", "<=", "~", "=", "range"])
directions = st.sampled_from(["up", "down", "target"])
level_kinds = st.sampled_from(["level", "share", "count", "ratio"])


@st.composite
def level_targets(draw, values=finite):
    kind = draw(level_kinds)
    comparator = draw(comparators)
    direction = draw(directions)
    base_year = draw(st.integers(2010, 2024))
    year = draw(st.integers(base_year + 1, base_year + 15))
    if comparator == "range":
        a, b = draw(values), draw(values)
        low, high, value = min(a, b), max(a, b), None
    else:
        low = high = None
        value = draw(values)
    base = draw(st.one_of(st.none(), values))
    attribute = draw(st.sampled_from(["约束性", "预期性", None]))
    return spec(kind, comparator, value, low=low, high=high, year=year, base=base, base_year=base_year,
                direction=direction, attribute=attribute)


def _aim(t: TargetSpec) -> float:
    """A value that meets the target: the plan's number, or the middle of the range."""
    if t.comparator == "range":
        return (t.target_low + t.target_high) / 2
    return t.target_value


@settings(max_examples=300, deadline=None)
@given(t=level_targets(), data=st.data())
def test_property_met_target_is_achieved(t, data):
    year = data.draw(st.integers(t.baseline_year + 1, t.target_year))  # inside the plan period
    earlier = data.draw(st.lists(st.tuples(st.integers(t.baseline_year, t.target_year), finite), max_size=4))
    o = [Ob(y, v) for y, v in earlier if y < year] + [Ob(year, _aim(t))]
    assert assess(t, o).status == "achieved"


@settings(max_examples=300, deadline=None)
@given(t=level_targets(), data=st.data())
def test_property_per_year_met_target_is_achieved(t, data):
    t = spec(t.kind, t.comparator, t.target_value, low=t.target_low, high=t.target_high, year=None,
             base_year=None, direction=t.direction)
    assert assess(t, obs((2023, data.draw(finite)), (2024, _aim(t)))).status == "achieved"


@settings(max_examples=500, deadline=None)
@given(t=level_targets(), data=st.data())
def test_property_moving_towards_target_never_worsens(t, data):
    """Status order achieved > significant > moderate > insufficient > moving_away: moving the latest
    actual a share λ ∈ [0, 1] of the way towards the plan's number (middle of a range) never lowers it."""
    per_year = data.draw(st.booleans())
    if per_year:
        t = spec(t.kind, t.comparator, t.target_value, low=t.target_low, high=t.target_high, year=None,
                 base_year=None, direction=t.direction, attribute=t.attribute)
        year = 2023
    else:
        year = data.draw(st.integers(t.baseline_year + 1, t.target_year))
    history = [Ob(y, v) for y, v in data.draw(st.lists(st.tuples(st.integers(2005, 2040), finite), max_size=4))
               if y < year]
    if not per_year and t.baseline_value is None:
        history.append(Ob(t.baseline_year, data.draw(finite)))
    latest = data.draw(finite)
    lam = data.draw(st.floats(0, 1))
    aim = _aim(t)
    moved = latest + lam * (aim - latest)
    assume(math.isfinite(moved))
    moved = min(max(moved, min(latest, aim)), max(latest, aim))  # round-off must not carry it past the aim
    before = assess(t, [*history, Ob(year, latest)])
    after = assess(t, [*history, Ob(year, moved)])
    if before.status == "no_data":
        return
    assert after.status != "no_data"
    assert STATUS_RANK[after.status] >= STATUS_RANK[before.status], (before.explanation, after.explanation)


rates = st.floats(min_value=-30, max_value=30, allow_nan=False, allow_infinity=False)


@st.composite
def rate_targets(draw):
    kind = draw(st.sampled_from(["growth_rate", "change"]))
    comparator = draw(st.sampled_from([">=", "<=", "~", "="]))
    direction = draw(st.sampled_from(["up", "down"]))
    unit = draw(st.sampled_from([None, "pp"])) if kind == "change" else None
    base_year = draw(st.integers(2010, 2024))
    year = draw(st.integers(base_year + 1, base_year + 10))
    value = draw(st.floats(min_value=-20, max_value=30, allow_nan=False))
    attribute = draw(st.sampled_from(["约束性", "预期性"]))
    return spec(kind, comparator, value, year=year, base_year=base_year, direction=direction, attribute=attribute,
                unit=unit)


def _favoured(t: TargetSpec) -> float:
    """+1 when a larger yearly value is better for this target, −1 when smaller is."""
    if t.comparator == ">=":
        return 1.0
    if t.comparator == "<=":
        return -1.0
    if t.kind == "change" and t.direction == "down":
        return 1.0
    return 1.0 if t.direction == "up" else -1.0


@settings(max_examples=400, deadline=None)
@given(t=rate_targets(), data=st.data())
def test_property_rate_moving_the_right_way_never_worsens(t, data):
    """For growth and change targets the compared figure is the average or cumulative of the yearly
    values; raising the latest year's value (lowering, where lower is better) never lowers the status."""
    years = list(range(t.baseline_year + 1, data.draw(st.integers(t.baseline_year + 1, t.target_year)) + 1))
    values = [data.draw(rates) for _ in years]
    step = data.draw(st.floats(0, 30))
    before = assess(t, [Ob(y, v) for y, v in zip(years, values, strict=True)])
    values[-1] += _favoured(t) * step
    after = assess(t, [Ob(y, v) for y, v in zip(years, values, strict=True)])
    assert before.status != "no_data" and after.status != "no_data"
    assert STATUS_RANK[after.status] >= STATUS_RANK[before.status], (before.explanation, after.explanation)


@settings(max_examples=200, deadline=None)
@given(t=rate_targets(), data=st.data())
def test_property_rate_met_is_achieved(t, data):
    """A growth/change target whose every year meets the target rate over the whole period is achieved."""
    t = spec(t.kind, ">=", t.target_value, year=t.target_year, base_year=t.baseline_year, direction="up",
             unit=t.unit)
    n = t.target_year - t.baseline_year
    per_year = t.target_value / n if t.kind == "change" else t.target_value  # pp/percent cumulative ≥ target
    if t.kind == "change" and t.unit is None:  # compound: the annual rate that gives the cumulative target
        assume(1 + t.target_value / 100 > 0)
        per_year = ((1 + t.target_value / 100) ** (1 / n) - 1) * 100
    extra = data.draw(st.floats(0, 5))
    o = [Ob(y, per_year + extra) for y in range(t.baseline_year + 1, t.target_year + 1)]
    assert assess(t, o).status == "achieved"


any_target = st.one_of(level_targets(st.floats(allow_nan=True, allow_infinity=True)), level_targets(), rate_targets())
wild = st.floats(allow_nan=True, allow_infinity=True)


@settings(max_examples=400, deadline=None)
@given(t=any_target, o=st.lists(st.tuples(st.integers(1990, 2060), wild), max_size=8),
       as_of=st.one_of(st.none(), st.integers(1990, 2060)))
def test_property_figures_finite_and_result_well_formed(t, o, as_of):
    p = assess(t, [Ob(y, v) for y, v in o], as_of=as_of)
    assert isinstance(p, Progress) and p.status in STATUSES
    for name, v in p.figures.items():
        assert v is None or (isinstance(v, int | float) and math.isfinite(v)), name
    for v in (p.latest_value, p.time_elapsed_share, p.distance_covered_share, p.required_cagr, p.actual_cagr,
              p.ratio, p.projection):
        assert v is None or math.isfinite(v)
    assert " / " in p.explanation
    if p.warning:
        assert t.attribute == "约束性" and p.status in ("moderate", "insufficient", "moving_away")
    if p.projection is None:
        assert p.projection_method is None


@settings(max_examples=200, deadline=None)
@given(t=any_target, as_of=st.one_of(st.none(), st.integers(1990, 2060)))
def test_property_no_observations_is_no_data(t, as_of):
    p = assess(t, [], as_of=as_of)
    assert p.status == "no_data" and not p.warning
