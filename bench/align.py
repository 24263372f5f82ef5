"""Alignment-engine benchmark: align() over 3,000 county × 300 city × 31 provincial plans × 30 indicators.

    .venv/bin/python bench/align.py [--counties 3000] [--cities 300] [--provinces 31] [--indicators 30]
                                    [--seed 1] [--repeat 1] [--tracemalloc] [--no-memory] [--store URL]

Everything is generated in memory, seeded, with no database: a synthetic region table (the
nation 100000, then provinces 8xxxxx, cities 7xxxxx spread round-robin over the provinces and
counties 6xxxxx at random over the cities, each city with at least one), one 2021–2025 outline
(``PlanDoc``, doc_type "outline") per province, city and county, and for each plan
``--indicators`` targets (``Side``) on catalogue indicators of every shape alignment meets:
stated growth rates (a few as ranges), shares with a 2020 baseline (pp a year; some
change-only, one target-direction, one capped), levels with a baseline (implied growth: GDP and
revenue in yuan, per-1000 and per-10k ratios, schooling years), totals without baseline,
cumulative reductions, a few inherited targets (完成上级下达任务) and a few qualitative ones; each
provincial capital also sets 首位度, so the implied-GDP check runs. Most indicators are in every
plan, a few rotate, so lower plans miss some of the indicators set above. Each plan's ambition
is its parent's plus a random step — none, up or down — so escalated, consistent, looser,
missing, inherited and not-comparable all occur. The national reference sides
(``planscope.alignment.sources.reference_sides()``) are included, so every plan is also
compared with the nation.

Measured, on one core (the process pins itself to one CPU):
* generation time (reported, not part of any target);
* ``align(sides, plans, regions)`` wall time (best of ``--repeat``), with comparisons, links,
  implied checks and comparisons per second; target: < 10 s;
* ``escalation_stats(result.comparisons)`` time and rows;
* peak resident memory (VmHWM, else ``ru_maxrss``) of a fresh child process (this script
  with ``--child``) that generates the library and aligns it once; target: < 1024 MB.  ``--tracemalloc`` also
  reports the Python-heap peak of one extra align call (slow; never timed).
The exit status is 0 whether or not the targets are met.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planscope.alignment.engine import Alignment, PlanDoc, align
from planscope.alignment.measures import family
from planscope.alignment.model import RELATIONS, Side, Source
from planscope.alignment.sources import reference_sides
from planscope.alignment.stats import escalation_stats
from planscope.catalogue.indicators import load_catalogue
from planscope.catalogue.regions import NATION_CODE, Region, RegionTable

TIME_TARGET_S = 10.0
RSS_TARGET_MB = 1024.0
BASE_YEAR, TARGET_YEAR = 2020, 2025
YEARS = TARGET_YEAR - BASE_YEAR
LEVELS = ("province", "city", "county")
P_INHERITED, P_QUALITATIVE, P_RANGE, P_BINDING = 0.03, 0.03, 0.1, 0.3
ROTATING = 4  # indicators per plan drawn from the rest of the pool (the others are in every plan)
QUALITATIVE_TEXTS = ("稳步提高", "保持在合理区间", "持续改善", "与经济增长基本同步")
INHERITED_TEXT = "完成上级下达任务"


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


@dataclass(frozen=True)
class Shape:
    """How one indicator is written in the generated plans.

    ``mode``: growth (stated %/yr), share (target % with a 2020 baseline), level (target with a
    baseline: implied growth), total (a size-dependent level without baseline), reduction
    (cumulative %).  ``ambition`` is the quantity the plans escalate: growth %/yr, pp a year,
    implied growth %/yr, or the reduction %; ``step`` the size of one level's escalation."""

    id: str
    mode: str
    ambition: float
    step: float
    base: float = 0.0  # share: the baseline %; level: a typical county's baseline, in the written unit
    spread: float = 0.3  # relative (level) or absolute pp / 100 (share) spread of baselines
    unit: str = "%"  # as written
    scale: float = 1.0  # written unit → base unit (亿元 → yuan)
    sized: bool = False  # depends on the region's size (×10 a level up)
    comparator: str = "="


POOL = (
    Shape("gdp", "level", 6.0, 0.6, base=300.0, unit="亿元", scale=1e8, sized=True, comparator=">="),
    Shape("gdp_growth", "growth", 6.0, 0.6),
    Shape("urbanisation_rate_resident", "share", 0.9, 0.2, base=55.0, spread=0.2),
    Shape("energy_intensity_reduction", "reduction", 13.5, 1.5),
    Shape("doctors_per_1000", "level", 2.0, 0.4, base=2.9, unit="人"),
    Shape("rd_spending_growth", "growth", 8.0, 1.0, comparator=">="),
    Shape("forest_coverage", "share", 0.2, 0.1, base=40.0, spread=0.5),
    Shape("general_budget_revenue", "level", 6.5, 0.8, base=25.0, unit="亿元", scale=1e8, sized=True),
    Shape("digital_economy_core_share", "share", 0.5, 0.2, base=7.0, spread=0.4),
    Shape("co2_intensity_reduction", "reduction", 18.0, 2.0),
    Shape("disposable_income_growth", "growth", 6.5, 0.5),
    Shape("tertiary_share", "share", 0.6, 0.3, base=50.0, spread=0.2),
    Shape("high_value_invention_patents_per_10k", "level", 12.0, 3.0, base=4.0, unit="件", spread=0.5),
    Shape("basic_pension_coverage", "share", 0.8, 0.3, base=91.0, spread=0.04),
    Shape("fai_growth", "growth", 7.0, 1.0),
    Shape("surface_water_good_share", "share", 0.4, 0.3, base=83.0, spread=0.1),
    Shape("average_schooling_years", "level", 0.9, 0.2, base=10.8, unit="年", spread=0.08, comparator=">="),
    Shape("good_air_days_ratio", "share", 0.2, 0.2, base=85.0, spread=0.1),
    Shape("retail_sales_growth", "growth", 7.5, 0.8),
    Shape("rd_intensity", "share", 0.15, 0.08, base=2.2, spread=0.5, comparator=">="),
    Shape("grain_output", "total", 0.0, 0.0, base=40.0, unit="万吨", scale=1e4, sized=True, comparator=">="),
    Shape("surveyed_urban_unemployment", "share", -0.04, 0.04, base=5.2, spread=0.1, comparator="<="),
    Shape("trade_total_growth", "growth", 6.0, 1.0),
    Shape("non_fossil_share", "share", 0.5, 0.2, base=16.0, spread=0.3),
    Shape("manufacturing_share", "share", 0.0, 0.6, base=28.0, spread=0.2),  # direction "target"
    Shape("sewage_treatment_rate", "share", 1.0, 0.4, base=94.0, spread=0.04),
    Shape("life_expectancy", "level", 0.25, 0.05, base=77.5, unit="岁", spread=0.03),
    Shape("industrial_va_above_scale_growth", "growth", 7.0, 1.0),
    Shape("nursery_places_per_1000", "level", 20.0, 4.0, base=1.8, unit="个", spread=0.3),
    Shape("water_use_per_10k_gdp_reduction", "reduction", 16.0, 2.0),
    Shape("labour_productivity_growth", "growth", 6.0, 0.6),
    Shape("rural_disposable_income_growth", "growth", 7.5, 0.6),
    Shape("built_up_green_coverage", "share", 0.3, 0.2, base=41.0, spread=0.1),
    Shape("beds_per_1000", "level", 2.0, 0.5, base=6.2, unit="张", spread=0.2),
    Shape("cod_reduction", "reduction", 8.0, 1.0),
    Shape("tech_contract_turnover", "level", 12.0, 3.0, base=5.0, unit="亿元", scale=1e8, sized=True),
    Shape("garbage_sorting_coverage", "share", 3.0, 1.0, base=60.0, spread=0.2),
    Shape("general_budget_revenue_gdp_share", "share", 0.05, 0.1, base=8.0, spread=0.3),
)
CAPITAL_EXTRA = Shape("primacy", "share", 0.2, 0.3, base=10.0, spread=0.3)  # a city is a tenth of a province


def check_pool() -> dict[str, Any]:
    """Every generated indicator must be in the catalogue, with the kind its shape writes."""
    cat = load_catalogue()
    expected = {"growth": ("growth_rate",), "share": ("share",), "level": ("level", "ratio"),
                "total": ("level",), "reduction": ("change",)}
    out = {}
    for shape in (*POOL, CAPITAL_EXTRA):
        if shape.id not in cat:
            raise SystemExit(f"{shape.id} is not in the catalogue")
        ind = cat.get(shape.id)
        if ind.kind not in expected[shape.mode]:
            raise SystemExit(f"{shape.id}: catalogue kind {ind.kind} does not suit mode {shape.mode}")
        out[shape.id] = ind
    return out


def make_regions(rng: random.Random, provinces: int, cities: int, counties: int) -> list[Region]:
    if max(provinces, cities, counties) > 99_999 or min(provinces, cities, counties) < 1:
        raise SystemExit("each level needs 1 to 99,999 regions")
    out = [Region(NATION_CODE, "中华人民共和国", "national", None, (), "bench")]
    prov = [f"8{p:05d}" for p in range(provinces)]
    city = [f"7{c:05d}" for c in range(cities)]
    out += [Region(code, f"基准{p}省", "province", NATION_CODE, (), "bench") for p, code in enumerate(prov)]
    out += [Region(code, f"基准{c}市", "city", prov[c % provinces], (), "bench") for c, code in enumerate(city)]
    out += [Region(f"6{k:05d}", f"基准{k}县", "county", city[rng.randrange(cities)] if k >= cities else city[k],
                   (), "bench") for k in range(counties)]
    return out


def national_ambitions(ref: list[Side]) -> dict[tuple[str, str], float]:
    """What the national reference plan asks, by (indicator, kind), in the shapes' ambition."""
    out: dict[tuple[str, str], float] = {}
    for s in ref:
        if s.target_year != TARGET_YEAR or s.value is None:
            continue
        if s.kind in ("growth_rate", "change"):
            out[(s.indicator_id, s.kind)] = s.value
        elif s.baseline_value:
            if s.kind == "share":
                out[(s.indicator_id, s.kind)] = (s.value - s.baseline_value) / YEARS
            else:
                out[(s.indicator_id, s.kind)] = ((s.value / s.baseline_value) ** (1 / YEARS) - 1) * 100
    return out


def _g(x: float, digits: int = 4) -> float:
    """Rounded as plans write numbers: a few significant digits."""
    return float(f"{x:.{digits}g}")


class Generator:
    def __init__(self, rng: random.Random, indicators: int, catalogue: dict[str, Any],
                 nation: dict[tuple[str, str], float]) -> None:
        if indicators > len(POOL):
            raise SystemExit(f"at most {len(POOL)} indicators (the generated pool)")
        self.rng = rng
        k = 0 if indicators == len(POOL) else min(ROTATING, indicators)
        self.fixed, self.rotating, self.k = POOL[: indicators - k], POOL[indicators - k:], k
        self.cat = catalogue
        self.nation = nation
        self.ambition: dict[str, dict[str, float]] = {}  # region code → indicator → ambition

    def step(self, shape: Shape) -> float:
        r = self.rng.random()
        if r < 0.35:  # the same ambition: consistent, rounding aside
            return 0.0
        size = shape.step * self.rng.uniform(0.4, 1.6)
        return size if r < 0.75 else -size  # escalation is the commoner way

    def plan_sides(self, region: Region, label: str, doc_id: int, capital: bool) -> list[Side]:
        parent = self.ambition.get(region.parent_code or "", {})
        mine: dict[str, float] = {}
        self.ambition[region.code] = mine
        shapes = [*self.fixed, *self.rng.sample(self.rotating, self.k)]
        if capital:
            shapes.append(CAPITAL_EXTRA)
        size = 10.0 ** (2 - LEVELS.index(region.level))  # a province is 100 counties, a city 10
        sides = []
        for shape in shapes:
            upper = parent.get(shape.id)
            if upper is None:
                upper = self.nation.get((shape.id, self.cat[shape.id].kind), shape.ambition)
            mine[shape.id] = upper + self.step(shape)
            sides.append(self.side(region, shape, mine[shape.id], size, label, doc_id, len(sides)))
        return sides

    def side(self, region: Region, shape: Shape, ambition: float, size: float, label: str, doc_id: int,
             ord_: int) -> Side:
        rng = self.rng
        ind = self.cat[shape.id]
        value = low = high = base = None
        base_year = None
        comparator = shape.comparator
        r = rng.random()
        inherited = r < P_INHERITED
        qualitative = not inherited and r < P_INHERITED + P_QUALITATIVE
        unit = shape.unit
        if inherited:
            text = INHERITED_TEXT
        elif qualitative:
            text = rng.choice(QUALITATIVE_TEXTS)
        elif shape.mode in ("growth", "reduction"):
            a = round(max(ambition, 0.1), 1)
            if shape.mode == "growth" and rng.random() < P_RANGE:
                low, high, comparator = round(a - 0.5, 1), round(a + 0.5, 1), "range"
                text = f"{low:g}-{high:g}%"
            else:
                value, text = a, f"{a:g}%"
        elif shape.mode == "share":
            b = min(max(shape.base * (1 + rng.uniform(-shape.spread, shape.spread)), 0.5), 99.5)
            base, base_year = round(b, 1), BASE_YEAR
            value = round(min(max(b + ambition * YEARS, 0.1), 100.0), 1)
            text = f"{value:g}%"
        else:
            b = shape.base * (1 + rng.uniform(-shape.spread, shape.spread)) * (size if shape.sized else 1)
            digits = 4 if shape.sized else 3
            written = _g(b * (1 + ambition / 100) ** YEARS, digits)
            value, text = written * shape.scale, f"{written:g}{unit}"
            if shape.mode == "level":
                base, base_year = _g(b, digits) * shape.scale, BASE_YEAR
        attribute = "约束性" if rng.random() < P_BINDING else "预期性"
        quote = f"{ind.zh}{'（' + unit + '）' if unit else ''}{'　' + text}"
        return Side(
            region_code=region.code, indicator_id=shape.id, indicator=ind.zh, kind=ind.kind, comparator=comparator,
            value=value, low=low, high=high, text=text, unit_normalized=ind.unit_base, target_year=TARGET_YEAR,
            baseline_value=base, baseline_year=base_year, attribute=attribute, inherited=inherited,
            source=Source(label, doc_id, ord_ * 40, ord_ * 40 + len(quote), quote), doc_type="outline",
        )


def generate(args: argparse.Namespace) -> tuple[list[Side], list[PlanDoc], RegionTable, dict[str, int]]:
    rng = random.Random(args.seed)
    catalogue = check_pool()
    region_list = make_regions(rng, args.provinces, args.cities, args.counties)
    regions = RegionTable(region_list)
    ref = reference_sides()
    gen = Generator(rng, args.indicators, catalogue, national_ambitions(ref))
    plans: list[PlanDoc] = []
    sides: list[Side] = []
    capitals = {r.parent_code: r.code for r in reversed(region_list) if r.level == "city"}  # first city
    capital_codes = set(capitals.values())
    for region in region_list:  # top down: a plan's parent is generated before it
        if region.level == "national":
            continue
        label = f"bench {region.level} {region.code[1:].lstrip('0') or '0'}"
        plans.append(PlanDoc(region.code, "outline", BASE_YEAR + 1, TARGET_YEAR, label))
        sides += gen.plan_sides(region, label, len(plans), region.code in capital_codes)
    counts = {"library_sides": len(sides), "reference_sides": len(ref), "plans": len(plans),
              "regions": len(regions), "families": len({family(s.indicator_id) for s in sides}),
              "inherited": sum(s.inherited for s in sides),
              "qualitative": sum(s.value is None and s.low is None and not s.inherited for s in sides)}
    return [*ref, *sides], plans, regions, counts


def maxrss_mb() -> float:
    """This process's peak RSS. Linux's ``ru_maxrss`` survives ``execve`` (a child forked from a
    big parent starts with the parent's figure), so the memory map's own high-water mark
    (VmHWM) is read where there is one."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def child(args: argparse.Namespace) -> None:
    """Generate and align once; print the peak RSS figures as one JSON line."""
    t0 = time.perf_counter()
    sides, plans, regions, _ = generate(args)
    rss_gen = maxrss_mb()
    t1 = time.perf_counter()
    result = align(sides, plans, regions)
    t2 = time.perf_counter()
    rows = escalation_stats(result.comparisons)
    print(json.dumps({"rss_start": args.rss_start, "rss_gen": rss_gen, "rss_peak": maxrss_mb(),
                      "gen_s": t1 - t0, "align_s": t2 - t1, "comparisons": len(result.comparisons),
                      "stats_rows": len(rows)}))


def memory_run(args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--seed", str(args.seed),
           "--counties", str(args.counties), "--cities", str(args.cities), "--provinces", str(args.provinces),
           "--indicators", str(args.indicators)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def tracemalloc_peak(sides: list[Side], plans: list[PlanDoc], regions: RegionTable) -> tuple[float, float]:
    import tracemalloc

    tracemalloc.start()
    tracemalloc.reset_peak()
    t0 = time.perf_counter()
    result = align(sides, plans, regions)
    dt = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return peak / 2**20, dt


def relation_table(result: Alignment) -> None:
    pairs: dict[str, Counter[str]] = {}
    for c in result.comparisons:
        pairs.setdefault(f"{c.lower_level}→{c.upper_level}", Counter())[c.relation] += 1
    order = [f"{lo}→{up}" for i, lo in enumerate(("county", "city", "province"))
             for up in ("city", "province", "national")[i:]]
    print(f"{'levels':<20}" + "".join(f"{r:>15}" for r in RELATIONS) + f"{'all':>10}")
    total: Counter[str] = Counter()
    for key in [k for k in order if k in pairs] + sorted(set(pairs) - set(order)):
        row = pairs[key]
        total.update(row)
        print(f"{key:<20}" + "".join(f"{row[r]:>15,}" for r in RELATIONS) + f"{sum(row.values()):>10,}")
    print(f"{'all':<20}" + "".join(f"{total[r]:>15,}" for r in RELATIONS) + f"{sum(total.values()):>10,}")
    links = Counter(link.status for link in result.links)
    print(f"links {len(result.links):,} ({', '.join(f'{k} {v:,}' for k, v in sorted(links.items()))}); "
          f"implied checks {len(result.implied):,} "
          f"({sum(c['compared_with'] is not None for c in result.implied):,} compared with the province)")


def store_and_read(url: str, result: Alignment) -> tuple[float, float]:
    """What ``planscope align`` adds on a library this size: one run stored, all of it read back."""
    from datetime import datetime

    from planscope.alignment.store import store_comparisons, stored_comparisons
    from planscope.store import AlignmentRow, AlignmentRun, Database

    db = Database(url)
    t = time.perf_counter()
    with db.session() as session:
        session.query(AlignmentRow).delete()
        session.query(AlignmentRun).delete()
        run = AlignmentRun(fingerprint="bench", created_at=datetime.now(), links=[], implied=[], coverage=[])
        session.add(run)
        session.flush()
        store_comparisons(session, run.id, result.comparisons)
    stored = time.perf_counter() - t
    t = time.perf_counter()
    with db.session() as session:
        run = session.query(AlignmentRun).one()
        assert len(stored_comparisons(session, run)) == len(result.comparisons)
    read = time.perf_counter() - t
    db.dispose()
    return stored, read


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--counties", type=int, default=3000)
    ap.add_argument("--cities", type=int, default=300)
    ap.add_argument("--provinces", type=int, default=31)
    ap.add_argument("--indicators", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1, help="align runs; the best time counts")
    ap.add_argument("--tracemalloc", action="store_true", help="also report the Python-heap peak of one align call")
    ap.add_argument("--no-memory", action="store_true", help="skip the peak-RSS child process")
    ap.add_argument("--store", metavar="URL", help="also store the comparisons in this database and read them back "
                    "(e.g. sqlite:////tmp/bench.db; its alignment tables are replaced)")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--rss-start", type=float, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    pin_one_core()
    if args.child:
        args.rss_start = maxrss_mb()
        child(args)
        return
    print(f"python {sys.version.split()[0]}, one core (CPU {min(os.sched_getaffinity(0))}), seed {args.seed}")
    t0 = time.perf_counter()
    sides, plans, regions, counts = generate(args)
    gen = time.perf_counter() - t0
    print(f"{args.provinces} provinces, {args.cities} cities, {args.counties:,} counties × {args.indicators} "
          f"indicators: {counts['plans']:,} plans, {counts['library_sides']:,} library sides "
          f"({counts['inherited']:,} inherited, {counts['qualitative']:,} qualitative) + "
          f"{counts['reference_sides']} national reference sides, {counts['families']} families, "
          f"{counts['regions']:,} regions (generated in {gen:.2f} s)")
    best = float("inf")
    result: Alignment | None = None
    for _ in range(max(args.repeat, 1)):
        result = None  # free the previous run's result outside the timed region
        t1 = time.perf_counter()
        result = align(sides, plans, regions)
        best = min(best, time.perf_counter() - t1)
    assert result is not None
    n = len(result.comparisons)
    t2 = time.perf_counter()
    rows = escalation_stats(result.comparisons)
    stats_s = time.perf_counter() - t2
    print()
    relation_table(result)
    print()
    print(f"{'figure':<44}{'value':>14}")
    print(f"{'generation (s, not a target)':<44}{gen:>14.2f}")
    print(f"{f'align (s, best of {max(args.repeat, 1)})':<44}{best:>14.3f}")
    print(f"{'comparisons':<44}{n:>14,}")
    print(f"{'comparisons / s':<44}{n / best:>14,.0f}")
    print(f"{'µs / comparison':<44}{best / n * 1e6 if n else 0:>14.1f}")
    print(f"{'links':<44}{len(result.links):>14,}")
    print(f"{'implied checks':<44}{len(result.implied):>14,}")
    print(f"{'escalation_stats (s)':<44}{stats_s:>14.3f}")
    print(f"{'escalation_stats rows':<44}{len(rows):>14,}")
    if args.store:
        store_s, read_s = store_and_read(args.store, result)
        print(f"{'store comparisons (s, not a target)':<44}{store_s:>14.2f}")
        print(f"{'read all back (s, not a target)':<44}{read_s:>14.2f}")
    mem = None
    if not args.no_memory:
        del result  # the child measures itself; keep this process small meanwhile
        mem = memory_run(args)
        print(f"{'child: RSS after imports (MB)':<44}{mem['rss_start']:>14.0f}")
        print(f"{'child: peak RSS after generation (MB)':<44}{mem['rss_gen']:>14.0f}")
        print(f"{'child: peak RSS after align + stats (MB)':<44}{mem['rss_peak']:>14.0f}")
        print(f"{'child: align (s, single run)':<44}{mem['align_s']:>14.3f}")
    if args.tracemalloc:
        peak, dt = tracemalloc_peak(sides, plans, regions)
        print(f"{'align Python-heap peak, tracemalloc (MB)':<44}{peak:>14.0f}")
        print(f"{'align under tracemalloc (s, not a target)':<44}{dt:>14.2f}")
    print()
    print(f"align time {best:.2f} s (target < {TIME_TARGET_S:g} s): {'met' if best < TIME_TARGET_S else 'NOT met'}")
    if mem is not None:
        rss = mem["rss_peak"]
        print(f"peak RSS {rss:.0f} MB (target < {RSS_TARGET_MB:.0f} MB): "
              f"{'met' if rss < RSS_TARGET_MB else 'NOT met'}")


if __name__ == "__main__":
    main()
