"""Figures in the plan's own unit and precision, from units.toml (figures.format_figure)."""

from __future__ import annotations

import pytest

from planscope.monitoring.figures import decimals_of, format_figure, unit_factor


@pytest.mark.parametrize(("value", "unit", "decimals", "shown"), [
    (5.0024e10, "亿元", None, "500.24亿元"),  # not 5.0024e+10
    (61.9, "%", None, "61.9%"),
    (7.5e10, "亿元", None, "750亿元"),
    (1.7e12, "万亿元", None, "1.7万亿元"),
    (6e6, "万标准箱", None, "600万标准箱"),  # a unit word units.toml lacks counts itself
    (5.31234e10, "亿元", 1, "531.2亿元"),  # a computed figure to the plan's precision
    (43005.0, None, None, "43005"),  # without a unit, numbers below 亿 are written in full
    (5.0024e10, None, None, "500.24亿"),
    (None, "亿元", None, "—"),
    (float("nan"), "%", None, "—"),
])
def test_format_figure(value, unit, decimals, shown) -> None:
    assert format_figure(value, unit, decimals) == shown


def test_unit_factor_comes_from_units_toml() -> None:
    assert unit_factor("亿元") == 1e8 and unit_factor("万人") == 1e4 and unit_factor("%") == 1
    assert unit_factor(None) is None and unit_factor("无此单位") is None


def test_decimals_of_the_written_number() -> None:
    assert (decimals_of("500.24"), decimals_of("750"), decimals_of("完成省下达目标")) == (2, 0, None)


def test_time_and_target_progress_read_the_same_everywhere() -> None:
    """时间进度 and 目标进度: one formatter for the engine's explanation, the CLI and the reports."""
    from planscope.monitoring.figures import share_text
    from planscope.monitoring.progress import Observation, TargetSpec, assess

    assert [share_text(x) for x in (0.6, -0.7647058823529382, 1.0, None, float("inf"))] == [
        "60.0%", "-76.5%", "100.0%", "—", "—"]
    spec = TargetSpec("share", "=", 88.0, None, None, 2025, 86.3, 2020, "up", "约束性", period=(2021, 2025))
    p = assess(spec, [Observation(2023, 85.0)])
    assert p.time_elapsed_share == pytest.approx(0.6)
    shown = f"时间进度=(2023−2020)/(2025−2020)={share_text(p.time_elapsed_share)}"
    assert shown in p.explanation and f"={share_text(p.distance_covered_share)}" in p.explanation
