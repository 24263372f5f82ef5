"""Render one list of tasks in the layouts task documents come in, with the tasks they must yield.

A task list (:class:`TaskList`) is written once — each task's words, its lead units and
co-units as the document writes them, its deadline as written and as it reads — and
rendered the way 任务分工方案 and 责任分解 documents write it:

* ``paren_units``: numbered items, the units in a closing parenthesis (``（A、B牵头，C、D按职责
  分工负责）``), the deadline in the text or in the parenthesis;
* ``unit_line``: numbered items, each followed by ``责任单位：A、C、D``; the first carries
  ``（列第一位者为牵头单位，下同）`` where the list's ``convention`` says the first leads, else
  every listed unit is responsible (all lead);
* ``paren_labels``: items ``（一）…。（牵头单位：A；配合单位：C、D）``;
* ``table``: 序号 / 重点任务 / 牵头单位 / 责任单位 / 完成时限 (the list's own header words), as a
  docx grid, a cell per line, and tab-separated lines;
* ``wrapped``: the ``unit_line`` text broken at a fixed width, as text extracted from a PDF.

Plans (:class:`PlanDoc`) render their measures under task chapters, a review chapter before,
a 保障措施 chapter after, and a 专栏 of major projects: measures with no units at all.

Every rendering has a sidecar: the tasks it must yield (the start of each task's words,
its lead units, co-units, normalised deadline).  ``python tests/taskgen.py`` writes the
text fixtures into ``tests/fixtures/tasks/generated``; tests/test_tasks.py checks they are in step
and reads the .docx renderings made afresh.
"""

from __future__ import annotations

import io
import json
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from docmakers import make_docx

HERE = Path(__file__).resolve().parent
OUT = HERE / "fixtures" / "tasks" / "generated"
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Task:
    text: str  # the task's words (the deadline inside them when ``in_text``)
    lead: tuple[str, ...]
    co: tuple[str, ...]
    deadline: str  # as written
    expected: str  # as normalised ("2022-10-31", "2025", "2021–2025", "长期坚持")
    in_text: bool = False  # the deadline stands in the task's words, not in a column, line or parenthesis

    def units(self) -> tuple[str, ...]:
        return self.lead + self.co


@dataclass(frozen=True)
class Group:
    title: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class TaskList:
    name: str
    title: str
    date: str  # the document's date line
    groups: tuple[Group, ...]
    header: tuple[str, str, str, str, str] = ("序号", "重点任务", "牵头单位", "责任单位", "完成时限")
    convention: bool = True  # unit_line: the first listed unit leads (下同)
    co_verb: str = "按职责分工负责"
    lead_verb: str = "牵头"

    def tasks(self) -> list[Task]:
        return [t for g in self.groups for t in g.tasks]


OPENING = "为深入贯彻落实上级决策部署，确保各项工作落到实处，结合实际，制定本方案。\n"
GENERAL = "一、总体要求\n以习近平新时代中国特色社会主义思想为指导，坚持问题导向，到2025年各项改革任务全面完成。\n"
CLOSING = ("三、保障措施\n（一）加强组织领导。各地各部门要高度重视，主要负责同志亲自抓。\n"
           "（二）强化督查考核。将任务落实情况纳入年度绩效考核。\n")


def _preamble(tl: TaskList) -> str:
    return f"{tl.title}\n{tl.date}\n\n{OPENING}\n{GENERAL}\n二、重点任务\n"


def _expect(tl: TaskList, who: str) -> list[dict[str, object]]:
    """The tasks a rendering must yield; ``who`` leads: ``stated`` (the lead units as written),
    ``first`` (one list, the first leads) or ``all`` (one list, no lead said: all are responsible)."""
    out = []
    for t in tl.tasks():
        units = list(t.units())
        lead, co = {"stated": (list(t.lead), list(t.co)), "first": (units[:1], units[1:]), "all": (units, [])}[who]
        out.append({"text": t.text[:12], "lead": lead, "co": co, "deadline": t.expected})
    return out


# ---------------------------------------------------------------- text layouts


def paren_units(tl: TaskList) -> str:
    lines, n = [_preamble(tl)], 0
    for g, group in enumerate(tl.groups):
        lines.append(f"（{NUMERALS[g]}）{group.title}")
        for t in group.tasks:
            n += 1
            units = f"{'、'.join(t.lead)}{tl.lead_verb}"
            if t.co:
                units += f"，{'、'.join(t.co)}{tl.co_verb}"
            if not t.in_text:
                units += f"；{t.deadline}"
            lines.append(f"{n}.{t.text}（{units}）")
    return "\n".join(lines) + "\n" + CLOSING


def unit_line(tl: TaskList) -> str:
    lines, n = [_preamble(tl)], 0
    for g, group in enumerate(tl.groups):
        lines.append(f"（{NUMERALS[g]}）{group.title}")
        for t in group.tasks:
            n += 1
            lines.append(f"{n}.{t.text}")
            note = "（列第一位者为牵头单位，下同）" if tl.convention and n == 1 else ""
            lines.append(f"责任单位：{'、'.join(t.units())}{note}")
            if not t.in_text:
                lines.append(f"完成时限：{t.deadline}")
    return "\n".join(lines) + "\n" + CLOSING


def paren_labels(tl: TaskList) -> str:
    lines, n = [_preamble(tl)], 0
    for group in tl.groups:
        lines.append(f"{group.title}")
        for t in group.tasks:
            label = f"牵头单位：{'、'.join(t.lead)}"
            if t.co:
                label += f"；配合单位：{'、'.join(t.co)}"
            if not t.in_text:
                label += f"；完成时限：{t.deadline}"
            lines.append(f"（{NUMERALS[n]}）{t.text}。（{label}）")
            n += 1
    return "\n".join(lines).replace("\n二、重点任务\n", "\n二、重点任务\n") + "\n" + CLOSING


def wrapped(tl: TaskList, width: int = 64) -> str:
    """``unit_line`` broken every ``width`` display columns, as PDF text is."""
    out = []
    for line in unit_line(tl).splitlines():
        out.extend(_wrap(line, width) if _width(line) > width else [line])
    return "\n".join(out) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    lines, cur, w = [], "", 0
    for ch in text:
        cw = _width(ch)
        if cur and w + cw > width:
            lines.append(cur)
            cur, w = "", 0
        cur += ch
        w += cw
    return [*lines, cur] if cur else lines


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# ---------------------------------------------------------------- tables


def table_rows(tl: TaskList) -> list[list[str]]:
    rows = [list(tl.header)]
    for n, t in enumerate(tl.tasks(), 1):
        if tl.header[2] in ("责任单位", "责任部门"):  # no lead column: the first responsible unit leads
            rows.append([str(n), t.text, "、".join(t.units()), t.deadline])
        else:
            rows.append([str(n), t.text, "、".join(t.lead), "、".join(t.co), t.deadline])
    if len(rows[1]) == 4:
        rows[0] = [h for h in rows[0] if h]
    return rows


TABLE_NOTE = "注：责任单位中排在第一位的为牵头单位。"


def _table_doc(tl: TaskList) -> tuple[str, str]:
    before = f"{tl.title}\n{tl.date}\n\n{OPENING}\n附件\n重点任务清单\n"
    after = ("\n" + TABLE_NOTE if len(table_rows(tl)[0]) == 4 else "") + "\n"
    return before, after


def table_flat(tl: TaskList) -> str:
    before, after = _table_doc(tl)
    return before + "\n".join(c for r in table_rows(tl) for c in r if c) + after


def table_tabs(tl: TaskList) -> str:
    before, after = _table_doc(tl)
    return before + "\n".join("\t".join(r) for r in table_rows(tl)) + after


def table_docx(tl: TaskList) -> bytes:
    before, after = _table_doc(tl)
    return make_docx(before + "\n".join("\t".join(r) for r in table_rows(tl)) + after)


# ---------------------------------------------------------------- plans


@dataclass(frozen=True)
class Project:
    name: str
    content: str
    investment: str  # as written ("总投资约45亿元")
    yuan: float | None
    period: str  # as written ("2026—2028年")
    expected_period: str | None


@dataclass(frozen=True)
class Measure:
    text: str
    deadline: str | None = None  # as normalised, where the text names one


@dataclass(frozen=True)
class PlanDoc:
    name: str
    title: str
    review: str
    chapters: tuple[tuple[str, tuple[tuple[str, tuple[Measure, ...]], ...]], ...]
    box: str
    projects: tuple[Project, ...]
    closing: str

    def text(self) -> str:
        lines = [self.title, "", "第一章  发展基础", self.review, "", "第二章  总体要求", "第一节  指导思想",
                 "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。", "第二节  主要目标",
                 "到2030年，地区生产总值年均增长6%左右，城乡居民人均可支配收入与经济增长同步。", ""]
        for c, (chapter, sections) in enumerate(self.chapters, 3):
            lines.append(f"第{NUMERALS[c - 1]}章  {chapter}")
            lines.append("坚持把发展经济的着力点放在实体经济上，推动高质量发展。")
            for s, (section, measures) in enumerate(sections, 1):
                lines.append(f"第{NUMERALS[s - 1]}节  {section}")
                lines.extend(m.text for m in measures)
            if c == 3:
                lines.append(f"专栏1  {self.box}")
                for k, p in enumerate(self.projects, 1):
                    lines.append(f"{k}.{p.name}。{p.content}，{p.investment}，建设期限{p.period}。")
            lines.append("")
        n = len(self.chapters) + 3
        lines += [f"第{NUMERALS[n - 1]}章  保障措施", "第一节  加强组织领导", self.closing]
        return "\n".join(lines) + "\n"

    def expected(self) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for _, sections in self.chapters:
            for _, measures in sections:
                out.extend({"text": m.text[:12], "lead": [], "co": [], "deadline": m.deadline} for m in measures)
        return out

    def expected_projects(self) -> list[dict[str, object]]:
        return [{"text": p.name, "name": p.name, "yuan": p.yuan, "period": p.expected_period} for p in self.projects]

    def expected_tasks(self) -> list[dict[str, object]]:
        """The measures, then the box's projects (a project's deadline is the end of its years)."""
        projects = [{"text": p.name, "lead": [], "co": [], "deadline": p.expected_period} for p in self.projects]
        return self.expected() + projects


# ---------------------------------------------------------------- the task lists

SHILI = TaskList(
    name="shili_business",
    title="示例市深化“放管服”改革优化营商环境重点任务分工方案",
    date="（2022年5月10日）",
    groups=(
        Group("深化简政放权", (
            Task("全面实施行政许可事项清单管理，严格落实清单之外一律不得违法实施行政许可，"
                 "2022年10月底前编制并公布市级行政许可事项清单",
                 ("市政府办公室", "市审改办"), ("市级各有关部门", "各县市区政府"), "2022年10月底前", "2022-10-31",
                 True),
            Task("推进企业开办全程网上办理，将企业开办时间压缩至1个工作日以内",
                 ("市市场监管局",), ("市公安局", "市税务局", "市人社局"), "2022年6月底前", "2022-06-30"),
            Task("深化工程建设项目审批制度改革，全面推行区域评估和“多测合一”",
                 ("市住建局",), ("市自然资源和规划局", "市发展改革委"), "长期坚持", "长期坚持"),
        )),
        Group("加强事中事后监管", (
            Task("健全以信用为基础的新型监管机制，年底前实现信用分级分类监管全覆盖",
                 ("市发改委",), ("市人民银行", "市市场监管局"), "年底前", "2022-12-31", True),
            Task("推行“双随机、一公开”跨部门联合监管，每季度开展一次联合抽查",
                 ("市市场监管局",), ("市级各有关部门",), "每季度", "每季度"),
        )),
        Group("优化政务服务", (
            Task("推进政务服务事项“一网通办”，2023年底前实现高频事项全程网办",
                 ("市政务服务中心", "市大数据局"), ("各县市区政府",), "2023年底前", "2023-12-31", True),
            Task("建立健全惠企政策“免申即享”机制，推动惠企资金直达快享",
                 ("市财政局",), ("市工信局", "市商务局", "市科技局"), "2022年9月30日前", "2022-09-30"),
        )),
    ),
)

QINGSHUI = TaskList(
    name="qingshui_rural",
    title="青水县全面推进乡村振兴2023年重点工作责任分解方案",
    date="2023年3月1日",
    header=("序号", "工作任务", "牵头部门", "配合部门", "时间节点"),
    convention=False,
    co_verb="配合",
    lead_verb="负责",
    groups=(
        Group("保障粮食安全", (
            Task("落实粮食播种面积58万亩，新建高标准农田2.5万亩", ("县农业农村局",), ("县财政局", "县自然资源局"),
                 "2023年10月", "2023-10-31"),
            Task("实施耕地保护“田长制”，坚决遏制耕地“非农化”", ("县自然资源局",), ("各乡镇人民政府",), "持续推进",
                 "持续推进"),
        )),
        Group("发展乡村产业", (
            Task("培育县级以上农业产业化龙头企业5家，2023年第三季度完成认定", ("县农业农村局",),
                 ("县发改局", "县商务局"), "2023年第三季度", "2023-09-30", True),
            Task("建设冷链物流集配中心2个，完善县乡村三级物流体系", ("县商务局", "县交通运输局"), ("县供销社",),
                 "2023年底前", "2023-12-31"),
        )),
        Group("建设宜居乡村", (
            Task("开展农村人居环境整治提升行动，农村卫生厕所普及率达到90%以上", ("县农业农村局",),
                 ("县卫健局", "县住建局", "各乡镇人民政府"), "2023年12月底前", "2023-12-31"),
            Task("推进农村生活污水治理，完成30个行政村污水处理设施建设", ("县生态环境分局",), ("县水利局",),
                 "2023年11月30日前", "2023-11-30"),
        )),
    ),
)

YUNLING = TaskList(
    name="yunling_ecology",
    title="云岭市“十四五”生态环境保护规划重点任务分工方案",
    date="2021年12月20日",
    header=("序号", "主要任务", "责任单位", "完成时间", ""),
    co_verb="参与",
    lead_verb="牵头负责",
    groups=(
        Group("深入打好污染防治攻坚战", (
            Task("持续推进细颗粒物和臭氧协同控制，到2025年城市空气质量优良天数比率达到92%",
                 ("市生态环境局",), ("市发展改革委", "市工业和信息化局", "市公安局"), "2025年", "2025", True),
            Task("实施重点流域水环境综合治理，“十四五”期间消除劣Ⅴ类水体", ("市生态环境局",),
                 ("市水务局", "市农业农村局"), "“十四五”期间", "2021–2025", True),
        )),
        Group("推动绿色低碳发展", (
            Task("制定碳达峰实施方案，推动能源消费总量和强度双控", ("市发改委",), ("市统计局", "市工信局"),
                 "2022年6月底前", "2022-06-30"),
            Task("推进生活垃圾分类和资源化利用，2021—2025年逐步实现原生垃圾零填埋", ("市城管局",), ("市住建局",),
                 "2021—2025年", "2021–2025"),
            Task("加强生态保护修复，实施山水林田湖草沙一体化保护", ("市自然资源局", "市林业局"), ("各区县人民政府",),
                 "长期坚持", "长期坚持"),
        )),
    ),
)

LISTS = (SHILI, QINGSHUI, YUNLING)


SONGTAO = PlanDoc(
    name="songtao_plan",
    title="松涛县国民经济和社会发展第十五个五年规划纲要",
    review="“十四五”时期，全县地区生产总值年均增长7.2%，2025年达到312亿元，城镇化率提高到58.6%。",
    chapters=(
        ("加快建设现代化产业体系", (
            ("做强先进制造业", (
                Measure("推动传统产业转型升级。实施新一轮技术改造行动，每年滚动实施技改项目50个以上，到2030年规模以上工业企业数字化改造全覆盖。",
                        "2030"),
                Measure("培育壮大新兴产业。聚焦新材料、生物医药两大主导产业，引进培育链主企业，打造百亿级产业集群。"),
            )),
            ("提升现代服务业", (
                Measure("发展现代物流。建设县域物流分拨中心，完善县乡村三级物流配送体系，2027年底前实现快递进村全覆盖。",
                        "2027-12-31"),
            )),
        )),
        ("全面推进乡村振兴", (
            ("夯实农业基础", (
                Measure("稳定粮食生产。落实最严格的耕地保护制度，建设高标准农田，确保粮食播种面积稳定在60万亩以上。"),
                Measure("发展特色农业。做优茶叶、食用菌等特色产业，培育区域公用品牌，到2030年特色产业综合产值突破50亿元。",
                        "2030"),
            )),
        )),
    ),
    box="“十五五”重大工程项目",
    projects=(
        Project("松涛经开区扩区提质工程", "新建标准厂房40万平方米及配套道路管网", "总投资约45亿元", 45e8, "2026—2028年",
                "2026–2028"),
        Project("县域综合物流园项目", "建设仓储区、冷链区和分拨中心", "计划投资12.5亿元", 12.5e8, "2026—2027年",
                "2026–2027"),
    ),
    closing="坚持党的全面领导，建立规划实施责任制，将主要指标和重点任务纳入年度考核。",
)

PLANS = (SONGTAO,)


# ---------------------------------------------------------------- fixtures


def renderings() -> list[tuple[str, str, bytes, dict[str, object]]]:
    """(file name, layout, content, sidecar) of every generated fixture."""
    out: list[tuple[str, str, bytes, dict[str, object]]] = []
    for tl in LISTS:
        one_list = "first" if tl.convention else "all"
        for layout, render in (("paren_units", paren_units), ("unit_line", unit_line), ("paren_labels", paren_labels),
                               ("wrapped", wrapped)):
            text = render(tl)
            who = one_list if layout in ("unit_line", "wrapped") else "stated"
            sidecar = {"layout": layout, "tasks": _expect(tl, who)}
            out.append((f"{tl.name}.{layout}.txt", layout, text.encode("utf-8"), sidecar))
            if layout != "wrapped":
                out.append((f"{tl.name}.{layout}.docx", layout, make_docx(text), sidecar))
        table_expect = {"layout": "table", "tasks": _expect(tl, "first" if len(table_rows(tl)[0]) == 4 else "stated")}
        out.append((f"{tl.name}.table.docx", "table", table_docx(tl), table_expect))
        out.append((f"{tl.name}.table_flat.txt", "table", table_flat(tl).encode("utf-8"), table_expect))
        out.append((f"{tl.name}.table_tabs.txt", "table", table_tabs(tl).encode("utf-8"), table_expect))
    for plan in PLANS:
        sidecar = {"layout": "plan_measure", "tasks": plan.expected_tasks(), "projects": plan.expected_projects()}
        out.append((f"{plan.name}.plan.txt", "plan_measure", plan.text().encode("utf-8"), sidecar))
        out.append((f"{plan.name}.plan.docx", "plan_measure", make_docx(plan.text()), sidecar))
    return out


def sidecar_name(file: str) -> str:
    return file.rsplit(".", 1)[0] + ".expect.json"


def write(folder: Path = OUT, docx: bool = False) -> None:
    """The fixtures and their sidecars; the .docx renderings only with ``docx`` (they are made
    afresh by the tests and the bench, not kept: a docx's bytes change with every save)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, layout, content, sidecar in renderings():
        if name.endswith(".docx") and not docx:
            continue  # its sidecar too: a .txt rendering of the same layout has its own
        (folder / name).write_bytes(content)
        covers = {"covers": f"{layout}: generated by tests/taskgen.py"}
        (folder / sidecar_name(name)).write_text(
            json.dumps({**covers, **sidecar}, ensure_ascii=False, indent=1) + "\n", "utf-8")


def docx_text(content: bytes) -> list[str]:
    """A docx's paragraphs and table cells, for comparing a rendering with a fixture."""
    import docx

    document = docx.Document(io.BytesIO(content))
    out = [p.text for p in document.paragraphs]
    out += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return out


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"written: {sys.argv[1] if len(sys.argv) > 1 else OUT}")
