"""Which pieces make which cell of which row: a least-cost reading of one table row.

Between two 序号 (or two row starts, in tables without 序号) stand the pieces of a
row and of what follows it: sub-rows without a 序号 of their own (增速, 城镇(元),
注册护士数), the 类别 cell of the next row (written once for a group of rows, often
broken one or two characters a line), or a category row (二、民生福祉(2项)).
:func:`read_segment` chooses, among all ways of cutting the pieces into those rows and
each row into the columns of the header in their order, the one of least cost. The
costs say what real tables do:

* every column takes what fits it — a 属性 cell holds 约束性/预期性 only, a unit cell a
  unit, a value cell a number, a placeholder (—) or a target phrase (完成省下达目标),
  a name anything that is not a value;
* a cell that runs over several lines is common; two cells on one line separated by a
  counted separator are never one cell, by a single space rarely;
* two complete numbers are never one cell; a number and 左右/以上/(2024年) are;
* a short name followed by another name is a group label and its first sub-indicator
  (每千人口拥有医护人员数 / 执业医师数(人)), a long one cut at the width of the column
  is one name wrapped (全社会研究与试验发展经费支出占地区生 / 产总值比重(%));
* an empty cell costs a little (a unit is often missing), a missing name a lot; a
  piece that fits nowhere is left unplaced, and said so.

The reading is a dynamic programme over (column, piece) per row and over row starts
per segment, so its cost grows with the pieces of one segment, not with the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from planscope.structure.tables.pieces import Piece, Separation, pieces_text
from planscope.structure.tables.vocab import Vocab

INF = float("inf")
_FIGURE = re.compile(r"^[<>≤≥]?\s*\d")  # a piece that opens with a figure
MAX_GROUP = 5  # pieces in one cell
MAX_ROW = 40  # pieces in one row
MAX_FINAL = 8  # pieces of a 类别 cell or a category row

EMPTY = {"name": 6.0, "unit": 0.8, "value": 1.0, "attr": 1.5, "remark": 0.05, "category": 0.05, "seq": 0.5,
         "lead": 1.0, "owner": 1.0, "co": 0.6, "deadline": 0.8, "content": 1.0, "investment": 0.8, "period": 0.8,
         "place": 0.6}
# What each kind of cell costs in the columns of task and project tables (prose cells):
# a deadline under 完成时限, a list of bodies under 牵头单位/配合单位, a sentence under the task.
PROSE_FIT = {
    "lead": {"body": 0.0, "text": 1.5, "value": 2.0, "time": 4.0},
    "owner": {"body": 0.0, "text": 1.5, "value": 2.0, "time": 4.0},
    "co": {"body": 0.0, "text": 1.5, "value": 2.0, "time": 4.0},
    "deadline": {"time": 0.0, "number": 0.5, "value": 1.5, "text": 2.0, "body": 4.0},
    "content": {"text": 0.0, "value": 0.0, "number": 2.0, "body": 2.0, "time": 2.0},
    "investment": {"number": 0.0, "placeholder": 0.0, "value": 0.5, "text": 2.5},
    "period": {"time": 0.0, "number": 0.5, "placeholder": 0.0, "text": 2.0},
    "place": {"text": 0.0, "body": 0.5, "value": 1.0, "time": 3.0},
}
PROSE_OTHER = 5.0  # a kind of cell a prose column never holds
NAME_NOT_TEXT = 3.0  # a deadline or a list of bodies as the row's name (its task)
SUB_ATTR_EMPTY = 0.2  # a sub-row's 属性 is often the merged cell of its group
UNPLACED = 3.5  # a piece left out of every cell
GROUP = 0.6  # a row that holds only a group label (its sub-rows follow)
SUB = 0.3  # a sub-row
TAIL = 0.4  # the 类别 cell of the next row, without a declared count (经济发展(7项))
CATEGORY_SURE, CATEGORY_BARE = 0.0, 1.0
JOIN_LINES = 0.3  # a cell continued on the next line
JOIN_SINGLE = 1.5  # two pieces of one line, single-space separated, as one cell
NUMBERS = 5.0  # two complete numbers as one cell
MISFIT = 4.0  # pieces of kinds that never make one cell together (a name and a number)
TEXT_THEN_NUMBER = 2.0  # a value cell continued by a figure after words
SHORT_NAME = 2.5  # a short name continued by another name (a group label, not a wrap)
WRAP_SHARE = 0.7  # a name piece this share of the widest is cut at the column's width



@dataclass(frozen=True)
class Column:
    index: int  # in the header
    role: str  # category | seq | name | unit | value | attr | remark


@dataclass
class Row:
    """One row read from a segment: its cells (header index -> pieces), left-out pieces."""

    kind: str  # data | sub | group | category | tail
    cells: dict[int, list[Piece]] = field(default_factory=dict)
    unplaced: list[Piece] = field(default_factory=list)


@dataclass
class Reading:
    cost: float
    rows: list[Row]


class Scorer:
    """Costs of pieces as cells, computed once per (role, first piece, count)."""

    def __init__(self, pieces: list[Piece], vocab: Vocab, separation: Separation, prose: bool = False) -> None:
        self.pieces = pieces
        self.vocab = vocab
        self.separation = separation
        self.prose = prose  # a task or project table: cells may be sentences, lists of bodies, deadlines
        self._cells: dict[tuple[str, int, int], float] = {}
        self._group_kinds: dict[tuple[int, int], str] = {}
        self._joins: dict[tuple[str, int], float] = {}
        self._kinds = [self._kind(p.text) if not p.empty else "empty" for p in pieces]
        self.opening: set[int] = set()  # lines that open a numbered row (set by the reader)
        self.reach = self._reach()

    def set_openings(self, lines: set[int]) -> None:
        """Where separators are counted or columns aligned, a line holding a 序号 opens its
        row: no cell of the row above continues on it."""
        if self.separation in ("counted", "aligned") and lines != self.opening:
            self.opening = lines
            self._cells.clear()
            self._joins.clear()
            self.reach = self._reach()

    def _reach(self) -> list[int]:
        """How many pieces from each one on can make one cell (a cell never spans an empty
        piece, an attribute, or two cells of one line with a counted separator)."""
        n = len(self.pieces)
        out = [1] * n
        for i in range(n - 2, -1, -1):
            a, b = self.pieces[i], self.pieces[i + 1]
            apart = (a.line == b.line and not b.first and self.separation != "single") or (
                b.first and b.line in self.opening)
            attr = "attr" in (self._kinds[i], self._kinds[i + 1]) and not self._attr_wrapped(i)
            blocked = apart or a.empty or b.empty or attr
            out[i] = 1 if blocked else min(MAX_GROUP, out[i + 1] + 1)
        return out

    def _kind(self, text: str) -> str:
        v = self.vocab
        if self.prose:
            found = v.prose_kind(text)
            if found is not None:
                return found
        text = text.rstrip("".join(v.estimate_marks)) or text  # 6左右∗: an estimate is still a number
        if v.is_attr(text):
            return "attr"
        if v.is_number(text):
            return "number"
        if v.is_placeholder(text):
            return "placeholder"
        if v.is_unit(text):
            return "unit"
        if v.is_value(text):
            return "value"
        return "text"

    def kind(self, i: int) -> str:
        return self._kinds[i]

    @cached_property
    def name_width(self) -> int:
        """The widest name piece: names this wide or near were cut at the column's edge."""
        widths = sorted(len(p.text) for p, k in zip(self.pieces, self._kinds, strict=True) if k == "text")
        return widths[-2] if len(widths) > 3 else (widths[-1] if widths else 0)

    def name_like(self, i: int) -> bool:
        return self._kinds[i] == "text" and not self.vocab.is_note(self.pieces[i].text)

    def cell(self, col: Column, i: int, n: int) -> float:
        """The cost of pieces ``i … i+n-1`` as one cell of column ``col``."""
        role = col.role
        if n == 0:
            return EMPTY[role]
        at = self.pieces[i].col
        if at is not None and at != col.index:
            return INF  # aligned by position: a piece stays under its column
        key = (role, i, n)
        found = self._cells.get(key)
        if found is None:
            found = self._cells[key] = self._cell(role, i, n)
        return found

    def _cell(self, role: str, i: int, n: int) -> float:
        if n > self.reach[i]:
            return INF
        if self.pieces[i].empty:
            return 0.0 if role != "name" else 4.0
        join = sum(self._joined(role, i + k) for k in range(n - 1))
        if join == INF:
            return INF
        return join + self._fit(role, self._group_kind(i, n))

    def _group_kind(self, i: int, n: int) -> str:
        if n == 1:
            return self._kinds[i]
        found = self._group_kinds.get((i, n))
        if found is None:
            found = self._group_kinds[(i, n)] = self._kind(pieces_text(self.pieces[i : i + n]))
        return found

    def _fit(self, role: str, kind: str) -> float:
        if role in PROSE_FIT:
            return PROSE_FIT[role].get(kind, PROSE_OTHER)
        if kind in ("time", "body"):  # a deadline or a list of bodies is no task's text
            return NAME_NOT_TEXT if role == "name" else (0.3 if role == "remark" else PROSE_OTHER)
        if kind == "attr":
            return 0.0 if role in ("attr", "remark") else INF
        if role == "attr":
            return INF
        if role == "name":
            return {"text": 0.0, "value": 1.0, "unit": 3.0}.get(kind, 5.0)
        if role == "unit":
            return {"unit": 0.0, "text": 2.5}.get(kind, 6.0)
        if role == "value":
            return {"number": 0.0, "placeholder": 0.0, "value": 0.0, "text": 1.0}.get(kind, 3.0)
        if role == "category":
            return 0.0 if kind in ("text", "value") else INF
        if role == "seq":
            return 0.0 if kind == "number" else INF
        return 0.3  # remark

    def _joined(self, role: str, k: int) -> float:
        key = (role, k)
        found = self._joins.get(key)
        if found is None:
            found = self._joins[key] = self._join(role, k)
        return found

    def _attr_wrapped(self, k: int) -> bool:
        """'预期性' + '指标' on the next line: one attribute cell wrapped in a narrow column."""
        a, b = self.pieces[k], self.pieces[k + 1]
        return a.line != b.line and self.vocab.is_attr(a.text + b.text)

    def _join(self, role: str, k: int) -> float:
        """The cost of piece ``k+1`` continuing piece ``k`` in one cell."""
        a, b = self.pieces[k], self.pieces[k + 1]
        ka, kb = self._kinds[k], self._kinds[k + 1]
        if self.prose and b.category:
            return INF  # a category row of a task table (二、促转型) goes on no cell
        if "attr" in (ka, kb):
            return JOIN_LINES if self._attr_wrapped(k) else INF
        if a.line == b.line and not b.first:
            if self.separation != "single":
                return INF
            cost = JOIN_SINGLE
        else:
            cost = JOIN_LINES
        if ka != "placeholder" and self.vocab.wraps_between(a.text, b.text):
            return cost * 0.5
        return cost + self._mismatch(role, a, b, ka, kb)

    def _mismatch(self, role: str, a: Piece, b: Piece, ka: str, kb: str) -> float:
        """What it costs that these two kinds of piece make one cell of ``role``."""
        if role == "name":
            if _bracketed_unit(b.text, self.vocab):
                return 0.0  # '…死亡率' + '(人/百亿元)': the name's unit, wrapped
            if kb != "text":
                return MISFIT  # a name is not continued by a unit line or a number
            if ka == "text" and self.separation != "counted":
                # where separators are counted a wrapped line is plain to see; elsewhere a name
                # that is short, or ends as a name ends (…数, …率, …比重), followed by a name is a
                # group label and its first sub-indicator, not one name cut at the column's edge
                cut = len(a.text) >= WRAP_SHARE * self.name_width and not _complete(a.text)
                return 0.0 if cut else SHORT_NAME
            return 0.0
        if role == "value":
            if ka == "number" and kb == "number":
                return NUMBERS
            if "placeholder" in (ka, kb):
                return MISFIT
            if ka == "text" and (kb == "number" or _FIGURE.match(b.text)):
                return TEXT_THEN_NUMBER  # a label, then a figure: two cells
            return 1.0 if kb == "unit" else 0.0
        if role == "unit":
            return 0.0 if kb in ("unit", "text") else MISFIT
        return 0.0


def align(sc: Scorer, lo: int, hi: int, cols: list[Column], *, attr_empty: float,
          skip_lead: bool = False) -> tuple[list[float], list[list[tuple[int, int, int]]]]:
    """Least cost of reading pieces ``lo:e`` as one row over ``cols``, for every end ``e``.

    Returns (cost by e - lo, back-pointers); :func:`trace` rebuilds the row. Pieces may
    be left out (``UNPLACED`` each); with ``skip_lead`` empty pieces before the first
    cell are free (the merged 类别/序号 cells of a sub-row)."""
    n, k = hi - lo, len(cols)
    best = [[INF] * (n + 1) for _ in range(k + 1)]
    back: list[list[tuple[int, int, int]]] = [[(-1, -1, -1)] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    if skip_lead:
        i = 0
        while i < n and sc.pieces[lo + i].empty:
            best[0][i + 1], back[0][i + 1] = 0.0, (0, i, -2)
            i += 1
    for j, col in enumerate(cols):
        empty = attr_empty if col.role == "attr" else None
        row, nxt = best[j], best[j + 1]
        for i in range(n + 1):
            base = row[i]
            if base == INF:
                continue
            if i < n:  # leave piece i out
                skip = base + (UNPLACED + 0.001 * (n - i) if not sc.pieces[lo + i].empty else 0.5)
                if skip < row[i + 1]:
                    row[i + 1], back[j][i + 1] = skip, (j, i, -1)
            for g in range(0, min(sc.reach[lo + i] if i < n else 0, n - i) + 1):
                cost = empty if (g == 0 and empty is not None) else sc.cell(col, lo + i, g)
                total = base + cost
                if total < nxt[i + g]:
                    nxt[i + g], back[j + 1][i + g] = total, (j, i, g)
    last = best[k]
    for i in range(n):  # pieces left out after the last column
        if last[i] < INF and not sc.pieces[lo + i].empty:
            skip = last[i] + UNPLACED + 0.001 * (n - i)
            if skip < last[i + 1]:
                last[i + 1], back[k][i + 1] = skip, (k, i, -1)
    return last, back


def trace(back: list[list[tuple[int, int, int]]], lo: int, e: int, cols: list[Column],
          pieces: list[Piece]) -> Row:
    """The row read by :func:`align` for pieces ``lo:lo+e``."""
    row = Row("data")
    j, i = len(cols), e
    while j > 0 or i > 0:
        pj, pi, g = back[j][i]
        if g == -1:
            row.unplaced.insert(0, pieces[lo + pi])
        elif g > 0:
            row.cells[cols[pj].index] = pieces[lo + pi : lo + pi + g]
        j, i = pj, pi
        if g == -2:
            break
    return row


@dataclass
class Template:
    """The columns a row is read over."""

    body: list[Column]  # after the 序号 (or from the first column, without one)
    sub: list[Column]  # a sub-row: from the name on
    prefix: list[Column]  # before the 序号: the 类别 cell of a group of rows

    @property
    def name(self) -> int | None:
        return next((c.index for c in self.body if c.role == "name"), None)


def read_segment(sc: Scorer, lo: int, hi: int, t: Template, *, tail: bool) -> Reading:
    """The least-cost reading of pieces ``lo:hi``: a row (or a group label), then sub-rows,
    then the 类别 cell of the next row (``tail``) or a category row."""
    exact = _exact(sc, lo, hi, t)
    if exact is not None:
        return exact
    rest = _Rest(sc, lo, hi, t, tail)
    top = min(hi, lo + MAX_ROW)  # a row is never longer: what follows is read as more rows
    main, main_back = align(sc, lo, top, t.body, attr_empty=EMPTY["attr"])
    best: tuple[float, int, bool] = (INF, lo, False)
    for e in range(lo, top + 1):
        total = main[e - lo] + rest.cost(e)
        if total < best[0]:
            best = (total, e, False)
        if t.name is not None and e > lo and rest.starts_with_sub(e):
            group = sc.cell(Column(t.name, "name"), lo, e - lo) + GROUP + rest.cost(e)
            if group < best[0]:
                best = (group, e, True)
    cost, e, is_group = best
    if cost == INF:
        return Reading(INF, [])
    if is_group:
        assert t.name is not None
        rows = [Row("group", {t.name: sc.pieces[lo:e]})]
    else:
        rows = [trace(main_back, lo, e - lo, t.body, sc.pieces)]
    rows.extend(rest.rows(e))
    return Reading(cost, rows)


def _exact(sc: Scorer, lo: int, hi: int, t: Template) -> Reading | None:
    """A regular row — one piece per column, each a perfect fit — is the least-cost reading
    (every cost is ≥ 0): taken at once, so a table of many regular rows costs little."""
    if hi - lo != len(t.body):
        return None
    if any(sc.cell(col, lo + j, 1) != 0.0 for j, col in enumerate(t.body)):
        return None
    return Reading(0.0, [Row("data", {col.index: [sc.pieces[lo + j]] for j, col in enumerate(t.body)})])


class _Rest:
    """What follows a row in its segment: sub-rows, then the next row's 类别 or a category row.

    The least cost of reading pieces ``i:hi`` is filled in from the end, once per position,
    so a long segment (a table whose 序号 were lost) costs time in proportion to its length."""

    def __init__(self, sc: Scorer, lo: int, hi: int, t: Template, tail: bool) -> None:
        self.sc, self.hi, self.t, self.tail = sc, hi, t, tail
        self._choice: dict[int, tuple[str, int]] = {}
        self._subs: dict[int, tuple[list[float], list[list[tuple[int, int, int]]]]] = {}
        self._cost = [INF] * (hi - lo + 1)
        self.lo = lo
        for i in range(hi, lo - 1, -1):
            self._cost[i - lo] = self._solve(i)

    def cost(self, i: int) -> float:
        return self._cost[i - self.lo]

    def _sub(self, i: int) -> tuple[list[float], list[list[tuple[int, int, int]]]]:
        found = self._subs.get(i)
        if found is None:
            found = self._subs[i] = align(self.sc, i, min(self.hi, i + MAX_ROW), self.t.sub,
                                          attr_empty=SUB_ATTR_EMPTY, skip_lead=True)
        return found

    def _starts_sub(self, i: int) -> bool:
        j = i
        while j < self.hi and self.sc.pieces[j].empty:
            j += 1
        return j < self.hi and self.sc.name_like(j)

    def starts_with_sub(self, i: int) -> bool:
        """Whether the best reading from ``i`` on begins with a sub-row."""
        return self._choice.get(i, ("", 0))[0] == "sub"

    def _solve(self, i: int) -> float:
        sc, hi = self.sc, self.hi
        if i == hi:
            self._choice[i] = ("end", hi)
            return 0.0
        best: tuple[float, str, int] = (INF, "none", hi)
        final = self._final(i)
        if final is not None:
            best = final
        skip = (0.5 if sc.pieces[i].empty else UNPLACED) + self.cost(i + 1)
        if skip < best[0]:
            best = (skip, "skip", i + 1)
        if i > self.lo and self._starts_sub(i):  # at lo the row itself starts
            costs, _ = self._sub(i)
            for e in range(i + 1, min(hi, i + MAX_ROW) + 1):
                total = costs[e - i] + SUB + self.cost(e)
                if total < best[0]:
                    best = (total, "sub", e)
        cost, what, e = best
        self._choice[i] = (what, e)
        return cost

    def _final(self, i: int) -> tuple[float, str, int] | None:
        """The pieces ``i:hi`` as the next row's 类别 cell, or as a category row."""
        sc, hi = self.sc, self.hi
        if hi - i > MAX_FINAL:
            return None
        texts = [sc.pieces[k] for k in range(i, hi) if not sc.pieces[k].empty]
        if not texts and self.tail and self.t.prefix:
            return (0.0, "tail", hi)
        if not texts or any(sc.kind(k) in ("number", "attr", "unit") for k in range(i, hi)
                            if not sc.pieces[k].empty and not sc.vocab.is_item_count(sc.pieces[k].text)):
            return None
        text = pieces_text(texts)
        if self.tail and self.t.prefix:
            if sc.separation in ("counted", "aligned") and any(p.line != sc.pieces[hi].line for p in texts):
                return None  # there the 类别 cell stands on the line of the row it opens
            sure = sc.vocab.category(text, sure_only=True) is not None
            return (0.0 if sure else TAIL, "tail", hi)
        if sc.vocab.category(text, sure_only=True) is not None:
            return (CATEGORY_SURE, "category", hi)
        if len(texts) <= 3 and len(text) <= 16 and (sc.vocab.category(text) is not None or self.tail):
            return (CATEGORY_BARE, "category", hi)
        return None

    def rows(self, i: int) -> list[Row]:
        out: list[Row] = []
        while i < self.hi:
            what, e = self._choice[i]
            if what == "sub":
                _, back = self._sub(i)
                row = trace(back, i, e - i, self.t.sub, self.sc.pieces)
                row.kind = "sub"
                out.append(row)
            elif what in ("tail", "category"):
                out.append(Row(what, {-1: [p for p in self.sc.pieces[i:e] if not p.empty]}))
            elif what == "skip" and not self.sc.pieces[i].empty:
                if out:
                    out[-1].unplaced.append(self.sc.pieces[i])
                else:
                    out.append(Row("unplaced", unplaced=[self.sc.pieces[i]]))
            i = e
        return out


def _bracketed_unit(text: str, vocab: Vocab) -> bool:
    t = text.strip()
    return len(t) > 2 and t[0] == "(" and t[-1] == ")" and vocab.is_unit(t[1:-1])


def _complete(name: str) -> bool:
    """Whether a name ends with a measure word (数, 率, 比重, 增长 …: catalogue endings)."""
    from planscope.catalogue.indicators import measure_class, normalize_name

    return measure_class(normalize_name(name)) != "level"

