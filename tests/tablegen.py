"""Render one indicator table in the layouts real documents come in.

A table is described once (:class:`Spec`: columns, rows with 类别, 序号, name, unit,
values, 属性, group labels with sub-indicators) and written out as text the way
converters and web pages write it:

* ``web_lines``: a cell per line, as text copied from a web page's table;
* ``pdf_lines``: a cell per line with blank lines between, the 类别 cell broken two
  characters a line, a page footer inside the table;
* ``pdf_single``: cells apart by single spaces, a cell wider than its column wrapped
  onto lines of its own (PDF text extracted without layout);
* ``spaced4``: four spaces per separator, longer runs for empty cells, the 类别 cell on
  the first row of its group only, a long name wrapped onto the next line;
* ``tabs``: one tab per separator;
* ``aligned``: columns aligned by position with runs of any length, names wrapped
  under their column (``pdftotext -layout``).

The same rows must come back from every layout (tests/test_table_layouts.py).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    seq: str
    name: str  # with its unit in brackets where the table has no 单位 column
    values: tuple[str, ...] = ()  # one per value column; "" for an empty cell
    attr: str = ""
    unit: str = ""
    subs: tuple[Row, ...] = ()  # a group label's indicators (their seq is "")


@dataclass(frozen=True)
class Group:
    category: str  # "经济发展"; written with its count: 经济发展(3项)
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Spec:
    caption: str
    columns: tuple[str, ...]  # as the header writes them
    groups: tuple[Group, ...]
    note: str = "注：〔〕内为五年累计数。"
    has_unit: bool = False
    has_category: bool = True  # a 类别 column; else, with category_rows, a row per group (一、经济发展(3项))
    category_rows: bool = False
    attr_first: bool = False  # 属性 before the values (序号 指标 属性 2030年目标值)
    header_breaks: tuple[tuple[str, ...], ...] = ()  # header cells a cell-per-line layout cuts in two

    def header(self, cut: bool) -> list[str]:
        """The header cells, cut where a narrow column wraps them."""
        out: list[str] = []
        for col in self.columns:
            parts = next((b for b in self.header_breaks if "".join(b) == col), None) if cut else None
            out.extend(parts or (col,))
        return out

    def value_columns(self) -> int:
        return len(self.columns) - (3 if self.has_category else 2) - (1 if self.has_unit else 0) - 1

    def cells(self, group: Group, k: int, row: Row, sub: bool = False) -> list[str]:
        """The row's cells in column order (the 类别 cell only on a group's first row)."""
        out: list[str] = []
        if self.has_category:
            out.append(_category(group) if k == 0 and not sub else "")
        out.append(row.seq)
        out.append(row.name)
        if self.has_unit:
            out.append(row.unit)
        values = list(row.values or ("",) * self.value_columns())
        return [*out, row.attr, *values] if self.attr_first else [*out, *values, row.attr]

    def group_row(self, group: Group, k: int) -> str | None:
        """A category row written before a group (tables without a 类别 column)."""
        if self.category_rows and k == 0:
            numeral = "一二三四五六七八九十"[self.groups.index(group)]
            return f"{numeral}、{_category(group)}"
        return None


def _category(group: Group) -> str:
    return f"{group.category}（{len(group.rows)}项）"


BEFORE = "三、主要目标\n\n到2030年，全市综合实力迈上新台阶，主要目标如下。\n\n"
AFTER = "\n第二篇  坚持创新驱动发展\n\n深入实施创新驱动发展战略，加快建设科技强市。\n"


def _wrap(text: str, width: int) -> list[str]:
    """Cut ``text`` into lines of at most ``width`` display columns (CJK counts two)."""
    lines, cur, w = [], "", 0
    for ch in text:
        cw = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if cur and w + cw > width:
            lines.append(cur)
            cur, w = "", 0
        cur += ch
        w += cw
    return [*lines, cur] if cur else lines


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _rows(spec: Spec) -> list[tuple[Group, int, Row, bool]]:
    """(group, index in group, row, is a sub-row) in reading order; a group label's sub-rows
    follow it."""
    out = []
    for group in spec.groups:
        for k, row in enumerate(group.rows):
            out.append((group, k, row, False))
            out.extend((group, k, sub, True) for sub in row.subs)
    return out


# ---------------------------------------------------------------- layouts


def web_lines(spec: Spec) -> str:
    lines = [spec.caption, *spec.header(cut=True)]
    for group, k, row, sub in _rows(spec):
        head = spec.group_row(group, k) if not sub else None
        lines.extend([head] if head else [])
        lines.extend(c for c in spec.cells(group, k, row, sub) if c)
    lines.append(spec.note)
    return BEFORE + "\n".join(lines) + "\n" + AFTER


def pdf_lines(spec: Spec) -> str:
    lines = [spec.caption, *spec.header(cut=True)]
    for n, (group, k, row, sub) in enumerate(_rows(spec)):
        cells = spec.cells(group, k, row, sub)
        head = spec.group_row(group, k) if not sub else None
        lines.extend([head] if head else [])
        if spec.has_category and cells[0]:
            lines.extend([group.category[i : i + 2] for i in range(0, len(group.category), 2)])
            lines.append(f"（{len(group.rows)}项）")
            cells = cells[1:]
        lines.extend(c for c in cells if c)
        if n == 4:
            lines.append("— 12 —")
    lines.append(spec.note)
    return BEFORE + "\n\n".join(lines) + "\n" + AFTER


# Column widths (display columns) of a PDF page: a cell wider than its column wraps.
SINGLE_WIDTHS = {"category": 4, "seq": 4, "name": 34, "unit": 10, "value": 10, "attr": 6}


def pdf_single(spec: Spec) -> str:
    """Cells apart by single spaces; a wrapped cell puts each of its lines on a line of its
    own, the cells after it start a new line (as PDF text without layout comes)."""
    roles = _roles(spec)
    out = [spec.caption, " ".join(spec.columns)]
    for group, k, row, sub in _rows(spec):
        head = spec.group_row(group, k) if not sub else None
        out.extend([head] if head else [])
        if spec.has_category and k == 0 and not sub:
            out.extend([group.category[i : i + 2] for i in range(0, len(group.category), 2)])
            out.append(f"({len(group.rows)}项)")
        cur: list[str] = []
        for role, cell in zip(roles, spec.cells(group, k, row, sub), strict=True):
            if not cell or role == "category":
                continue
            parts = _wrap(cell, SINGLE_WIDTHS[role])
            if len(parts) == 1:
                cur.append(cell)
                continue
            if cur:
                out.append(" ".join(cur))
            out.extend(parts)
            cur = []
        if cur:
            out.append(" ".join(cur))
    out.append(spec.note)
    return BEFORE + "\n".join(out) + "\n" + AFTER


def _roles(spec: Spec) -> list[str]:
    roles = (["category"] if spec.has_category else []) + ["seq", "name"] + (["unit"] if spec.has_unit else [])
    values = ["value"] * spec.value_columns()
    return roles + (["attr", *values] if spec.attr_first else [*values, "attr"])


def _separated(spec: Spec, sep: str, wrap_at: int | None) -> str:
    """Cells apart by ``sep`` (an empty cell leaves its separators); a group label's first
    sub-indicator on its line (an unnamed column), the others under it."""
    out = [spec.caption, sep.join(spec.columns)]
    name_at = _roles(spec).index("name")
    for group, k, row, sub in _rows(spec):
        cells = spec.cells(group, k, row, sub)
        head = spec.group_row(group, k) if not sub else None
        out.extend([head] if head else [])
        if row.subs:
            continue  # written with its first sub-indicator
        if sub:
            parent = next(r for r in group.rows if row in r.subs)
            if row is parent.subs[0]:
                head = spec.cells(group, k, parent)[: name_at + 1]
                cells = head + cells[name_at:]
            else:
                cells = [""] * (name_at + 1) + cells[name_at:]
        while cells and not cells[-1]:
            cells.pop()
        name = cells[name_at]
        if wrap_at is not None and len(name) > wrap_at:  # the line breaks inside the name cell,
            out.append(sep.join([*cells[:name_at], name[:wrap_at]]))  # the row goes on after its rest
            out.append(sep.join([name[wrap_at:], *cells[name_at + 1 :]]))
        else:
            out.append(sep.join(cells))
    out.append(spec.note)
    return BEFORE + "\n".join(out) + "\n" + AFTER


def spaced4(spec: Spec) -> str:
    return _separated(spec, "    ", wrap_at=20)


def tabs(spec: Spec) -> str:
    return _separated(spec, "\t", wrap_at=None)


def aligned(spec: Spec) -> str:
    """Columns by position: each cell starts at its column's left edge, a long name wraps
    onto the next line under its column (pdftotext -layout)."""
    roles = _roles(spec)
    widths = {"category": 18, "seq": 6, "name": 36, "unit": 12, "value": 14, "attr": 8}
    lefts, pos = [], 1
    for role in roles:
        lefts.append(pos)
        pos += widths[role]
    out = [spec.caption, _place(list(spec.columns), lefts)]
    name_at = roles.index("name")
    for group, k, row, sub in _rows(spec):
        cells = spec.cells(group, k, row, sub)
        head = spec.group_row(group, k) if not sub else None
        out.extend([" " + head] if head else [])
        if row.subs:
            cells = [*cells[: name_at + 1], *[""] * (len(cells) - name_at - 1)]
        if not any(c for c in cells[name_at + 1 :]) and not row.subs:
            continue
        parts = _wrap(cells[name_at], widths["name"] - 2)
        cells[name_at] = parts[0]
        out.append(_place(cells, lefts))
        for more in parts[1:]:
            out.append(_place(["" if i != name_at else more for i in range(len(cells))], lefts))
    out.append(spec.note)
    return BEFORE + "\n".join(out) + "\n" + AFTER


def _place(cells: list[str], lefts: list[int]) -> str:
    line = ""
    for cell, left in zip(cells, lefts, strict=True):
        if not cell:
            continue
        pad = max(left - _width(line), 2 if line else 0)
        line += " " * pad + cell
    return line


LAYOUTS: dict[str, Callable[[Spec], str]] = {
    "web_lines": web_lines,
    "pdf_lines": pdf_lines,
    "pdf_single": pdf_single,
    "spaced4": spaced4,
    "tabs": tabs,
    "aligned": aligned,
}


# ---------------------------------------------------------------- tables


def fifteenth_main() -> Spec:
    """A city's 十五五 main indicators: 类别, 单位 in the name, 2025/2030/年均累计 columns,
    a range, a placeholder, a text target, a cumulative value, a group label."""
    doctors = Row("", "执业（助理）医师数（人）", ("3.6", "4.2", "—"), "预期性")
    nurses = Row("", "注册护士数（人）", ("4.1", "4.8", "—"), "预期性")
    return Spec(
        caption="专栏2  云岭市“十五五”时期经济社会发展主要指标",
        columns=("类别", "序号", "指标", "2025年", "2030年", "年均/累计", "属性"),
        groups=(
            Group("经济发展", (
                Row("1", "地区生产总值增长（%）", ("6.1", "—", "5.5左右"), "预期性"),
                Row("2", "全员劳动生产率（万元/人）", ("21.4", "27", "—"), "预期性"),
                Row("3", "常住人口城镇化率（%）", ("63.5", "68", "〔4.5〕"), "预期性"),
            )),
            Group("创新驱动", (
                Row("4", "全社会研究与试验发展经费投入强度（%）", ("2.6", "3.2", "—"), "预期性"),
                Row("5", "每万人口高价值发明专利拥有量（件）", ("9.8", "15", "—"), "预期性"),
            )),
            Group("民生福祉", (
                Row("6", "居民人均可支配收入增长（%）", ("5.6", "—", "与经济增长同步"), "预期性"),
                Row("7", "每千人口拥有医护人员数", subs=(doctors, nurses)),
                Row("8", "人均预期寿命（岁）", ("79.2", "80.5", "—"), "预期性"),
            )),
            Group("绿色生态", (
                Row("9", "单位地区生产总值能源消耗降低（%）", ("—", "—", "完成省下达任务"), "约束性"),
                Row("10", "森林覆盖率（%）", ("46.2", "46.5", "〔0.3〕"), "约束性"),
            )),
        ),
    )


def county_with_units() -> Spec:
    """A county table with a 单位 column, no 类别 column, 基期/目标 columns, 序号 written '1.'."""
    return Spec(
        caption="表1  青溪县“十五五”主要指标",
        columns=("序号", "指标名称", "单位", "2025年基期值", "2030年目标值", "属性"),
        has_unit=True,
        has_category=False,
        groups=(
            Group("", (  # 序号 written '1.' as some tables do
                Row("1.", "地区生产总值", ("412", "560"), "预期性", unit="亿元"),
                Row("2.", "规模以上工业增加值年均增长", ("7.2", "7以上"), "预期性", unit="%"),
                Row("3.", "一般公共预算收入", ("26.5", "35"), "预期性", unit="亿元"),
                Row("4.", "城镇调查失业率", ("4.6", "5.5以内"), "预期性", unit="%"),
                Row("5.", "粮食综合生产能力", ("18.6", "≥18.6"), "约束性", unit="万吨"),
                Row("6.", "单位地区生产总值二氧化碳排放降低", ("—", "完成市下达任务"), "约束性", unit="%"),
            )),
        ),
    )


def province_attr_first() -> Spec:
    """A province's table: category rows (一、…) instead of a 类别 column, 属性 before the
    target, attributes written in full (约束性指标), header cells a narrow column cuts."""
    return Spec(
        caption="专栏1  示例省“十五五”时期主要指标",
        columns=("序号", "指标", "属性", "2025年预计", "2030年目标"),
        has_category=False,
        category_rows=True,
        attr_first=True,
        header_breaks=(("2025年", "预计"), ("2030年", "目标")),
        groups=(
            Group("经济发展", (
                Row("1", "地区生产总值年均增长（%）", ("5.8", "5左右"), "预期性指标"),
                Row("2", "城镇调查失业率（%）", ("5.1", "5.5以内"), "预期性指标"),
                Row("3", "数字经济核心产业增加值占地区生产总值比重（%）", ("10.5", "13"), "预期性指标"),
            )),
            Group("绿色生态", (
                Row("4", "地表水达到或好于Ⅲ类水体比例（%）", ("92.3", "完成国家下达任务"), "约束性指标"),
                Row("5", "细颗粒物（PM2.5）平均浓度（微克/立方米）", ("31", "28"), "约束性指标"),
                Row("6", "耕地保有量（万亩）", ("5380", "≥5372"), "约束性指标"),
            )),
        ),
    )


SPECS: dict[str, Callable[[], Spec]] = {
    "fifteenth_main": fifteenth_main,
    "county_with_units": county_with_units,
    "province_attr_first": province_attr_first,
}


@dataclass
class Expected:
    """What a reader must give back for a row: its 序号, name, unit, values, attribute."""

    number: str | None
    name: str
    unit: str | None
    values: tuple[str | None, ...]
    attr: str | None
    category: str | None
    parent_name: str | None = None
    kind: str = "data"
    extra: dict[str, str] = field(default_factory=dict)


def expected(spec: Spec) -> list[Expected]:
    out: list[Expected] = []
    for group, _k, row, sub in _rows(spec):
        parent = next((r for r in group.rows if row in r.subs), None) if sub else None
        values = tuple(v or None for v in row.values) if not row.subs else (None,) * spec.value_columns()
        out.append(Expected(
            number=row.seq or None, name=row.name, unit=row.unit or None, values=values, attr=row.attr or None,
            category=group.category or None if spec.has_category or spec.category_rows else None,
            parent_name=parent.name if parent else None,
            kind="sub" if sub else "data"))
    return out
