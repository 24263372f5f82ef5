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

    A direction other than up/down counts as ``target``; kinds other than growth_rate and
    change (level, share, count, ratio, rank …) are levels.

    Level targets are met when the latest value meets the threshold (unemployment
    ``<= 5.5`` is met at 5.4), whatever the year.  Growth-rate targets (年均增长) are met
    when the cumulative growth so far already reaches what the target rate gives over the
    whole period, or when the period is complete and the average rate meets the target;
    change targets (cumulative, 累计) when the cumulative change reaches the target, or the
    period is complete and it meets it.  A ceiling or band on a rate (CPI ≤ 3 % a year) can
    only be met once the period is complete; before that, meeting it is "significant".
    ``TargetSpec.unit`` (optional, an addition to the brief's API) tells a change target in
    percentage points (``"pp"``: yearly changes add up) from one in percent (they compound).

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
add) the average annual change over the whole period.  Per-year targets have none.

Speed: about 50 µs per target on the development VM (``bench/progress.py``: 90,000
targets with five observations each in about 4.5 s on one core); half of it is the text
and its steps (one ``Step`` per clause: the head, the verdict, time elapsed, the rates, the
projection, each caveat).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from planscope import labels
from planscope.monitoring.figures import format_figure, share_text

STATUSES = ("achieved", "significant", "moderate", "insufficient", "moving_away", "no_data", "inherited")
STATUS_RANK = {"achieved": 4, "significant": 3, "moderate": 2, "insufficient": 1, "moving_away": 0}
SIGNIFICANT = 0.95  # Eurostat ratio thresholds (notes F3)
MODERATE = 0.60
TOL_RELATIVE = 0.02  # "~" (左右) tolerance, see the module docstring
TOL_POINTS = 0.1
POINT_KINDS = frozenset({"share", "growth_rate", "change"})
PP_UNITS = frozenset({"pp", "个百分点", "百分点", "percentage point", "percentage points"})
WARN_STATUSES = frozenset({"moderate", "insufficient", "moving_away"})
EPS = 1e-9  # relative slack when comparing computed rates (floating-point round-off)

# Status words of explanations: the labels every front end shows (data/labels.toml).
ZH_STATUS = {code: labels.zh("status", code) for code in labels.codes("status")}
EN_STATUS = {code: labels.en("status", code) for code in labels.codes("status")}
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
    unit_text: str | None = None  # the plan's unit as written (亿元, %, 万人): figures are shown in it
    decimals: int | None = None  # the plan's precision (decimals of its number) for observed/computed figures
    period: tuple[int, int] | None = None  # the plan period (first, last year): the window of progress
    written: str | None = None  # the target as written, for an inherited one (完成省下达目标, —)


@dataclass(frozen=True)
class Observation:
    year: int
    value: float  # base units of the target; growth_rate/change: the year's rate or change (% / pp)


@dataclass(frozen=True)
class Step:
    """One step of an assessment as people read it: what was taken or computed, and how."""

    zh: str
    en: str


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
    explanation: str  # Chinese / English, with inputs and formula: rendered from the steps
    figures: dict[str, float | int | None]
    steps: tuple[Step, ...] = ()  # the explanation's steps (a report or a tooltip shows them one by one)


def status_rank(status: str) -> int | None:
    """Higher is better; ``None`` for ``no_data``."""
    return STATUS_RANK.get(status)


def is_binding(attribute: str | None) -> bool:
    """The one binding test: 约束性 (also 约束性指标, "binding") — a target that must be met."""
    return attribute is not None and ("约束" in attribute or attribute.strip().lower() == "binding")


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
    """An input, to 10 significant digits: what statistics publish is shown exactly."""
    return "—" if x is None else f"{x:.10g}"


def _d(x: float) -> str:
    return f"{x:.4g}"


def _pc(x: float) -> str:
    return f"{x:.2f}%" if abs(x) < 1e6 else f"{x:.4g}%"


def _sh(x: float) -> str:
    return share_text(x)


def _numbers(t: TargetSpec) -> tuple[Callable[[float], str], Callable[[float], str], Callable[[float], str]]:
    """How a target's figures are written: (the plan's own numbers, observed values,
    computed values).  Levels, counts and shares are in the plan's unit
    (``figures.format_figure``: 500.24亿元, 61.9%): published numbers as published,
    computed ones (projections, yearly changes) to the precision of the plan's number.
    Rates and changes stay plain percent numbers; their explanations add the % or 个百分点."""
    if t.kind in ("growth_rate", "change"):
        return _n, _n, _d
    unit, dec = t.unit_text, t.decimals

    def given(x: float) -> str:  # a number as published: its own shortest form
        return format_figure(x, unit)

    def computed(x: float) -> str:  # a projection or difference: the plan's precision
        return format_figure(x, unit, dec)

    return given, given, computed


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
            return v >= _bound(self.lo) - slack
        if self.sense == "down":
            return v <= _bound(self.hi) + slack
        return _bound(self.lo) - slack <= v <= _bound(self.hi) + slack

    def gap(self, v: float) -> float:
        """Distance from the band (two-sided targets)."""
        lo, hi = _bound(self.lo), _bound(self.hi)
        if v < lo:
            return lo - v
        if v > hi:
            return v - hi
        return 0.0


def _bound(x: float | None) -> float:
    """A bound the goal's sense guarantees: the lower one of an "up" or "band" goal, the
    upper one of a "down" or "band" goal (``_goal`` builds no goal without it)."""
    if x is None:
        raise ValueError("a goal without the bound its sense needs")
    return x


def is_met(spec: TargetSpec, value: float) -> bool | None:
    """The one test of whether ``value`` meets a target: its comparator, range, tolerance of
    ``~`` and the indicator's direction, as progress judges it; None when the target has no
    number (inherited, or text)."""
    goal = _goal(spec)
    return goal.met(value) if isinstance(goal, _Goal) else None


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
        written = f"“{t.written}”" if t.written else ""
        return (f"目标由上级下达{written}，本级未定数值，不作数值评估",
                f"inherited target {written}(set by the level above): no number of its own, not judged")
    num = _numbers(t)[0]
    c = t.comparator
    tv = t.target_value if _ok(t.target_value) else None
    pref = _preference(t)
    if c == "range":
        lo = t.target_low if _ok(t.target_low) else None
        hi = t.target_high if _ok(t.target_high) else None
        if lo is not None and hi is not None:
            lo, hi = min(lo, hi), max(lo, hi)
            if pref == "up":
                return _Goal("up", lo, None, lo, 0.0, f"{num(lo)}–{num(hi)}（≥{num(lo)}）")
            if pref == "down":
                return _Goal("down", None, hi, hi, 0.0, f"{num(lo)}–{num(hi)}（≤{num(hi)}）")
            return _Goal("band", lo, hi, (lo + hi) / 2, 0.0, f"{num(lo)}–{num(hi)}")
        if lo is not None:
            return _Goal("up", lo, None, lo, 0.0, f"≥{num(lo)}")
        if hi is not None:
            return _Goal("down", None, hi, hi, 0.0, f"≤{num(hi)}")
        c = "="  # a range without bounds: fall back to the value, if any
    if tv is None:
        return ("目标无数值", "the target has no number")
    if c in (">=", ">"):
        return _Goal("up", tv, None, tv, 0.0, f"≥{num(tv)}")
    if c in ("<=", "<"):
        return _Goal("down", None, tv, tv, 0.0, f"≤{num(tv)}")
    if c == "~" or pref == "band":
        tol = tolerance(t.kind, tv)
        if pref == "up":
            return _Goal("up", tv - tol, None, tv, tol, f"≈{num(tv)}（≥{num(tv - tol)}）")
        if pref == "down":
            return _Goal("down", None, tv + tol, tv, tol, f"≈{num(tv)}（≤{num(tv + tol)}）")
        return _Goal("band", tv - tol, tv + tol, tv, tol, f"{num(tv)}±{num(tol)}")
    if pref == "up":
        return _Goal("up", tv, None, tv, 0.0, f"≥{num(tv)}")
    return _Goal("down", None, tv, tv, 0.0, f"≤{num(tv)}")


# --------------------------------------------------------------------------------------
# the result


_FIGURES: dict[str, float | int | None] = dict.fromkeys((
    "target_value", "target_low", "target_high", "target_year", "baseline_value", "baseline_year",
    "threshold", "tolerance", "baseline_from_observation", "latest_year", "latest_value", "years_elapsed",
    "period_years", "time_elapsed_share", "distance_covered_share", "required_cagr", "actual_cagr", "ratio",
    "projection", "observations_used", "observations_after_target_year", "observations_before_baseline"))
_FIGURES.update(baseline_from_observation=0, observations_used=0, observations_after_target_year=0,
                observations_before_baseline=0)


_new = object.__new__


class _Out:
    """Collects figures and the two halves of the explanation."""

    __slots__ = ("calc", "en", "figures", "method", "obs", "plan", "t", "zh")

    def __init__(self, t: TargetSpec) -> None:
        self.t = t
        self.plan, self.obs, self.calc = _numbers(t)
        self.zh: list[str] = []
        self.en: list[str] = []
        self.method: str | None = None
        f = self.figures = _FIGURES.copy()
        f["target_value"], f["target_low"], f["target_high"] = t.target_value, t.target_low, t.target_high
        f["target_year"], f["baseline_value"], f["baseline_year"] = t.target_year, t.baseline_value, t.baseline_year

    def say(self, zh: str, en: str) -> None:
        self.zh.append(zh)
        self.en.append(en)

    def says(self, steps: Iterable[tuple[str, str]]) -> None:
        for zh, en in steps:
            self.say(zh, en)

    def amend(self, zh: str, en: str) -> None:
        """Add to the last step (a verdict that belongs to what was just said)."""
        self.zh[-1] += zh
        self.en[-1] += en

    def done(self, status: str, projection_method: str | None = None) -> Progress:
        f = self.figures
        for k in [k for k, v in f.items() if v.__class__ is float and v - v != 0.0]:  # inf or nan
            f[k] = None
        warning = status in WARN_STATUSES and is_binding(self.t.attribute)
        zhs, ens = self.zh, self.en
        if warning:
            zhs.append(WARNING_STEP.zh)
            ens.append(WARNING_STEP.en)
        steps = tuple(map(_step, zhs, ens))
        proj = f["projection"]
        # The fields of the frozen dataclass, set without its __init__ (13 object.__setattr__ calls,
        # a tenth of the cost of an assessment); equality, hashing and repr are unchanged.
        p = _new(Progress)
        p.__dict__.update(
            status=status, warning=warning, latest_year=f["latest_year"], latest_value=f["latest_value"],
            time_elapsed_share=f["time_elapsed_share"], distance_covered_share=f["distance_covered_share"],
            required_cagr=f["required_cagr"], actual_cagr=f["actual_cagr"], ratio=f["ratio"],
            projection=proj, projection_method=projection_method if proj is not None else None,
            explanation=_sentence(status, zhs, ens), figures=f, steps=steps,
        )
        return p


def _step(zh: str, en: str) -> Step:
    step = _new(Step)  # as ``done`` builds a Progress: the frozen fields set without __init__
    step.__dict__.update(zh=zh, en=en)
    return step


WARNING_STEP = Step("约束性指标未达序时进度，预警", "binding target off track: warning")


def _sentence(status: str, zh: list[str], en: list[str]) -> str:
    """The one-line explanation of a status from its steps: Chinese, then English."""
    return f"{ZH_STATUS[status]}：{'；'.join(zh)} / {EN_STATUS[status]}: {'; '.join(en)}"


def _cap(status: str, out: _Out, complete: bool, met: bool) -> str:
    """At the target year a target not met is at most 'moderate'."""
    if complete and not met and status == "significant":
        out.say("已到目标年份仍未达标，至多评为进展一般",
                "target year reached without meeting the target: at most moderate")
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
        return out.done("inherited" if t.inherited else "no_data")
    out.figures["threshold"] = goal.lo if goal.sense == "up" else goal.hi if goal.sense == "down" else None
    out.figures["tolerance"] = goal.tol
    if as_of is None:
        obs = {o.year: float(o.value) for o in observations if o.value - o.value == 0}  # finite only
    else:
        obs = {o.year: float(o.value) for o in observations if o.year <= as_of and o.value - o.value == 0}
    if not obs:
        out.say("无观测值" + (f"（截至{as_of}年）" if as_of is not None else ""),
                "no observations" + (f" up to {as_of}" if as_of is not None else ""))
        return out.done("no_data")
    first, last = _window(t)
    if first is not None:
        inside = {y: v for y, v in obs.items() if first <= y <= (last if last is not None else y)}
        if not inside:
            return _nothing_inside(t, obs, first, last, out)
        if t.target_year is None:  # a per-year target is judged on the plan period's years only
            obs = inside
    if t.target_year is None:
        return _per_year(t, goal, obs, out)
    if t.kind in ("growth_rate", "change"):
        return _rate_period(t, goal, obs, out)
    return _level_period(t, goal, obs, out)


def _base_year(t: TargetSpec) -> int | None:
    """The baseline year: the target's own, else the year before the plan period."""
    if t.baseline_year is not None:
        return t.baseline_year
    return t.period[0] - 1 if t.period else None


def _window(t: TargetSpec) -> tuple[int | None, int | None]:
    """The years whose observations show progress: the plan period up to the target year
    (after the baseline year); (None, None) when neither period nor baseline year is known."""
    base = _base_year(t)
    if t.period is not None:
        first = t.period[0] if base is None else max(t.period[0], base + 1)
    elif base is not None:
        first = base + 1
    else:
        return None, None
    return first, t.target_year if t.target_year is not None else (t.period[1] if t.period else None)


def _nothing_inside(t: TargetSpec, obs: dict[int, float], first: int, last: int | None, out: _Out) -> Progress:
    """No observation inside the window yet: no_data, naming the window and the latest seen."""
    window = f"{first}–{last}" if last is not None and last != first else str(first)
    latest = max(obs)
    unit = (t.unit_text or "%") if t.kind in ("growth_rate", "change") else ""
    seen = f"{latest}年{out.obs(obs[latest])}{unit}"
    seen_en = f"{out.obs(obs[latest])}{unit} ({latest})"
    if latest < first:
        why_zh, why_en = "早于规划期，只作基期参考", "before the plan period: a baseline, not progress"
    else:
        why_zh, why_en = "晚于目标年，不计", "after the target year: not used"
    out.figures["observations_before_baseline"] = len([y for y in obs if y < first])
    out.figures["observations_after_target_year"] = len([y for y in obs if last is not None and y > last])
    out.say(f"规划期{window}年内尚无观测值；已见最新观测为{seen}，{why_zh}",
            f"no observation inside the plan period {window} yet; latest seen {seen_en}, {why_en}")
    return out.done("no_data")


def _attainment(v: float, goal: _Goal, lo: float | None, hi: float | None, point: float,
                num: Callable[[float], str] = _d) -> tuple[float, str]:
    """1 ± (v − target)/|target|: actual/target for '≥', mirrored for '≤', distance for bands."""
    scale = abs(point) if point != 0 else 1.0
    if goal.sense == "up":
        if point > 0:
            return v / point, f"{num(v)}/{num(point)}"
        return 1 + (v - point) / scale, f"1+({num(v)}−{num(point)})/{num(scale)}"
    if goal.sense == "down":
        return 1 - (v - point) / scale, f"1−({num(v)}−{num(point)})/{num(scale)}"
    low, high = _bound(lo), _bound(hi)
    gap = low - v if v < low else v - high if v > high else 0.0
    return 1 - gap / scale, f"1−{num(gap)}/{num(scale)}"


def _per_year(t: TargetSpec, goal: _Goal, obs: dict[int, float], out: _Out) -> Progress:
    f = out.figures
    year = max(obs)
    v = obs[year]
    f.update(latest_year=year, latest_value=v, observations_used=1)
    head_zh = f"年度目标{goal.label}，{year}年实际{out.obs(v)}"
    head_en = f"per-year target {goal.label}, actual {out.obs(v)} in {year}"
    if goal.met(v):
        out.say(head_zh + "，达标", head_en + ", met")
        return out.done("achieved")
    r, formula = _attainment(v, goal, goal.lo, goal.hi, goal.point, out.calc)
    f["ratio"] = r
    status = classify(r)
    out.say(f"{head_zh}，完成率={formula}={_d(r)} → {ZH_STATUS[status]}",
            f"{head_en}, attainment {formula} = {_d(r)} → {EN_STATUS[status]}")
    return out.done(status)


def _level_period(t: TargetSpec, goal: _Goal, obs: dict[int, float], out: _Out) -> Progress:
    """Level targets (a value by the target year): the pace since the baseline against the pace required."""
    f = out.figures
    T = t.target_year
    assert T is not None
    lower = _base_year(t)
    window = [y for y in obs if y <= T and (lower is None or y >= lower)]
    after = len([y for y in obs if y > T])
    f["observations_after_target_year"] = after
    if not window:
        out.say(f"{lower if lower is not None else ''}{'–' if lower is not None else '至'}{T}年无观测值",
                f"no observation {'from ' + str(lower) + ' ' if lower is not None else ''}up to {T}")
        return out.done("no_data")
    ty = max(window)
    yt = obs[ty]
    f["latest_year"], f["latest_value"] = ty, yt
    t0, y0 = _level_baseline(t, obs, window, out)
    met = goal.met(yt)
    if t0 >= T:
        if met:
            YT = out.obs(yt)
            out.say(f"目标{goal.label}，{ty}年{YT}，已达标", f"target {goal.label}, {YT} in {ty}: met")
            return out.done("achieved")
        out.say(f"基期{t0}年不早于目标年{T}年", f"baseline year {t0} is not before the target year {T}")
        return out.done("no_data")
    f["observations_before_baseline"] = len([y for y in obs if y < t0])
    N = T - t0
    k = ty - t0
    share = k / N
    f["observations_used"] = len([y for y in window if y > t0])
    f["years_elapsed"], f["period_years"], f["time_elapsed_share"] = k, N, share
    Y0, YT = (out.obs if f["baseline_from_observation"] else out.plan)(y0), out.obs(yt)
    head_zh = f"基期{t0}年{Y0}，目标{T}年{goal.label}，最新{ty}年{YT}"
    head_en = f"baseline {Y0} ({t0}), target {goal.label} by {T}, latest {YT} ({ty})"
    if after:
        head_zh += f"（目标年后观测值{after}个不计）"
        head_en += f" ({after} observation(s) after the target year not used)"
    if k == 0:
        if met:
            out.say(head_zh + "，已达标", head_en + ", met")
            return out.done("achieved")
        out.say(head_zh + "，基期后尚无观测值，无法判断趋势",
                head_en + ", no observation after the baseline year: no trend")
        return out.done("no_data")
    out.say(head_zh, head_en)
    sh = f"({ty}−{t0})/({T}−{t0})={_sh(share)}"
    if goal.sense == "band":
        return _band_level(goal, out, y0, yt, ty, T, k, share, met, sh)
    trend = _level_trend(y0, yt, goal.point, k, N, T - ty)
    if trend is None:
        out.say("数值超出可计算范围", "values out of the computable range")
        return out.done("no_data")
    run = _LevelRun(goal, t0, y0, ty, yt, T, k, N, met, sh, Y0, YT, *trend)
    status = _level_explanation(run, out)
    return out.done(_cap(status, out, ty >= T, met), run.method)


def _level_baseline(t: TargetSpec, obs: dict[int, float], window: list[int], out: _Out) -> tuple[int, float]:
    """The baseline year and value: the target's own, else the observation of its year, else
    the earliest observation — said when it is not the plan's."""
    f = out.figures
    t0, y0 = _base_year(t), t.baseline_value if _ok(t.baseline_value) else None
    if t0 is not None and y0 is None and t0 in obs:
        y0 = obs[t0]
        f["baseline_from_observation"] = 1
        out.say(f"基期值取{t0}年观测值", f"baseline value from the {t0} observation")
    elif t0 is None or y0 is None:
        if t0 is None and y0 is not None:
            out.say(f"基期值{out.plan(y0)}无年份，未使用", f"baseline value {out.plan(y0)} has no year, not used")
        t0 = min(window)
        y0 = obs[t0]
        f["baseline_from_observation"] = 1
        out.say(f"未提供基期，以最早观测值（{t0}年）为基期",
                f"no baseline given: the earliest observation ({t0}) is used")
    f["baseline_year"], f["baseline_value"] = t0, y0
    return t0, y0


def _level_trend(y0: float, yt: float, p: float, k: int, N: int,
                 left: int) -> tuple[bool, float, float, float] | None:
    """(compound, actual, required, projection): compound annual growth rates (%) when the
    baseline, the latest value and the target are positive, else linear changes per year;
    None when the numbers are out of the computable range."""
    if y0 > 0 and p > 0 and yt > 0:
        try:
            a = ((yt / y0) ** (1 / k) - 1) * 100
            q = ((p / y0) ** (1 / N) - 1) * 100
            proj = yt * (1 + a / 100) ** left
            if a - a == 0 and q - q == 0 and proj - proj == 0:  # all finite
                return True, a, q, proj
        except (OverflowError, ZeroDivisionError):
            pass
    a = (yt - y0) / k
    q = (p - y0) / N
    if not (a - a == 0 and q - q == 0):
        return None
    return False, a, q, yt + a * left


@dataclass(slots=True)
class _LevelRun:
    """What a level assessment computed, for its explanation."""

    goal: _Goal
    t0: int
    y0: float
    ty: int
    yt: float
    T: int
    k: int
    N: int
    met: bool
    sh: str  # the time-elapsed formula
    Y0: str  # the baseline and latest values as shown
    YT: str
    compound: bool
    a: float  # actual CAGR (%) or change per year
    q: float  # required CAGR (%) or change per year
    proj: float

    @property
    def method(self) -> str:
        return M_CAGR if self.compound else M_LINEAR


def _level_explanation(run: _LevelRun, out: _Out) -> str:
    """The figures and steps of a level assessment after its head (baseline, target, latest):
    the verdict, time elapsed and distance covered, the rates and their ratio, the projection.
    Returns the status."""
    f, goal, p, y0, a, q = out.figures, run.goal, run.goal.point, run.y0, run.a, run.q
    covered = (run.yt - y0) / (p - y0) if p != y0 else None
    f["distance_covered_share"], f["projection"] = covered, run.proj
    Y0, YT, P = run.Y0, run.YT, out.plan(p)
    y0f = Y0 if y0 >= 0 else f"({Y0})"  # a negative value in a formula is bracketed: 1−(-2)
    if run.compound:
        f["actual_cagr"], f["required_cagr"] = a, q
        fa, fq = f"({YT}/{Y0})^(1/{run.k})−1={_pc(a)}", f"({P}/{Y0})^(1/{run.N})−1={_pc(q)}"
        rate_zh, rate_en = f"实际年均增速={fa}，所需年均增速={fq}", f"actual CAGR {fa}, required {fq}"
        method_zh = "基期以来实际年均增速复利"
    else:
        f["actual_linear_change"], f["required_linear_change"] = a, q
        fa, fq = f"({YT}−{y0f})/{run.k}={out.calc(a)}", f"({P}−{y0f})/{run.N}={out.calc(q)}"
        rate_zh = f"数值为零或负，改用线性法：实际年均变化={fa}，所需年均变化={fq}"
        rate_en = f"a value is zero or negative, so the linear method is used: actual change per year {fa}, " \
                  f"required {fq}"
        method_zh = "基期以来线性趋势"
    if (p - y0 <= 0 if goal.sense == "up" else p - y0 >= 0) or q == 0:
        # the baseline already meets the target: nothing is required
        status = "achieved" if run.met else "moving_away"
        out.say("基期已达到目标，最新值" + ("仍达标" if run.met else "已不达标"),
                "the baseline already met the target and the latest value "
                + ("still does" if run.met else "no longer does"))
        ratio_zh = ratio_en = ""
    else:
        r = a / q
        f["ratio"] = r
        if run.met:
            status = "achieved"
            out.say("已达标", "met")
            ratio_zh, ratio_en = f"，比值={_d(r)}", f", ratio {_d(r)}"
        else:
            status = classify(r)
            fr = f"{out.calc(a)}/{out.calc(q)}={_d(r)}" if not run.compound else f"{_d(a)}/{_d(q)}={_d(r)}"
            ratio_zh, ratio_en = f"，比值={fr} → {ZH_STATUS[status]}", f", ratio {fr} → {EN_STATUS[status]}"
    cv = f"({YT}−{y0f})/({P}−{y0f})={_sh(covered)}" if covered is not None else ""
    out.say(f"时间进度={run.sh}{'，目标进度=' + cv if cv else ''}",
            f"time elapsed {run.sh}{', distance covered ' + cv if cv else ''}")
    out.say(rate_zh + ratio_zh, rate_en + ratio_en)
    PJ = out.calc(run.proj)
    out.say(f"按{method_zh}推算{run.T}年为{PJ}", f"projected {run.T}: {PJ} ({run.method})")
    return status


def _band_level(goal: _Goal, out: _Out, y0: float, yt: float, ty: int, T: int, k: int, share: float,
                met: bool, sh: str) -> Progress:
    """Two-sided targets: progress is the share of the baseline's distance from the band closed."""
    f = out.figures
    g0, gt = goal.gap(y0), goal.gap(yt)
    proj = yt + (yt - y0) / k * (T - ty)
    f["gap_baseline"], f["gap_latest"], f["projection"] = g0, gt, proj
    G0, GT, PJ = out.calc(g0), out.calc(gt), out.calc(proj)
    tail = ((f"距目标区间：基期{G0}，最新{GT}", f"distance from the target band: baseline {G0}, latest {GT}"),
            (f"按基期以来线性趋势推算{T}年为{PJ}", f"projected {T}: {PJ} ({M_LINEAR})"))
    if g0 == 0:
        status = "achieved" if met else "moving_away"
        out.say(f"基期已在目标区间内，最新值{'仍在' if met else '已不在'}区间内",
                f"the baseline was inside the band and the latest value {'still is' if met else 'is not'}")
        out.says(tail)
        return out.done(status, M_LINEAR)
    covered = (g0 - gt) / g0
    r = covered / share
    f["distance_covered_share"], f["ratio"] = covered, r
    if met:
        out.amend("，已在目标区间内", ": inside the band")
        out.say(f"时间进度={sh}", f"time elapsed {sh}")
        out.says(tail)
        return out.done("achieved", M_LINEAR)
    status = classify(r)
    out.say(f"时间进度={sh}", f"time elapsed {sh}")
    fr = f"({G0}−{GT})/{G0}={_sh(covered)}", f"{_d(covered)}/{_d(share)}={_d(r)}"
    out.say(f"双向目标用距离法：目标进度={fr[0]}，比值={fr[1]} → {ZH_STATUS[status]}",
            f"two-sided target, distance method: distance covered {fr[0]}, ratio {fr[1]} → {EN_STATUS[status]}")
    out.says(tail)
    return out.done(_cap(status, out, ty >= T, met), M_LINEAR)


def _scaled(x: float | None, m: float) -> float | None:
    return None if x is None else x * m


def _compounded(x: float | None, s: float, m: float) -> float | None:
    """A rate x (%, in the target's sense s) compounded m times: s·((1 + s·x/100)^m − 1)·100."""
    return None if x is None else s * ((1 + s * x / 100) ** m - 1) * 100


def _rate_period(t: TargetSpec, goal: _Goal, obs: dict[int, float], out: _Out) -> Progress:
    """Growth-rate (年均增长) and cumulative change (累计降低) targets over a period."""
    f = out.figures
    T = t.target_year
    assert T is not None
    t0 = _rate_baseline(t, obs, T, out)
    if t0 is None:
        return out.done("no_data")
    years = sorted([y for y in obs if t0 < y <= T])
    after = len([y for y in obs if y > T])
    f["observations_after_target_year"] = after
    f["observations_before_baseline"] = len(obs) - len(years) - after
    if not years:
        out.say(f"{t0 + 1}–{T}年无观测值", f"no observation for {t0 + 1}–{T}")
        return out.done("no_data")
    vals = [obs[y] for y in years]
    ty = years[-1]
    n, N, k = len(vals), T - t0, ty - t0
    f["latest_year"], f["latest_value"], f["observations_used"] = ty, vals[-1], n
    f["years_elapsed"], f["period_years"], f["time_elapsed_share"] = k, N, k / N
    run = _RateRun(goal, t0, T, N, k, n, ty, vals, growth=t.kind == "growth_rate",
                   s=-1.0 if (t.kind != "growth_rate" and t.direction == "down") else 1.0)  # reductions: positive
    if n < k:
        run.note(f"{t0 + 1}–{ty}年缺{k - n}年数据，按已有{n}年计算",
                 f"{k - n} year(s) missing in {t0 + 1}–{ty}: computed over the {n} observed")
    if after:
        run.note(f"目标年后观测值{after}个不计", f"{after} observation(s) after the target year not used")
    run.additive = (not run.growth) and t.unit is not None and t.unit.strip().lower() in PP_UNITS
    if not _rate_figures(run):
        out.say("数值超出可计算范围", "values out of the computable range")
        return out.done("no_data")
    f["actual_cagr"], f["required_cagr"], f["projection"] = run.avg, run.q, run.proj
    f["cumulative_actual"], f["cumulative_required"] = run.c_act, run.cp
    f["cumulative_threshold"] = run.c_lo if goal.sense == "up" else run.c_hi if goal.sense == "down" else None
    if run.cp:
        f["distance_covered_share"] = run.c_act / run.cp
    if ty < T and n == k:  # the rate still needed per year in the remaining years to meet the plan's number
        f["required_rate_remaining"] = run.rem = _remaining_rate(run)
    run.met = _rate_met(run, ty >= T)
    run.r, run.formula = _attainment(run.avg, goal, run.a_lo, run.a_hi, run.q)
    f["ratio"] = run.r
    status = _rate_explanation(run, out)
    return out.done(status if run.met else _cap(status, out, ty >= T, run.met), run.method)


def _rate_baseline(t: TargetSpec, obs: dict[int, float], T: int, out: _Out) -> int | None:
    """The baseline year of a rate target: its own, else the year before the earliest observed
    rate; None (said) when there is none or it is not before the target year."""
    t0 = _base_year(t)
    if t0 is None:
        cands = [y for y in obs if y <= T]
        if not cands:
            out.say(f"无基期，且{T}年前无观测值", f"no baseline and no observation up to {T}")
            return None
        t0 = min(cands) - 1
        out.figures["baseline_from_observation"] = 1
        out.say(f"未提供基期年，以最早观测年份前一年（{t0}年）为基期",
                f"no baseline year given: the year before the earliest observation ({t0}) is used")
    out.figures["baseline_year"] = t0
    if t0 >= T:
        out.say(f"基期{t0}年不早于目标年{T}年", f"baseline year {t0} is not before the target year {T}")
        return None
    return t0


@dataclass(slots=True)
class _RateRun:
    """What a rate or cumulative-change assessment computed, for its explanation.  Rates are
    percent (or points, ``additive``) in the target's sense ``s`` (−1 for a reduction)."""

    goal: _Goal
    t0: int
    T: int
    N: int  # years of the period
    k: int  # years elapsed
    n: int  # years observed
    ty: int  # latest year observed
    vals: list[float]
    growth: bool
    s: float
    additive: bool = False
    prod: float = 1.0  # Π(1 + s·rᵢ/100)
    a_lo: float | None = None  # the goal as an annual rate
    a_hi: float | None = None
    q: float = 0.0
    c_lo: float | None = None  # the goal as a cumulative change
    c_hi: float | None = None
    cp: float = 0.0
    c_act: float = 0.0  # cumulative change achieved
    avg: float = 0.0  # average annual rate achieved
    proj: float = 0.0
    method: str = M_RATE
    rem: float | None = None
    r: float = 0.0
    formula: str = ""
    met: bool = False
    notes_zh: list[str] = field(default_factory=list)
    notes_en: list[str] = field(default_factory=list)

    def note(self, zh: str, en: str) -> None:
        self.notes_zh.append(zh)
        self.notes_en.append(en)


def _rate_figures(run: _RateRun) -> bool:
    """The goal in annual and cumulative form, what was achieved and its projection; False
    when the numbers are out of the computable range."""
    s, N, n = run.s, run.N, run.n
    if not run.additive:
        for v in run.vals:
            fac = 1 + s * v / 100
            if fac <= 0:
                run.additive = True
                run.note("有年份降幅达100%以上，改用算术平均", "a yearly fall of 100% or more: arithmetic average used")
                break
            run.prod *= fac
    lo, hi, point = run.goal.lo, run.goal.hi, run.goal.point
    if not run.additive and any(x is not None and 1 + s * x / 100 <= 0 for x in (lo, hi, point)):
        run.additive = True
        run.note("目标降幅达100%以上，改用线性累加", "a target fall of 100% or more: linear sum used")
    try:
        if run.growth:  # annual target: cumulative = compounded over N years (or N times, additive)
            run.a_lo, run.a_hi, run.q = lo, hi, point
            if run.additive:
                run.c_lo, run.c_hi, run.cp = _scaled(lo, N), _scaled(hi, N), point * N
            else:
                run.c_lo, run.c_hi = _compounded(lo, s, N), _compounded(hi, s, N)
                run.cp = s * ((1 + s * point / 100) ** N - 1) * 100
        else:  # cumulative target: annual = the N-th root (or an N-th, additive)
            run.c_lo, run.c_hi, run.cp = lo, hi, point
            if run.additive:
                run.a_lo, run.a_hi, run.q = _scaled(lo, 1 / N), _scaled(hi, 1 / N), point / N
            else:
                run.a_lo, run.a_hi = _compounded(lo, s, 1 / N), _compounded(hi, s, 1 / N)
                run.q = s * ((1 + s * point / 100) ** (1 / N) - 1) * 100
        if run.additive:
            run.c_act = sum(run.vals)
            run.avg = run.c_act / n
        else:
            run.c_act = s * (run.prod - 1) * 100
            run.avg = s * (run.prod ** (1 / n) - 1) * 100
        if run.growth:
            run.proj, run.method = run.avg, M_RATE
        elif run.additive:
            run.proj, run.method = run.avg * N, M_CHANGE_ADD
        else:
            run.proj, run.method = s * ((1 + s * run.avg / 100) ** N - 1) * 100, M_CHANGE
    except (OverflowError, ZeroDivisionError):
        return False
    return all(x - x == 0 for x in (run.avg, run.c_act, run.q, run.cp, run.proj)) \
        and all([x is None or x - x == 0 for x in (run.a_lo, run.a_hi, run.c_lo, run.c_hi)])


def _remaining_rate(run: _RateRun) -> float | None:
    """The rate still needed per year in the years left to reach the plan's cumulative number."""
    s, left = run.s, run.N - run.k
    try:
        if run.additive:
            return (run.cp - run.c_act) / left
        return s * (((1 + s * run.cp / 100) / run.prod) ** (1 / left) - 1) * 100
    except (OverflowError, ZeroDivisionError):
        return None


def _rate_met(run: _RateRun, complete: bool) -> bool:
    """Met: the cumulative number reached (any time), or the average rate at the target year."""
    goal, c_act, q = run.goal, run.c_act, run.q
    slack = EPS * max(1.0, abs(run.cp))
    if goal.sense == "up":
        return c_act >= _bound(run.c_lo) - slack or (complete and run.avg >= _bound(run.a_lo) - EPS * max(1.0, abs(q)))
    if not complete:
        return False
    if run.growth:  # the target is an average rate
        return goal.met(run.avg, EPS * max(1.0, abs(q)))
    if goal.sense == "down":  # the target is a cumulative change
        return c_act <= _bound(run.c_hi) + slack
    return _bound(run.c_lo) - slack <= c_act <= _bound(run.c_hi) + slack


def _rate_explanation(run: _RateRun, out: _Out) -> str:
    """The steps of a rate or cumulative-change assessment, said to ``out``; returns the status:
    the target and the years observed; the cumulative and average achieved against what is
    required; the ratio; time elapsed and distance covered; the projection; any caveats."""
    goal, t0, T, N, k, n, ty, s = run.goal, run.t0, run.T, run.N, run.k, run.n, run.ty, run.s
    vs = [_n(v) for v in run.vals]
    if run.additive:
        CA, AV = _d(run.c_act), _d(run.avg)
        calc = f"{'+'.join(vs)}={CA}", f"{CA}/{n}={AV}", ""
        pc = ""
    else:
        facs = "×".join([f"(1−{x}%)" for x in vs] if s < 0 else [f"(1+{x}%)" for x in vs])
        calc = f"{'1−' + facs if s < 0 else facs + '−1'}={_pc(run.c_act)}", _pc(run.avg), "（几何平均）"
        pc = "%"
    if run.growth:
        word = "增长"
        tgt_zh = f"目标{t0 + 1}–{T}年年均增长{goal.label}%"
        tgt_en = f"target average growth {goal.label}% a year {t0 + 1}–{T}"
        req_zh, req_en = f"全期累计需{_pc(run.cp)}", f"whole period needs {_pc(run.cp)} cumulative"
    else:
        word = "降低" if s < 0 else "变化"
        Q = _d(run.q)
        tgt_zh = f"目标{t0}–{T}年累计{word}{goal.label}{'个百分点' if run.additive else '%'}"
        tgt_en = f"target cumulative {'reduction' if s < 0 else 'change'} {goal.label}" \
                 f"{' pp' if run.additive else '%'} {t0}–{T}"
        req_zh, req_en = f"所需年均{word}={Q}{pc}", f"required {Q}{pc} a year"
    span = f"{t0 + 1}–{ty}" if ty > t0 + 1 else str(ty)
    rates = "、".join(vs)
    out.say(f"{tgt_zh}，{span}年实际{rates}", f"{tgt_en}, actual {rates} for {span}")
    out.say(f"累计{word}={calc[0]}，年均={calc[1]}{calc[2]}，{req_zh}",
            f"cumulative {calc[0]}, average {calc[1]}{' a year (geometric)' if calc[2] else ''}, {req_en}")
    if run.met:
        status = "achieved"
        out.amend("，已达标", ": met")
    else:
        status = classify(run.r)
        fr = f"{run.formula}={_d(run.r)}"
        RM = "" if run.rem is None else _d(run.rem)
        out.say(f"{f'余下{N - k}年需年均{RM}{pc}，' if RM else ''}比值={fr} → {ZH_STATUS[status]}",
                f"{RM + pc + ' a year needed over the remaining ' + str(N - k) + ' year(s), ' if RM else ''}"
                f"ratio {fr} → {EN_STATUS[status]}")
    cv = f"{_d(run.c_act)}/{_d(run.cp)}={_sh(run.c_act / run.cp)}" if run.cp else ""
    sh = f"{k}/{N}={_sh(k / N)}"
    out.say(f"时间进度={sh}{'，目标进度=' + cv if cv else ''}",
            f"time elapsed {sh}{', distance covered ' + cv if cv else ''}")
    PJ = _d(run.proj)
    out.say(f"按已实现年均{'增速' if run.growth else '变化'}推算至{T}年{'年均' if run.growth else '累计'}为{PJ}",
            f"projected {T}: {PJ} ({run.method})")
    out.says(zip(run.notes_zh, run.notes_en, strict=True))
    return status


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
