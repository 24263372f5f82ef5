"""The report's charts, drawn with matplotlib (the Agg canvas, no display, no pyplot) in a CJK font of Debian's
``fonts-noto-cjk`` found through ``font_manager``: the status counts, and for a lagging
indicator the path it followed against the path its target asked for.  Each chart is PNG bytes
at print resolution, for the docx."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from planscope.errors import OutputError
from planscope.views.report import IndicatorRow

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei")
DPI = 150  # sharp on an A4 page at its printed width; 200 took a third longer
COLOURS = {"on_track": "#2e7d32", "lagging": "#c62828", "pending": "#f9a825", "no_data": "#9e9e9e",
           "inherited": "#1565c0"}


@cache
def cjk_font() -> str:
    """The family name of an installed CJK font; OutputError naming the Debian package when none."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    for path in font_manager.findSystemFonts():  # a .ttc font_manager did not list by name
        if "NotoSansCJK" in Path(path).name:
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
    raise OutputError(Path("chart.png"), "图表需要中文字体（Debian: apt-get install fonts-noto-cjk）/ "
                                         "the charts need a CJK font: install fonts-noto-cjk")


def _figure(width_mm: float, height_mm: float) -> Figure:
    """A figure on the Agg canvas (no display, no pyplot state shared between reports)."""
    fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _style() -> Any:
    return matplotlib.rc_context({"font.family": [cjk_font()], "axes.unicode_minus": False})


def _png(fig: Figure) -> bytes:
    """PNG bytes; the margins are set by each chart (a "tight" bounding box draws it twice)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


def status_chart(labels: list[str], counts: list[int], colours: list[str]) -> bytes:
    """Horizontal bars: how many indicators stand in each class, the count at each bar's end."""
    with _style():
        return _status_chart(labels, counts, colours)


def _status_chart(labels: list[str], counts: list[int], colours: list[str]) -> bytes:
    fig = _figure(150, 20 + (12 if any("\n" in x for x in labels) else 9) * len(labels))
    ax = fig.add_subplot()
    y = list(range(len(labels)))[::-1]
    ax.barh(y, counts, color=colours, height=0.6)
    ax.set_yticks(y, labels, fontsize=10)
    for yy, n in zip(y, counts, strict=True):
        ax.text(n + 0.1, yy, f"{n}项", va="center", fontsize=10)
    ax.set_xlim(0, max([*counts, 1]) * 1.15 + 0.5)
    fig.subplots_adjust(left=0.3, right=0.97, top=0.95, bottom=0.3 if len(labels) < 3 else 0.2)
    ax.set_xlabel("指标数（项）", fontsize=10)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(fig)


def _with_unit(value: str, unit: str) -> str:
    """6.5左右 with % → 6.5%左右."""
    return f"{value[:-2]}{unit}左右" if value.endswith("左右") else f"{value}{unit}"


def path_chart(row: IndicatorRow) -> bytes:
    """The observed values (solid, points) against the target's path (dashed) and the target."""
    with _style():
        return _path_chart(row)


def _path_chart(row: IndicatorRow) -> bytes:
    fig = _figure(150, 70)
    ax = fig.add_subplot()
    _panel(ax, row, 9)
    ax.legend(fontsize=9, frameon=False, loc="best")
    fig.subplots_adjust(left=0.1, right=0.97, top=0.88, bottom=0.12)
    return _png(fig)


def _panel(ax: Any, row: IndicatorRow, size: float) -> None:
    """One indicator: the target's path dashed to the target (a square), the values observed solid."""
    if row.target_path:
        xs, ys = zip(*row.target_path, strict=True)
        ax.plot(xs, ys, "--", color="#1565c0", linewidth=1.5, label=f"目标路径（{row.path_rule.split(' ')[0]}）")
        target = _with_unit(row.target, row.unit)
        ax.plot([xs[-1]], [ys[-1]], "s", color="#1565c0", markersize=size * 0.6, label=f"目标 {target}")
    if row.observed:
        xs, ys = zip(*row.observed, strict=True)
        ax.plot(xs, ys, "-o", color="#c62828", linewidth=2, markersize=size * 0.5, label="实际值")
        for x, v in row.observed[-1:]:
            ax.annotate(f"{v:g}", (x, v), textcoords="offset points", xytext=(4, 6), fontsize=size)
    unit = f"（{row.unit}）" if row.unit else ""
    ax.set_title(f"{row.indicator}{unit}", fontsize=size + 2)
    years = [x for x, _ in (*row.observed, *row.target_path)]
    if years:
        ax.set_xticks(range(min(years), max(years) + 1))
        ax.set_xticklabels([str(y) for y in range(min(years), max(years) + 1)], fontsize=size)
    ax.tick_params(axis="y", labelsize=size)
    ax.grid(axis="y", linewidth=0.4, alpha=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


GRID_COLUMNS = 2
GRID_ROWS = 3


def path_grid(rows: list[IndicatorRow]) -> bytes:
    """Up to six indicators' paths, two a row, under one legend: a report with many lagging
    indicators shows each one's path without a page per chart (and draws one figure, not six)."""
    with _style():
        lines = -(-len(rows) // GRID_COLUMNS)
        fig = _figure(156, 14 + 46 * lines)
        axes = fig.subplots(lines, GRID_COLUMNS, squeeze=False)
        for ax, row in zip(axes.flat, rows, strict=False):
            _panel(ax, row, 7)
        for ax in list(axes.flat)[len(rows):]:
            ax.set_visible(False)
        handles = {"实际值": "#c62828", "目标路径": "#1565c0"}
        from matplotlib.lines import Line2D

        fig.legend([Line2D([], [], color=c, linestyle="-" if k == "实际值" else "--") for k, c in handles.items()],
                   list(handles), loc="upper center", ncol=2, frameon=False, fontsize=8)
        fig.subplots_adjust(left=0.08, right=0.98, top=1 - 14 / (14 + 46 * lines), bottom=0.06, hspace=0.55,
                            wspace=0.22)
        return _png(fig)
