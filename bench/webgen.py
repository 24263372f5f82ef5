"""A generated library for ``bench/web.py``: an invented province of cities and counties,
and for each region the documents a planning office keeps — the 十四五 outline (indicator
table and prose targets), the party's 建议, six yearly statistical bulletins (2020–2025) and
two government work reports.

Everything is seeded and invented: names are two made-up characters plus 省/市/县, checked
against the region table so none is a real region's name; codes are under the prefix 98,
which GB/T 2260 does not use (the repository's sample regions are under 99).  The province
exists only in the processes that call ``register``: it is added to the cached region table
(``catalogue.regions.load_regions``) there, so documents about it are recognised, stored with
its codes and scoped by them, exactly as documents about a real region would be.

The texts follow the layouts of the sample documents (``planscope/samples``): the same
headings, the 专栏 table with 序号/指标/单位/2020年/2025年/属性 columns, bulletin sentences
(为…亿元，比上年增长…%).  Values follow a random path per region, so progress has
something to judge; filler paragraphs (plain policy prose, no numbers, no place names) make
outlines 20–40 thousand characters, as real ones are.
"""

from __future__ import annotations

import csv
import io
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from planscope.catalogue.regions import GENERIC_NAMES, NATION_CODE, Region, RegionTable, load_regions

PROVINCE_CODE = "980000"
DOCS_PER_REGION = 10
SOURCE = "bench/webgen.py (generated, fictional)"
CHARS = ("岚澄桐枫鹤渔岫篁榆槐杉柘苇蓼芷蘅漪澈沅湄汀芦荻蕖菱藻檀栎楝椿梓樟桦杞楸"
         "砾磬琮璜琨瑜珂珑璋玎霁霞雯霏霓曦晗昀旻暄皋陂垣埕墩圩堰垌岘峤岙崮嶂岑崖")
UNIT = {"province": "省", "city": "市", "county": "县"}


@dataclass(frozen=True)
class Place:
    region: Region
    seed: int

    @property
    def name(self) -> str:
        return self.region.name

    @property
    def unit(self) -> str:  # 全省 / 全市 / 全县
        return UNIT[self.region.level]

    @property
    def scale(self) -> float:  # GDP in 亿元 around 2020
        return {"province": 30000.0, "city": 3000.0, "county": 300.0}[self.region.level]


# ---------------------------------------------------------------- the province


def province(regions_wanted: int, seed: int) -> list[Region]:
    """One province, ``cities`` cities and the rest counties spread over them (codes 98CCNN)."""
    rng = random.Random(seed)
    table = load_regions()
    names = _names(rng, table, regions_wanted)
    cities = max(1, (regions_wanted - 1) // 11)
    out = [Region(PROVINCE_CODE, names[0] + "省", "province", NATION_CODE, (names[0],), SOURCE)]
    for c in range(cities):
        code = f"98{c + 1:02d}00"
        out.append(Region(code, names[1 + c] + "市", "city", PROVINCE_CODE, (), SOURCE))
    for k in range(regions_wanted - 1 - cities):
        city = out[1 + k % cities]
        code = f"{city.code[:4]}{k // cities + 1:02d}"
        out.append(Region(code, names[1 + cities + k] + "县", "county", city.code, (), SOURCE))
    return out


def _names(rng: random.Random, table: RegionTable, count: int) -> list[str]:
    names: list[str] = []
    taken = {n for r in table for n in r.names}
    while len(names) < count:
        name = rng.choice(CHARS) + rng.choice(CHARS)
        if name[0] == name[1] or name in names or name in GENERIC_NAMES:
            continue
        if any(name + s in taken or name in taken for s in "省市县"):
            continue
        names.append(name)
    return names


def regions_csv(regions: list[Region]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("code", "name", "short_names", "level", "parent_code", "source"))
    for r in regions:
        writer.writerow((r.code, r.name, "|".join(r.short_names), r.level, r.parent_code, r.source))
    return out.getvalue()


def read_regions_csv(text: str) -> list[Region]:
    rows = csv.DictReader(io.StringIO(text))
    return [Region(r["code"], r["name"], r["level"], r["parent_code"] or None,
                   tuple(s for s in r["short_names"].split("|") if s), r["source"]) for r in rows]


def register(regions: list[Region]) -> None:
    """Add ``regions`` to this process's region table (the cached one every module uses)."""
    table = load_regions()
    if all(table.get(r.code) is not None for r in regions):
        return
    extended = RegionTable([*table, *regions])
    table.__dict__.clear()  # drop cached lookups (mention patterns) built on the old rows
    table.__dict__.update(extended.__dict__)


# ---------------------------------------------------------------- values


@dataclass(frozen=True)
class Path_:
    """One region's figures, 2015 and 2020–2025: GDP and the headline indicators."""

    values: dict[str, dict[int, float]]
    growth: dict[int, float]  # GDP growth %, by year
    targets: dict[str, float]  # 2025 targets


INDICATORS = (  # key, name as written in the table, unit, decimals, yearly drift, target step, attribute
    ("gdp", "地区生产总值", "亿元", 1, 0.0, 0.0, "预期性"),
    ("urban", "常住人口城镇化率", "%", 1, 0.9, 4.5, "预期性"),
    ("rd", "研发经费投入强度", "%", 2, 0.08, 0.5, "预期性"),
    ("patent", "每万人口高价值发明专利拥有量", "件", 1, 0.9, 5.0, "预期性"),
    ("income", "居民人均可支配收入", "元", 0, 0.0, 0.0, "预期性"),
    ("unemp", "城镇调查失业率", "%", 1, 0.0, 0.0, "预期性"),
    ("school", "劳动年龄人口平均受教育年限", "年", 1, 0.1, 0.6, "约束性"),
    ("doctor", "每千人口拥有执业（助理）医师数", "人", 1, 0.08, 0.4, "预期性"),
    ("air", "空气质量优良天数比率", "%", 1, 0.3, 2.0, "约束性"),
    ("water", "地表水达到或好于Ⅲ类水体比例", "%", 1, 0.4, 2.0, "约束性"),
    ("forest", "森林覆盖率", "%", 1, 0.2, 1.0, "约束性"),
    ("revenue", "一般公共预算收入", "亿元", 1, 0.0, 0.0, "预期性"),
    ("retail", "社会消费品零售总额", "亿元", 1, 0.0, 0.0, "预期性"),
)
START = {"urban": (45, 75), "rd": (1.2, 2.8), "patent": (2, 12), "school": (9.8, 11.5), "doctor": (2.2, 3.4),
         "air": (78, 92), "water": (75, 92), "forest": (30, 65), "unemp": (4.2, 5.2)}


def figures(place: Place) -> Path_:
    rng = random.Random(place.seed)
    gdp20 = place.scale * rng.uniform(0.5, 1.6)
    growth = {y: rng.uniform(2.0, 8.5) for y in range(2021, 2026)}
    growth[2020] = rng.uniform(1.5, 4.5)
    values: dict[str, dict[int, float]] = {"gdp": {2015: gdp20 / rng.uniform(1.3, 1.5), 2020: gdp20}}
    for y in range(2021, 2026):
        values["gdp"][y] = values["gdp"][y - 1] * (1 + growth[y] / 100) * rng.uniform(1.0, 1.02)
    income20 = rng.uniform(22000, 48000)
    values["income"] = {y: income20 * 1.065 ** (y - 2020) * rng.uniform(0.99, 1.01) for y in range(2020, 2026)}
    values["revenue"] = {y: values["gdp"][y] * 0.075 * rng.uniform(0.95, 1.05) for y in range(2020, 2026)}
    values["retail"] = {y: values["gdp"][y] * 0.42 * rng.uniform(0.95, 1.05) for y in range(2020, 2026)}
    targets = {"gdp": gdp20 * 1.065 ** 5, "income": income20 * 1.07 ** 5, "revenue": values["revenue"][2020] * 1.4,
               "retail": values["retail"][2020] * 1.45, "unemp": 5.5}
    for key, _name, _unit, _dec, drift, step, _attr in INDICATORS:
        if key in START:
            low, high = START[key]
            v = rng.uniform(low, high)
            path = {2020: v}
            for y in range(2021, 2026):
                path[y] = v + drift * (y - 2020) * rng.uniform(-0.5, 1.8) if key != "unemp" else rng.uniform(low, high)
            values[key] = {y: min(x, 99.0) for y, x in path.items()}
            if step:
                targets[key] = min(v + step * rng.uniform(0.8, 1.3), 99.5)
    return Path_(values, growth, targets)


def fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


# ---------------------------------------------------------------- filler prose

FILLER = (
    "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，推动高质量发展取得新成效。",
    "深化供给侧结构性改革，扩大有效投资，增强消费对经济发展的基础性作用。",
    "坚持创新在现代化建设全局中的核心地位，强化企业创新主体地位，完善科技成果转化机制。",
    "推进产业基础高级化、产业链现代化，培育壮大战略性新兴产业，改造提升传统产业。",
    "坚持农业农村优先发展，巩固拓展脱贫攻坚成果，全面推进乡村振兴。",
    "优化国土空间布局，推进以人为核心的新型城镇化，提升城市品质和治理水平。",
    "践行绿水青山就是金山银山理念，深入打好污染防治攻坚战，推动绿色低碳发展。",
    "实施就业优先战略，健全多层次社会保障体系，提高公共服务均等化水平。",
    "建设高质量教育体系，推进健康城市建设，丰富群众精神文化生活。",
    "统筹发展和安全，健全风险防控机制，提高应急管理和防灾减灾能力。",
    "深化重点领域和关键环节改革，优化营商环境，激发各类市场主体活力。",
    "实行高水平对外开放，深度融入区域协调发展格局，拓展开放合作空间。",
    "加强基础设施建设，完善综合交通、能源、水利和新型基础设施网络。",
    "坚持党的全面领导，充分调动一切积极因素，广泛团结一切可以团结的力量。",
    "健全规划实施机制，强化年度计划与规划衔接，加强监测评估和督促检查。",
    "加快数字化发展，推动数字经济和实体经济深度融合，建设数字政府。",
    "完善生态补偿机制，加强山水林田湖草沙系统治理，筑牢生态安全屏障。",
    "弘扬社会主义核心价值观，推进城乡文明建设，提升社会文明程度。",
    "健全基层治理体系，推进平安建设和法治建设，维护社会和谐稳定。",
    "促进城乡融合发展，推动基本公共服务向农村延伸，缩小城乡发展差距。",
)


def filler(rng: random.Random, paragraphs: int) -> str:
    return "\n".join("".join(rng.sample(FILLER, rng.randint(3, 6))) for _ in range(paragraphs))


# ---------------------------------------------------------------- documents


def documents(place: Place) -> Iterator[tuple[str, str]]:
    """(file name, text) of every document of one region."""
    p = figures(place)
    code = place.region.code
    yield f"{code}_14th_outline.txt", outline(place, p)
    yield f"{code}_14th_proposal.txt", proposal(place, p)
    for year in range(2020, 2026):
        yield f"{code}_bulletin_{year}.txt", bulletin(place, p, year)
    for year in (2024, 2025):
        yield f"{code}_work_report_{year}.txt", work_report(place, p, year)


def outline(place: Place, p: Path_) -> str:
    rng = random.Random(place.seed + 1)
    v, t = p.values, p.targets
    growth = sum(p.growth[y] for y in range(2021, 2026)) / 5
    rows = []
    for key, name, unit, dec, _d, _s, attr in INDICATORS:
        base, goal = v[key][2020], t.get(key)
        goal_text = "<5.5" if key == "unemp" else fmt(goal, dec) if goal is not None else "—"
        rows.append(f"{name}    {unit}    {fmt(base, dec)}    {goal_text}    {attr}")
        if key == "gdp":
            rows.append(f"地区生产总值年均增长    %    {fmt(p.growth[2020], 1)}    {fmt(growth, 1)}%\n左右    预期性")
    values = {**_values(place, p, 2020), "growth": fmt(growth, 1),
              "table": "\n".join(f"{i}    {row}" for i, row in enumerate(rows, 1)),
              "month": rng.randint(1, 2), "day": rng.randint(1, 28), "congress": _zh(rng.randint(13, 17)),
              "session": _zh(rng.randint(4, 7)), "environment": filler(rng, rng.randint(4, 8)),
              "guidance": filler(rng, 2)}
    body = []
    for number, (title, target) in enumerate(CHAPTERS, 3):
        body.append(f"第{_zh(number)}章  {title.format(n=place.name)}\n")
        for s in range(1, rng.randint(3, 6)):
            text = filler(rng, rng.randint(4, 10))
            if s == 1 and target:
                text = text + "\n" + target.format(**values)
            body.append(f"第{_zh(s)}节  {rng.choice(SECTION_TITLES)}\n{text}\n")
    return OUTLINE.format(**values) + "\n".join(body)


def _values(place: Place, p: Path_, year: int) -> dict[str, object]:
    """The figures a text quotes, formatted: ``gdp`` etc. for ``year``, ``gdp15``/``gdp20``
    for 2015/2020, ``t_gdp`` etc. for the 2025 targets."""
    out: dict[str, object] = {"n": place.name, "u": place.unit, "year": year}
    for key, _name, _unit, dec, *_ in INDICATORS:
        out[key] = fmt(p.values[key][year], dec)
        out[f"{key}20"] = fmt(p.values[key][2020], dec)
        if key in p.targets:
            out[f"t_{key}"] = fmt(p.targets[key], dec)
    out["gdp15"] = fmt(p.values["gdp"][2015], 1)
    return out


OUTLINE = (
    "{n}国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要\n"
    "（2021年{month}月{day}日{n}第{congress}届人民代表大会第{session}次会议批准）\n\n"
    "“十四五”时期（2021—2025年）是{n}开启全面建设社会主义现代化新征程的第一个五年。"
    "本纲要根据《中共{n}委关于制定{n}国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议》编制，"
    "阐明全{u}发展战略意图，是今后五年履职的主要依据。\n\n"
    "第一章  开启全面建设社会主义现代化新征程\n\n"
    "第一节  发展基础\n"
    "“十三五”时期，全{u}上下真抓实干，“十三五”规划主要目标任务基本完成。\n"
    "——经济实力稳步提升。地区生产总值由2015年的{gdp15}亿元增加到2020年的{gdp20}亿元。"
    "一般公共预算收入达到{revenue20}亿元。\n"
    "——创新动能加快集聚。研发经费投入强度达到{rd20}%，每万人口高价值发明专利拥有量达到{patent20}件。\n"
    "——生态环境明显改善。森林覆盖率达到{forest20}%，空气质量优良天数比率达到{air20}%。\n"
    "——民生福祉持续增进。居民人均可支配收入达到{income20}元，常住人口城镇化率达到{urban20}%。\n\n"
    "第二节  发展环境\n{environment}\n\n"
    "第二章  总体要求和发展目标\n\n"
    "第一节  指导思想\n{guidance}\n\n"
    "第二节  主要目标\n"
    "到2025年，全{u}地区生产总值年均增长{growth}%左右，达到{t_gdp}亿元左右；研发经费投入强度达到{t_rd}%；"
    "常住人口城镇化率达到{t_urban}%；居民人均可支配收入达到{t_income}元；"
    "空气质量优良天数比率达到{t_air}%，森林覆盖率达到{t_forest}%。\n\n"
    "专栏1  {n}“十四五”经济社会发展主要指标\n"
    "序号    指标    单位    2020年    2025年    属性\n"
    "{table}\n"
    "注：地区生产总值年均增长按可比价计算。\n\n"
)
CHAPTERS = (  # title, the target its first section states
    ("构建现代产业体系", "到2025年，{n}一般公共预算收入达到{t_revenue}亿元。"),
    ("建设创新型{n}", "研发经费投入强度达到{t_rd}%，每万人口高价值发明专利拥有量达到{t_patent}件。"),
    ("推进新型城镇化", "到2025年，常住人口城镇化率达到{t_urban}%。"),
    ("建设美丽{n}", "空气质量优良天数比率达到{t_air}%，森林覆盖率达到{t_forest}%。"),
    ("扩大内需", "到2025年，社会消费品零售总额达到{t_retail}亿元。"),
    ("增进民生福祉", "城镇调查失业率控制在5.5%以内，居民人均可支配收入达到{t_income}元。"),
    ("统筹发展和安全", ""),
    ("强化规划实施保障", ""),
)
SECTION_TITLES = ("加快转型升级", "强化要素保障", "深化改革创新", "提升发展质量", "完善体制机制", "推进重点工程",
                  "优化空间布局", "夯实发展基础", "补齐短板弱项", "健全工作机制")


def proposal(place: Place, p: Path_) -> str:
    rng = random.Random(place.seed + 2)
    values = {**_values(place, p, 2020), "day": rng.randint(1, 28), "congress": _zh(rng.randint(11, 15)),
              "plenary": _zh(rng.randint(8, 12)), "growth": fmt(rng.uniform(5, 7.5), 1),
              **{f"f{i}": filler(rng, k) for i, k in enumerate((2, 3, 1, *(rng.randint(2, 6) for _ in range(5))))}}
    return PROPOSAL.format(**values)


PROPOSAL = (
    "中共{n}委关于制定{n}国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议\n"
    "（2020年12月{day}日中国共产党{n}第{congress}届委员会第{plenary}次全体会议通过）\n\n"
    "一、决胜全面建成小康社会，开启全面建设社会主义现代化新征程\n"
    "1．决胜全面建成小康社会取得决定性成就。{f0}\n"
    "2．“十四五”时期发展环境。{f1}\n\n"
    "二、“十四五”时期经济社会发展指导思想和主要目标\n"
    "3．指导思想。{f2}\n"
    "4．“十四五”时期经济社会发展主要目标。经济保持平稳健康发展，地区生产总值年均增长{growth}%左右；"
    "研发经费投入强度达到{t_rd}%；常住人口城镇化率达到{t_urban}%；森林覆盖率达到{t_forest}%。\n\n"
    "三、坚持创新驱动发展\n5．{f3}\n\n"
    "四、加快发展现代产业体系\n6．{f4}\n\n"
    "五、全面推进乡村振兴\n7．{f5}\n\n"
    "六、推动绿色低碳发展\n8．{f6}\n\n"
    "七、增进民生福祉\n9．{f7}\n"
)


def bulletin(place: Place, p: Path_, year: int) -> str:
    rng = random.Random(place.seed * 100 + year)
    gdp = p.values["gdp"][year]
    first, second = gdp * rng.uniform(0.05, 0.12), gdp * rng.uniform(0.3, 0.45)
    rate = lambda low, high: fmt(rng.uniform(low, high), 1)  # noqa: E731
    values = {**_values(place, p, year), "next": year + 1, "day": rng.randint(1, 28), "growth": fmt(p.growth[year], 1),
              "first": fmt(first, 1), "second": fmt(second, 1), "third": fmt(gdp - first - second, 1),
              "g1": rate(2, 5), "g2": rate(3, 9), "g3": rate(3, 9), "urban_up": rate(0.3, 1.2), "jobs": rate(0.5, 12),
              "retail_g": rate(3, 11), "revenue_g": rate(2, 9), "income_g": rate(4, 8),
              "filler": filler(rng, rng.randint(3, 8))}
    return BULLETIN.format(**values)


BULLETIN = (
    "{n}{year}年国民经济和社会发展统计公报\n{n}统计局\n{next}年3月{day}日\n\n"
    "{year}年，全{u}上下坚持稳中求进工作总基调，统筹发展和安全，经济运行总体平稳，发展质量稳步提升。\n\n"
    "一、综合\n"
    "经初步核算，全{u}地区生产总值为{gdp}亿元，比上年增长{growth}%。其中，第一产业增加值{first}亿元，增长{g1}%；"
    "第二产业增加值{second}亿元，增长{g2}%；第三产业增加值{third}亿元，增长{g3}%。\n"
    "年末全{u}常住人口城镇化率为{urban}%，比上年末提高{urban_up}个百分点。\n"
    "全年城镇新增就业{jobs}万人，城镇调查失业率为{unemp}%。\n{filler}\n\n"
    "二、国内贸易\n全年社会消费品零售总额{retail}亿元，比上年增长{retail_g}%。\n\n"
    "三、财政\n全年一般公共预算收入{revenue}亿元，比上年增长{revenue_g}%。\n\n"
    "四、科学技术和教育\n"
    "全年研发经费投入占地区生产总值的比重为{rd}%。每万人口高价值发明专利拥有量{patent}件。\n\n"
    "五、资源和环境\n"
    "全年空气质量优良天数比率为{air}%。地表水达到或好于Ⅲ类水体比例为{water}%。年末森林覆盖率为{forest}%。\n\n"
    "六、居民生活\n全{u}居民人均可支配收入{income}元，比上年增长{income_g}%。\n\n"
    "注释：\n[1]地区生产总值及各产业增加值按当年价格计算绝对额，增速按可比价格计算。\n"
)


def work_report(place: Place, p: Path_, year: int) -> str:
    rng = random.Random(place.seed * 1000 + year)
    values = {**_values(place, p, year - 1), "this": year, "day": rng.randint(5, 28),
              "congress": _zh(rng.randint(14, 18)), "session": _zh(rng.randint(2, 5)),
              "head": {"province": "省长", "city": "市长", "county": "县长"}[place.region.level],
              "growth": fmt(p.growth[year - 1], 1), "plan_g": fmt(rng.uniform(5, 7), 1),
              "plan_rev": fmt(rng.uniform(3, 7), 1), "review": filler(rng, rng.randint(4, 8)),
              "plan": filler(rng, rng.randint(4, 8))}
    return WORK_REPORT.format(**values)


WORK_REPORT = (
    "政府工作报告\n"
    "——{this}年1月{day}日在{n}第{congress}届人民代表大会第{session}次会议上\n{n}{head}\n\n"
    "各位代表：\n现在，我代表{n}人民政府，向大会报告工作，请予审议。\n\n"
    "一、{year}年工作回顾\n"
    "过去一年，全{u}地区生产总值达到{gdp}亿元，增长{growth}%；一般公共预算收入{revenue}亿元；"
    "居民人均可支配收入{income}元。\n{review}\n\n"
    "二、{this}年工作安排\n"
    "{this}年经济社会发展的主要预期目标是：地区生产总值增长{plan_g}%左右，一般公共预算收入增长{plan_rev}%，"
    "城镇调查失业率控制在5.5%以内，居民人均可支配收入增长与经济增长基本同步。\n{plan}\n"
)


def _zh(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("十" if tens == 1 else digits[tens] + "十") + (digits[ones] if ones else "")


# ---------------------------------------------------------------- the library on disk


def write_library(folder: Path, docs: int, seed: int) -> tuple[list[Region], list[Path]]:
    """The province and its documents' files (``docs`` of them, ten per region)."""
    regions = province(math.ceil(docs / DOCS_PER_REGION), seed)
    register(regions)
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for i, region in enumerate(regions):
        for name, text in documents(Place(region, seed * 10_000 + i)):
            if len(paths) == docs:
                return regions, paths
            path = folder / name
            path.write_text(text, "utf-8")
            paths.append(path)
    return regions, paths
