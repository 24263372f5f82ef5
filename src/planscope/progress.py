"""Progress of plan targets: the time-elapsed test, the Eurostat growth ratio, a status, a warning.

``assess(target, observations, as_of)`` returns a ``Progress`` with every input and
intermediate figure (``figures``) and a one-line explanation, Chinese then English, from
which an official can recompute the status by hand.  ``summarise`` counts statuses per
group (plan, category, region).  Pure functions, no database.

References are to ``shared/notes/monitoring-anchors.md`` (§ sections, F formulas) and to
``shared/DOMAIN.md`` ("How progress is usually judged").

Statuses (best first): ``achieved`` > ``significant`` > ``moderate`` > ``insufficient`` >
``moving_away``; ``no_data`` stands outside that order (``STATUS_RANK``).

What "the target is met" means (→ ``achieved``)
    The comparator and the indicator's direction give the *sense* of a target:

    * ``>=`` → at least (``up``); ``<=`` → at most (``down``);
    * ``=`` (a plain number in a plan table) → ``up`` when the indicator's direction is
      ``up``, ``down`` when it is ``down``, a two-sided ``band`` (with the "~" tolerance)
      when it is ``target``;
    * ``~`` (左右) → the band ``target ± tolerance``; for an ``up`` indicator only its
      lower edge binds (more is not a miss), for a ``down`` indicator only its upper edge;
    * ``range`` (8%–9%) → likewise: ``up`` needs ≥ low, ``down`` ≤ high, ``target`` both;
      a range with one bound is one-sided.
    * ``change`` targets of a ``down`` indicator (能耗降低13.5%, 下降…) state the
      *reduction* as a positive number (``quantities``: "下降0.8% is 0.8"); the catalogue
      says "a stated reduction should be at least the target", so their sense is ``up``.

    Level targets (kinds level/share/count/ratio/rank) are met when the latest value meets
    the threshold (unemployment ``<= 5.5`` is met at 5.4), whatever the year.  Growth-rate
    targets (年均增长) are met when the cumulative growth so far already reaches what the
    target rate gives over the whole period, or when the period is complete and the
    average rate meets the target; change targets (cumulative, 累计) when the cumulative
    change reaches the target, or the period is complete and it meets it.

Tolerance for "~" (左右), and for ``=`` on a ``target``-direction indicator
    ``max(2 % of |target|, 0.1)`` for kinds measured in percent or percentage points
    (share, growth_rate, change) and ``2 % of |target|`` for the others.  2 % is the
    narrow end of "on track" bands in the notes (Cascade's 95–105 %, F10, taken at less
    than half its width because 左右 is a statement about the value, not about pace); the
    0.1-point floor mirrors UNSD's rule of counting a 0 %/100 % target as met within a
    small absolute margin (§2.3) and the one-decimal precision of Chinese statistics.

Pace, when the target is not met (§2.1, F1–F3)
    *Level targets with a baseline*: Eurostat's ratio R = actual CAGR / required CAGR,
    CAGRₐ = (yₜ/y₀)^(1/(t−t₀)) − 1 and CAGRᵣ = (y*/y₀)^(1/(T−t₀)) − 1 (F1, F2), where y*
    is the plan's number.  When the baseline, the target or the latest value is zero or
    negative, compound growth is undefined and the linear (distance) form is used and named:
    R = ((yₜ−y₀)/(t−t₀)) / ((y*−y₀)/(T−t₀)) = distance covered / time elapsed (the
    时间过半、任务过半 test).  Open SDG's substitution of 0.001 for zero (§1, "gotchas")
    is not copied.  Two-sided targets (band) use the distance to the band:
    R = ((g₀ − gₜ)/g₀) / time elapsed, g = distance from the band, so overshooting counts
    against progress.  A baseline that already meets a one-sided target (nothing required)
    gives ``achieved`` while the latest value still meets it and ``moving_away`` once it
    does not; likewise a baseline inside a band.
    *Growth-rate targets*: the average rate achieved since the baseline year, the
    geometric mean of (1+g) over the observed years, against the target rate:
    R = average / target (for ``>=``).  *Change targets*: the cumulative change so far,
    1 − Π(1 − rᵢ) for reductions (Π(1 + rᵢ) − 1 for increases; a plain sum for
    percentage-point targets, ``unit="pp"``), annualised and compared with the annual rate
    the period's target requires, so R = covered share / elapsed share in the additive
    case.  For ``<=`` and band targets on rates, and for per-year targets, R is the
    attainment 1 ± (actual − target)/|target| (the sign makes R grow as the value moves
    the right way; |target| is replaced by 1 point when the target is 0), which equals
    actual/target in the usual ``>=`` case.  A factor 1 + r ≤ 0 (a fall of 100 % or more)
    switches the average to an arithmetic one, said in the explanation.
    *Per-year targets* (``target_year`` None, 每年): the latest year against the target.
    Classification (F3): R ≥ 0.95 significant, 0.60 ≤ R < 0.95 moderate, 0 ≤ R < 0.60
    insufficient, R < 0 moving_away.  One addition: when the observation is for the target
    year and the target is not met, the status is at most ``moderate`` — the target was
    missed, and a pace ratio cannot make that "significant progress".

Baselines, windows, years
    Without a baseline value the observation for the baseline year is used; without either,
    the earliest observation (a growth or change target: the year before the earliest
    observed rate), flagged in ``figures["baseline_from_observation"]`` and in the text.
    ``as_of`` drops observations after that year.  Observations after the target year are
    not used (UNSD assesses past target years up to the target year, §2.3) and are counted
    in ``figures["observations_after_target_year"]``; so are years before the baseline.
    Repeated years: the last observation given wins; non-finite values are dropped.
    A level target observed only in its baseline year has no trend: ``achieved`` if met,
    else ``no_data``.  Inherited targets (完成上级下达任务) and targets without a number are
    ``no_data`` with the reason.

Warning (预警)
    ``warning`` is true for a binding target (约束性) whose status is ``moderate``,
    ``insufficient`` or ``moving_away``.  Moderate is included: binding targets are
    obligatory and assessed (DOMAIN.md: "binding targets off track are warnings"), and
    "on track" in the methods of the notes is R ≥ 0.95 — Eurostat's significant progress,
    Eustat's "target met/on the way" (§2.3: 0.10–0.95 is "acceleration needed"), SDSN's
    "on track" (F9).  ``no_data`` is not a warning (nothing can be judged), but
    ``summarise`` counts it.

Projection (F6): level targets compound at the rate achieved since the baseline,
yₜ·(1+CAGRₐ)^(T−t) (linear trend where the linear method is used); growth-rate targets
carry the average rate achieved so far to the target year; change targets compound (or
add) the average annual change over the whole period.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

STATUSES = ("achieved", "significant", "moderate", "insufficient", "moving_away", "no_data")
STATUS_RANK = {"achieved": 4, "significant": 3, "moderate": 2, "insufficient": 1, "moving_away": 0}
SIGNIFICANT = 0.95  # Eurostat ratio thresholds (notes F3)
MODERATE = 0.60
TOL_RELATIVE = 0.02  # "~" (左右) tolerance, see the module docstring
TOL_POINTS = 0.1
POINT_KINDS = frozenset({"share", "growth_rate", "change"})
WARN_STATUSES = frozenset({"moderate", "insufficient", "moving_away"})
EPS = 1e-9  # relative slack when comparing computed rates (floating-point round-off)

ZH_STATUS = {"achieved": "已实现", "significant": "进展显著", "moderate": "进展一般",
             "insufficient": "进展不足", "moving_away": "偏离目标", "no_data": "无法评估"}
EN_STATUS = {"achieved": "achieved", "significant": "significant progress", "moderate": "moderate progress",
             "insufficient": "insufficient progress", "moving_away": "moving away from the target",
             "no_data": "no data"}
M_CAGR = "compound growth at the rate achieved since the baseline"
M_LINEAR = "linear trend since the baseline"
M_RATE = "average annual rate achieved so far, continued to the target year"
M_CHANGE = "average annual change achieved so far, compounded over the whole period"
M_CHANGE_ADD = "average annual change achieved so far, times the years of the period"


@dataclass(frozen=True)
class TargetSpec:
    kind: str  # level | share | growth_rate | change | count | ratio
    comparator: str  # ">=", "<=", "~", "=", "range"
    target_value: float | None
    target_low: float | None  # for ranges
    target_high: float | None
    target_year: int | None  # None for per-year targets
    baseline_value: float | None
    baseline_year: int | None
    direction: str  # "up" | "down" | "target" (indicator catalogue)
    attribute: str | None  # 约束性 / 预期性
    inherited: bool = False
    unit: str | None = None  # change targets: "pp" adds yearly changes; anything else compounds percents


@dataclass(frozen=True)
class Observation:
    year: int
    value: float  # base units of the target; growth_rate/change: the year's rate or change (% / pp)


@dataclass(frozen=True)
class Progress:
    status: str  # achieved | significant | moderate | insufficient | moving_away | no_data
    warning: bool  # binding (约束性) and status in (moderate, insufficient, moving_away)
    latest_year: int | None
    latest_value: float | None
    time_elapsed_share: float | None  # (latest_year - baseline_year) / (target_year - baseline_year)
    distance_covered_share: float | None  # (latest - baseline) / (target - baseline)
    required_cagr: float | None  # % per year needed from baseline to target
    actual_cagr: float | None  # % per year achieved from baseline to latest
    ratio: float | None  # actual/required, the Eurostat ratio
    projection: float | None  # value projected to the target year
    projection_method: str | None
    explanation: str  # Chinese / English, with inputs and formula
    figures: dict[str, float | int | None]


def status_rank(status: str) -> int | None:
    """Higher is better; ``None`` for ``no_data``."""
    return STATUS_RANK.get(status)


def is_binding(attribute: str | None) -> bool:
    return bool(attribute) and ("约束" in attribute or attribute.strip().lower() == "binding")


def classify(ratio: float) -> str:
    """Eurostat's classes for indicators with a quantified target (notes F3)."""
    if ratio >= SIGNIFICANT:
        return "significant"
    if ratio >= MODERATE:
        return "moderate"
    if ratio >= 0:
        return "insufficient"
    return "moving_away"


def tolerance(kind: str, value: float) -> float:
    """The "~" (左右) tolerance, see the module docstring."""
    rel = TOL_RELATIVE * abs(value)
    return max(rel, TOL_POINTS) if kind in POINT_KINDS else rel


# --------------------------------------------------------------------------------------
# formatting


def _n(x: float | None) -> str:
    if x is None:
        return "—"
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


def _d(x: float) -> str:
    return f"{x:.4g}"


def _pc(x: float) -> str:
    return f"{x:.2f}%"


def _sh(x: float) -> str:
    return f"{x * 100:.1f}%"


def _fin(x: float | None) -> float | None:
    return x if x is None or math.isfinite(x) else None


# --------------------------------------------------------------------------------------
# the goal: sense and thresholds


@dataclass(slots=True)
class _Goal:
    sense: str  # up | down | band
    lo: float | None
    hi: float | None
    point: float  # the plan's number (required rates are computed towards it)
    tol: float
    label: str  # "≥65", "≤5.5", "6.5±0.13", "8–9"

    def met(self, v: float, slack: float = 0.0) -> bool:
        if self.sense == "up":
            return v >= self.lo - slack  # type: ignore[operator]
        if self.sense == "down":
            return v <= self.hi + slack  # type: ignore[operator]
        return self.lo - slack <= v <= self.hi + slack  # type: ignore[operator]

    def gap(self, v: float) -> float:
        """Distance from the band (two-sided targets)."""
        if v < self.lo:  # type: ignore[operator]
            return self.lo - v  # type: ignore[operator]
        if v > self.hi:  # type: ignore[operator]
            return v - self.hi  # type: ignore[operator]
        return 0.0


def _ok(x: float | None) -> bool:
    return x is not None and math.isfinite(x)


def _preference(t: TargetSpec) -> str:
    if t.kind == "change" and t.direction == "down":
        return "up"  # a stated reduction should be at least the target
    if t.direction in ("up", "down"):
        return t.direction
    return "band"


def _goal(t: TargetSpec) -> _Goal | tuple[str, str]:
    if t.inherited:
        return ("目标由上级下达（完成上级下达任务），本级未定数值", "inherited target (set by the level above), no number")
    c = t.comparator
    tv = t.target_value if _ok(t.target_value) else None
    pref = _preference(t)
    if c == "range":
        lo = t.target_low if _ok(t.target_low) else None
        hi = t.target_high if _ok(t.target_high) else None
        if lo is not None and hi is not None:
            lo, hi = min(lo, hi), max(lo, hi)
            if pref == "up":
                return _Goal("up", lo, None, lo, 0.0, f"{_n(lo)}–{_n(hi)}（≥{_n(lo)}）")
            if pref == "down":
                return _Goal("down", None, hi, hi, 0.0, f"{_n(lo)}–{_n(hi)}（≤{_n(hi)}）")
            return _Goal("band", lo, hi, (lo + hi) / 2, 0.0, f"{_n(lo)}–{_n(hi)}")
        if lo is not None:
            return _Goal("up", lo, None, lo, 0.0, f"≥{_n(lo)}")
        if hi is not None:
            return _Goal("down", None, hi, hi, 0.0, f"≤{_n(hi)}")
        c = "="  # a range without bounds: fall back to the value, if any
    if tv is None:
        return ("目标无数值", "the target has no number")
    if c in (">=", ">"):
        return _Goal("up", tv, None, tv, 0.0, f"≥{_n(tv)}")
    if c in ("<=", "<"):
        return _Goal("down", None, tv, tv, 0.0, f"≤{_n(tv)}")
    if c == "~" or pref == "band":
        tol = tolerance(t.kind, tv)
        if pref == "up":
            return _Goal("up", tv - tol, None, tv, tol, f"≈{_n(tv)}（≥{_n(tv - tol)}）")
        if pref == "down":
            return _Goal("down", None, tv + tol, tv, tol, f"≈{_n(tv)}（≤{_n(tv + tol)}）")
        return _Goal("band", tv - tol, tv + tol, tv, tol, f"{_n(tv)}±{_n(tol)}")
    if pref == "up":
        return _Goal("up", tv, None, tv, 0.0, f"≥{_n(tv)}")
    return _Goal("down", None, tv, tv, 0.0, f"≤{_n(tv)}")


# --------------------------------------------------------------------------------------
# the result


class _Out:
    """Collects figures and the two halves of the explanation."""

    __slots__ = ("en", "figures", "method", "t", "zh")

    def __init__(self, t: TargetSpec) -> None:
        self.t = t
        self.zh: list[str] = []
        self.en: list[str] = []
        self.method: str | None = None
        self.figures: dict[str, float | int | None] = {
            "target_value": t.target_value, "target_low": t.target_low, "target_high": t.target_high,
            "target_year": t.target_year, "baseline_value": t.baseline_value, "baseline_year": t.baseline_year,
            "threshold": None, "tolerance": None, "baseline_from_observation": 0,
            "latest_year": None, "latest_value": None, "years_elapsed": None, "period_years": None,
            "time_elapsed_share": None, "distance_covered_share": None,
            "required_cagr": None, "actual_cagr": None, "ratio": None, "projection": None,
            "observations_used": 0, "observations_after_target_year": 0, "observations_before_baseline": 0,
        }

    def say(self, zh: str, en: str) -> None:
        self.zh.append(zh)
        self.en.append(en)

    def done(self, status: str, projection_method: str | None = None) -> Progress:
        f = self.figures
        for k, v in f.items():
            if isinstance(v, float) and not math.isfinite(v):
                f[k] = None
        warning = status in WARN_STATUSES and is_binding(self.t.attribute)
        zh = f"{ZH_STATUS[status]}：" + "；".join(self.zh)
        en = f"{EN_STATUS[status]}: " + "; ".join(self.en)
        if warning:
            zh += "；约束性指标未达序时进度，预警"
            en += "; binding target off track: warning"
        proj = f["projection"]
        return Progress(
            status=status, warning=warning,
            latest_year=f["latest_year"], latest_value=f["latest_value"],  # type: ignore[arg-type]
            time_elapsed_share=f["time_elapsed_share"], distance_covered_share=f["distance_covered_share"],
            required_cagr=f["required_cagr"], actual_cagr=f["actual_cagr"], ratio=f["ratio"],
            projection=proj, projection_method=projection_method if proj is not None else None,
            explanation=f"{zh} / {en}", figures=f,
        )


def _cap(status: str, out: _Out, complete: bool, met: bool) -> str:
    """At the target year a target not met is at most 'moderate'."""
    if complete and not met and status == "significant":
        out.say("已到目标年份仍未达标，至多评为进展一般", "target year reached without meeting the target: at most moderate")
        return "moderate"
    return status


# --------------------------------------------------------------------------------------
# assessment


def assess(target: TargetSpec, observations: Sequence[Observation], as_of: int | None = None) -> Progress:
    """The progress of one target from its yearly observations (see the module docstring)."""
    t = target
    out = _Out(t)
    goal = _goal(t)
    if isinstance(goal, tuple):
        out.say(*goal)
        return out.done("no_data")
    out.figures["threshold"] = goal.lo if goal.sense == "up" else goal.hi if goal.sense == "down" else None
    out.figures["tolerance"] = goal.tol
    obs: dict[int, float] = {}
    for o in observations:
        if (as_of is None or o.year <= as_of) and math.isfinite(o.value):
            obs[o.year] = float(o.value)
    if not obs:
        out.say("无观测值" + (f"（截至{as_of}年）" if as_of is not None else ""),
                "no observations" + (f" up to {as_of}" if as_of is not None else ""))
        return out.done("no_data")
    if t.target_year is None:
        return _per_year(t, goal, obs, out)
    if t.kind in ("growth_rate", "change"):
        return _rate_period(t, goal, obs, out)
    return _level_period(t, goal, obs, out)


def _attainment(v: float, goal: _Goal, lo: float | None, hi: float | None, point: float) -> tuple[float, str]:
    """1 ± (v − target)/|target|: actual/target for '≥', mirrored for '≤', distance for bands."""
    scale = abs(point) if point != 0 else 1.0
    if goal.sense == "up":
        return 1 + (v - point) / scale, f"1+({_d(v)}−{_d(point)})/{_d(scale)}"
    if goal.sense == "down":
        return 1 - (v - point) / scale, f"1−({_d(v)}−{_d(point)})/{_d(scale)}"
    gap = lo - v if v < lo else v - hi if v > hi else 0.0  # type: ignore[operator]
    return 1 - gap / scale, f"1−{_d(gap)}/{_d(scale)}"


def _per_year(t: TargetSpec, goal: _Goal, obs: dict[int, float], out: _Out) -> Progress:
    f = out.figures
    year = max(obs)
    v = obs[year]
    f.update(latest_year=year, latest_value=v, observations_used=1)
    head_zh = f"年度目标{goal.label}，{year}年实际{_n(v)}"
    head_en = f"per-year target {goal.label}, actual {_n(v)} in {year}"
    if goal.met(v):
        out.say(head_zh + "，达标", head_en + ", met")
        return out.done("achieved")
    r, formula = _attainment(v, goal, goal.lo, goal.hi, goal.point)
    f["ratio"] = r
    status = classify(r)
    out.say(f"{head_zh}，完成率={formula}={_d(r)} → {ZH_STATUS[status]}",
            f"{head_en}, attainment {formula} = {_d(r)} → {EN_STATUS[status]}")
    return out.done(status)


def _level_period(t: TargetSpec, goal: _Goal, obs: dict[int, float], out: _Out) -> Progress:
    f = out.figures
    T = t.target_year
    assert T is not None
    t0, y0 = t.baseline_year, t.baseline_value if _ok(t.baseline_value) else None
    if t0 is not None and y0 is None and t0 in obs:
        y0 = obs[t0]
        f["baseline_from_observation"] = 1
        out.say(f"基期值取{t0}年观测值", f"baseline value from the {t0} observation")
    elif t0 is None or y0 is None:
        if t0 is None and y0 is not None:
            out.say(f"基期值{_n(y0)}无年份，未使用", f"baseline value {_n(y0)} has no year, not used")
        cands = [y for y in obs if y <= T and (t0 is None or y >= t0)]
        if not cands:
            out.say(f"无基期，且{T}年前无观测值", f"no baseline and no observation up to {T}")
            return out.done("no_data")
        t0 = min(cands)
        y0 = obs[t0]
        f["baseline_from_observation"] = 1
        out.say(f"未提供基期，以最早观测值（{t0}年）为基期", f"no baseline given: the earliest observation ({t0}) is used")
    f["baseline_year"], f["baseline_value"] = t0, y0
    if t0 >= T:
        out.say(f"基期{t0}年不早于目标年{T}年", f"baseline year {t0} is not before the target year {T}")
        return out.done("no_data")
    f["observations_after_target_year"] = sum(1 for y in obs if y > T)
    f["observations_before_baseline"] = sum(1 for y in obs if y < t0)
    years = [y for y in obs if t0 <= y <= T]
    if not years:
        out.say(f"{t0}–{T}年间无观测值", f"no observation between {t0} and {T}")
        return out.done("no_data")
    ty = max(years)
    yt = obs[ty]
    N = T - t0
    k = ty - t0
    f.update(latest_year=ty, latest_value=yt, observations_used=sum(1 for y in years if y > t0),
             years_elapsed=k, period_years=N, time_elapsed_share=k / N)
    met = goal.met(yt)
    head_zh = f"基期{t0}年{_n(y0)}，目标{T}年{goal.label}，最新{ty}年{_n(yt)}"
    head_en = f"baseline {_n(y0)} ({t0}), target {goal.label} by {T}, latest {_n(yt)} ({ty})"
    if f["observations_after_target_year"]:
        head_zh += f"（目标年后观测值{f['observations_after_target_year']}个不计）"
        head_en += f" ({f['observations_after_target_year']} observation(s) after the target year not used)"
    if k == 0:
        if met:
            out.say(head_zh + "，已达标", head_en + ", met")
            return out.done("achieved")
        out.say(head_zh + "，基期后尚无观测值，无法判断趋势", head_en + ", no observation after the baseline year: no trend")
        return out.done("no_data")
    share = k / N
    share_zh = f"时间进度=({ty}−{t0})/({T}−{t0})={_sh(share)}"
    share_en = f"time elapsed ({ty}−{t0})/({T}−{t0}) = {_sh(share)}"

    if goal.sense == "band":
        return _band_level(goal, out, y0, yt, t0, ty, T, k, share, met, head_zh, head_en, share_zh, share_en)

    d = 1.0 if goal.sense == "up" else -1.0
    p = goal.point
    covered = (yt - y0) / (p - y0) if p != y0 else None
    f["distance_covered_share"] = covered
    cov_zh = f"，目标进度=({_n(yt)}−{_n(y0)})/({_n(p)}−{_n(y0)})={_sh(covered)}" if covered is not None else ""
    cov_en = f", distance covered ({_n(yt)}−{_n(y0)})/({_n(p)}−{_n(y0)}) = {_sh(covered)}" if covered is not None else ""
    compound = y0 > 0 and p > 0 and yt > 0
    if compound:
        try:
            a = ((yt / y0) ** (1 / k) - 1) * 100
            q = ((p / y0) ** (1 / N) - 1) * 100
            proj = yt * (1 + a / 100) ** (T - ty)
        except (OverflowError, ZeroDivisionError):
            compound = False
    if not compound:
        a = (yt - y0) / k
        q = (p - y0) / N
        proj = yt + a * (T - ty)
    f["projection"] = proj
    method = M_CAGR if compound else M_LINEAR
    if compound:
        f["actual_cagr"], f["required_cagr"] = a, q
        rate_zh = (f"实际年均增速=({_n(yt)}/{_n(y0)})^(1/{k})−1={_pc(a)}，"
                   f"所需年均增速=({_n(p)}/{_n(y0)})^(1/{N})−1={_pc(q)}")
        rate_en = (f"actual CAGR ({_n(yt)}/{_n(y0)})^(1/{k})−1 = {_pc(a)}, "
                   f"required ({_n(p)}/{_n(y0)})^(1/{N})−1 = {_pc(q)}")
    else:
        f["actual_linear_change"], f["required_linear_change"] = a, q
        rate_zh = (f"数值为零或负，改用线性法：实际年均变化=({_n(yt)}−{_n(y0)})/{k}={_d(a)}，"
                   f"所需年均变化=({_n(p)}−{_n(y0)})/{N}={_d(q)}")
        rate_en = (f"a value is zero or negative, so the linear method is used: actual change per year "
                   f"({_n(yt)}−{_n(y0)})/{k} = {_d(a)}, required ({_n(p)}−{_n(y0)})/{N} = {_d(q)}")
    proj_zh = f"；按{'基期以来实际年均增速复利' if compound else '基期以来线性趋势'}推算{T}年为{_d(proj)}"
    proj_en = f"; projected {T}: {_d(proj)} ({method})"
    if d * (p - y0) <= 0:  # the baseline already meets the target: nothing is required
        status = "achieved" if met else "moving_away"
        out.say(f"{head_zh}；基期已达到目标，{'最新值仍达标' if met else '最新值已不达标'}；{share_zh}{cov_zh}；{rate_zh}{proj_zh}",
                f"{head_en}; the baseline already met the target and the latest value "
                f"{'still does' if met else 'no longer does'}; {share_en}{cov_en}; {rate_en}{proj_en}")
        return out.done(status, method)
    r = a / q
    f["ratio"] = r
    if met:
        out.say(f"{head_zh}，已达标；{share_zh}{cov_zh}；{rate_zh}，比值={_d(r)}{proj_zh}",
                f"{head_en}: met; {share_en}{cov_en}; {rate_en}, ratio {_d(r)}{proj_en}")
        return out.done("achieved", method)
    status = classify(r)
    out.say(f"{head_zh}；{share_zh}{cov_zh}；{rate_zh}，比值={_d(a)}/{_d(q)}={_d(r)} → {ZH_STATUS[status]}{proj_zh}",
            f"{head_en}; {share_en}{cov_en}; {rate_en}, ratio {_d(a)}/{_d(q)} = {_d(r)} → {EN_STATUS[status]}{proj_en}")
    return out.done(_cap(status, out, ty >= T, met), method)


def _band_level(goal: _Goal, out: _Out, y0: float, yt: float, t0: int, ty: int, T: int, k: int, share: float,
                met: bool, head_zh: str, head_en: str, share_zh: str, share_en: str) -> Progress:
    f = out.figures
    g0, gt = goal.gap(y0), goal.gap(yt)
    slope = (yt - y0) / k
    proj = yt + slope * (T - ty)
    f.update(gap_baseline=g0, gap_latest=gt, projection=proj)
    proj_zh = f"；按基期以来线性趋势推算{T}年为{_d(proj)}"
    proj_en = f"; projected {T}: {_d(proj)} ({M_LINEAR})"
    gap_zh = f"距目标区间：基期{_d(g0)}，最新{_d(gt)}"
    gap_en = f"distance from the target band: baseline {_d(g0)}, latest {_d(gt)}"
    if g0 == 0:
        status = "achieved" if met else "moving_away"
        out.say(f"{head_zh}；基期已在目标区间内，最新值{'仍在' if met else '已不在'}区间内；{gap_zh}{proj_zh}",
                f"{head_en}; the baseline was inside the band and the latest value "
                f"{'still is' if met else 'is not'}; {gap_en}{proj_en}")
        return out.done(status, M_LINEAR)
    covered = (g0 - gt) / g0
    r = covered / share
    f["distance_covered_share"] = covered
    f["ratio"] = r
    if met:
        out.say(f"{head_zh}，已在目标区间内；{share_zh}{proj_zh}", f"{head_en}: inside the band; {share_en}{proj_en}")
        return out.done("achieved", M_LINEAR)
    status = classify(r)
    out.say(f"{head_zh}；{share_zh}；双向目标用距离法：{gap_zh}，目标进度=({_d(g0)}−{_d(gt)})/{_d(g0)}={_sh(covered)}，"
            f"比值={_d(covered)}/{_d(share)}={_d(r)} → {ZH_STATUS[status]}{proj_zh}",
            f"{head_en}; {share_en}; two-sided target, distance method: {gap_en}, distance covered "
            f"({_d(g0)}−{_d(gt)})/{_d(g0)} = {_sh(covered)}, ratio {_d(covered)}/{_d(share)} = {_d(r)} "
            f"→ {EN_STATUS[status]}{proj_en}")
    return out.done(_cap(status, out, ty >= T, met), M_LINEAR)


def _rate_period(t: TargetSpec, goal: _Goal, obs: dict[int, float], out: _Out) -> Progress:
    """Growth-rate (年均增长) and cumulative change (累计降低) targets over a period."""
    f = out.figures
    T = t.target_year
    assert T is not None
    growth = t.kind == "growth_rate"
    s = -1.0 if (not growth and t.direction == "down") else 1.0  # reductions are stated as positive numbers
    additive = (not growth) and (t.unit or "").strip().lower() in ("pp", "个百分点", "百分点", "percentage points")
    t0 = t.baseline_year
    if t0 is None:
        cands = [y for y in obs if y <= T]
        if not cands:
            out.say(f"无基期，且{T}年前无观测值", f"no baseline and no observation up to {T}")
            return out.done("no_data")
        t0 = min(cands) - 1
        f["baseline_from_observation"] = 1
        out.say(f"未提供基期年，以最早观测年份前一年（{t0}年）为基期",
                f"no baseline year given: the year before the earliest observation ({t0}) is used")
    f["baseline_year"] = t0
    if t0 >= T:
        out.say(f"基期{t0}年不早于目标年{T}年", f"baseline year {t0} is not before the target year {T}")
        return out.done("no_data")
    f["observations_after_target_year"] = sum(1 for y in obs if y > T)
    f["observations_before_baseline"] = sum(1 for y in obs if y <= t0)
    years = sorted(y for y in obs if t0 < y <= T)
    if not years:
        out.say(f"{t0 + 1}–{T}年无观测值", f"no observation for {t0 + 1}–{T}")
        return out.done("no_data")
    vals = [obs[y] for y in years]
    ty, yt = years[-1], vals[-1]
    n, N, k = len(vals), T - t0, ty - t0
    complete = ty >= T
    f.update(latest_year=ty, latest_value=yt, observations_used=n, years_elapsed=k, period_years=N,
             time_elapsed_share=k / N)
    flags_zh, flags_en = [], []
    if n < k:
        flags_zh.append(f"{t0 + 1}–{ty}年缺{k - n}年数据，按已有{n}年计算")
        flags_en.append(f"{k - n} year(s) missing in {t0 + 1}–{ty}: computed over the {n} observed")
    if f["observations_after_target_year"]:
        flags_zh.append(f"目标年后观测值{f['observations_after_target_year']}个不计")
        flags_en.append(f"{f['observations_after_target_year']} observation(s) after the target year not used")

    def bounds_ok(c: float) -> bool:
        return 1 + s * c / 100 > 0

    if not additive:
        prod = 1.0
        for v in vals:
            fac = 1 + s * v / 100
            if fac <= 0:
                additive = True
                flags_zh.append("有年份降幅达100%以上，改用算术平均")
                flags_en.append("a yearly fall of 100% or more: arithmetic average used")
                break
            prod *= fac
    # annual and cumulative forms of the goal's numbers, in the target's sense
    try:
        if growth:
            if not additive and not all(bounds_ok(x) for x in (goal.point, goal.lo, goal.hi) if x is not None):
                additive = True
            ann = {"point": goal.point, "lo": goal.lo, "hi": goal.hi}
            cum = {key: (None if x is None else (x * N if additive else s * ((1 + s * x / 100) ** N - 1) * 100))
                   for key, x in ann.items()}
        else:
            if not additive and not all(bounds_ok(x) for x in (goal.point, goal.lo, goal.hi) if x is not None):
                additive = True
                flags_zh.append("目标降幅达100%以上，改用线性累加")
                flags_en.append("a target fall of 100% or more: linear sum used")
            cum = {"point": goal.point, "lo": goal.lo, "hi": goal.hi}
            ann = {key: (None if x is None else (x / N if additive else s * ((1 + s * x / 100) ** (1 / N) - 1) * 100))
                   for key, x in cum.items()}
        if additive:
            c_act = sum(vals)
            avg = c_act / n
        else:
            c_act = s * (prod - 1) * 100
            avg = s * (prod ** (1 / n) - 1) * 100
        if growth:
            proj = avg
            method = M_RATE
        else:
            proj = avg * N if additive else s * ((1 + s * avg / 100) ** N - 1) * 100
            method = M_CHANGE_ADD if additive else M_CHANGE
    except (OverflowError, ZeroDivisionError):
        out.say("数值超出可计算范围", "values out of the computable range")
        return out.done("no_data")
    q = ann["point"]
    cp = cum["point"]
    f.update(actual_cagr=avg, required_cagr=q, cumulative_actual=c_act, cumulative_required=cp, projection=proj)
    if cp:
        f["distance_covered_share"] = c_act / cp
    # remaining-years requirement (rate still needed per year to meet the plan's number)
    if not complete and n == k:
        left = N - k
        try:
            if additive:
                f["required_rate_remaining"] = (cp - c_act) / left
            else:
                f["required_rate_remaining"] = s * (((1 + s * cp / 100) / prod) ** (1 / left) - 1) * 100
        except (OverflowError, ZeroDivisionError):
            pass
    # met?
    slack = EPS * max(1.0, abs(cp))
    if goal.sense == "up":
        met = c_act >= cum["lo"] - slack or (complete and avg >= ann["lo"] - EPS * max(1.0, abs(q)))
    elif complete:
        met = (c_act <= cum["hi"] + slack if goal.sense == "down" else cum["lo"] - slack <= c_act <= cum["hi"] + slack) \
            if not growth else goal.met(avg, EPS * max(1.0, abs(q)))
    else:
        met = False
    r, formula = _attainment(avg, goal, ann["lo"], ann["hi"], q)
    f["ratio"] = r
    f["cumulative_threshold"] = cum["lo"] if goal.sense == "up" else cum["hi"] if goal.sense == "down" else None
    # explanation
    word_zh = "增长" if growth else ("降低" if s < 0 else "变化")
    rates = "、".join(_n(v) for v in vals)
    if additive:
        avg_zh = f"累计{word_zh}={'+'.join(_n(v) for v in vals)}={_d(c_act)}，年均={_d(c_act)}/{n}={_d(avg)}"
        avg_en = f"cumulative {' + '.join(_n(v) for v in vals)} = {_d(c_act)}, average {_d(c_act)}/{n} = {_d(avg)}"
    else:
        sign = "−" if s < 0 else "+"
        facs = "×".join(f"(1{sign}{_n(v)}%)" for v in vals)
        avg_zh = (f"累计{word_zh}={'1−' if s < 0 else ''}{facs}{'' if s < 0 else '−1'}={_pc(c_act)}，"
                  f"年均={_pc(avg)}（几何平均）")
        avg_en = (f"cumulative {'1−' if s < 0 else ''}{facs}{'' if s < 0 else '−1'} = {_pc(c_act)}, "
                  f"average {_pc(avg)} a year (geometric)")
    if growth:
        tgt_zh = f"目标{t0 + 1}–{T}年年均增长{goal.label}%"
        tgt_en = f"target average growth {goal.label}% a year {t0 + 1}–{T}"
        req_zh = f"全期累计需{_pc(cp)}" if cp is not None else ""
        req_en = f"whole period needs {_pc(cp)} cumulative" if cp is not None else ""
    else:
        unit = "个百分点" if additive else "%"
        tgt_zh = f"目标{t0}–{T}年累计{word_zh}{goal.label}{unit}"
        tgt_en = f"target cumulative {'reduction' if s < 0 else 'change'} {goal.label}{' pp' if additive else '%'} {t0}–{T}"
        req_zh = f"所需年均{word_zh}={_d(q)}{'' if additive else '%'}"
        req_en = f"required {_d(q)}{'' if additive else '%'} a year"
    head_zh = f"{tgt_zh}，{t0 + 1}–{ty}年实际{rates}"
    head_en = f"{tgt_en}, actual {rates} for {t0 + 1}–{ty}"
    share_zh = f"时间进度={k}/{N}={_sh(k / N)}"
    share_en = f"time elapsed {k}/{N} = {_sh(k / N)}"
    cov_zh = f"，目标进度={_d(c_act)}/{_d(cp)}={_sh(c_act / cp)}" if cp else ""
    cov_en = f", distance covered {_d(c_act)}/{_d(cp)} = {_sh(c_act / cp)}" if cp else ""
    rem = f.get("required_rate_remaining")
    rem_zh = f"，余下{N - k}年需年均{_d(rem)}" if rem is not None else ""  # type: ignore[str-bytes-safe]
    rem_en = f", {_d(rem)} a year needed over the remaining {N - k} year(s)" if rem is not None else ""
    proj_zh = f"；按已实现年均{'增速' if growth else '变化'}推算至{T}年{'年均' if growth else '累计'}为{_d(proj)}"
    proj_en = f"; projected {T}: {_d(proj)} ({method})"
    flag_zh = ("；" + "；".join(flags_zh)) if flags_zh else ""
    flag_en = ("; " + "; ".join(flags_en)) if flags_en else ""
    if met:
        out.say(f"{head_zh}；{avg_zh}，{req_zh}，已达标；{share_zh}{cov_zh}{proj_zh}{flag_zh}",
                f"{head_en}; {avg_en}, {req_en}: met; {share_en}{cov_en}{proj_en}{flag_en}")
        return out.done("achieved", method)
    status = classify(r)
    out.say(f"{head_zh}；{avg_zh}，{req_zh}；{share_zh}{cov_zh}{rem_zh}；比值={formula}={_d(r)} → {ZH_STATUS[status]}"
            f"{proj_zh}{flag_zh}",
            f"{head_en}; {avg_en}, {req_en}; {share_en}{cov_en}{rem_en}; ratio {formula} = {_d(r)} → "
            f"{EN_STATUS[status]}{proj_en}{flag_en}")
    return out.done(_cap(status, out, complete, met), method)


# --------------------------------------------------------------------------------------
# summaries


def summarise(items: Iterable[tuple[str, Progress]]) -> dict[str, dict[str, int]]:
    """Status counts per group key (plan, category, region …).

    Each group has a count for every status (zeros included), ``warning`` (binding targets
    off track) and ``total``.
    """
    out: dict[str, dict[str, int]] = {}
    for key, p in items:
        row = out.get(key)
        if row is None:
            row = out[key] = dict.fromkeys((*STATUSES, "warning", "total"), 0)
        row[p.status] += 1
        row["total"] += 1
        if p.warning:
            row["warning"] += 1
    return out
