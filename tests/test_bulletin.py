"""The periodic bulletin (通报): its rows, the docx in official document style (GB/T 9704-2012)
checked in its XML, and the docx converted to PDF by LibreOffice and to PNG by poppler — the
fonts drawn with Noto CJK, the page numbers “— 1 —” — with the pictures kept in tests/screenshots
to be looked at."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document as read_docx
from docx.shared import Mm, Pt
from openpyxl import load_workbook

from planscope.errors import SupervisionError
from planscope.reports.bulletin import cn_number, heading, write_bulletin_docx, write_bulletin_xlsx
from planscope.store import Database
from planscope.supervision.periods import parse_period
from planscope.views.supervision import bulletin_view

import supmaker

SHOTS = Path(__file__).parent / "screenshots"


def test_periods_read_as_people_write_them() -> None:
    q = parse_period("2026-Q3")
    assert (q.start, q.end, q.label) == (date(2026, 7, 1), date(2026, 9, 30), "2026年第三季度")
    assert parse_period("2026-02").end == date(2026, 2, 28) and parse_period("2026-h1").label == "2026年上半年"
    assert parse_period("2026").label == "2026年度"
    for bad in ("2026-Q5", "26-Q1", "2026-13", "今年"):
        with pytest.raises(SupervisionError):
            parse_period(bad)
    assert [cn_number(n) for n in (1, 10, 11, 20, 35)] == ["一", "十", "十一", "二十", "三十五"]


def test_the_bulletin_rows_name_the_late_tasks_with_their_reasons(db: Database) -> None:
    ids = supmaker.build(db)
    with db.session() as s:
        view = bulletin_view(s, parse_period("2026-Q3"), "示例市")
    assert view.counts == {"not_started": 0, "in_progress": 1, "done": 1, "late": 2, "at_risk": 1}
    assert [r.id for r in view.late] == [ids[1], ids[2]]
    assert view.late_reasons == {ids[1]: "涉及省级收费项目调整，待省财政厅批复"}
    assert [s.unit for s in view.by_unit] == ["示例市发展和改革委员会", "示例市财政局", "示例市科学技术局",
                                             "示例市交通运输局"]
    assert not view.done_in_period  # task 1 was done in Q1
    with db.session() as s:
        q1 = bulletin_view(s, parse_period("2026-Q1"), "示例市")
    assert [r.id for r in q1.done_in_period] == [ids[0]] and not q1.late


def _bulletin(db: Database, folder: Path) -> tuple[Path, object]:
    supmaker.build(db)
    with db.session() as s:
        view = bulletin_view(s, parse_period("2026-Q3"), "示例市")
    head = heading(view, None, None, None, date(2026, 10, 12), 3)
    path = folder / "通报.docx"
    write_bulletin_docx(view, head, path)
    return path, head


def test_the_docx_follows_the_official_document_layout(db: Database, tmp_path: Path) -> None:
    path, _ = _bulletin(db, tmp_path)
    doc = read_docx(str(path))
    section = doc.sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin)
    expected = (Mm(210), Mm(297), Mm(37), Mm(35), Mm(28), Mm(26))  # A4; GB/T 9704 margins
    assert all(abs(a - b) < Mm(0.1) for a, b in zip(sizes, expected, strict=True)), sizes  # type: ignore[operator]
    runs = {p.text: p.runs[0] for p in doc.paragraphs if p.runs}
    title = runs["关于2026年第三季度规划实施重点任务推进情况的通报"]
    assert (title.font.size, _east_asia(title)) == (Pt(22), "方正小标宋简体")
    mark = doc.paragraphs[0]
    assert mark.text == "示例市发展和改革委员会" and str(mark.runs[0].font.color.rgb) == "E60012"  # red issuer's mark
    assert "示例发改督〔2026〕3号" in runs
    body = next(r for t, r in runs.items() if t.startswith("截至2026年9月30日，示例市纳入督查"))
    assert (body.font.size, _east_asia(body)) == (Pt(16), "仿宋_GB2312")
    assert _east_asia(runs["一、总体情况"]) == "黑体" and _east_asia(runs["（一）各牵头单位任务状态"]) == "楷体_GB2312"
    late = [t for t in runs if "牵头的“落实减税降费政策" in t]
    assert late and "单位说明原因：涉及省级收费项目调整" in late[0]
    units, tasks = doc.tables
    assert [c.text for c in units.rows[0].cells][:3] == ["序号", "牵头单位", "任务数"]
    assert len(tasks.rows) == 1 + len(supmaker.TASKS)
    for footer in (section.footer, section.even_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml and footer.paragraphs[0].text.startswith("— ")
    assert doc.settings.odd_and_even_pages_header_footer


def _east_asia(run: object) -> str | None:
    from docx.oxml.ns import qn

    fonts = run._element.rPr.rFonts  # type: ignore[attr-defined]
    return fonts.get(qn("w:eastAsia"))


def test_the_xlsx_has_every_task_under_a_frozen_filtered_header(db: Database, tmp_path: Path) -> None:
    supmaker.build(db)
    with db.session() as s:
        view = bulletin_view(s, parse_period("2026-Q3"), "示例市")
    path = tmp_path / "通报.xlsx"
    write_bulletin_xlsx(view, path)
    ws = load_workbook(path)["任务 2026-Q3"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]
    assert len(rows) == len(supmaker.TASKS)
    assert {r["status_zh"] for r in rows} == {"已完成", "滞后", "推进中", "有风险"}
    assert rows[1]["lead"] == "示例市财政局" and rows[1]["co"] == "示例市发展和改革委员会"


NEEDS_OFFICE = pytest.mark.skipif(
    (shutil.which("soffice") is None or shutil.which("pdftoppm") is None) and os.environ.get("CI") != "true",
    reason="needs LibreOffice (libreoffice-writer) and poppler-utils; .ci/run installs them")


@NEEDS_OFFICE
@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_libreoffice_renders_the_bulletin_with_cjk_fonts_and_page_numbers(db: Database, tmp_path: Path) -> None:
    from planscope.reports.convert import docx_to_pdf

    path, _ = _bulletin(db, tmp_path)
    pdf = docx_to_pdf(path, tmp_path / "通报.pdf")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts, fonts  # 仿宋/小标宋 and 黑体, not a fallback
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split(" "))  # pdftotext puts spaces between Chinese and digits
    assert "关于2026年第三季度规划实施重点任务推进" in flat and "示例发改督〔2026〕3号" in flat
    pages = flat.split("\f")
    assert len(pages) > 2 and "—1—" in pages[0] and "—2—" in pages[1]
    SHOTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(SHOTS / "bulletin")], check=True)
    assert (SHOTS / "bulletin-1.png").stat().st_size > 10_000
