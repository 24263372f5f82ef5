"""Progress-engine benchmark: assess() over 3,000 regions × 30 indicators × 5 years.

    .venv/bin/python bench/progress.py [--regions 3000] [--indicators 30] [--years 5] [--seed 20260101]
                                       [--as-of YEAR] [--runs 3] [--raw-floats]

The process pins itself to one CPU.  Targets and observations are random but seeded: each
of the 30 indicators gets a fixed shape drawn from the kinds planscope meets in plan tables
(level/share/count/ratio with ≥, ≤, "=", "~" and ranges, growth-rate and cumulative-change
targets, per-year targets, a few inherited ones), binding or expected; each region gets its
own baseline (2020), target (2025) and five yearly observations (2021–2025).  Values are
rounded as statistics publish them (levels to 2 decimals, rates and shares to 1–2): the
explanation prints every input, and a 17-digit random float is not what a bulletin gives;
``--raw-floats`` keeps them unrounded (slower formatting).  The time is for ``assess`` over
every target (best of ``--runs``), generation excluded; target: < 5 s.
"""

from __future__ import annotations

import argparse
import os
import random
import time

from planscope.monitoring.progress import Observation, TargetSpec, assess, summarise

BASE_YEAR = 2020


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def shapes(rng: random.Random, n: int) -> list[dict]:
    """One target shape per indicator."""
    menu = [
        {"kind": "level", "comparator": ">=", "direction": "up"},  # GDP, R&D spending …
        {"kind": "level", "comparator": "=", "direction": "up"},
        {"kind": "share", "comparator": "=", "direction": "up"},  # urbanisation, forest cover
        {"kind": "share", "comparator": "~", "direction": "target"},  # sector shares
        {"kind": "share", "comparator": "range", "direction": "target"},
        {"kind": "level", "comparator": "<=", "direction": "down"},  # unemployment, intensities
        {"kind": "count", "comparator": ">=", "direction": "up"},
        {"kind": "ratio", "comparator": "=", "direction": "up"},
        {"kind": "growth_rate", "comparator": ">=", "direction": "up"},  # 年均增长
        {"kind": "growth_rate", "comparator": "~", "direction": "up"},
        {"kind": "change", "comparator": "=", "direction": "down"},  # 能耗降低 13.5 %
        {"kind": "change", "comparator": "=", "direction": "up", "unit": "pp"},  # 提高 2 个百分点
        {"kind": "level", "comparator": "<=", "direction": "down", "per_year": True},  # 失业率 每年
        {"kind": "growth_rate", "comparator": "range", "direction": "up", "per_year": True},
    ]
    out = []
    for i in range(n):
        s = dict(menu[i % len(menu)])
        s["attribute"] = "约束性" if rng.random() < 0.3 else "预期性"
        s["inherited"] = rng.random() < 0.03
        out.append(s)
    return out


def make_target(rng: random.Random, s: dict, years: int, raw: bool = False) -> tuple[TargetSpec, list[Observation]]:
    spec, obs = _make_target(rng, s, years)
    if raw:
        return spec, obs

    def r(x: float | None, d: int) -> float | None:
        return None if x is None else round(x, d)

    d = 2 if spec.kind in ("level", "count", "ratio") else 1
    spec = TargetSpec(
        kind=spec.kind, comparator=spec.comparator, target_value=r(spec.target_value, d),
        target_low=r(spec.target_low, d), target_high=r(spec.target_high, d), target_year=spec.target_year,
        baseline_value=r(spec.baseline_value, d), baseline_year=spec.baseline_year, direction=spec.direction,
        attribute=spec.attribute, inherited=spec.inherited, unit=spec.unit,
    )
    return spec, [Observation(o.year, round(o.value, d if spec.kind not in ("growth_rate", "change") else 2))
                  for o in obs]


def _make_target(rng: random.Random, s: dict, years: int) -> tuple[TargetSpec, list[Observation]]:
    kind = s["kind"]
    per_year = s.get("per_year", False)
    target_year = BASE_YEAR + years
    obs_years = range(BASE_YEAR + 1, BASE_YEAR + years + 1)
    low = high = None
    if kind in ("growth_rate", "change"):
        value = rng.uniform(2, 15) if kind == "change" and s.get("unit") != "pp" else rng.uniform(0.5, 8)
        if s.get("unit") == "pp":
            value = rng.uniform(0.5, 5)
        if s["comparator"] == "range":
            low, high, value = value, value + 1, None
        base = None
        per = (value or low) / (1 if kind == "growth_rate" else years)
        obs = [Observation(y, rng.gauss(per, abs(per) * 0.6 + 0.3)) for y in obs_years]
    else:
        base = rng.uniform(1, 1000) if kind != "share" else rng.uniform(5, 80)
        value = base * (rng.uniform(0.8, 1.02) if s["direction"] == "down" else rng.uniform(0.98, 1.6))
        if s["comparator"] == "range":
            low, high, value = value * 0.98, value * 1.02, None
        path = base
        step = ((value or low) - base) / years
        obs = []
        for y in obs_years:
            path += step * rng.uniform(-0.5, 1.8)
            obs.append(Observation(y, path))
        if rng.random() < 0.1:  # missing years
            obs = [o for o in obs if rng.random() < 0.7]
    spec = TargetSpec(
        kind=kind, comparator=s["comparator"], target_value=value, target_low=low, target_high=high,
        target_year=None if per_year else target_year, baseline_value=base,
        baseline_year=None if per_year else BASE_YEAR, direction=s["direction"], attribute=s["attribute"],
        inherited=s["inherited"], unit=s.get("unit"),
    )
    return spec, obs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--regions", type=int, default=3000)
    ap.add_argument("--indicators", type=int, default=30)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--seed", type=int, default=20260101)
    ap.add_argument("--as-of", type=int, default=None)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--raw-floats", action="store_true", help="keep generated values unrounded")
    args = ap.parse_args()
    pin_one_core()
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    kinds = shapes(rng, args.indicators)
    work = [(f"{r:06d}", make_target(rng, kinds[i], args.years, args.raw_floats))
            for r in range(args.regions) for i in range(args.indicators)]
    gen = time.perf_counter() - t0
    n = len(work)
    n_obs = sum(len(o) for _, (_, o) in work)
    print(f"{args.regions:,} regions × {args.indicators} indicators × {args.years} years: "
          f"{n:,} targets, {n_obs:,} observations (generated in {gen:.2f} s, seed {args.seed}"
          f"{', unrounded' if args.raw_floats else ''})")
    best = float("inf")
    results = []
    for _ in range(args.runs):
        results = []  # free the previous run's results outside the timed region
        t1 = time.perf_counter()
        results = [(key, assess(spec, obs, args.as_of)) for key, (spec, obs) in work]
        best = min(best, time.perf_counter() - t1)
    verdict = "PASS" if best < 5.0 else "FAIL"
    print(f"assess on one core (best of {args.runs}): {best:.3f} s, {n / best:,.0f} targets/s, "
          f"{best / n * 1e6:.1f} µs/target   target < 5 s: {verdict}")
    total = summarise(("all", p) for _, p in results)["all"]
    print("statuses: " + ", ".join(f"{k} {v:,}" for k, v in total.items()))


if __name__ == "__main__":
    main()
