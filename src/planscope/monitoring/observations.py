"""Observations from statistics bureaus' spreadsheets and from people.

``import_file`` reads a CSV or XLSX with the columns of the template (地区, 指标, 年份,
数值, 单位, 来源 — English headers region, indicator, year, value, unit, source also
work), checks every row and stores the good ones as new vintages; every rejected row
comes back with its reason.  ``all_or_nothing`` stores nothing when any row is
rejected.  ``write_template`` writes the XLSX a bureau fills in (指标填报模板).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.styles import Font, PatternFill
from sqlalchemy import select
from sqlalchemy.orm import Session

from planscope import audit, datafiles
from planscope.accounts.roles import Principal, can, local_operator, require
from planscope.catalogue.indicator_filter import indicator_filter
from planscope.catalogue.indicators import Indicator, load_catalogue
from planscope.catalogue.regions import load_regions
from planscope.errors import InputError, OverrideError, PlanscopeError
from planscope.export import empty_workbook, save_workbook
from planscope.extraction.quantities import find_quantities
from planscope.monitoring.plausibility import check as check_plausible
from planscope.monitoring.vintage import document_rank, entry_rank, series_key
from planscope.reading.text import fold_width
from planscope.store import Document, ImportRow, ObservationRow, TargetRow

TEMPLATE_FIELDS = ("region", "indicator", "indicator_id", "year", "value", "unit", "source")
REQUIRED = ("region", "year", "value")  # and the indicator, by name or by id
_PLAIN_NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?([eE][+-]?\d+)?$")
_HEADER_NOISE = re.compile(r"\s|[(（][^)）]*[)）]|[*＊:：]")  # "单位（万元）", "数值*", "年份："
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an .xls workbook, or an encrypted .xlsx
PROBLEM = "problem"  # a row's key for what the sheet reader found wrong in a cell (no column has this name)
_EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!")


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
    notes: list[str] = field(default_factory=list)  # what the user should know: formulas used, columns ignored
    already: datetime | None = None  # the same file was imported then: nothing stored


@dataclass
class Sheet:
    rows: list[tuple[str, dict[str, str]]]
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- reading rows


def read_rows(path: Path) -> Sheet:
    """The rows of a CSV or XLSX with canonical keys; one clear error for a file that is no
    table of values (wrong container, unknown encoding, missing columns)."""
    if not path.exists():
        raise InputError(path, "文件不存在 / no such file")
    if not path.is_file():
        raise InputError(path, "不是文件（是文件夹、管道或设备）/ not a file (a folder, pipe or device)")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(path, "文件为空 / the file is empty")
    suffix = path.suffix.lower()
    if data.startswith(_OLE):
        raise InputError(path, "旧版 .xls 或加密的工作簿：请在 Excel/WPS 中另存为 .xlsx（不加密码）/ "
                               "an old .xls or encrypted workbook: save it as .xlsx without a password")
    if suffix in (".xlsx", ".xlsm"):
        if not data.startswith(b"PK"):
            raise InputError(path, "不是 xlsx 文件（内容是文本，若为 CSV 请改扩展名为 .csv）/ "
                                   "not an xlsx file (it holds text; if it is CSV, rename it .csv)")
        return _xlsx_rows(path)
    if suffix in (".csv", ".txt"):
        return _csv_rows(path, data)
    raise InputError(path, "只导入 .csv 和 .xlsx（.xls 请另存为 .xlsx）/ only .csv and .xlsx are imported "
                           "(save an .xls as .xlsx)")


@lru_cache(maxsize=1)
def _headers() -> dict[str, str]:
    """Header name → field (data/sheet_columns.toml)."""
    return {name: column["field"] for column in datafiles.raw("sheet_columns.toml")["column"]
            for name in column["names"]}


def template_header(field_name: str) -> str:
    """The header the template writes for a field: its first name in sheet_columns.toml."""
    return next(name for name, f in _headers().items() if f == field_name)


def _header_key(cell: Any) -> str:
    return _HEADER_NOISE.sub("", fold_width(str(cell or "")).lstrip("\ufeff")).lower()


def _canonical(path: Path, header: list[Any], rows: list[list[Any]]) -> list[str | None]:
    """Column keys of a header row; refuse the file when a needed column is missing, or a
    column holding data has a name planscope does not know (its values would be lost)."""
    names = [_headers().get(_header_key(h)) for h in header]
    width = max([len(header), *(len(r) for r in rows)])
    unknown = []
    for i in range(width):
        has_data = any(i < len(r) and str(r[i] if r[i] is not None else "").strip() for r in rows)
        label = str(header[i]).strip() if i < len(header) and header[i] is not None else ""
        if (i >= len(names) or names[i] is None) and (has_data or label):
            unknown.append(label or f"第{i + 1}列 / column {i + 1}")
    missing = [k for k in REQUIRED if k not in names]
    if "indicator" not in names and "indicator_id" not in names:
        missing.insert(1, "indicator")
    if missing or unknown:
        words = {"region": "地区", "indicator": "指标或指标代码", "year": "年份", "value": "数值"}
        parts = []
        if missing:
            parts.append(f"缺少列 {'、'.join(words[k] for k in missing)} / missing columns {', '.join(missing)}")
        if unknown:
            parts.append(f"无法识别的列 {'、'.join(unknown)} / unknown columns")
        raise InputError(path, "；".join(parts) + "（列名见 planscope template / see the template's headers）")
    return names


def _csv_rows(path: Path, data: bytes) -> Sheet:
    encodings = ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "gb18030")
    text = next((data.decode(enc) for enc in encodings if _decodes(data, enc)), None)
    if text is None:
        raise InputError(path, "编码无法识别（应为 UTF-8 或 GBK）/ unknown encoding (expected UTF-8 or GBK)")
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as err:
        raise InputError(path, f"CSV 格式错误 / malformed CSV: {err}") from None
    start = _header_index(rows)
    names = _canonical(path, rows[start], rows[start + 1:])
    return Sheet([(f"第{i}行 / row {i}", {n: (c or "").strip() for n, c in zip(names, row, strict=False) if n})
                  for i, row in enumerate(rows[start + 1:], start=start + 2) if any(c.strip() for c in row)])


def _header_index(rows: list[list[Any]]) -> int:
    """The header row: the first that names a known column (title rows may stand above it)."""
    return next((i for i, r in enumerate(rows) if any(_headers().get(_header_key(c)) for c in r)), 0)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _load(path: Path, data_only: bool) -> Any:
    try:
        return load_workbook(path, read_only=True, data_only=data_only)
    except Exception as err:
        raise InputError(path, f"xlsx 文件已损坏或不完整 / the xlsx file is damaged or truncated "
                               f"({type(err).__name__})") from None


def _xlsx_rows(path: Path) -> Sheet:
    values_book, formula_book = _load(path, True), _load(path, False)
    if not values_book.worksheets:
        raise InputError(path, "工作簿中没有工作表 / the workbook has no sheet")
    sheet, formulas = values_book.worksheets[0], formula_book.worksheets[0]
    try:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        written = [list(r) for r in formulas.iter_rows(values_only=True)]
    except Exception as err:
        raise InputError(path, f"xlsx 文件已损坏 / the xlsx file is damaged ({type(err).__name__})") from None
    if not rows:
        raise InputError(path, "工作表是空的 / the sheet is empty")
    start = _header_index(rows)
    names = _canonical(path, rows[start], rows[start + 1:])
    out, notes = [], []
    for i, row in enumerate(rows[start + 1:], start=start + 2):
        if not any(c is not None and str(c).strip() for c in row) and not _formula_in(written, i - 1):
            continue
        values: dict[str, str] = {}
        for j, (name, cell) in enumerate(zip(names, row, strict=False)):
            if not name:
                continue
            formula = _formula_at(written, i - 1, j)
            if formula and cell is None:  # check_row rejects the row with the reason
                values[name] = formula
                values.setdefault(PROBLEM, f"公式 {formula} 没有保存计算结果（请在 Excel/WPS 中打开并保存）/ formula "
                                           f"{formula} has no saved result (open and save the file in Excel/WPS)")
                continue
            if formula:
                notes.append(f"{sheet.title}!{i}: 公式 {formula} 用了文件中保存的计算结果 {cell} / "
                             f"formula {formula}: the value saved with the file ({cell}) was used")
            values[name] = _cell_text(cell)
            if isinstance(cell, bool | datetime | date):  # a tick box or a date, not a number
                values.setdefault(PROBLEM, f"单元格不是数值 {values[name]!r}（日期或是非值）/ "
                                           "the cell is not a number (a date or yes/no)")
        out.append((f"{sheet.title}!{i}", values))
    return Sheet(out, notes)


def _formula_at(written: list[list[Any]], i: int, j: int) -> str | None:
    if i < len(written) and j < len(written[i]):
        cell = written[i][j]
        if isinstance(cell, str) and cell.startswith("="):
            return cell
    return None


def _formula_in(written: list[list[Any]], i: int) -> bool:
    return i < len(written) and any(isinstance(c, str) and c.startswith("=") for c in written[i])


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return str(cell).strip()


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
    indicator = _row_indicator(row)
    written = row.get("indicator") or indicator.zh
    try:
        year = int(float(row["year"]))
    except ValueError:
        raise ValueError(f"年份不是数字 {row['year']!r} / the year is not a number") from None
    low, high = years.get(region.code, (1949, datetime.now(UTC).year))
    if not low <= year <= high:
        raise ValueError(f"年份 {year} 不在规划期 {low}–{high} 内 / year outside the plan period")
    _check_value_cell(row)
    row = {**row, "value": fold_width(row["value"]).replace(" ", "")}
    if not _PLAIN_NUMBER.match(row["value"]):
        raise ValueError(f"数值无法识别 {row['value']!r}（应为阿拉伯数字） / the value is not a number")
    unit = row.get("unit") or indicator.unit
    number = float(row["value"].replace(",", ""))
    quantities = [q for q in find_quantities(f"1{unit}") if not q.is_year]
    q = quantities[0] if len(quantities) == 1 else None
    if q is None or q.value_normalized is None or q.raw != f"1{unit}":
        raise ValueError(f"单位无法识别 {unit!r} / unknown unit")
    if unit != indicator.unit and indicator.unit_base != "other" and q.unit_base != indicator.unit_base:
        raise ValueError(f"单位 {unit} 无法换算为指标单位 {indicator.unit} / the unit does not convert")
    value = number * q.value_normalized
    implausible = check_plausible(indicator.id, indicator.kind, q.unit_base, value, region.level,
                                  written=f"{row['value']}{unit}")
    if implausible:
        raise ValueError(implausible)
    return Checked(region.code, region.name, indicator.id, written, year, row["value"], unit,
                   value, q.unit_base, indicator.kind, row.get("source") or None)


def _row_indicator(row: dict[str, str]) -> Indicator:
    """The catalogue's indicator of a row: by its id (指标代码) when given, else by its name."""
    catalogue = load_catalogue()
    code = row.get("indicator_id", "").strip()
    if code:
        if code not in catalogue:
            raise ValueError(f"未知指标代码 {code!r}（不在指标目录中）/ unknown indicator id")
        return catalogue.get(code)
    name = row.get("indicator", "").strip()
    if name in catalogue:  # an id typed where the name goes
        return catalogue.get(name)
    match = catalogue.match(name) if name else None
    if match is None:
        raise ValueError(f"未知指标 {name!r}（不在指标目录中） / unknown indicator")
    return match.indicator


def _check_value_cell(row: dict[str, str]) -> None:
    """A cell the sheet reader already found wrong (a formula without its result, a date, a
    tick box), or a spreadsheet error value."""
    if row.get(PROBLEM):
        raise ValueError(row[PROBLEM])
    value = row["value"]
    if value.upper() in _EXCEL_ERRORS:
        raise ValueError(f"单元格是错误值 {value} / the cell holds a spreadsheet error {value}")


def plan_years(session: Session) -> dict[str, tuple[int, int]]:
    """For each region with plans: from the earliest base year to the latest target year."""
    out: dict[str, tuple[int, int]] = {}
    for doc in session.scalars(select(Document).where(Document.period_end.is_not(None))):
        end = doc.period_end
        if doc.region_code is None or end is None:
            continue
        low = doc.base_year or doc.period_start or end
        lo, hi = out.get(doc.region_code, (low, end))
        out[doc.region_code] = (min(lo, low), max(hi, end))
    return out


def import_file(session: Session, path: Path, all_or_nothing: bool = False,
                actor: Principal | None = None) -> ImportReport:
    """Import a CSV/XLSX of values: each good row a new vintage, each bad row rejected with
    its reason.  A file already imported (same bytes) stores nothing and says when it went in.
    Each stored row is audited as ``observation.import`` under ``actor`` (default: the local
    operator, whose rows are accepted at once); a row is ``pending`` when the actor may enter
    values in its region but not review them (a reporter), see ``entry_status``."""
    report = ImportReport(path.name)
    sheet = read_rows(path)
    checksum = hashlib.sha256(path.read_bytes()).hexdigest()
    earlier = session.scalar(select(ImportRow).where(ImportRow.checksum == checksum))
    if earlier is not None:
        report.already, report.stored = earlier.imported_at, False
        return report
    report.notes = sheet.notes
    years = plan_years(session)
    seen: set[tuple[str, str, int]] = set()
    good: list[tuple[str, Checked]] = []
    for where, row in sheet.rows:
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
    if not good and not report.rejected:
        raise InputError(path, f"没有填写任何数值（{report.skipped} 行为空）/ no value filled in "
                               f"({report.skipped} empty rows)")
    if (all_or_nothing and report.rejected) or not good:
        report.stored = False
        return report
    now = datetime.now(UTC).replace(tzinfo=None)
    actor = actor or local_operator()
    for region_code in sorted({c.region_code for _, c in good}):
        require(actor, "enter_observation", region_code)
    rows = [ObservationRow(**c.__dict__, source_type="sheet", file=path.name, cell=where, recorded_at=now,
                           **entry_status(actor, c.region_code, now)) for where, c in good]
    session.add_all(rows)
    session.flush()
    for o in rows:
        audit.record(session, actor, "observation.import", "observation", o.id, o.region_code, None,
                     audit_state(o), detail=f"{path.name} {o.cell}")
    session.add(ImportRow(checksum=checksum, file_name=path.name, rows=len(good), imported_at=now))
    report.imported = len(good)
    return report


def add_observation(session: Session, region: str, indicator: str, year: int, value: str,
                    unit: str | None, by: str) -> ObservationRow:
    """One value entered by a named person (its own vintage), at the command line: accepted at
    once and audited under the local operator (``monitoring.review.enter_observations`` is the
    entry of a signed-in user, pending review when the user is a reporter)."""
    checked = check_row({"region": region, "indicator": indicator, "year": str(year), "value": value,
                         "unit": unit or "", "source": by}, plan_years(session))
    now, operator = datetime.now(UTC).replace(tzinfo=None), local_operator()
    row = ObservationRow(**checked.__dict__, source_type="person", file=None, cell=None, recorded_at=now,
                         **entry_status(operator, checked.region_code, now))
    row.source = by
    session.add(row)
    session.flush()
    audit.record(session, operator, "observation.enter", "observation", row.id, row.region_code, None,
                 audit_state(row), detail=f"录入人 / entered by {by}")
    return row


def entry_status(actor: Principal, region_code: str, now: datetime) -> dict[str, Any]:
    """The review columns of a value ``actor`` enters: accepted at once when the actor may also
    review values of that region (a reviewer, planner, admin, the local operator), else pending."""
    if can(actor, "review_observation", region_code):
        return {"status": "accepted", "entered_by": actor.name, "reviewed_by": actor.name, "reviewed_at": now}
    return {"status": "pending", "entered_by": actor.name}


def audit_state(o: ObservationRow) -> dict[str, Any]:
    """What the audit log keeps of an observation: its record and its review state."""
    return {**observation_record(o), "status": o.status, "entered_by": o.entered_by,
            "reviewed_by": o.reviewed_by, "review_note": o.review_note}


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
    wanted = indicator_filter(indicator) if indicator else None
    q1 = select(ObservationRow).where(ObservationRow.status == "accepted")  # pending: planscope observe pending
    q2 = (select(TargetRow, Document).join(Document)
          .where(TargetRow.is_actual.is_(True), TargetRow.value_normalized.is_not(None)))
    if code:
        q1, q2 = q1.where(ObservationRow.region_code == code), q2.where(Document.region_code == code)
    if wanted:
        q1 = q1.where(wanted.where(ObservationRow.indicator_id, ObservationRow.indicator))
        q2 = q2.where(wanted.where(TargetRow.indicator_id, TargetRow.indicator))
    if year is not None:
        q1, q2 = q1.where(ObservationRow.year == year), q2.where(TargetRow.year == year)
    ranked = [(entry_rank(o.recorded_at, o.id), observation_record(o)) for o in session.scalars(q1)]
    ranked += [(document_rank(d.date, d.id), document_record(t, d)) for t, d in session.execute(q2)]
    ranked.sort(key=lambda rr: (rr[1]["region_code"] or "", rr[1]["indicator_id"] or "", rr[1]["year"] or 0,
                                rr[1]["kind"], rr[0]))
    records = [r for _, r in ranked]
    if not history:  # the newest vintage of each series and year (planscope.monitoring.vintage)
        latest: dict[tuple[Any, ...], dict[str, Any]] = {}
        for r in records:
            key = (*series_key(r["region_code"], r["indicator_id"], r["kind"], r["unit_normalized"]), r["year"])
            latest[key] = r
        records = list(latest.values())
    return records


# ---------------------------------------------------------------- template


@dataclass(frozen=True)
class TemplateRow:
    """A value a region is asked for: a catalogued indicator its plans target, and a year."""

    indicator_id: str
    indicator: str  # the catalogue's name
    unit: str | None  # the catalogue's unit
    year: int


def template_rows(session: Session, region: str) -> tuple[str, str, list[TemplateRow]]:
    """(region code, region name, rows) of the template of ``region``: one row per catalogued
    target indicator of the region's plans and year, from the year after the base year to the
    target year, by indicator then year (``write_template``, and the workbench's entry form)."""
    place = load_regions().resolve(region)
    query = (select(TargetRow, Document).join(Document)
             .where(Document.region_code == place.code, TargetRow.is_actual.is_(False),
                    TargetRow.indicator_id.is_not(None)))
    wanted: dict[tuple[str, int], tuple[str, str | None]] = {}
    catalogue = load_catalogue()
    for t, d in session.execute(query):
        if t.indicator_id is None:  # excluded by the query
            continue
        indicator = catalogue.get(t.indicator_id)
        first = (d.base_year or (t.year or 0) - 5) + 1
        for year in range(first, (t.year or first) + 1):
            wanted.setdefault((indicator.id, year), (indicator.zh, indicator.unit))
    rows = [TemplateRow(ind, name, unit, year)
            for (ind, year), (name, unit) in sorted(wanted.items(), key=lambda kv: (kv[0][0], kv[0][1]))]
    return place.code, place.name, rows


def write_template(session: Session, region: str, path: Path) -> int:
    """The XLSX a statistics bureau fills in: one row per catalogued target indicator of
    the region and year from the year after the base year to the target year."""
    _code, name, rows = template_rows(session, region)
    wb = empty_workbook()
    ws = wb.create_sheet("指标填报")
    ws.append([template_header(f) for f in TEMPLATE_FIELDS])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for r in rows:
        ws.append([name, r.indicator, r.indicator_id, r.year, None, r.unit, None])
    for col, width in zip("ABCDEFG", (10, 36, 30, 8, 14, 10, 20), strict=True):
        ws.column_dimensions[col].width = width
    save_workbook(wb, path)
    return len(rows)
