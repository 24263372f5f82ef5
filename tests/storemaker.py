"""Invented libraries for the accounts, audit, review and search tests: plans of the sample
regions (示例省 990000 → 示例市 990100 → 示例县 990121, 示例区 990102; 样板市 990200), users of each
role, and a raw-SQL door to the audit log."""

from __future__ import annotations

from pathlib import Path

from planscope.accounts.roles import Actor, local_operator
from planscope.accounts.users import create_user
from planscope.library import ingest_paths
from planscope.store import Database

PASSWORD = "Lantern-Quay-47"

COUNTY_PLAN = """示例县国民经济和社会发展第十五个五年规划纲要
（2026年1月20日示例县第十八届人民代表大会第五次会议批准）
第一章  发展基础
2025年，全县地区生产总值达到300亿元，森林覆盖率达到40%。
第二章  主要目标
到2030年，全县地区生产总值达到420亿元，森林覆盖率达到42%以上。
"""

CITY_PLAN = """样板市国民经济和社会发展第十五个五年规划纲要
（2026年1月22日样板市第十六届人民代表大会第四次会议批准）
第一章  发展基础
2025年，全市地区生产总值达到1800亿元，常住人口城镇化率达到61.5%。
第二章  主要目标
到2030年，全市地区生产总值达到2400亿元，常住人口城镇化率达到66%，数字经济核心产业增加值占GDP比重达到12%。
"""

# (name, role, region code): one user of each role, at several levels
USERS = (
    ("nation_admin", "admin", "100000"),
    ("prov_admin", "admin", "990000"),
    ("city_planner", "planner", "990100"),
    ("city_reviewer", "reviewer", "990100"),
    ("county_reviewer", "reviewer", "990121"),
    ("county_reporter", "reporter", "990121"),
    ("city_viewer", "viewer", "990100"),
)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def plans(db: Database, folder: Path) -> dict[str, int]:
    """The county's and 样板市's plans ingested; their document ids by region code."""
    outcomes = ingest_paths(db, [write(folder, "county_plan.txt", COUNTY_PLAN),
                                 write(folder, "yangban_plan.txt", CITY_PLAN)])
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    return {"990121": outcomes[0].document_id or 0, "990200": outcomes[1].document_id or 0}


def users(db: Database, names: tuple[str, ...] | None = None) -> dict[str, Actor]:
    """The users of ``USERS`` (or those named), created by the local operator."""
    made = {}
    with db.session() as session:
        for name, role, code in USERS:
            if names is None or name in names:
                made[name] = Actor.of(create_user(session, local_operator(), name, PASSWORD, role, code))
    return made
