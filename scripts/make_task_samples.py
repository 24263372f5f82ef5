"""Write the table-layout sample 任务分工方案 (src/planscope/samples/tasks/): the same task table
as a real docx table and as text flattened one cell per line (how a PDF or web page dump gives
it).  The other task samples are plain text written by hand.  Everything is fictional."""

from __future__ import annotations

from pathlib import Path

from docx import Document

OUT = Path(__file__).resolve().parents[1] / "src" / "planscope" / "samples" / "tasks"
TITLE = "示例市2026年重大项目推进任务分工表"
INTRO = "为加快推进“十五五”规划确定的重大项目建设，现将2026年重点任务分工如下。"
HEADER = ["序号", "重点任务", "牵头单位", "责任单位", "完成时限"]
ROWS = [
    ["1", "示例港二期码头工程完成主体结构施工", "市交通运输局", "市发展改革委、市自然资源局、示例港务集团",
     "2026年10月底前"],
    ["2", "城市轨道交通2号线开通试运营", "市住房城乡建设局", "市发展改革委、市财政局", "2026年12月底前"],
    ["3", "青水河流域综合治理工程完成年度投资15亿元", "市水利局", "市生态环境局、示例县人民政府", "2026年11月底前"],
    ["4", "建成市级公共数据平台二期", "市大数据局", "市政务服务中心、市财政局", "2026年6月30日前"],
    ["5", "新建改扩建中小学校12所、新增学位1.5万个", "市教育局", "市住房城乡建设局、市自然资源局", "2026年8月底前"],
]


def write_docx(path: Path) -> None:
    doc = Document()
    doc.core_properties.title = TITLE
    doc.add_heading(TITLE, level=1)
    doc.add_paragraph(INTRO)
    table = doc.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for row in ROWS:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    doc.add_paragraph("各牵头单位每季度末将进展情况报市发展改革委。")
    doc.save(str(path))


def write_flat(path: Path) -> None:
    lines = [TITLE, "", INTRO, "", *HEADER]
    for row in ROWS:
        lines += row
    lines += ["", "各牵头单位每季度末将进展情况报市发展改革委。", ""]
    path.write_text("\n".join(lines), "utf-8")


if __name__ == "__main__":
    write_docx(OUT / "shili_city_2026_projects_table.docx")
    write_flat(OUT / "shili_city_2026_projects_table_flat.txt")
