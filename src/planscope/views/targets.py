"""Targets (or the past values documents report), with their sources and flags."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from planscope.library import TargetFilter, list_targets
from planscope.records import TargetItem

TARGET_COLUMNS = ("doc", "region", "indicator", "indicator_id", "value", "unit", "comparator", "kind",
                  "target_year", "year_implied", "baseline_value", "baseline_year", "attribute", "inherited",
                  "value_normalized", "unit_normalized", "source", "start", "end", "quote", "flags")
ACTUAL_COLUMNS = tuple("year" if c == "target_year" else c for c in TARGET_COLUMNS
                       if c not in ("baseline_value", "baseline_year", "attribute", "inherited"))


@dataclass(frozen=True)
class Flagged:
    """An implausible value, numbered as the table marks it (⚠1, ⚠2 …)."""

    number: int
    indicator: str
    reason: str


@dataclass(frozen=True)
class TargetsView:
    records: list[TargetItem]  # ``as_dict``: the public shape (``planscope targets --format jsonl``)
    actuals: bool

    @property
    def columns(self) -> tuple[str, ...]:
        return ACTUAL_COLUMNS if self.actuals else TARGET_COLUMNS

    @property
    def title(self) -> str:
        return f"{'实际值 / reported actuals' if self.actuals else '规划目标 / targets'} ({len(self.records)})"

    def flagged(self) -> list[tuple[TargetItem, list[Flagged]]]:
        """Each record with its flags, numbered across the view."""
        out, n = [], 0
        for r in self.records:
            marks = []
            for reason in r.flags:
                n += 1
                marks.append(Flagged(n, r.indicator, reason))
            out.append((r, marks))
        return out


def targets_view(session: Session, f: TargetFilter) -> TargetsView:
    return TargetsView(list_targets(session, f), f.actuals)
