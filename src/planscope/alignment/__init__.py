"""Alignment across levels: plans linked county → city → province → nation, compared
indicator by indicator (escalated, consistent, looser, missing, inherited, not
comparable), implied-value checks, strategies traced down, escalation statistics.

``engine`` and ``compare`` are pure; ``sources`` reads the library, ``store`` keeps the
results in the database.
"""

from planscope.alignment.engine import Alignment, Link, PlanDoc, align
from planscope.alignment.model import RELATIONS, Comparison, Side, Source
from planscope.alignment.stats import escalation_stats

__all__ = ["RELATIONS", "Alignment", "Comparison", "Link", "PlanDoc", "Side", "Source", "align", "escalation_stats"]
