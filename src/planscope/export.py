"""Files planscope writes: spreadsheets in the form planning offices pass around (xlsx),
and the one way every output file is written (``write_output``).

``write_output`` checks the path first (``check_output``: the folder exists and is a
folder, the path is no folder, the file is not read-only), writes to a temporary file
beside it and renames it into place, so a file is complete or absent — never half
written — and every OS error becomes one ``OutputError`` naming the file and the reason.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from planscope.errors import OutputError

if TYPE_CHECKING:
    from openpyxl import Workbook

# openpyxl is imported where a workbook is made: a command that writes csv or json never loads it.
HEADER_COLOUR, CATEGORY_COLOUR, MISSING_COLOUR = "DDEBF7", "F2F2F2", "FFF2CC"


def _fill(colour: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=colour)


def empty_workbook() -> Workbook:
    """A workbook without the unnamed sheet openpyxl starts with: every sheet is made by name."""
    from openpyxl import Workbook

    wb = Workbook()
    for sheet in wb.worksheets:
        wb.remove(sheet)
    return wb


def tables_xlsx(records: list[dict[str, Any]], path: Path) -> None:
    """One sheet per table: title, header row, rows; missing cells shaded yellow."""
    from openpyxl.styles import Alignment, Font

    wb = empty_workbook()
    for i, record in enumerate(records, 1):
        name = (record["number"] or f"表{i}")[:28]
        ws = wb.create_sheet(_unique(wb.sheetnames, name))
        ws.append([record["title"]])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append(record["columns"])
        for cell in ws[2]:
            cell.fill, cell.font = _fill(HEADER_COLOUR), Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row, info in zip(record["rows"], record["row_info"], strict=False):
            ws.append(["" if c is None else c for c in row])
            for cell, value in zip(ws[ws.max_row], row, strict=False):
                if info["kind"] == "category":
                    cell.fill = _fill(CATEGORY_COLOUR)
                elif value is None:
                    cell.fill = _fill(MISSING_COLOUR)
        if record["notes"]:
            ws.append([])
            ws.append(["注 / notes: " + "; ".join(record["notes"])])
        for col, width in zip("ABCDEFGHIJ", (6, 34, 10, 14, 14, 14, 14, 10), strict=False):
            ws.column_dimensions[col].width = width
    if not records:
        wb.create_sheet("无表格").append(["该文件没有识别出表格 / no tables found"])
    save_workbook(wb, path)


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
    from openpyxl.styles import Font

    wb = empty_workbook()
    for name, records, columns in sheets:
        ws = wb.create_sheet(name)
        ws.append(list(columns))
        for cell in ws[1]:
            cell.fill, cell.font = _fill(HEADER_COLOUR), Font(bold=True)
        for r in records:
            ws.append([flat_value(r.get(c)) for c in columns])
        ws.auto_filter.ref = ws.dimensions
        ws.freeze_panes = "A2"
    save_workbook(wb, path)


def records_csv(records: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    """Records as CSV, one column per name of ``columns`` (nested values flattened)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows({c: flat_value(r.get(c)) for c in columns} for r in records)
    return buf.getvalue()


def tables_csv(records: list[dict[str, Any]]) -> str:
    """Rebuilt tables as CSV: per table its number and title, its columns, its rows; a blank line between."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    for i, r in enumerate(records):
        if i:
            writer.writerow([])
        writer.writerow([r["number"] or "", r["title"]])
        writer.writerow(r["columns"])
        for row in r["rows"]:
            writer.writerow(["" if c is None else c for c in row])
    return buf.getvalue()


def flat_value(value: Any) -> Any:
    if isinstance(value, list | dict):
        return _sources_text(value) if _is_sources(value) else str(value)
    return value


def _is_sources(value: object) -> TypeGuard[list[dict[str, Any]]]:
    return isinstance(value, list) and all(isinstance(v, dict) and {"source", "start", "end"} <= v.keys()
                                           for v in value) and bool(value)


def _sources_text(sources: list[dict[str, Any]]) -> str:
    """Cited spans: "table:专栏2 [13499:13530]; prose [12533:12610]"."""
    return "; ".join(f"{s['source']} [{s['start']}:{s['end']}]" for s in sources)


# ---------------------------------------------------------------- writing files


def save_workbook(wb: Workbook, path: Path) -> None:
    write_output(path, lambda tmp: wb.save(tmp))


def write_text(path: Path, text: str) -> None:
    write_output(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def check_output(path: Path) -> None:
    """Fail early, with the reason, for a path that cannot be written."""
    folder = path.parent
    if path.is_dir():
        raise OutputError(path, "这是一个文件夹，请给出文件名 / it is a folder: give a file name")
    if not folder.exists():
        blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            raise OutputError(path, f"{blocker} 是文件，不是文件夹 / {blocker} is a file, not a folder")
        raise OutputError(path, f"文件夹不存在 / the folder does not exist: {folder}")
    if not folder.is_dir():
        raise OutputError(path, f"{folder} 是文件，不是文件夹 / {folder} is a file, not a folder")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(path, "文件只读 / the file is read-only")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(path, f"没有写入文件夹的权限 / no permission to write in {folder}")


def write_output(path: Path, write: Callable[[Path], object]) -> None:
    """Write a file whole or not at all: ``write`` fills a temporary file beside ``path``,
    which then replaces it.  Any OS error is an ``OutputError`` naming ``path``."""
    check_output(path)
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        write(tmp)
        os.chmod(tmp, _mode(path))
        os.replace(tmp, path)
        tmp = None
    except OSError as err:
        raise OutputError(path, _reason(err)) from err
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _mode(path: Path) -> int:
    """The existing file's permissions, else what a new file gets (0666 less the umask)."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_REASONS = {
    errno.ENOENT: "文件夹不存在 / the folder does not exist",
    errno.ENOTDIR: "路径中有一段是文件，不是文件夹 / part of the path is a file, not a folder",
    errno.EISDIR: "这是一个文件夹 / it is a folder",
    errno.EACCES: "没有写入权限 / permission denied",
    errno.EPERM: "没有写入权限 / permission denied",
    errno.EROFS: "只读文件系统 / read-only file system",
    errno.ENOSPC: "磁盘已满 / no space left on the device",
    errno.EDQUOT: "超出磁盘配额 / disk quota exceeded",
    errno.ENAMETOOLONG: "文件名过长 / file name too long",
}


def _reason(err: OSError) -> str:
    return _REASONS.get(err.errno or 0, err.strerror or str(err))
