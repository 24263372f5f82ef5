"""Invented libraries for the database tests: plan texts of invented places, a library of
them with observations, and an exact snapshot of what a library holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from planscope.store import Database, Document, ObservationRow, TargetRow

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "planscope" / "samples"

PLAN = """示例市国民经济和社会发展第十五个五年规划纲要（第{n}稿）
（2026年1月{day}日示例市第十八届人民代表大会第{n}次会议批准）
第一章  发展基础
2025年，全市地区生产总值达到{base}亿元，森林覆盖率达到{forest}%。
第二章  主要目标
到2030年，全市地区生产总值达到{goal}亿元，森林覆盖率达到{forest_goal}%以上，
城镇调查失业率控制在5.{n_mod}%以内，居民人均可支配收入年均增长6%左右。
{filler}
"""

FILLER = "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，推动高质量发展取得新成效。\n"


def plan_text(n: int, filler_lines: int = 20) -> str:
    """An invented plan outline; every n gives different content (so a different document)."""
    return PLAN.format(n=n, day=1 + n % 28, base=1000 + n, forest=30 + n % 5, goal=1400 + n,
                       forest_goal=32 + n % 5, n_mod=n % 10, filler=FILLER * filler_lines)


def write_plans(folder: Path, count: int, filler_lines: int = 20) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"plan_{n:03d}.txt"
        path.write_text(plan_text(n, filler_lines), "utf-8")
        paths.append(path)
    return paths


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Documents, targets and observations exactly as stored (every column), in id order."""
    db = Database(url)
    try:
        with db.session() as session:
            return {model.__tablename__: [_row(r) for r in session.scalars(select(model).order_by(model.id))]
                    for model in (Document, TargetRow, ObservationRow)}
    finally:
        db.dispose()


def _row(obj: Any) -> tuple[Any, ...]:
    return tuple(getattr(obj, c.key) for c in obj.__table__.columns)
