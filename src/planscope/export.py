"""Spreadsheet output in the form planning offices pass around (xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
CATEGORY_FILL = PatternFill("solid", fgColor="F2F2F2")
MISSING_FILL = PatternFill("solid", fgColor="FFF2CC")


def tables_xlsx(records: list[dict[str, Any]], path: Path) -> None:
    """One sheet per table: title, header row, rows; missing cells shaded yellow."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for i, record in enumerate(records, 1):
        name = (record["number"] or f"表{i}")[:28]
        ws = wb.create_sheet(_unique(wb.sheetnames, name))
        ws.append([record["title"]])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append(record["columns"])
        for cell in ws[2]:
            cell.fill, cell.font = HEADER_FILL, Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row, info in zip(record["rows"], record["row_info"], strict=False):
            ws.append(["" if c is None else c for c in row])
            for cell, value in zip(ws[ws.max_row], row, strict=False):
                if info["kind"] == "category":
                    cell.fill = CATEGORY_FILL
                elif value is None:
                    cell.fill = MISSING_FILL
        if record["notes"]:
            ws.append([])
            ws.append(["注 / notes: " + "; ".join(record["notes"])])
        for col, width in zip("ABCDEFGHIJ", (6, 34, 10, 14, 14, 14, 14, 10), strict=False):
            ws.column_dimensions[col].width = width
    if not records:
        wb.create_sheet("无表格").append(["该文件没有识别出表格 / no tables found"])
    wb.save(path)


def _unique(existing: list[str], name: str) -> str:
    candidate, n = name, 2
    while candidate in existing:
        candidate, n = f"{name}_{n}", n + 1
    return candidate


def records_xlsx(records: list[dict[str, Any]], columns: tuple[str, ...], path: Path, sheet: str) -> None:
    """A flat sheet of records (targets, actuals) with a header row and filters."""
    workbook_xlsx([(sheet, records, columns)], path)


def workbook_xlsx(sheets: list[tuple[str, list[dict[str, Any]], tuple[str, ...]]], path: Path) -> None:
    """One flat sheet per (name, records, columns), each with a header row, filters and a frozen header."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name, records, columns in sheets:
        ws = wb.create_sheet(name)
        ws.append(list(columns))
        for cell in ws[1]:
            cell.fill, cell.font = HEADER_FILL, Font(bold=True)
        for r in records:
            ws.append([_cell_value(r.get(c)) for c in columns])
        ws.auto_filter.ref = ws.dimensions
        ws.freeze_panes = "A2"
    wb.save(path)


def _cell_value(value: Any) -> Any:
    if isinstance(value, list | dict):
        return str(value)
    return value
