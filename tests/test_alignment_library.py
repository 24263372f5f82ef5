"""Alignment of a library: the real Hunan corpus (湘乡 under 湘潭 under 湖南; 长沙, 衡阳),
stored runs on SQLite and PostgreSQL, and the command line on plans written here."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from planscope.alignment.store import alignment_view, current_run
from planscope.cli.commands import main
from planscope.library import ingest_paths
from planscope.store import Database, Document

XIANGXIANG, XIANGTAN, HUNAN, NATION = "430381", "430300", "430000", "100000"
CHANGSHA, HENGYANG = "430100", "430400"


@pytest.fixture
def hunan(db: Database, corpus: Path) -> Database:
    outcomes = ingest_paths(db, sorted(corpus.glob("*.txt")))
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
    return db


def _pick(view, lower: str, upper: str, indicator: str):  # type: ignore[no-untyped-def]
    found = [c for c in view.comparisons if (c.lower_code, c.upper_code, c.indicator_id) == (lower, upper, indicator)]
    assert len(found) == 1, f"{lower}→{upper} {indicator}: {[c.relation for c in found]}"
    return found[0]


def test_xiangxiang_is_aligned_with_hunan_and_the_nation_and_the_missing_city_is_reported(hunan: Database) -> None:
    with hunan.session() as session:
        view = alignment_view(session, "湘乡市")
    links = {(link["lower_code"], link["upper_code"]): link for link in view.links}
    assert links[(XIANGXIANG, XIANGTAN)]["status"] == "absent"
    assert links[(XIANGXIANG, HUNAN)]["status"] == "library"
    assert links[(XIANGXIANG, NATION)]["status"] == "reference"
    # R&D spending growth: 湘乡 12.5 % > 湖南 12 % > the nation's "> 7 %"
    for lower, upper in ((XIANGXIANG, HUNAN), (XIANGXIANG, NATION)):
        rd = _pick(view, lower, upper, "rd_spending")
        assert rd.relation == "escalated" and rd.measure == "growth", rd.reason
    assert _pick(view, XIANGXIANG, HUNAN, "rd_spending").escalation == pytest.approx(0.5)
    assert _pick(view, XIANGXIANG, NATION, "rd_spending").escalation == pytest.approx(5.5)
    # 湘乡's energy intensity: "完成省市下达任务", resolved to the nation's 13.5 % (湖南's document sets none)
    for upper in (HUNAN, NATION):
        energy = _pick(view, XIANGXIANG, upper, "energy_intensity")
        assert energy.relation == "inherited" and energy.lower_value == pytest.approx(13.5)
        assert "完成省市下达任务" in (energy.lower_text or "")


def test_the_province_escalates_rd_growth_over_the_nation(hunan: Database) -> None:
    with hunan.session() as session:
        view = alignment_view(session, "湖南省", "rd_spending_growth")
    rd = _pick(view, HUNAN, NATION, "rd_spending")
    assert (rd.relation, rd.lower_value, rd.upper_value) == ("escalated", 12.0, 7.0)


def test_changsha_and_hengyang_are_compared_with_hunan_and_the_nation(hunan: Database) -> None:
    with hunan.session() as session:
        view = alignment_view(session)
    pairs = {(c.lower_code, c.upper_code) for c in view.comparisons}
    for city in (CHANGSHA, HENGYANG):
        assert (city, HUNAN) in pairs and (city, NATION) in pairs
    # 衡阳's proposal sets no number for R&D growth: missing, against both
    assert _pick(view, HENGYANG, HUNAN, "rd_spending").relation == "missing"
    assert {c.relation for c in view.comparisons} <= {"escalated", "consistent", "looser", "missing", "inherited",
                                                      "not_comparable"}


def test_every_comparison_cites_both_sources_exactly(hunan: Database) -> None:
    with hunan.session() as session:
        view = alignment_view(session)
        texts = {d.id: d.original_text for d in session.query(Document)}
    cited = 0
    for c in view.comparisons:
        for src in (c.lower_source, c.upper_source):
            if src is not None and src.doc_id is not None:
                assert texts[src.doc_id][src.start:src.end] == src.quote
                cited += 1
        if c.relation in ("escalated", "consistent", "looser"):
            assert c.lower_source is not None and c.upper_source is not None
    assert cited > 50


def test_changsha_gdp_and_primacy_imply_hunan_gdp(hunan: Database) -> None:
    with hunan.session() as session:
        view = alignment_view(session, "长沙市")
        texts = {d.id: d.original_text for d in session.query(Document)}
    [check] = [c for c in view.implied if c["rule"] == "primacy_gdp"]
    assert check["target_region"] == "湖南省" and check["year"] == 2025
    assert check["implied_value"] == pytest.approx(1.7e12 / 0.30)
    gdp, primacy = check["inputs"]
    assert (gdp["text"], primacy["text"]) == ("1.7万亿元", "30%")
    for i in (gdp, primacy):
        src = i["source"]
        assert texts[src["doc_id"]][src["start"]:src["end"]] == src["quote"]


def test_coverage_of_hunan_strategies_in_changsha_hengyang_and_xiangxiang(hunan: Database) -> None:
    with hunan.session() as session:
        view = alignment_view(session)
        texts = {d.id: d.original_text for d in session.query(Document)}
    rows = [r for r in view.coverage if r["upper_code"] == HUNAN]
    taken = {(r["lower_code"], r["strategy"]) for r in rows if r["match"] != "none"}
    for city in (CHANGSHA, HENGYANG, XIANGXIANG):
        assert (city, "三高四新") in taken
    integration = next(r["strategy"] for r in rows if "长株潭都市圈" in [r["strategy"], *r["aliases"]])
    assert (CHANGSHA, integration) in taken and (XIANGXIANG, integration) in taken
    capital = next(r for r in rows if "强省会" in r["strategy"] and r["lower_code"] == CHANGSHA and r["passages"])
    assert capital["lower_type"] == "decision"  # the 2022 decision takes it up; the 2021 proposal predates it
    for r in rows:
        for p in r["passages"]:
            assert texts[r["lower_doc"]][p["start"]:p["end"]] in (r["found"], *r.get("aliases", []), r["strategy"]) \
                or r["match"] == "fuzzy"


def test_the_run_is_stored_and_recomputed_only_when_the_library_changes(hunan: Database, tmp_path: Path) -> None:
    with hunan.session() as session:
        first = current_run(session)
        first_id, first_at = first.id, first.created_at
    with hunan.session() as session:
        again = current_run(session)
        assert (again.id, again.created_at) == (first_id, first_at)  # read back, not recomputed
    extra = tmp_path / "gz.txt"
    extra.write_text(CITY, "utf-8")
    assert ingest_paths(hunan, [extra])[0].ok
    with hunan.session() as session:
        view = alignment_view(session, "赣州市")
        assert current_run(session).created_at > first_at
    assert any(c.lower_code == "360700" and c.indicator_id == "rd_spending" for c in view.comparisons)


# ---------------------------------------------------------------------------- the command line

PROVINCE = """江西省国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要
（2021年1月29日江西省第十三届人民代表大会第五次会议批准）
第三章  主要目标
到2025年，全省地区生产总值年均增长7%左右，全社会研发经费投入年均增长12%以上，单位地区生产总值能源消耗降低14%，森林覆盖率稳定在63.1%。
"""

CITY = """赣州市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要
（2021年2月5日赣州市第五届人民代表大会第六次会议批准）
第三章  主要目标
到2025年，全市地区生产总值年均增长8%，全社会研发经费投入年均增长15%，单位地区生产总值能源消耗完成省下达任务。
"""

COUNTY = """瑞金市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要
（2021年3月2日瑞金市第十八届人民代表大会第五次会议批准）
第三章  主要目标
到2025年，全市地区生产总值年均增长8.5%，单位地区生产总值能源消耗完成上级下达任务。
加快推进“苏区振兴”工程，积极融入赣南等原中央苏区振兴发展战略。
"""


@pytest.fixture
def chain(tmp_path: Path) -> str:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in (("jx.txt", PROVINCE), ("gz.txt", CITY), ("rj.txt", COUNTY)):
        (docs / name).write_text(text, "utf-8")
    url = f"sqlite:///{tmp_path / 'lib.db'}"
    result = CliRunner().invoke(main, ["--db", url, "ingest", str(docs)])
    assert result.exit_code == 0, result.output
    return url


def test_align_json_has_the_documented_keys_and_relations(chain: str) -> None:
    result = CliRunner().invoke(main, ["--db", chain, "align", "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    keys = {"lower_region", "upper_region", "indicator_id", "indicator", "relation", "lower_value", "upper_value",
            "measure", "difference", "reason"}
    assert records and all(keys <= set(r) for r in records)
    by = {(r["lower_region"], r["upper_region"], r["indicator_id"]): r for r in records}
    assert by[("瑞金市", "赣州市", "gdp")]["relation"] == "escalated"  # 8.5 over 8
    assert by[("赣州市", "江西省", "gdp")]["difference"] == pytest.approx(1.0)
    assert by[("赣州市", "江西省", "rd_spending")]["relation"] == "escalated"
    energy = by[("瑞金市", "赣州市", "energy_intensity")]
    assert energy["relation"] == "inherited" and energy["lower_value"] == pytest.approx(14)  # via 江西省
    assert by[("瑞金市", "江西省", "forest_coverage")]["relation"] == "missing"


def test_align_filters_and_other_formats(chain: str, tmp_path: Path) -> None:
    runner = CliRunner()
    only = json.loads(runner.invoke(main, ["--db", chain, "align", "--region", "瑞金市", "--indicator", "gdp_growth",
                                           "--format", "json"]).output)
    assert {r["indicator_id"] for r in only} == {"gdp"}
    assert {r["lower_region"] for r in only} == {"瑞金市"}
    gaps = json.loads(runner.invoke(main, ["--db", chain, "align", "--relation", "missing", "--relation", "inherited",
                                           "--format", "json"]).output)
    assert gaps and {r["relation"] for r in gaps} == {"missing", "inherited"}
    csv_out = runner.invoke(main, ["--db", chain, "align", "--format", "csv"]).output
    assert csv_out.splitlines()[0].startswith("lower_region,") and "escalated" in csv_out
    xlsx = tmp_path / "align.xlsx"
    result = runner.invoke(main, ["--db", chain, "align", "--format", "xlsx", "-o", str(xlsx)])
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(xlsx)
    assert workbook.sheetnames == ["指标比较", "衔接链", "推算校验", "加码统计", "战略落实"]
    header = [c.value for c in workbook["指标比较"][1]]
    assert header[:3] == ["lower_region", "lower_code", "upper_region"] and workbook["指标比较"].max_row > 5
    table = runner.invoke(main, ["--db", chain, "align"]).output
    assert "加码 escalated" in table and "规划衔接链" in table


def test_align_stats_and_strategies(chain: str) -> None:
    runner = CliRunner()
    stats = json.loads(runner.invoke(main, ["--db", chain, "align", "stats", "--format", "json"]).output)
    county_city = next(r for r in stats if r["levels"] == "县→市" and r["category"] == "全部 all")
    assert county_city["share_escalating"] == 1.0 and county_city["mean"] == pytest.approx(0.5)
    assert "层层加码" in runner.invoke(main, ["--db", chain, "align", "stats"]).output
    implied = runner.invoke(main, ["--db", chain, "align", "implied", "--format", "json"])
    assert implied.exit_code == 0 and isinstance(json.loads(implied.output), list)
    coverage = json.loads(runner.invoke(main, ["--db", chain, "align", "strategies", "--format", "json"]).output)
    assert any(r["lower_region"] == "瑞金市" and r["upper_region"] == "中华人民共和国" for r in coverage)


def test_align_rejects_an_unknown_region_in_one_line(chain: str) -> None:
    result = CliRunner().invoke(main, ["--db", chain, "align", "--region", "不存在市"])
    assert result.exit_code == 1 and "不存在市" in result.output and "Traceback" not in result.output


def test_a_plan_without_a_period_is_reported_not_silently_left_out(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("瑞金市关于推进苏区振兴发展的实施意见\n加快推进苏区振兴，地区生产总值年均增长7%。\n", "utf-8")
    url = f"sqlite:///{tmp_path / 'lib.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", url, "ingest", str(note), "--type", "opinion"]).exit_code == 0
    table = runner.invoke(main, ["--db", url, "align"]).output
    assert "未识别规划期，未参与衔接" in table and "note.txt" in table
    fixed = runner.invoke(main, ["--db", url, "ingest", str(note), "--type", "opinion", "--period", "十五五"])
    assert fixed.exit_code == 0, fixed.output
    assert "未参与衔接" not in runner.invoke(main, ["--db", url, "align"]).output


def test_a_baseline_entered_for_the_province_turns_the_implied_gdp_into_growth(hunan: Database) -> None:
    """湖南's 2020 GDP (4.18万亿元) entered by a person: 长沙's 1.7万亿元 at 30 % primacy then
    needs (5.667 ÷ 4.178)^(1/5) − 1, about 6.3 % a year, of the province."""
    from planscope.monitoring.observations import add_observation

    with hunan.session() as session:
        add_observation(session, "湖南省", "地区生产总值", 2020, "41781.5", "亿元", "统计局 张三")
    with hunan.session() as session:
        [check] = [c for c in alignment_view(session, "长沙市").implied if c["rule"] == "primacy_gdp"]
    assert check["baseline"] == pytest.approx(4.17815e12)
    expected = ((1.7e12 / 0.3 / 4.17815e12) ** 0.2 - 1) * 100
    assert check["implied_growth"] == pytest.approx(expected)
    assert f"{expected:.2f}%" in check["note"] and "张三" in check["baseline_source"]


def test_align_says_when_a_filter_matches_nothing(chain: str) -> None:
    result = CliRunner().invoke(main, ["--db", chain, "align", "--indicator", "不存在的指标"])
    assert result.exit_code == 0 and "没有符合" in result.output and "不存在的指标" in result.output
