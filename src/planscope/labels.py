"""Labels of codes (levels, document types, statuses …) in Chinese and English, from
``data/labels.toml``: the words the terminal, the web pages and the reports show."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from planscope import datafiles

Level = Literal["national", "province", "city", "county"]
DocType = Literal["outline", "proposal", "opinion", "decision", "special_plan", "bulletin", "work_report", "plan",
                  "other"]
Status = Literal["achieved", "significant", "moderate", "insufficient", "moving_away", "no_data", "inherited",
                 "not_achieved"]
GROUPS = ("level", "doc_type", "status", "fact_source", "relation")
Relation = Literal["escalated", "consistent", "looser", "missing", "inherited", "not_comparable"]


@dataclass(frozen=True)
class Label:
    zh: str
    en: str
    style: str = ""
    short: str = ""

    def both(self) -> str:
        return f"{self.zh} {self.en}"


@lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, Label]]:
    raw = datafiles.raw("labels.toml")
    out: dict[str, dict[str, Label]] = {}
    out["doc_type"] = {t["id"]: Label(t["zh"], t["en"]) for t in datafiles.raw("doc_types.toml")["type"]}
    for group in GROUPS:
        if group == "doc_type":
            continue
        entries = raw[group]["codes"]
        out[group] = {code: Label(e["zh"], e["en"], e.get("style", ""), e.get("short", e["zh"]))
                      for code, e in entries.items()}
    return out


def label(group: str, code: str | None) -> Label | None:
    """The label of ``code`` in ``group`` (level, doc_type, status, fact_source, relation); None if unknown."""
    return _labels()[group].get(code or "")


def zh(group: str, code: str | None, default: str = "") -> str:
    found = label(group, code)
    return found.zh if found else default


def en(group: str, code: str | None, default: str = "") -> str:
    found = label(group, code)
    return found.en if found else default


def short(group: str, code: str | None, default: str = "") -> str:
    found = label(group, code)
    return found.short if found else default


def codes(group: str) -> list[str]:
    """The codes of a group in the order of the data file."""
    return list(_labels()[group])
