"""The outline tree: headings of every kind, tables of contents, page markers, line breaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from planscope.reading.text import normalize
from planscope.structure.outline import count_kinds, outline

TOC_AND_CHAPTERS = """某县国民经济和社会发展第十五个五年规划纲要

目  录

第一章  发展基础........................ 1
(一)发展成就........................ 1
第二章  总体要求     5

第一章  发展基础

(一)发展成就。“十四五”时期，全县经济稳步增长，地区生产总值达到320亿元。

— 2 —

(二)面临形势。外部环境复杂多变，发展不平衡不充分问题仍然突出，需要统筹
推进各项工作。

第二章  总体要求

(一)指导思想。坚持稳中求进工作总基调。
(二)主要目标。到2030年，地区生产总值年均增长5.5%左右。
"""

TOC_WITHOUT_PAGES = """某省国民经济和社会发展第十五个五年规划纲要
目录
第一篇　开创现代化建设新局面
第一章　发展环境
第二章　主要目标
第二篇　建设现代化产业体系
第三章　推进新型工业化
第一篇　开创现代化建设新局面
第一章　发展环境
“十四五”时期，我省经济实力、科技实力、综合实力跃上新台阶，人民生活水平持续提高。
第二章　主要目标
到2030年，全省经济总量迈上新台阶，居民收入增长和经济增长同步。
第二篇　建设现代化产业体系
第三章　推进新型工业化
坚持把发展经济的着力点放在实体经济上，加快建设制造强省、质量强省。
"""

ARTICLES = """中共某市委关于制定某市国民经济和社会发展第十五个五年规划的建议
一、取得决定性成就，开启新征程
1.“十四五”时期发展成就。五年来，全市经济总量跨越新台阶。
2. 发展环境。当前和今后一个时期，我市发展仍处于重要战略机遇期。
二、总体要求
3.指导思想。坚持以习近平新时代中国特色社会主义思想为指导。
——经济发展取得新成效。地区生产总值年均增长6%左右。
——改革开放迈出新步伐。营商环境持续优化。
4.主要目标。展望2035年，基本实现社会主义现代化。
全市地区生产总值超过
1.5万亿元，城乡居民收入迈上新台阶。
"""

HEADING_BROKEN = """第一章  全面建成小康社会，开启全面建设社会主义
现代化新征程
(一)发展基础
“十三五”时期，全市经济社会发展取得显著成就，人民生活明显改善，各项事业全面进步。
专栏1  “十四五”重大项目
1.交通项目：新建高速公路3条。
"""


def kinds(text: str) -> dict[str, int]:
    return count_kinds(outline(normalize(text).text))


def test_table_of_contents_with_dot_leaders_and_page_markers_is_skipped() -> None:
    roots = outline(TOC_AND_CHAPTERS)
    assert [r.number for r in roots] == ["第一章", "第二章"]
    assert [c.title for c in roots[0].children] == ["发展成就", "面临形势"]
    assert [c.title for c in roots[1].children] == ["指导思想", "主要目标"]


def test_section_spans_cover_their_body() -> None:
    roots = outline(TOC_AND_CHAPTERS)
    first, second = roots
    assert TOC_AND_CHAPTERS[first.start:].startswith("第一章  发展基础\n\n(一)")
    assert first.end == second.start
    assert "需要统筹" in TOC_AND_CHAPTERS[first.children[1].start:first.children[1].end]


def test_table_of_contents_without_page_numbers_is_dropped() -> None:
    roots = outline(normalize(TOC_WITHOUT_PAGES).text)
    assert [r.number for r in roots] == ["第一篇", "第二篇"]
    assert [c.number for c in roots[0].children] == ["第一章", "第二章"]
    assert [c.number for c in roots[1].children] == ["第三章"]


def test_articles_numbered_across_parts_and_lead_items() -> None:
    roots = outline(ARTICLES)
    assert [r.number for r in roots] == ["一、", "二、"]
    assert [c.ordinal for c in roots[0].children] == [1, 2]
    assert [c.ordinal for c in roots[1].children] == [3, 4]
    assert [c.title for c in roots[1].children[0].children] == ["经济发展取得新成效", "改革开放迈出新步伐"]


def test_number_at_line_start_after_a_hard_break_is_not_a_heading() -> None:
    assert kinds(ARTICLES)["num_item"] == 4


def test_heading_broken_by_pdf_line_break_is_joined_and_boxes_found() -> None:
    roots = outline(normalize(HEADING_BROKEN).text)
    assert roots[0].title == "全面建成小康社会,开启全面建设社会主义现代化新征程"
    assert count_kinds(roots)["box"] == 1


@pytest.mark.parametrize(("name", "top", "counts"), [
    ("000_6c93ff690b8fd3f4.txt", 14, {"cn_item": 14, "num_item": 56}),
    ("001_5294619d250853ef.txt", 7, {"cn_item": 7, "paren_item": 25}),
    ("002_a3b9ef93fe452a72.txt", 13, {"cn_item": 13}),
    ("003_e463bea853180df1.txt", 3, {"cn_item": 3}),
    ("004_0e369cfbaccd2f2f.txt", 10, {"chapter": 10}),
])
def test_corpus_outlines(corpus: Path, name: str, top: int, counts: dict[str, int]) -> None:
    text = normalize((corpus / name).read_text("utf-8")).text
    roots = outline(text)
    assert len(roots) == top
    got = count_kinds(roots)
    for kind, n in counts.items():
        assert got.get(kind) == n, (kind, got)


def test_large_text_is_normalised_block_by_block_without_shifting_offsets() -> None:
    from planscope.reading import text as text_module

    line = "關於推進“十四五”規劃實施的意見（２０２１年）\n"
    big = line * (text_module.CHUNK // len(line) + 50)
    norm = normalize(big)
    assert len(norm.text) == len(big)
    assert norm.text.count("关于推进“十四五”规划实施的意见(2021年)") == big.count(line)
