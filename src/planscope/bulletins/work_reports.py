"""Placeholder, filled below."""
from planscope.targets.model import TargetRecord


def select_work_report(records: list[TargetRecord], text: str, year: int | None = None) -> list[TargetRecord]:
    return list(records)
