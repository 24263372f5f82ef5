"""The region a document belongs to, weighed from the evidence of who speaks.

A document's own title names its region when it has one (示例市国民经济…纲要,
2026年示例省政府工作报告).  Without it -- a work report titled only 政府工作报告, or
none at all -- the body's most frequent or first place name misleads: a city's report
names one district again and again, a county's names its parent city, a national one
carries a news agency's dateline (新华社…电).  So the evidence is weighed in order:

1. the title (the most specific region it names, or a national title);
2. who speaks and who adopts: the people's congress the report is delivered to
   (在示例市第十七届人民代表大会…; 第十四届全国人民代表大会 → the nation), the
   speaker's named office (某市人民政府市长), the page's or signature's issuer;
3. the speaking kind -- the last word of the speaking region's name (省, 市, 县, 区 …,
   国 for the nation) -- from the speaker (我代表市人民政府, 代市长 某某, 国务院总理,
   在县第十七届人民代表大会), else from how the text names itself (全市/我市 far more
   often than 全省 or 全县);
4. with a kind known, the body's places of that kind: each counts its own mentions,
   and half the mentions of the places below it that are not of that kind (a city's
   districts and counties speak for the city; a county-level 市 is a rival of its
   parent 市, not a supporter).  Datelines and 《quoted titles》 are masked first.

Without a kind, the most specific region named near the top is taken, as before.
The words and patterns live in ``data/document_facts.toml`` ([speaker], [dateline]).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from planscope.catalogue.regions import NATION_CODE, Region, RegionTable
from planscope.model import Fact
from planscope.structure.outline import Line

HEAD_LINES = 40
BODY_CHARS = 120_000  # a work report is 20-40 thousand characters
_QUOTED = re.compile(r"《[^》]*》")
_RANK = {"county": 3, "city": 2, "province": 1, "national": 0}


@dataclass(frozen=True)
class SpeakerWords:
    delegate: re.Pattern[str]
    office: re.Pattern[str]
    role_line: re.Pattern[str]
    roles: dict[str, str]
    congress_kind: re.Pattern[str]
    congress_named: re.Pattern[str]
    national_congress: re.Pattern[str]
    self_words: re.Pattern[str]
    self_dominance: float
    self_min: int
    dateline: re.Pattern[str]
    national_title: re.Pattern[str]


@lru_cache(maxsize=1)
def _words() -> SpeakerWords:
    from planscope.extraction.facts import _wording  # the parsed data file, loaded once

    raw = _wording()
    s = raw["speaker"]
    return SpeakerWords(
        re.compile(str(s["delegate"])), re.compile(str(s["office"])), re.compile(str(s["role_line"])),
        dict(s["roles"]),
        re.compile(str(s["congress_kind"])), re.compile(str(s["congress_named"])),
        re.compile(str(s["national_congress"])), re.compile(str(s["self_words"])),
        float(s["self_dominance"]), int(s["self_min"]),
        re.compile(str(raw["dateline"]["pattern"])), re.compile(str(raw["region"]["national"])),
    )


@dataclass
class _Evidence:
    """What the head of a document says about who speaks."""

    regions: list[tuple[str, Region, int, int]]  # (what, region, start, end), strongest first
    kinds: list[tuple[str, int, int]]  # (kind, start, end) from the speaker or congress
    self_kind: str | None = None


def mask(text: str) -> str:
    """The text with 《quoted titles》 and news datelines blanked (same length)."""
    blank = lambda m: "□" * len(m.group(0))  # noqa: E731
    return _words().dateline.sub(blank, _QUOTED.sub(blank, text))


def local_mentions(text: str, regions: RegionTable) -> list[tuple[Region, int, int]]:
    return [m for m in regions.mentions(mask(text)) if m[0].level != "national"]


def pick_most_specific(found: list[tuple[Region, int, int]], regions: RegionTable) -> Region | None:
    """The most specific region among mentions, preferring a consistent chain."""
    if not found:
        return None
    codes = {r.code for r, _, _ in found}

    def support(region: Region) -> int:
        return sum(1 for a in regions.ancestors(region) if a.code in codes)

    return max((r for r, _, _ in found), key=lambda r: (support(r) + _RANK[r.level],
                                                        sum(1 for x, _, _ in found if x == r)))


def _nation(regions: RegionTable) -> Region:
    return regions.get(NATION_CODE) or Region(NATION_CODE, "中华人民共和国", "national", None, (), "")


def matches_kind(region: Region, kind: str) -> bool:
    if kind == "国":
        return region.level == "national"
    return region.level != "national" and region.name.endswith(kind)


# ---------------------------------------------------------------- evidence


def _from_title(title: Fact, regions: RegionTable) -> tuple[Fact, Region] | None:
    if not isinstance(title.value, str) or title.start is None:
        return None
    found = local_mentions(title.value, regions)
    region = pick_most_specific(found, regions)
    if region:
        s, e = next((s, e) for r, s, e in found if r == region)
        return Fact(region.name, "detected", title.start + s, title.start + e), region
    if _words().national_title.search(_QUOTED.sub("", title.value)):
        nation = _nation(regions)
        return Fact(nation.name, "detected", title.start, title.start + len(title.value)), nation
    return None


def _gather(lines: list[Line], issuer: Fact, regions: RegionTable) -> _Evidence:
    ev = _Evidence([], [])
    for line in lines[:HEAD_LINES]:
        _congress(line, regions, ev)
        _speaker(line, regions, ev)
    if isinstance(issuer.value, str) and issuer.start is not None:
        region = pick_most_specific(local_mentions(issuer.value, regions), regions)
        if region is None and re.match(r"国务院|中共中央|全国人大", issuer.value):
            region = _nation(regions)
        if region:
            ev.regions.append(("issuer", region, issuer.start, issuer.end or issuer.start))
    ev.regions.sort(key=lambda e: ("congress", "speaker", "issuer").index(e[0]))
    return ev


def _congress(line: Line, regions: RegionTable, ev: _Evidence) -> None:
    w = _words()
    text = mask(line.text)
    m = w.national_congress.search(text)
    if m:
        ev.regions.append(("congress", _nation(regions), line.lead + m.start(), line.lead + m.end()))
        ev.kinds.append(("国", line.lead + m.start(), line.lead + m.end()))
        return
    m = w.congress_kind.search(text)
    if m:
        ev.kinds.append((m.group(1), line.lead + m.start(1), line.lead + m.end(1)))
    m = w.congress_named.search(text)
    if m:
        found = local_mentions(m.group(1), regions)
        region = pick_most_specific(found, regions)
        if region:
            s, e = next((s, e) for r, s, e in found if r == region)
            start = line.lead + m.start(1)
            ev.regions.append(("congress", region, start + s, start + e))
            ev.kinds.append((_kind_of(region), start + s, start + e))


def _speaker(line: Line, regions: RegionTable, ev: _Evidence) -> None:
    w = _words()
    m = w.delegate.search(line.text)
    if m:
        kind = "国" if m.group(1) else m.group(2)
        ev.kinds.append((kind, line.lead + m.start(), line.lead + m.end()))
        if kind == "国":
            ev.regions.append(("speaker", _nation(regions), line.lead + m.start(), line.lead + m.end()))
    m = w.office.search(line.text)
    if m:
        ev.kinds.append((w.roles[m.group(2)], line.lead + m.start(2), line.lead + m.end(2)))
        found = local_mentions(m.group(1), regions)
        region = pick_most_specific(found, regions)
        if region:
            s, e = next((s, e) for r, s, e in found if r == region)
            ev.regions.append(("speaker", region, line.lead + m.start(1) + s, line.lead + m.start(1) + e))
        return
    m = w.role_line.search(line.text)
    if m:
        kind = w.roles[m.group(1)]
        ev.kinds.append((kind, line.lead + m.start(1), line.lead + m.end(1)))
        if kind == "国":
            ev.regions.append(("speaker", _nation(regions), line.lead + m.start(1), line.lead + m.end(1)))


def _kind_of(region: Region) -> str:
    if region.level == "national":
        return "国"
    for suffix in ("自治区", "自治州", "自治县", "自治旗", "地区"):
        if region.name.endswith(suffix):
            return suffix
    return region.name[-1]


def self_kind(text: str) -> str | None:
    """The kind a text calls itself by (全市, 我省 …) when one clearly dominates."""
    w = _words()
    counts = Counter(m.group(1) for m in w.self_words.finditer(text))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < w.self_min:
        return None
    if len(ranked) > 1 and ranked[0][1] < w.self_dominance * ranked[1][1]:
        return None
    return ranked[0][0]


# ---------------------------------------------------------------- deciding


def _speaking_kind(ev: _Evidence) -> str | None:
    """The kind the speaker and the congress agree on (the most often stated)."""
    if not ev.kinds:
        return ev.self_kind
    counts = Counter(k for k, _, _ in ev.kinds)
    return max(counts, key=lambda k: (counts[k], k == ev.self_kind))


def _by_kind(text: str, kind: str, regions: RegionTable) -> tuple[Region, int, int] | None:
    """The place of the speaking kind that the body names, directly or through the
    places below it."""
    if kind == "国":
        return _nation(regions), 0, 0
    found = _kind_mentions(mask(text), kind, regions)
    direct = Counter(r.code for r, _, _ in found)
    first: dict[str, tuple[int, int]] = {}
    for r, s, e in found:
        first.setdefault(r.code, (s, e))
    score: dict[str, float] = defaultdict(float)
    for code, n in direct.items():
        region = regions.get(code)
        if region is None:
            continue
        if matches_kind(region, kind):
            score[code] += n
            continue
        for above in regions.ancestors(region):
            if matches_kind(above, kind):
                score[above.code] += n / 2
                break
    if not score:
        return None
    best = max(score, key=lambda c: (score[c], direct[c], -first.get(c, (len(text), 0))[0]))
    region = regions.get(best)
    if region is None:
        return None
    s, e = first.get(best, (0, 0))
    return region, s, e


def _kind_mentions(text: str, kind: str, regions: RegionTable) -> list[tuple[Region, int, int]]:
    """Mentions, where a name the table gives to a higher namesake (朝阳 → 朝阳市) also
    counts for a region of the speaking kind that bears it, if the text names that
    region's parent or another ancestor (a district of a text that names its city)."""
    found = [m for m in regions.mentions(text) if m[0].level != "national"]
    named = {r.code for r, _, _ in found}
    out = list(found)
    for region, s, e in found:
        if matches_kind(region, kind):
            continue
        for other in regions.lookup(text[s:e]):
            if (other.code != region.code and matches_kind(other, kind)
                    and any(a.code in named for a in regions.ancestors(other))):
                out.append((other, s, e))
    return out


def detect_region(title: Fact, issuer: Fact, text: str, lines: list[Line],
                  regions: RegionTable) -> tuple[Fact, Region | None]:
    titled = _from_title(title, regions)
    if titled:
        return titled
    ev = _gather(lines, issuer, regions)
    body = text[:BODY_CHARS]
    ev.self_kind = self_kind(body)
    kind = _speaking_kind(ev)
    if kind:
        for what, region, s, e in ev.regions:
            if matches_kind(region, kind):
                return _fact(region, s, e, f"{_NOTES[what]}；讲话层级 speaking kind: {kind}"), region
        picked = _by_kind(body, kind, regions)
        if picked:
            region, s, e = picked
            start, end = (s, e) if e else (None, None)
            return _fact(region, start, end, f"正文所提最多的“{kind}”（自身提及加下辖地名提及之半）/ the {kind} the "
                                         f"body names most (its own mentions and half of those of the places "
                                         f"below it)；讲话层级 speaking kind: {kind}"), region
    if ev.regions:
        what, region, s, e = ev.regions[0]
        return _fact(region, s, e, _NOTES[what]), region
    return _near_the_top(text, lines, regions)


_NOTES = {"congress": "报告所在或通过文件的人民代表大会、党委全会 / the people's congress or party plenum "
                      "the document is delivered to or adopted by",
          "speaker": "报告人代表的政府 / the government the speaker represents",
          "issuer": "发文机关 / the issuing body"}


def _fact(region: Region, start: int | None, end: int | None, note: str) -> Fact:
    return Fact(region.name, "detected", start, end, note=note)


def _near_the_top(text: str, lines: list[Line], regions: RegionTable) -> tuple[Fact, Region | None]:
    head_end = lines[min(len(lines), HEAD_LINES) - 1].end if lines else 0
    found = local_mentions(text[: max(head_end, 3000)], regions)
    region = pick_most_specific(found, regions)
    if region:
        s, e = next((s, e) for r, s, e in found if r == region)
        return Fact(region.name, "detected", s, e, note="most specific region named near the top"), region
    return Fact(None, "none", note="no region named in the title or the first lines"), None
