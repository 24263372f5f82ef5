"""Scoring extracted targets and actuals against hand annotations (planscope.extraction.evaluation).

Small gold files are written inline, one trap per test; the last tests score the real
annotations in shared/eval against themselves.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from planscope.errors import PlanscopeError
from planscope.extraction.evaluation import Gold, load_gold, name_overlap, names_match, score, values_agree

MakeGold = Callable[[dict[str, Any]], Gold]


def target(line: int, indicator: str, value_normalized: Any, year: int | None = 2025, *,
           confidence: str | None = "core", value: Any = None, unit: str | None = None) -> dict[str, Any]:
    item = {"line": line, "quote": f"{indicator}…", "indicator": indicator,
            "value": value_normalized if value is None else value, "unit": unit,
            "value_normalized": value_normalized, "kind": "level", "comparator": "=", "target_year": year,
            "year_explicit": year is not None, "source": "prose", "notes": ""}
    if confidence is not None:
        item["confidence"] = confidence
    return item


def actual(line: int, indicator: str, value_normalized: Any, year: int = 2024, *,
           confidence: str | None = None) -> dict[str, Any]:
    item = target(line, indicator, value_normalized, confidence=confidence)
    del item["target_year"]
    return {**item, "year": year}


def pred(indicator: str, value_normalized: Any, year: int | None = 2025, *, doc: str = "a.txt", start: int = 0,
         year_key: str = "target_year", **extra: Any) -> dict[str, Any]:
    return {"doc": doc, "indicator": indicator, "value_normalized": value_normalized, year_key: year,
            "value": value_normalized, "unit": None, "quote": f"{indicator}…", "start": start,
            "end": start + len(indicator), **extra}


@pytest.fixture
def make_gold(tmp_path: Path) -> MakeGold:
    """Write ``{"documents": …}`` to a file and load it, so every test also goes through load_gold."""
    def make(documents: dict[str, Any]) -> Gold:
        path = tmp_path / "gold.json"
        path.write_text(json.dumps({"corpus": "test", "documents": documents}, ensure_ascii=False), "utf-8")
        return load_gold(path)
    return make


def one_doc(*targets: dict[str, Any]) -> dict[str, Any]:
    return {"a.txt": {"region": "甲市", "targets": list(targets), "actuals": [], "tables": []}}


# ---------------------------------------------------------------- the name rule


@pytest.mark.parametrize(("a", "b"), [
    ("地区生产总值", "地区生产总值"),
    ("研发经费投入", "全社会研发经费投入"),  # containment
    ("集聚顶尖人才", "集聚顶尖人才数（每年）"),  # containment after dropping brackets
    ("地区生产总值（GDP）年均增长率", "地区生产总值年均增长率"),  # a qualifier dropped in the middle
    ("居民人均可支配收入增速", "居民人均可支配收入年均增速"),  # a word inserted: 11/11
    ("城区人口规模", "城市人口规模(城区)"),  # reordered: 6/6
    ("地区生产总值增速", "地区生产总值年均增长率"),  # one-character synonym: 7/8
    ("製造業增加值佔地區生產總值比重", "制造业增加值占地区生产总值比重"),  # Traditional vs Simplified
    ("ＧＤＰ增速", "gdp增速"),  # full width and case
    ("每千人口拥有执业（助理）医师数", "每千人口拥有医护人员数：执业（助理）医师数"),
])
def test_names_that_match(a: str, b: str) -> None:
    assert names_match(a, b) and names_match(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("常住人口城镇化率", "户籍人口城镇化率"),  # 6/8 = 0.75 < 0.8
    ("新增首店数", "新增有实绩外贸企业数"),  # shared affixes only: 3/5
    ("单位GDP能源消耗降幅", "单位GDP二氧化碳排放降幅"),  # 7/11
    ("第一产业增加值", "第二产业增加值"),  # 6/7, but the missing character is a numeral
    ("新增国家3A级旅游景区", "新增国家4A级旅游景区"),  # 10/11, a numeral
    ("单位GDP能耗", "单位地区生产总值能耗"),  # a synonym without shared characters
    ("率", "森林覆盖率"),  # a one-character name matches nothing
    ("", "森林覆盖率"),
    ("（）", "森林覆盖率"),  # nothing left after dropping punctuation
])
def test_names_that_do_not_match(a: str, b: str) -> None:
    assert not names_match(a, b) and not names_match(b, a)


def test_name_overlap_is_shared_characters_over_the_shorter_name() -> None:
    assert name_overlap("常住人口城镇化率", "户籍人口城镇化率") == pytest.approx(6 / 8)
    assert name_overlap("研发经费投入", "全社会研发经费投入") == 1.0
    assert name_overlap("地区生产总值增速", "地区生产总值年均增长率") == pytest.approx(7 / 8)
    assert name_overlap("人口人口", "人口") == 1.0  # containment
    assert name_overlap("人人口口", "人口口口") == pytest.approx(3 / 4)  # counted as multisets


# ---------------------------------------------------------------- sources and annotated parts


def test_recall_per_source_and_precision_within_the_annotated_parts(make_gold: MakeGold) -> None:
    """Only a table (lines 100-120) and a goals paragraph (line 50) are annotated: a miss in the
    table lowers table recall only; a false hit at line 400 lowers P, not P within the parts."""
    table = [{**target(100 + i, f"指标{name}", 10.0 + i), "source": "table:主要指标"}
             for i, name in enumerate("甲乙丙丁")]
    gold = make_gold({"a.txt": {"targets": [*table, target(50, "地区生产总值年均增长", 5.0)],
                                "tables": [{"table": "主要指标", "title_line": 98, "rows": [{"first_line": 120}]}]}})
    preds = [pred("指标甲", 10.0, line=100), pred("指标乙", 11.0, line=101), pred("指标丙", 12.0, line=102),
             pred("地区生产总值年均增长", 5.0, line=50),
             pred("森林覆盖率", 60, line=400), pred("常住人口", 1e6, line=118)]
    report = score(gold, preds)
    (doc,) = report.documents
    assert doc.by_source["table"].recall == pytest.approx(3 / 4) and doc.by_source["prose"].recall == 1.0
    assert doc.counts.precision == pytest.approx(4 / 6)
    assert doc.scoped.precision == pytest.approx(4 / 5)  # 常住人口 at line 118 is inside the table
    assert report.to_dict()["recall_by_source"] == {"table": pytest.approx(3 / 4), "prose": 1.0}
    assert "R table" in report.render_text()


def test_a_target_in_the_table_and_in_the_text_pairs_each_statement_with_its_own(make_gold: MakeGold) -> None:
    """数字贸易额 5000 in the table (line 250) and in the goals text (line 20): the table's
    record pairs with the table's annotation, whatever the order, so a third mention
    elsewhere (line 700) is the one left over — outside the annotated parts."""
    gold = make_gold({"a.txt": {"targets": [{**target(250, "数字贸易额", 5e11), "source": "table:主要指标"},
                                            target(20, "数字贸易额", 5e11)]}})
    preds = [pred("数字贸易额", 5e11, line=700, source="prose"), pred("数字贸易额", 5e11, line=20, source="prose"),
             pred("数字贸易额(亿元)", 5e11, line=252, source="table:主要指标")]
    for order in (preds, preds[::-1]):
        (doc,) = score(gold, order).documents
        assert (doc.counts.tp, doc.counts.fp, doc.scoped.fp) == (2, 1, 0)


def test_the_same_number_in_the_same_written_unit_agrees(make_gold: MakeGold) -> None:
    """32亿斤 normalised to jin by one side and to tonnes by the other is one target."""
    gold = make_gold(one_doc(target(10, "粮食综合生产能力", 3.2e9, 2030, value="32", unit="亿斤"),
                             target(11, "能源综合生产能力", 400, 2030, value="400", unit="万吨标煤")))
    report = score(gold, [pred("粮食综合生产能力", 1.6e6, 2030, value="32", unit="亿斤"),
                          pred("能源综合生产能力", 4e6, 2030, value="400", unit="万吨")])  # another unit
    assert (report.overall.tp, report.overall.fn) == (1, 1)


# ---------------------------------------------------------------- the value rule


@pytest.mark.parametrize(("gold", "predicted", "agree"), [
    (1.7e12, 1.7e12, True),
    (1.7e12, 1.7e12 * (1 + 5e-7), True),  # relative difference under 1e-6
    (1.7e12, 1.7e12 * (1 + 2e-6), False),
    (30.0, 30, True),
    (0.0, 0.0, True),
    (0.0, 1e-9, False),  # relative to the larger: a difference of 100%
    (-0.8, 0.8, False),  # a decline is signed
    (None, None, True),  # inherited target, no number on either side
    (None, 0.0, False),
    (13.5, None, False),
    ((3.0, 5.0), (3.0, 5.0), True),  # range against range: both bounds
    ((3.0, 5.0), (3.0, 6.0), False),
    ((3.0, 5.0), 3.0, True),  # range against a number: either bound
    ((3.0, 5.0), 5.0, True),
    ((3.0, 5.0), 4.0, False),
    (1.0, (1.0, 2.0), True),  # a range predicted for a gold 1—2个 recorded as 1 with >=
    ((3.0, 5.0), None, False),
])
def test_values_agree(gold: Any, predicted: Any, agree: bool) -> None:
    assert values_agree(gold, predicted) is agree


# ---------------------------------------------------------------- scoring


def test_exact_match(make_gold: MakeGold) -> None:
    gold = make_gold(one_doc(target(10, "地区生产总值", 1.7e12, value=1.7, unit="万亿元")))
    report = score(gold, [pred("地区生产总值", 1.7e12)])
    o = report.overall
    assert (o.tp, o.fp, o.fn, o.neutral) == (1, 0, 0, 0)
    assert (o.precision, o.recall, o.f1) == (1.0, 1.0, 1.0)
    assert report.misses == () and report.false_hits == ()


def test_name_containment_matches(make_gold: MakeGold) -> None:
    gold = make_gold(one_doc(target(3, "全社会研发经费投入年均增长", 7.5, 2030)))
    report = score(gold, [pred("研发经费投入年均增长", 7.5, 2030)])
    assert (report.overall.tp, report.overall.fp) == (1, 0)


def test_name_mismatch_is_a_miss_and_a_false_hit(make_gold: MakeGold) -> None:
    gold = make_gold(one_doc(target(5, "常住人口城镇化率", 75)))
    report = score(gold, [pred("户籍人口城镇化率", 75, start=40)])
    o = report.overall
    assert (o.tp, o.fp, o.fn) == (0, 1, 1)
    assert (o.precision, o.recall, o.f1) == (0.0, 0.0, 0.0)
    miss, = report.misses
    assert (miss.doc, miss.line, miss.indicator, miss.value) == ("a.txt", 5, "常住人口城镇化率", 75)
    assert miss.nearest is not None and "name differs" in miss.nearest
    hit, = report.false_hits
    assert (hit.doc, hit.indicator, hit.start, hit.reason) == ("a.txt", "户籍人口城镇化率", 40, "no gold")


def test_value_within_relative_tolerance(make_gold: MakeGold) -> None:
    gold = make_gold(one_doc(target(1, "地区生产总值", 5.0024e10), target(2, "一般公共预算收入", 3.1e10)))
    report = score(gold, [pred("地区生产总值", 500.24 * 1e8),  # 50024000000.000008 in floating point
                          pred("一般公共预算收入", 3.1e10 * 1.00001)])  # 1e-5 off: another number
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 1, 1)
    assert report.misses[0].nearest is not None and "value differs" in report.misses[0].nearest


def test_year_mismatch(make_gold: MakeGold) -> None:
    gold = make_gold(one_doc(target(1, "地区生产总值", 1.7e12, 2025), target(2, "集聚顶尖人才数（每年）", 10, None)))
    report = score(gold, [pred("地区生产总值", 1.7e12, 2030), pred("集聚顶尖人才数", 10, None)])
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 1, 1)  # no year on both sides agrees
    assert report.misses[0].indicator == "地区生产总值"
    assert "year differs" in (report.misses[0].nearest or "")
    assert report.false_hits[0].year == 2030


def test_duplicate_predictions_count_once(make_gold: MakeGold) -> None:
    gold = make_gold(one_doc(target(1, "森林覆盖率", 59)))
    report = score(gold, [pred("森林覆盖率", 59, start=10), pred("森林覆盖率", 59, start=90)])
    o = report.overall
    assert (o.tp, o.fp, o.fn) == (1, 1, 0)
    assert o.precision == 0.5 and o.recall == 1.0
    hit, = report.false_hits
    assert hit.reason == "duplicate" and hit.start == 90


def test_borderline_hit_is_neither_hit_nor_false_hit(make_gold: MakeGold) -> None:
    gold = make_gold(one_doc(target(1, "森林覆盖率", 59), target(2, "原生生活垃圾填埋量", 0, confidence="borderline")))
    report = score(gold, [pred("森林覆盖率", 59), pred("原生生活垃圾填埋量", 0)])
    o = report.overall
    assert (o.tp, o.fp, o.fn, o.neutral) == (1, 0, 0, 1)
    assert (o.precision, o.recall) == (1.0, 1.0)
    only_borderline = score(gold, [pred("原生生活垃圾填埋量", 0)])
    assert only_borderline.overall.precision is None  # nothing counted either way
    assert only_borderline.overall.recall == 0.0


def test_borderline_miss_is_not_a_miss(make_gold: MakeGold) -> None:
    gold = make_gold(one_doc(target(2, "全国县域经济百强县排名", 20, confidence="borderline")))
    report = score(gold, [])
    assert report.misses == () and report.overall.fn == 0 and report.overall.recall is None


def test_core_gold_wins_a_prediction_both_could_take(make_gold: MakeGold) -> None:
    gold = make_gold(one_doc(target(1, "城区人口规模", 4e5, confidence="borderline"), target(2, "城区人口规模", 4e5)))
    report = score(gold, [pred("城区人口规模", 4e5)])
    assert (report.overall.tp, report.overall.neutral, report.overall.fn) == (1, 0, 0)


def test_maximum_matching_not_first_come(make_gold: MakeGold) -> None:
    # "城区人口规模" agrees with both gold items and is closest to the first; "城区人口规模总量"
    # agrees with the first only (6/8 shared with the second).  A greedy pairing would give
    # the first prediction to the first item and leave the second item unmatched.
    gold = make_gold(one_doc(target(1, "城区人口规模", 4e5), target(2, "城市人口规模(城区)", 4e5)))
    preds = [pred("城区人口规模", 4e5), pred("城区人口规模总量", 4e5)]
    for order in (preds, preds[::-1]):
        report = score(gold, order)
        assert (report.overall.tp, report.overall.fp, report.overall.fn) == (2, 0, 0)


def test_figures_do_not_depend_on_prediction_order(make_gold: MakeGold) -> None:
    gold = make_gold(one_doc(*(target(i, name, 100) for i, name in enumerate(
        ["基本养老保险参保率", "综合电压合格率", "城区入户宽带速率", "公共区域WLAN覆盖率", "村级儿童之家覆盖率"]))))
    preds = [pred(name, 100) for name in ["养老保险参保率", "电压合格率", "宽带速率", "WLAN覆盖率", "覆盖率",
                                          "儿童之家覆盖率", "村级儿童之家覆盖率", "森林覆盖率"]]
    figures = set()
    rng = random.Random(7)
    for _ in range(20):
        rng.shuffle(preds)
        o = score(gold, preds).overall
        figures.add((o.tp, o.fp, o.fn))
    assert figures == {(5, 3, 0)}


def test_inherited_targets_without_numbers(make_gold: MakeGold) -> None:
    gold = make_gold(one_doc(
        target(1051, "单位GDP能源消耗降幅", None, value="完成省市下达任务", unit="%"),
        target(1063, "单位GDP二氧化碳排放降幅", None, value="完成省市下达任务", unit="%"),
        target(995, "劳动年龄人口平均受教育年限", None, value="省目标"),
    ))
    report = score(gold, [
        pred("单位GDP能源消耗降低", None),  # 9/10 shared with its own name, 6/10 with the other
        pred("单位GDP二氧化碳排放降幅", 18.0),  # a number where the plan gives none
        pred("劳动年龄人口平均受教育年限", "省目标"),  # not a number: counts as None
    ])
    o = report.overall
    assert (o.tp, o.fp, o.fn) == (2, 1, 1)
    assert [m.line for m in report.misses] == [1063]
    assert report.misses[0].value == "完成省市下达任务"


def test_ranges(make_gold: MakeGold) -> None:
    gold = make_gold(one_doc(
        target(1437, "不停车超限检测非现场执法系统", [10, 15], value="10-15", unit="处"),
        target(1173, "龙头企业数", [3, 5], value="3-5", unit="家"),
        target(1174, "国际入境展览数", 1, None),
        target(1175, "示范园区数", [2, 4]),
    ))
    report = score(gold, [
        pred("不停车超限检测非现场执法系统", None, low=10, high=15),  # both bounds
        pred("龙头企业数", 3),  # one bound
        pred("国际入境展览数", None, None, low=1, high=2),  # a range for a gold lower bound
        pred("示范园区数", 3),  # inside the range is not a bound
    ])
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (3, 1, 1)
    assert [m.line for m in report.misses] == [1175]
    assert score(gold, [pred("龙头企业数", [3, 5])]).overall.tp == 1  # a [low, high] value


def test_per_document_and_overall(make_gold: MakeGold) -> None:
    gold = make_gold({
        "a.txt": {"targets": [target(1, "地区生产总值", 1.7e12), target(2, "常住人口城镇化率", 75),
                              target(3, "首位度", 30), target(4, "原生生活垃圾填埋量", 0, confidence="borderline")]},
        "b.txt": {"targets": [target(5, "森林覆盖率", 59), target(6, "居民人均可支配收入年均增速", 8.5)]},
        "c.txt": {"targets": [target(7, "粮食综合生产能力", 1e6)]},  # no predictions at all
        "d.txt": {"targets": []},
    })
    preds = [
        pred("地区生产总值", 1.7e12), pred("常住人口城镇化率", 75), pred("人均地区生产总值", 1.5e5),
        pred("原生生活垃圾填埋量", 0),
        pred("森林覆盖率", 59, doc="/data/plans/b.txt"), pred("居民人均可支配收入增速", 8.5, doc="b.txt"),
        pred("森林覆盖率", 60, doc="b.txt"), pred("城镇化率", 70, doc="b.txt"),
        pred("地区生产总值", 1e12, doc="x.txt"), pred("首位度", 30, doc="x.txt"),
    ]
    report = score(gold, preds)
    docs = {d.doc: d for d in report.documents}
    assert list(docs) == ["a.txt", "b.txt", "c.txt", "d.txt"]
    a, b, c, d = (docs[f"{n}.txt"].counts for n in "abcd")
    assert (a.tp, a.fp, a.fn, a.neutral) == (2, 1, 1, 1)
    assert (a.precision, a.recall, a.f1) == (pytest.approx(2 / 3), pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert (b.tp, b.fp, b.fn) == (2, 2, 0) and (b.precision, b.recall) == (0.5, 1.0)
    assert (c.tp, c.fp, c.fn) == (0, 0, 1) and c.precision is None and c.recall == 0.0 and c.f1 == 0.0
    assert (d.tp, d.fp, d.fn) == (0, 0, 0) and (d.precision, d.recall, d.f1) == (None, None, None)
    assert (docs["a.txt"].gold_core, docs["a.txt"].predictions) == (3, 4)
    assert (docs["b.txt"].gold_core, docs["b.txt"].predictions) == (2, 4)
    o = report.overall
    assert (o.tp, o.fp, o.fn, o.neutral) == (4, 3, 2, 1)
    assert (o.precision, o.recall, o.f1) == (pytest.approx(4 / 7), pytest.approx(4 / 6), pytest.approx(8 / 13))
    assert [(m.doc, m.line) for m in report.misses] == [("a.txt", 3), ("c.txt", 7)]
    assert [(f.doc, f.indicator) for f in report.false_hits] == [
        ("a.txt", "人均地区生产总值"), ("b.txt", "森林覆盖率"), ("b.txt", "城镇化率")]
    assert report.ignored == {"x.txt": 2}

    as_json = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert as_json["what"] == "targets" and as_json["gold"].endswith("gold.json")
    assert as_json["overall"] == {"tp": 4, "fp": 3, "fn": 2, "neutral": 1, "precision": pytest.approx(4 / 7),
                                  "recall": pytest.approx(4 / 6), "f1": pytest.approx(8 / 13)}
    assert as_json["documents"][2].items() >= {"doc": "c.txt", "gold_core": 1, "predictions": 0, "tp": 0, "fp": 0,
                                               "fn": 1, "neutral": 0, "precision": None, "recall": 0.0,
                                               "f1": 0.0}.items()
    assert as_json["misses"][0] == {"doc": "a.txt", "line": 3, "indicator": "首位度", "value": 30, "unit": None,
                                    "year": 2025, "quote": "首位度…", "nearest": None}
    assert as_json["false_hits"][0]["start"] == 0 and as_json["ignored"] == {"x.txt": 2}

    text = report.render_text()
    for heading in ("文档 / document", "合计 / overall", "漏报 / misses (2)", "误报 / false hits (3)",
                    "a.txt", "c.txt:7", "首位度", "x.txt (2 predictions)"):
        assert heading in text
    overall_line = next(line for line in text.splitlines() if line.startswith("合计 / overall"))
    assert overall_line.split()[3:10] == ["4", "3", "2", "1", "0.571", "0.667", "0.615"]


def test_actuals_use_year_and_score_core_only(make_gold: MakeGold) -> None:
    gold = make_gold({"bulletin.txt": {"targets": [], "actuals": [
        actual(5, "地区生产总值", 1.6355e12, 2021, confidence="core"),
        actual(7, "常住人口", 9.4234e6, 2021),  # no confidence: core
        actual(9, "第二产业增加值", 7.6, 2021, confidence="extra"),
    ]}})
    preds = [pred("地区生产总值", 1.6355e12, 2021, doc="bulletin.txt", year_key="year"),
             pred("第二产业增加值", 7.6, 2021, doc="bulletin.txt", year_key="year"),
             pred("第三产业增加值", 7.6, 2021, doc="bulletin.txt", year_key="year")]
    report = score(gold, preds, what="actuals")
    o = report.overall
    assert (o.tp, o.fp, o.fn, o.neutral) == (1, 1, 1, 1)
    assert report.misses[0].indicator == "常住人口"
    assert report.false_hits[0].indicator == "第三产业增加值"
    # the same records read as targets: the document has no targets
    assert score(gold, preds).overall.fp == 3


def test_predicted_target_year_falls_back_to_year(make_gold: MakeGold) -> None:
    gold = make_gold(one_doc(target(1, "首位度", 30, 2025)))
    record = pred("首位度", 30, 2025, year_key="year")  # as TargetRecord.as_dict() names it
    assert score(gold, [record]).overall.tp == 1
    assert score(gold, [{**record, "target_year": None}]).overall.tp == 0  # target_year wins when present


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(("content", "problem"), [
    ('{"documents": {"a.txt": {"targets": [', "not valid JSON"),
    ("[1, 2]", "'documents'"),
    ('{"corpus": "x"}', "missing key 'documents'"),
    ('{"documents": {"a.txt": []}}', "documents['a.txt'] must be an object"),
    ('{"documents": {"a.txt": {"targets": {}}}}', "targets must be a list"),
])
def test_malformed_gold_file(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content, "utf-8")
    with pytest.raises(PlanscopeError) as err:
        load_gold(path)
    message = str(err.value)
    assert "broken.json" in message and problem in message and "\n" not in message


@pytest.mark.parametrize(("change", "problem"), [
    (lambda t: t.pop("indicator"), "targets[1]: missing key 'indicator'"),
    (lambda t: t.pop("target_year"), "targets[1]: missing key 'target_year'"),
    (lambda t: t.update(value_normalized="1.7万亿"), "'value_normalized' must be a number, null or [low, high]"),
    (lambda t: t.update(value_normalized=[1, 2, 3]), "'value_normalized' must be"),
    (lambda t: t.update(target_year="2025年"), "'target_year' must be an integer or null"),
    (lambda t: t.update(confidence="maybe"), "'confidence' must be one of core, borderline, extra"),
    (lambda t: t.update(line="38"), "'line' must be an integer"),
])
def test_bad_gold_item(tmp_path: Path, change: Callable[[dict[str, Any]], Any], problem: str) -> None:
    bad = target(2, "首位度", 30)
    change(bad)
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"documents": {"a.txt": {"targets": [target(1, "x指标", 1), bad]}}}), "utf-8")
    with pytest.raises(PlanscopeError, match=r"gold\.json: .*documents\['a\.txt'\]\.") as err:
        load_gold(path)
    assert problem in str(err.value)


def test_missing_gold_file(tmp_path: Path) -> None:
    with pytest.raises(PlanscopeError, match=r"nowhere\.json: .*cannot read the annotation file"):
        load_gold(tmp_path / "nowhere.json")


def test_bad_arguments_to_score(make_gold: MakeGold) -> None:
    gold = make_gold(one_doc(target(1, "首位度", 30)))
    with pytest.raises(PlanscopeError, match="cannot score 'plans'"):
        score(gold, [], what="plans")
    with pytest.raises(PlanscopeError, match=r"prediction #2: .*'doc'"):
        score(gold, [pred("首位度", 30), {"indicator": "首位度"}])


# ---------------------------------------------------------------- the real annotations


def as_predictions(gold: Gold, what: str) -> list[dict[str, Any]]:
    """Every gold item of ``what`` as the record planscope would print for it."""
    year_key = "target_year" if what == "targets" else "year"
    records = []
    for doc in gold.documents.values():
        for item in doc.items(what):
            value = item.value_normalized
            records.append({"doc": doc.name, "indicator": item.indicator, year_key: item.year,
                            "value_normalized": list(value) if isinstance(value, tuple) else value,
                            "value": item.value, "unit": item.unit, "quote": item.quote, "start": 0, "end": 0})
    return records


@pytest.mark.parametrize("what", ["targets", "actuals"])
@pytest.mark.parametrize("name", ["corpus.json", "corpus-dev.json"])
def test_real_gold_scored_against_itself(eval_dir: Path, name: str, what: str) -> None:
    if not (eval_dir / name).is_file():
        pytest.skip(f"{name} not found in {eval_dir}")
    gold = load_gold(eval_dir / name)
    records = as_predictions(gold, what)
    report = score(gold, records, what=what)
    core = sum(item.core for doc in gold.documents.values() for item in doc.items(what))
    o = report.overall
    assert (o.tp, o.fp, o.fn, o.neutral) == (core, 0, 0, len(records) - core)
    assert o.precision == o.recall == 1.0
    assert report.misses == () and report.false_hits == () and report.ignored == {}
    assert score(gold, records[::-1], what=what).overall == o
