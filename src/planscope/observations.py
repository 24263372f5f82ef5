"""Observations from statistics bureaus' spreadsheets and from people.

``import_file`` reads a CSV or XLSX with the columns of the template (地区, 指标, 年份,
数值, 单位, 来源 — English headers region, indicator, year, value, unit, source also
work), checks every row and stores the good ones as new vintages; every rejected row
comes back with its reason.  ``all_or_nothing`` stores nothing when any row is
rejected.  ``write_template`` writes the XLSX a bureau fills in (指标填报模板).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from sqlalchemy import select
from sqlalchemy.orm import Session

from planscope.catalogue import load_catalogue
from planscope.errors import InputError, OverrideError, PlanscopeError
from planscope.export import save_workbook
from planscope.quantities import find_quantities
from planscope.regions import load_regions
from planscope.store import Document, ObservationRow, TargetRow

HEADERS = {"地区": "region", "region": "region", "指标": "indicator", "indicator": "indicator",
           "年份": "year", "year": "year", "数值": "value", "value": "value", "单位": "unit", "unit": "unit",
           "来源": "source", "source": "source", "填报单位": "source"}
REQUIRED = ("region", "indicator", "year", "value")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")


@dataclass
class Rejected:
    where: str  # "row 5" / "Sheet1!A5"
    reason: str


@dataclass
class ImportReport:
    file: str
    imported: int = 0
    skipped: int = 0  # rows without a value (template rows not filled in)
    rejected: list[Rejected] = field(default_factory=list)
    stored: bool = True


# ---------------------------------------------------------------- reading rows


def read_rows(path: Path) -> list[tuple[str, dict[str, str]]]:
    """(where, row) pairs with canonical keys; a clear error for a file that is no table."""
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return _xlsx_rows(path)
        if path.suffix.lower() == ".csv":
            return _csv_rows(path)
    except (OSError, UnicodeError, ValueError, KeyError) as err:
        raise InputError(path, f"无法读取表格 / cannot read the spreadsheet: {err}") from err
    raise InputError(path, "只支持 .csv 和 .xlsx / only .csv and .xlsx are imported")


def _canonical(header: list[Any]) -> list[str | None]:
    names = [HEADERS.get(str(h or "").strip().lstrip("\ufeff")) for h in header]
    missing = [k for k in REQUIRED if k not in names]
    if missing:
        raise ValueError(f"缺少列 / missing columns: {', '.join(missing)}")
    return names


def _csv_rows(path: Path) -> list[tuple[str, dict[str, str]]]:
    data = path.read_bytes()
    text = next((data.decode(enc) for enc in ("utf-8-sig", "gb18030") if _decodes(data, enc)), None)
    if text is None:
        raise ValueError("编码无法识别 / unknown encoding")
    rows = list(csv.reader(io.StringIO(text)))
    names = _canonical(rows[0] if rows else [])
    return [(f"第{i}行 / row {i}", {n: (c or "").strip() for n, c in zip(names, row, strict=False) if n})
            for i, row in enumerate(rows[1:], start=2) if any(c.strip() for c in row)]


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _xlsx_rows(path: Path) -> list[tuple[str, dict[str, str]]]:
    sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    start = next((i for i, r in enumerate(rows) if any(HEADERS.get(str(c or "").strip()) for c in r)), 0)
    names = _canonical(list(rows[start]) if rows else [])
    out = []
    for i, row in enumerate(rows[start + 1:], start=start + 2):
        if any(c is not None and str(c).strip() for c in row):
            values = {n: "" if c is None else str(c).strip() for n, c in zip(names, row, strict=False) if n}
            out.append((f"{sheet.title}!{i}", values))
    return out


# ---------------------------------------------------------------- checking rows


@dataclass(frozen=True)
class Checked:
    region_code: str
    region: str
    indicator_id: str
    indicator: str
    year: int
    value: str
    unit: str | None
    value_normalized: float
    unit_normalized: str | None
    kind: str
    source: str | None


def check_row(row: dict[str, str], years: dict[str, tuple[int, int]]) -> Checked:
    """One row as an observation, or OverrideError/ValueError with the reason."""
    region = load_regions().resolve(row["region"])
    match = load_catalogue().match(row["indicator"])
    if match is None:
        raise ValueError(f"未知指标 {row['indicator']!r}（不在指标目录中） / unknown indicator")
    indicator = match.indicator
    try:
        year = int(float(row["year"]))
    except ValueError:
        raise ValueError(f"年份不是数字 {row['year']!r} / the year is not a number") from None
    low, high = years.get(region.code, (1949, datetime.now(UTC).year))
    if not low <= year <= high:
        raise ValueError(f"年份 {year} 不在规划期 {low}–{high} 内 / year outside the plan period")
    if not _PLAIN_NUMBER.match(row["value"]):
        raise ValueError(f"数值无法识别 {row['value']!r}（应为阿拉伯数字） / the value is not a number")
    unit = row.get("unit") or indicator.unit
    quantities = [q for q in find_quantities(f"{row['value']}{unit}") if not q.is_year]
    if len(quantities) != 1 or quantities[0].value is None or quantities[0].raw != f"{row['value']}{unit}":
        raise ValueError(f"数值无法识别 {row['value']!r} / the value is not a number")
    q = quantities[0]
    if unit != indicator.unit and indicator.unit_base != "other" and q.unit_base != indicator.unit_base:
        raise ValueError(f"单位 {unit} 无法换算为指标单位 {indicator.unit} / the unit does not convert")
    return Checked(region.code, region.name, indicator.id, row["indicator"], year, row["value"], unit,
                   q.value_normalized or 0.0, q.unit_base, indicator.kind, row.get("source") or None)


def plan_years(session: Session) -> dict[str, tuple[int, int]]:
    """For each region with plans: from the earliest base year to the latest target year."""
    out: dict[str, tuple[int, int]] = {}
    for doc in session.scalars(select(Document).where(Document.period_end.is_not(None))):
        if doc.region_code is None:
            continue
        low = doc.base_year or doc.period_start or doc.period_end
        lo, hi = out.get(doc.region_code, (low, doc.period_end))
        out[doc.region_code] = (min(lo, low), max(hi, doc.period_end))  # type: ignore[type-var]
    return out


def import_file(session: Session, path: Path, all_or_nothing: bool = False) -> ImportReport:
    report = ImportReport(path.name)
    years = plan_years(session)
    seen: set[tuple[str, str, int]] = set()
    good: list[tuple[str, Checked]] = []
    for where, row in read_rows(path):
        if not row.get("value"):  # a template row left empty: nothing reported
            report.skipped += 1
            continue
        try:
            checked = check_row(row, years)
        except (ValueError, OverrideError, PlanscopeError) as err:
            report.rejected.append(Rejected(where, str(err)))
            continue
        key = (checked.region_code, checked.indicator_id, checked.year)
        if key in seen:
            report.rejected.append(Rejected(where, "重复行（同一地区、指标、年份） / duplicate row"))
            continue
        seen.add(key)
        good.append((where, checked))
    if all_or_nothing and report.rejected:
        report.stored = False
        return report
    now = datetime.now(UTC).replace(tzinfo=None)
    for where, c in good:
        session.add(ObservationRow(**c.__dict__, source_type="sheet", file=path.name, cell=where,
                                   recorded_at=now))
    report.imported = len(good)
    return report


def add_observation(session: Session, region: str, indicator: str, year: int, value: str,
                    unit: str | None, by: str) -> ObservationRow:
    """One value entered by a named person (its own vintage)."""
    checked = check_row({"region": region, "indicator": indicator, "year": str(year), "value": value,
                         "unit": unit or "", "source": by}, plan_years(session))
    row = ObservationRow(**checked.__dict__, source_type="person", file=None, cell=None,
                         recorded_at=datetime.now(UTC).replace(tzinfo=None))
    row.source = by
    session.add(row)
    session.flush()
    return row


# ---------------------------------------------------------------- reading back


def observation_record(o: ObservationRow) -> dict[str, Any]:
    return {"doc": None, "file": o.file, "cell": o.cell, "source_type": o.source_type, "source": o.source,
            "region": o.region, "region_code": o.region_code, "indicator": o.indicator,
            "indicator_id": o.indicator_id, "year": o.year, "value": o.value, "unit": o.unit,
            "value_normalized": o.value_normalized, "unit_normalized": o.unit_normalized, "kind": o.kind,
            "start": None, "end": None, "quote": None, "recorded_at": o.recorded_at.isoformat(timespec="seconds")}


def document_record(t: TargetRow, d: Document) -> dict[str, Any]:
    return {"doc": d.file_name, "file": d.file_name, "cell": None, "source_type": "document",
            "source": d.issuer, "region": d.region, "region_code": d.region_code, "indicator": t.indicator,
            "indicator_id": t.indicator_id, "year": t.year, "value": t.value, "unit": t.unit,
            "value_normalized": t.value_normalized, "unit_normalized": t.unit_normalized, "kind": t.kind,
            "start": t.start, "end": t.end, "quote": t.quote, "recorded_at": d.date or ""}


def list_observations(session: Session, region: str | None = None, indicator: str | None = None,
                      year: int | None = None, history: bool = True) -> list[dict[str, Any]]:
    """Every value held for region × indicator × year — from spreadsheets, people and the
    documents' reported past values — newest vintage first within each year."""
    code = load_regions().resolve(region).code if region else None
    ind = _indicator_id(indicator) if indicator else None
    q1 = select(ObservationRow)
    q2 = (select(TargetRow, Document).join(Document)
          .where(TargetRow.is_actual.is_(True), TargetRow.value_normalized.is_not(None)))
    if code:
        q1, q2 = q1.where(ObservationRow.region_code == code), q2.where(Document.region_code == code)
    if ind:
        q1, q2 = q1.where(ObservationRow.indicator_id == ind), q2.where(TargetRow.indicator_id == ind)
    if year is not None:
        q1, q2 = q1.where(ObservationRow.year == year), q2.where(TargetRow.year == year)
    records = [observation_record(o) for o in session.scalars(q1)]
    records += [document_record(t, d) for t, d in session.execute(q2)]
    records.sort(key=lambda r: (r["region_code"] or "", r["indicator_id"] or "", r["year"] or 0,
                                r["kind"], str(r["recorded_at"])), reverse=False)
    if not history:
        latest: dict[tuple[Any, ...], dict[str, Any]] = {}
        for r in records:
            latest[(r["region_code"], r["indicator_id"], r["year"], r["kind"], r["unit_normalized"])] = r
        records = list(latest.values())
    return records


def _indicator_id(text: str) -> str:
    catalogue = load_catalogue()
    if text in catalogue:
        return text
    match = catalogue.match(text)
    if match is None:
        raise OverrideError(f"未知指标 {text!r} / unknown indicator")
    return match.indicator.id


# ---------------------------------------------------------------- template


def write_template(session: Session, region: str, path: Path) -> int:
    """The XLSX a statistics bureau fills in: one row per catalogued target indicator of
    the region and year from the year after the base year to the target year."""
    code = load_regions().resolve(region).code
    query = (select(TargetRow, Document).join(Document)
             .where(Document.region_code == code, TargetRow.is_actual.is_(False),
                    TargetRow.indicator_id.is_not(None)))
    wanted: dict[tuple[str, int], tuple[str, str | None]] = {}
    catalogue = load_catalogue()
    for t, d in session.execute(query):
        indicator = catalogue.get(t.indicator_id)  # type: ignore[arg-type]
        first = (d.base_year or (t.year or 0) - 5) + 1
        for year in range(first, (t.year or first) + 1):
            wanted.setdefault((indicator.id, year), (indicator.zh, indicator.unit))
    wb = Workbook()
    ws = wb.active
    ws.title = "指标填报"  # type: ignore[union-attr]
    ws.append(["地区", "指标", "指标代码", "年份", "数值", "单位", "来源"])  # type: ignore[union-attr]
    for cell in ws[1]:  # type: ignore[index]
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    region_name = load_regions().get(code).name  # type: ignore[union-attr]
    for (ind, year), (name, unit) in sorted(wanted.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        ws.append([region_name, name, ind, year, None, unit, None])  # type: ignore[union-attr]
    for col, width in zip("ABCDEFG", (10, 36, 30, 8, 14, 10, 20), strict=True):
        ws.column_dimensions[col].width = width  # type: ignore[union-attr]
    save_workbook(wb, path)
    return len(wanted)
