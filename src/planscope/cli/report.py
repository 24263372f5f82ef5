"""``planscope report``: the annual monitoring report, the mid-term or the final evaluation of a
region's plan as a docx, xlsx or pdf — a thin command over ``views.report`` and the writers of
``reports.monitoring``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from planscope.cli import commands as base
from planscope.views.report import KINDS


@click.command(name="report")
@click.option("--region", required=True, help="地区（名称或代码）/ region name or GB/T 2260 code")
@click.option("--plan", help="规划文件 id 或文件名（默认：该地区覆盖该年份的规划纲要）/ the plan: a document id or "
                             "file name (default: the region's plan for the year)")
@click.option("--year", type=int, required=True, help="监测年份：数据截至该年 / the year: figures as of its end")
@click.option("--kind", type=click.Choice(KINDS), default="annual", show_default=True,
              help="annual 年度监测报告, midterm 中期评估报告, final 总结评估报告")
@click.option("--format", "fmt", type=click.Choice(["docx", "xlsx", "pdf"]), default="docx", show_default=True)
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path), help="输出文件 / file to write")
@click.option("--date", "signed", help="成文日期 YYYY-MM-DD（默认今天）/ date of issue (default: today)")
@click.option("--issuer", help="发文机关（默认：该地区发展和改革委员会）/ issuing body (default: the region's DRC)")
@click.option("--addressee", help="主送机关（默认：该地区人民政府）/ addressee (default: the region's government)")
@click.pass_context
@base.handle_errors
def report(ctx: click.Context, region: str, plan: str | None, year: int, kind: str, fmt: str, output: Path,
           signed: str | None, issuer: str | None, addressee: str | None) -> None:
    """规划实施监测评估报告：docx、xlsx 或 pdf / The plan-implementation report (annual monitoring, mid-term or
    final evaluation) as docx, xlsx or pdf."""
    from planscope.export import check_output
    from planscope.reports.monitoring import write_report
    from planscope.supervision.periods import parse_day
    from planscope.views.report import report_view

    check_output(output)
    day = parse_day(signed, "成文日期 / date of issue") if signed else None
    with base.err.status("汇总规划目标与监测数据 / gathering targets and observations …"), \
            base.open_db(ctx).session() as session:
        view = report_view(session, region, year, kind, plan)
    if issuer or addressee:
        view = replace(view, issuer=issuer or view.issuer, addressee=addressee or view.addressee)
    ends = [p.period_end for p in view.plans if p.period_end]
    if kind == "final" and view.basis == "progress" and ends and year < max(ends):
        base.err.print(f"提示：该规划期至{max(ends)}年，{year}年的总结评估中目标年数据尚未发布的指标不计为未完成；"
                       f"期中请用 --kind midterm / note: the plan runs to {max(ends)}; a final evaluation of {year} "
                       "counts targets without their target year's data as not yet published (mid-period: "
                       "--kind midterm)")
    what = {"docx": "排版 / laying out the docx", "xlsx": "写入表格 / writing the workbook",
            "pdf": "排版并转换为 PDF（LibreOffice）/ laying out and converting to PDF (LibreOffice)"}[fmt]
    with base.err.status(f"{what} …"):
        write_report(view, fmt, output, day)
    base.out.print(f"已写入 / written: {output}（{view.title}{view.subtitle}；{len(view.rows)} 项指标 indicators，"
                   f"滞后 lagging {len(view.lagging)} 项）")
