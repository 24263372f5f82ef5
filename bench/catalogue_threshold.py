"""Fuzzy threshold of the indicator catalogue: the figures behind ``catalogue.THRESHOLD``.

    .venv/bin/python bench/catalogue_threshold.py [--eval DIR] [--show THRESHOLD]

Reads every indicator name annotated in ``DIR/*.json`` (targets, actuals and table rows
of shared/eval; default: the ``eval`` folder beside ``$PLANSCOPE_CORPUS``, else
``../shared/eval`` from the repository root) and the hand-labelled names below (names from
the annotations, false friends, unrelated names), and prints for thresholds 60..95:

* how many distinct annotated names match some indicator, and how many of those only by
  the fuzzy step;
* how many labelled names match the wrong indicator (or match when they should not), and
  how many labelled names that should match do not.

``--show T`` lists every annotated name with its match at threshold T, and the labelled
names that go wrong, to review by eye. The script also times 10,000 ``match`` calls.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from planscope.catalogue.indicators import THRESHOLD, Catalogue, load_catalogue

ROOT = Path(__file__).resolve().parents[1]
_CORPUS = os.environ.get("PLANSCOPE_CORPUS")
DEFAULT_EVAL = (Path(_CORPUS).parent / "eval") if _CORPUS else (ROOT / "../shared/eval")

# Names as annotated in shared/eval, with the indicator they stand for (None: none in the
# catalogue). Most are not literally aliases; they are the forms that exercise the
# contains and fuzzy steps.
LABELLED_FROM_ANNOTATIONS: dict[str, str | None] = {
    "地区生产总值年均增速": "gdp_growth",
    "地区生产总值（GDP）年均增长率": "gdp_growth",
    "人均地区生产总值（美元）": "gdp_per_capita",
    "全员劳动力生产率": "labour_productivity",
    "制造业增加值占地区生产总值比重": "manufacturing_share",
    "财政总收入年均增速": "fiscal_total_revenue_growth",
    "全社会研发经费投入": "rd_spending",
    "全社会研发经费投入年均增长": "rd_spending_growth",
    "研发经费支出占地区生产总值比重": "rd_intensity",
    "每万人口拥有高价值发明专利数": "high_value_invention_patents_per_10k",
    "规上数字经济核心产业企业营业收入占比": "digital_core_revenue_share",
    "居民人均可支配收入年均增速": "disposable_income_growth",
    "城镇新增就业（累计）": "new_urban_jobs",
    "新增城镇就业人数": "new_urban_jobs",
    "学前三年毛入园率": "preschool_gross_enrolment",
    "每千人口拥有医护人员数：执业（助理）医师数": "doctors_per_1000",
    "每千人拥有执业(助理)医师数": "doctors_per_1000",
    "每千人拥有医疗机构床位数": "beds_per_1000",
    "每千人口拥有0－3岁婴幼儿托位数": "nursery_places_per_1000",
    "每千名老人拥有养老服务床位数": "elderly_beds_per_1000_elderly",
    "城乡基本养老保险覆盖率": "basic_pension_coverage",
    "单位地区生产总值能源消耗": "energy_intensity",
    "单位GDP二氧化碳排放降幅": "co2_intensity_reduction",
    "空气质量达到优良天数比例": "good_air_days_ratio",
    "城市空气质量达标率": "good_air_days_ratio",
    "地级及以上城市细颗粒物（PM2.5）浓度": "pm25",
    "地表水国省考断面水质达到或优于Ⅲ类水体比例": "surface_water_good_share",
    "地表水国省考断面水质优良比例": "surface_water_good_share",
    "城市人均公共绿地面积": "green_space_per_capita",
    "万元GDP用水量降幅": "water_use_per_10k_gdp_reduction",
    "农业灌溉用水利用系数": "irrigation_efficiency",
    "生产安全事故：起数下降": "safety_accidents_reduction",
    "亿元GDP生产安全事故死亡率": "safety_deaths_per_100m_gdp",
    "人民群众安全感": "public_sense_of_security",
    "居民消费价格指数（CPI）": "cpi",
    "市域常住人口": "resident_population",
    "全市电子商务交易额": "ecommerce_transactions",
    "南京港货物吞吐量": "port_cargo_throughput",
    "南京港集装箱吞吐量": "container_throughput",
    "禄口国际机场货邮吞吐量": "airport_cargo",
    "A股上市公司数量": "listed_companies",
    "备案博物馆数量": "museums",
    "城市人口规模(城区)": "urban_district_population",
    "可再生能源装机规模": "renewable_capacity",
    "适龄儿童国家免疫规划疫苗接种率": "immunisation_rate",
    # in the annotations, but not catalogue indicators (or a different one)
    "城镇家庭互联网普及率": None,
    "休闲农业接待游客数量": None,
    "对中亚五国出口": None,
    "禄口机场国际货邮吞吐量": None,
    "生物医药新增上市企业数": None,
    "新上市企业数": None,
    "新增国家专精特新“小巨人”企业数": None,
    "高技术产业投资": None,
    "乡镇土地托管中心数": None,
    "视频监控点(雪亮工程)": None,
    "零就业家庭数量": None,
    "工业机器人产量": None,
    "集成电路产业规模": None,
    "南京至都市圈内成员城市1小时通达率": None,
    "综合电压合格率": None,
    "义务教育阶段学校宽带接入率": None,
}

# Forms of catalogue indicators seen in other plans and bulletins, not in the annotations.
LABELLED_VARIANTS: dict[str, str | None] = {
    "城镇常住居民人均可支配收入增速": "urban_disposable_income_growth",
    "全体居民人均可支配收入年均增长": "disposable_income_growth",
    "每千常住人口拥有执业（助理）医师数": "doctors_per_1000",
    "单位地区生产总值二氧化碳排放降幅": "co2_intensity_reduction",
    "单位GDP能源消耗降低率": "energy_intensity_reduction",
    "规模以上工业增加值年均增速": "industrial_va_above_scale_growth",
    "社会消费品零售总额年均增速": "retail_sales_growth",
    "进出口总额年均增速": "trade_total_growth",
    "每万人口拥有发明专利数量": "invention_patents_per_10k",
    "研究与试验发展经费支出占GDP的比重": "rd_intensity",
    "数字经济核心产业增加值占GDP的比重": "digital_economy_core_share",
    "文化及相关产业增加值占GDP的比重": "cultural_industry_share",
    "地表水达到或好于III类水体比例": "surface_water_good_share",
    "城镇居民人均可支配收入年均增速": "urban_disposable_income_growth",
    "第二产业增加值占地区生产总值的比重": "secondary_share",
    "城乡居民基本养老保险参保率": "basic_pension_coverage",
    "非化石能源占能源消费比重": "non_fossil_share",
    "全社会固定资产投资年均增长率": "fai_growth",
    "服务业增加值占GDP的比重": "tertiary_share",
    "居民人均可支配收入实际增长": "disposable_income_growth",
    "每千老年人口养老床位数": "elderly_beds_per_1000_elderly",
    "城乡居民人均可支配收入之比": "urban_rural_income_ratio",
    "主要劳动年龄人口平均受教育年限": "average_schooling_years",
    "外贸进出口总额增速": "trade_total_growth",
    "一般公共预算收入占GDP的比重": "general_budget_revenue_gdp_share",
    "高新技术产业增加值占地区生产总值的比重": "high_tech_va_share",
    "地方一般公共预算收入年均增长率": "general_budget_revenue_growth",
    "县级以上城市空气质量优良天数比率": "good_air_days_ratio",
    "城区细颗粒物（PM2.5）平均浓度": "pm25",
    "地表水省考以上断面水质优良比例": "surface_water_good_share",
    "地方财政一般公共预算收入": "general_budget_revenue",
    "社会消费品零售额增速": "retail_sales_growth",
    "高技术制造业增加值占规上工业比重": "high_tech_manufacturing_share",
    "每千名老年人拥有养老机构床位数": "elderly_beds_per_1000_elderly",
    "城市空气质量优良天数占比": "good_air_days_ratio",
}

# False friends: a near neighbour in the catalogue that is a different quantity.
LABELLED_FALSE_FRIENDS: dict[str, str | None] = {
    "研发经费投入年均增长率": "rd_spending_growth",
    "研发经费投入占GDP的比重": "rd_intensity",
    "城镇居民人均消费支出": None,  # only all residents' consumption is catalogued
    "人均地区生产总值年均增速": "gdp_per_capita_growth",
    "户籍人口城镇化比率": "urbanisation_rate_registered",
    "健康预期寿命": None,
    "农村生活污水治理率": None,
    "农村自来水普及率": None,
    "城市生活垃圾资源化利用率": None,
    "规上工业企业营业收入": None,
    "工业增加值占规上工业比重": None,
    "第四产业增加值": None,
    "绿色建筑占新建建筑比例": None,
    "人均体育场地面积增长": None,
    "每千人口拥有养老床位数": None,  # per 1,000 people, not per 1,000 older people
    "高新技术企业营业收入": None,
    "城市生命线安全工程覆盖率": None,
    "战略性新兴产业产值增长": None,
    "城乡基本养老保险参保及待遇享受人数": None,  # insured plus beneficiaries: not the insured count
    "通过认定国家高新技术企业数": None,  # newly certified in the year, not the stock
    "农村居民人均纯收入": None,  # the pre-2013 income concept
    "城镇登记失业人数": None,
    "规模以上工业企业利润总额": None,
    "规模以上工业总产值": None,
    "一般公共预算支出": None,
    "民生支出占一般公共预算支出比重": None,
    "实际使用内资": None,
    "学前教育普惠率": None,
    "每万人口全科医生数": None,
    "规模以上工业企业研发经费支出占营业收入比重": None,
    "城市建成区绿地率": None,
    "单位GDP建设用地使用面积下降": None,
    "农村生活垃圾无害化处理率": None,
}

LABELLED: dict[str, str | None] = {**LABELLED_FROM_ANNOTATIONS, **LABELLED_VARIANTS, **LABELLED_FALSE_FRIENDS}


def annotated_names(eval_dir: Path) -> list[str]:
    names: set[str] = set()
    for path in sorted(eval_dir.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        for doc in data.get("documents", {}).values():
            for key in ("targets", "actuals"):
                names.update(item["indicator"] for item in doc.get(key, []) if item.get("indicator"))
            for table in doc.get("tables", []):
                names.update(row["indicator"] for row in table.get("rows", []) if row.get("indicator"))
    return sorted(names)


def labelled_errors(cat: Catalogue) -> tuple[list[str], list[str]]:
    wrong, missed = [], []
    for name, expected in LABELLED.items():
        found = cat.match(name)
        got = found.indicator.id if found else None
        if got == expected:
            continue
        if got is None:
            missed.append(f"{name}: expected {expected}, no match")
        else:
            wrong.append(f"{name}: expected {expected}, got {got} ({found.method} {found.score})")
    return wrong, missed


def table(names: list[str], base: Catalogue) -> None:
    print(
        f"{len(names)} distinct annotated names; {len(LABELLED)} labelled names "
        f"({sum(v is None for v in LABELLED.values())} that must not match)"
    )
    print(f"{'threshold':>9}  {'matched':>7}  {'fuzzy':>5}  {'wrong':>5}  {'missed':>6}")
    for threshold in range(60, 100, 5):
        cat = Catalogue(list(base), threshold=threshold)
        hits = [cat.match(n) for n in names]
        matched = sum(h is not None for h in hits)
        fuzzy = sum(h is not None and h.method == "fuzzy" for h in hits)
        wrong, missed = labelled_errors(cat)
        mark = "  <- THRESHOLD" if threshold == THRESHOLD else ""
        print(f"{threshold:>9}  {matched:>7}  {fuzzy:>5}  {len(wrong):>5}  {len(missed):>6}{mark}")


def show(names: list[str], base: Catalogue, threshold: float) -> None:
    cat = Catalogue(list(base), threshold=threshold)
    print(f"\nAnnotated names at threshold {threshold}:")
    for name in names:
        found = cat.match(name)
        got = f"{found.indicator.id} ({found.method} {found.score})" if found else "-"
        print(f"  {name} -> {got}")
    wrong, missed = labelled_errors(cat)
    print("\nLabelled, wrong:", *wrong, sep="\n  ")
    print("\nLabelled, missed:", *missed, sep="\n  ")


def timing(names: list[str], base: Catalogue) -> None:
    queries = [f"{n}{i}" for i in range(10_000 // max(len(names), 1) + 1) for n in names][:10_000]
    cat = Catalogue(list(base))
    start = time.perf_counter()
    for q in queries:
        cat.match(q)
    print(f"\n10,000 match() calls on distinct names (no cache hits): {time.perf_counter() - start:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="folder of annotation JSON files")
    parser.add_argument("--show", type=float, help="list every annotated name's match at this threshold")
    args = parser.parse_args()
    names = annotated_names(args.eval)
    if not names:
        raise SystemExit(f"no annotated names in {args.eval} (set --eval or PLANSCOPE_CORPUS)")
    base = load_catalogue()
    table(names, base)
    timing(names, base)
    if args.show is not None:
        show(names, base, args.show)


if __name__ == "__main__":
    main()
