"""Properties that hold for any input (Hypothesis): the number parser either reads a
numeral right or leaves it alone, and never raises; the table reader gives back any table
rendered in any layout it supports, or reports it unreadable, and never raises."""

from __future__ import annotations

import cn2an
from hypothesis import example, given, settings
from hypothesis import strategies as st

from planscope.extraction.numerals import chinese_to_int
from planscope.extraction.quantities import find_quantities, find_years, parse_number
from planscope.reading.text import fold_width, normalize
from planscope.structure.tables import find_tables

from tablegen import LAYOUTS, Group, Row, Spec

FAST = settings(max_examples=150, deadline=None, derandomize=True)
CJK_TEXT = st.text(alphabet="0123456789.,%%‰～~-—一二三四五六七八九十百千万亿零〇两元个人年月日增长达到约左右以上以内"
                            "地区生产总值比重序号指标属性预期性约束性（）()【】〔〕、，。；：\n \t", max_size=120)


@FAST
@given(st.integers(min_value=0, max_value=10**13 - 1))
@example(20250)
@example(1010)
@example(100000001)
def test_a_chinese_numeral_reads_back_as_its_number(n: int) -> None:
    written = cn2an.an2cn(n)
    assert parse_number(written) == n, written
    assert chinese_to_int(written) == n, written


@FAST
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_an_arabic_number_in_any_writing_reads_back(whole: int, cents: int) -> None:
    value = whole + cents / 100
    for written in (f"{whole:,}.{cents:02d}", f"{whole}.{cents:02d}", _full_width(f"{whole}.{cents:02d}")):
        got = parse_number(written)
        assert got is not None and abs(got - value) <= 1e-9 * max(1.0, value), written


@FAST
@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["亿元", "万人", "%", "个", "万吨"]))
def test_a_quantity_in_a_sentence_is_found_with_its_unit(n: int, unit: str) -> None:
    text = f"到2030年，全市指标达到{n}{unit}左右。"
    found = [q for q in find_quantities(text) if not q.is_year]
    assert len(found) == 1 and found[0].value == n and found[0].unit == unit, (text, found)
    assert [y for y, _, _ in find_years(text)] == [2030]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(CJK_TEXT)
def test_the_number_parser_never_raises(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.start <= q.num_start < q.num_end <= q.end <= len(text)
        assert q.raw == text[q.start:q.end]
    find_years(text)
    parse_number(text)
    chinese_to_int(text)


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else "．" if c == "." else c for c in text)


# ---------------------------------------------------------------- tables

NAMES = ["地区生产总值", "常住人口城镇化率", "森林覆盖率", "研发经费投入强度", "城镇调查失业率", "人均预期寿命",
         "居民人均可支配收入", "粮食综合生产能力", "单位地区生产总值能耗降低", "每千人口执业医师数"]
UNITS = ["%", "亿元", "岁", "万吨", "元", "人"]
VALUE = st.one_of(st.integers(1, 99999).map(str), st.decimals(0, 999, places=1).map(str), st.just("—"))


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    count = draw(st.integers(1, 8))
    names = draw(st.lists(st.sampled_from(NAMES), min_size=count, max_size=count, unique=True))
    rows = tuple(Row(str(i + 1), name, (draw(VALUE), draw(VALUE)), draw(st.sampled_from(["预期性", "约束性"])),
                     unit=draw(st.sampled_from(UNITS)))
                 for i, name in enumerate(names))
    return Spec(caption="表1  示例市“十五五”时期主要指标", columns=("序号", "指标", "单位", "2025年", "2030年", "属性"),
                groups=(Group("", rows),), has_unit=True, has_category=False, note="")


@settings(max_examples=60, deadline=None, derandomize=True)
@given(specs(), st.sampled_from(sorted(LAYOUTS)))
def test_any_table_in_any_layout_reads_back_or_says_so(spec: Spec, layout: str) -> None:
    text = normalize(LAYOUTS[layout](spec)).text
    tables = find_tables(text)
    want = [(r.seq, r.name, r.unit, *r.values, r.attr) for r in spec.groups[0].rows]
    if not tables:  # unreadable: nothing is made up
        return
    (table,) = tables
    got = [tuple(_clean(c) for c in r.cells) for r in table.rows if r.kind == "data"]
    if got != [tuple(_clean(c) for c in w) for w in want]:
        assert table.notes, f"{layout}: rows differ without a note\n{got}\n{want}"


def _clean(cell: str | None) -> str:
    return fold_width(normalize(cell or "").text).replace(" ", "")


@settings(max_examples=200, deadline=None, derandomize=True)
@given(CJK_TEXT)
def test_the_table_reader_never_raises(text: str) -> None:
    for table in find_tables(normalize("表1 主要指标\n序号 指标 单位 2025年 2030年 属性\n" + text).text):
        assert table.start <= table.end
