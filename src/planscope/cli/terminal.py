"""The terminal's rendering of views (Rich tables and trees): what ``planscope`` prints.

Each function formats rows a view computed (``planscope.views``); it computes none of its
own.  The CLI and the demo print these; the web and the reports format the same views.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from rich.table import Table as RichTable
from rich.tree import Tree

from planscope.labels import codes, label, zh
from planscope.library import IngestOutcome
from planscope.monitoring.figures import share_text
from planscope.records import ProgressItem
from planscope.views import CompletionView, DocRow, ProgressView, TargetsView
from planscope.views.document import DocumentView, SectionNode, TableItem
from planscope.views.progress import SUMMARY_STATUSES


def outcome_line(o: IngestOutcome) -> str:
    if not o.ok:
        return f"[red]✗[/red] {o.error}"
    s = o.summary
    verb = "更新 replaced" if o.replaced else "新增 added"
    return (f"[green]✓[/green] {o.path.name} → #{o.document_id} {verb}: {s['title'] or '(无标题)'} | "
            f"{s['region'] or '?'} {zh('level', s['level'], '?')} | "
            f"{zh('doc_type', s['type'], s['type'])} | {s['period'] or '?'} | "
            f"{s['sections']} 节 sections, {s['tables']} 表 tables")


def records_table(title: str, columns: Sequence[str], records: Sequence[dict[str, Any]],
                  row: Callable[[dict[str, Any]], Sequence[str]]) -> RichTable:
    """A list command's table: "title (count)", folding ``columns``, one ``row(record)`` each."""
    t = RichTable(title=f"{title} ({len(records)})")
    for name in columns:
        t.add_column(name, overflow="fold")
    for r in records:
        t.add_row(*row(r))
    return t


def docs_table(rows: list[DocRow]) -> RichTable:
    t = RichTable(title=f"规划文件库 / plan library ({len(rows)})", show_lines=False)
    t.add_column("id", justify="right")
    t.add_column("标题 title", overflow="fold", ratio=3)
    t.add_column("地区 region", no_wrap=True)
    t.add_column("层级 level", no_wrap=True)
    t.add_column("类型 type", no_wrap=True)
    t.add_column("规划期 period", no_wrap=True)
    t.add_column("日期 date", no_wrap=True)
    t.add_column("节/表", no_wrap=True)
    t.add_column("文件 file", overflow="fold", ratio=1)
    for r in rows:
        region = f"{r.region} {r.region_code}" if r.region else ""
        title = r.title or "[dim](无标题)[/dim]"
        if r.title_derived:
            title += " [dim](推定 derived)[/dim]"
        t.add_row(str(r.id), title, region, r.level_label, r.type_label, r.period, r.date or "",
                  f"{r.sections}/{r.tables}", r.file)
    return t


def facts_table(view: DocumentView) -> RichTable:
    t = RichTable(title=f"#{view.doc.id} {view.doc.file}", show_header=True)
    for name in ("要素 fact", "值 value", "来源 source", "说明 note"):
        t.add_column(name, overflow="fold")
    for row in view.facts:
        found = label("fact_source", row.fact.source)
        src = found.both() if found else row.fact.source
        t.add_row(row.name, "" if row.fact.value is None else str(row.fact.value), src, row.fact.note or "")
    return t


def outline_rich(view: DocumentView) -> Tree:
    root = Tree(f"[bold]{view.doc.title or view.doc.file}[/bold]")

    def add(node: Tree, items: list[SectionNode]) -> None:
        for item in items:
            child = node.add(item.label if item.kind != "box" else f"[cyan]{item.label}[/cyan]")
            add(child, item.children)

    add(root, view.outline)
    return root


def rich_table(table: TableItem) -> RichTable:
    """A rebuilt table for the terminal: category rows in bold, missing cells as a dim dot,
    notes below the table."""
    notes = [next((c for c in row if c), "") for row, info in zip(table.rows, table.row_info, strict=False)
             if info["kind"] == "note"]
    t = RichTable(title=table.label, caption="\n".join(notes + table.notes) or None, caption_justify="left")
    for col in table.columns:
        t.add_column(col, overflow="fold")
    for row, info in zip(table.rows, table.row_info, strict=False):
        if info["kind"] == "note":
            continue
        if info["kind"] == "category":
            t.add_row(*[c or "" for c in row], style="bold")
            continue
        t.add_row(*["[dim]·[/dim]" if c is None else c for c in row])
    return t


def targets_table(view: TargetsView, limit: int | None = None) -> RichTable:
    t = RichTable(title=view.title)
    for name in ("文件 doc", "指标 indicator", "目录 catalogue", "值 value", "单位 unit", "比较",
                 "年份 year", "属性", "原文 quote"):
        t.add_column(name, overflow="fold")
    legend: list[str] = []
    for r, flags in view.flagged()[:limit]:
        year = r.year
        year_text = f"{year}{'*' if r.year_implied else ''}" if year else ""
        attr = r.attribute or ("继承 inherited" if r.inherited else "")
        value = r.value or ""
        for f in flags:
            legend.append(f"⚠{f.number} {f.indicator}: {f.reason}")
            value = f"[yellow]⚠{f.number}[/yellow] {value}"
        t.add_row(str(r.doc_id), r.indicator, r.indicator_id or "[dim]—[/dim]", value,
                  r.unit or "", r.comparator, year_text, attr, re.sub(r"\s+", " ", r.quote)[:48])
    t.caption = "\n".join(["* 年份由规划期推定 / year implied by the plan period", *legend])
    return t


def _status_cell(r: ProgressItem) -> str:
    found = label("status", r.status)
    text, style = (found.zh, found.style) if found else (r.status, "")
    status = f"[{style}]{'⚠ ' if r.warning else ''}{text} {r.status}[/{style}]"
    if r.flags:  # an implausible target value: its status rests on it
        status += "\n[yellow]值存疑 implausible[/yellow]"
    return status


def progress_table(view: ProgressView) -> RichTable:
    t = RichTable(title=f"目标进展 / progress ({len(view.records)}; 预警 warnings {view.warnings})")
    for name in ("地区 region", "指标 indicator", "目标 target", "基期 baseline", "最新 latest", "状态 status",
                 "时间进度 time", "目标进度 distance", "增速比 ratio"):
        t.add_column(name, overflow="fold")
    for r in view.records:
        target = f"{r.target} ({r.target_year or '每年'})"
        base = f"{r.baseline} ({r.baseline_year})" if r.baseline is not None else ""
        latest = f"{r.latest} ({r.latest_year})" if r.latest_year else ""
        if len(r.sources) > 1:
            target += f" [dim]{'+'.join(_source_label(x.source) for x in r.sources)}[/dim]"
        t.add_row(r.region or "", f"{r.indicator} [dim]{r.indicator_id}[/dim]", target, base, latest,
                  _status_cell(r), _share(r.time_elapsed_share), _share(r.distance_covered_share),
                  "" if r.ratio is None else f"{r.ratio:.2f}")
    t.caption = "每项的计算过程见 --format json 的 explanation 与 figures / how each figure is computed: --format json"
    return t


def progress_summary(view: ProgressView) -> RichTable:
    t = RichTable(title="汇总 / summary")
    for name in ("地区 region", "类别或规划 category / plan", *(zh("status", s) for s in SUMMARY_STATUSES),
                 "预警 warnings"):
        t.add_column(name)
    for row in view.summary:
        t.add_row(row.region, row.group, *(str(row.counts[s]) for s in SUMMARY_STATUSES), str(row.warnings))
    return t


def completion_table(view: CompletionView) -> RichTable:
    t = RichTable(title=view.title)
    for name in ("指标 indicator", "目标 target", "完成 result", "属性", "状态 status", "依据 reason"):
        t.add_column(name, overflow="fold")
    for r in view.rows:
        found = label("status", r.status)
        colour = found.style if found else ""
        t.add_row(r.indicator, r.target or "", r.result or "", r.attribute or "",
                  f"[{colour}]{r.status}[/{colour}]", r.reason)
    return t


def _share(value: float | None) -> str:
    return "" if value is None else share_text(value)  # as the explanation and the reports write it


def _source_label(source: str | None) -> str:
    return "表 table" if (source or "").startswith("table") else "文 text"


# ---------------------------------------------------------------- alignment

RELATION_STYLE = {code: (found.zh, found.style) for code in codes("relation")
                  if (found := label("relation", code)) is not None}

def chains_table(links: list[dict[str, Any]]) -> RichTable:
    t = RichTable(title="规划衔接链 / plan chains (下级 → 上级 lower → upper)")
    for name in ("下级 lower", "规划期 period", "上级 upper", "来源 source"):
        t.add_column(name, overflow="fold")
    for link in links:
        if link["status"] == "unplaced":
            where = f"[red]{link['reason']}[/red]：{'；'.join(link['docs'])}"
        elif link["status"] == "absent":
            where = "[yellow]库中无同期规划，跳过此级 / no plan in the library: skipped[/yellow]"
        elif link["status"] == "reference":
            where = "参考数据 reference data: " + "；".join(link["docs"])
        else:
            where = "；".join(link["docs"])
        upper = f"{link['upper_region']} ({zh('level', link['upper_level']) or None})" if link["upper_region"] else "—"
        t.add_row(link["lower_region"], link["window"] or "?", upper, where)
    return t


def _reason_zh(reason: str) -> str:
    """The Chinese verdict without the computation (shown in full by --format json)."""
    return reason.split(" / ", 1)[0].split("；", 1)[0]


def _src(src: Any) -> str:
    if src is None:
        return ""
    return f"{src.label.split(' ')[0]}@{src.start}" if src.start is not None else "参考数据"


def align_table(comparisons: list[Any]) -> RichTable:
    t = RichTable(title=f"指标比较 / comparisons ({len(comparisons)})")
    for name in ("下级 lower", "上级 upper", "指标 indicator", "关系 relation", "下级原文 lower", "上级原文 upper",
                 "依据 reason"):
        t.add_column(name, overflow="fold")
    for c in comparisons:
        word, style = RELATION_STYLE[c.relation]
        binding = " [bold]约束性[/bold]" if c.binding else ""
        t.add_row(c.lower_region, c.upper_region, f"{c.indicator} [dim]{c.indicator_id}[/dim]{binding}",
                  f"[{style}]{word} {c.relation}[/{style}]",
                  f"{c.lower_text or '—'} [dim]{_src(c.lower_source)}[/dim]",
                  f"{c.upper_text or '—'} [dim]{_src(c.upper_source)}[/dim]", _reason_zh(c.reason))
    t.caption = ("原文位置 #文件@字符偏移；完整原文与英文说明见 --format json / "
                 "sources as #doc@offset; full quotes: --format json")
    return t


def implied_text(check: dict[str, Any]) -> str:
    shown = check["inputs"][:3]
    inputs = "；".join(f"{i['indicator']} {i['text']}（{i['source']['label']}）" for i in shown)
    if len(check["inputs"]) > len(shown):
        inputs += f"；等{len(check['inputs'])}项 / {len(check['inputs'])} inputs"
    return (f"[bold]推算 / implied[/bold] {check['zh']}：{check['region']} {check['year']}年 {inputs} → "
            f"{check['target_region']} {check['formula']}。{check['note']}")


def relation_summary(comparisons: list[Any]) -> RichTable:
    from planscope.alignment.engine import level_pair

    counts: dict[tuple[str, str, str], dict[str, int]] = {}
    for c in comparisons:
        row = counts.setdefault((c.lower_region, c.upper_region, level_pair(c)), dict.fromkeys(RELATION_STYLE, 0))
        row[c.relation] += 1
    t = RichTable(title="汇总 / summary")
    for name in ("下级 lower", "上级 upper", "层级 levels", *(f"{v[0]} {k}" for k, v in RELATION_STYLE.items())):
        t.add_column(name)
    for (lower, upper, levels), row in counts.items():
        t.add_row(lower, upper, levels, *(str(row[k]) for k in RELATION_STYLE))
    return t


MATCH_MARK = {"exact": "[green]✓[/green]", "alias": "[green]✓[/green]*", "fuzzy": "[yellow]≈[/yellow]",
              "none": "[red]✗[/red]"}


def coverage_tables(rows: list[dict[str, Any]]) -> list[RichTable]:
    by_upper: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_upper.setdefault(r["upper_region"], []).append(r)
    tables = []
    for upper, group in by_upper.items():
        plans = list(dict.fromkeys((r["lower_label"], r["lower_region"]) for r in group))
        t = RichTable(title=f"{upper}的战略在下级规划中的落实 / {upper}'s strategies in the plans below")
        t.add_column("战略 strategy", overflow="fold")
        t.add_column("来源 origin")
        for plan_label, region in plans:
            t.add_column(f"{region} {plan_label.split(' ')[0]}", justify="center")
        t.add_column("原文 passage (first plan that takes it up)", overflow="fold")
        cells: dict[str, dict[str, dict[str, Any]]] = {}
        for r in group:
            cells.setdefault(r["strategy"], {})[r["lower_label"]] = r
        for strategy, by_plan in cells.items():
            first = next((r for r in by_plan.values() if r["passages"]), None)
            marks = [_mark(by_plan.get(plan_label)) for plan_label, _ in plans]
            passage = f"{first['lower_region']}: {first['passages'][0]['quote']}" if first else ""
            origin = next(iter(by_plan.values()))["origin"]
            t.add_row(strategy, ORIGIN_ZH.get(origin, origin), *marks, passage)
        t.caption = ("✓ 原名 exact  ✓* 别名 alias  ≈ 模糊 fuzzy  ✗ 未提及 absent  · 提出晚于该规划 launched later; "
                     "全部原文见 --format json / all passages: --format json")
        tables.append(t)
    return tables


ORIGIN_ZH = {"lexicon": "战略库 lexicon", "named": "上级规划 upper plan", "quoted": "上级引号 quoted",
             "named_form": "上级原文 named in text"}


def _mark(r: dict[str, Any] | None) -> str:
    if r is None:
        return ""
    if r["launched_after_plan"]:
        return "[dim]·[/dim]"
    mark = MATCH_MARK[r["match"]]
    return f"{mark}{r['count'] if r['count'] > 1 else ''}"
