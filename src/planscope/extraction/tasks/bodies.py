"""The bodies task documents name, as data: one name for the many ways a body is written.

``data/bodies.toml`` lists each kind of body (发展和改革委员会, 财政局 …) with the names and
abbreviations documents write at every level (发展改革委, 发改委, 发展和改革局, 发改局 …).
:meth:`Bodies.resolve` reads a unit as written: it takes off a level prefix (省/市/县/区,
市委 …) or a place name (云岭市), looks the rest up, and gives the body's id, its standard
name and its level — the prefix's, else the document's.  So 市发展改革委, 市发改委 and (in a
city's document) 发展和改革委员会 are one body; 发改局 in a county's document is that body
of the county.  Names that stand for many bodies (各县市区政府, 市级各有关部门) are kept as
written and marked collective.

A region's own bodies and abbreviations are entries with ``regions``; more can be read from
a file in the same format (:func:`load_bodies`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from planscope import datafiles
from planscope.errors import InputError
from planscope.extraction.tasks.model import UnitRef

BODIES_FILE = "bodies.toml"
PLACE_MAX = 10  # the longest place name taken off before a body's name


@dataclass(frozen=True)
class Body:
    id: str
    zh: str
    en: str
    aliases: tuple[str, ...]
    regions: tuple[str, ...] = ()  # empty: everywhere


@dataclass(frozen=True)
class Scope:
    """The document's region and level: where a body named without a prefix belongs."""

    region: str | None = None
    code: str | None = None
    level: str | None = None

    def covers(self, regions: Iterable[str]) -> bool:
        return any(r in (self.region, self.code) for r in regions if r)


class Bodies:
    """The body catalogue: resolve a unit's name to its body and level."""

    def __init__(self, bodies: list[Body], levels: Mapping[str, str], place_ends: Iterable[str],
                 collective: re.Pattern[str]) -> None:
        self.bodies = {b.id: b for b in bodies if not b.regions}
        self._all = bodies
        self.levels = dict(levels)
        self.place_ends = tuple(place_ends)
        self.collective = collective
        self._level_words = tuple(sorted(self.levels, key=len, reverse=True))

    def body(self, id: str) -> Body | None:
        return self.bodies.get(id)

    @lru_cache(maxsize=64)  # noqa: B019 - a catalogue lives as long as the process
    def aliases(self, scope: Scope) -> dict[str, Body]:
        """Every alias in force in ``scope``: the catalogue's, and the region's own."""
        out: dict[str, Body] = {}
        regional = [b for b in self._all if b.regions and scope.covers(b.regions)]
        for b in [b for b in self._all if not b.regions] + regional:  # a region's own names win
            for name in (b.zh, *b.aliases):
                out[name] = self.bodies.get(b.id, b)
        return out

    def resolve(self, name: str, start: int, scope: Scope) -> UnitRef:
        """The unit ``name`` (written at ``start``) as a reference to a body."""
        end = start + len(name)
        if self.collective.search(name):
            return UnitRef(name, start, end, level=self._level_of(name) or scope.level, collective=True)
        known = self.aliases(scope)
        for i in range(len(name)):  # the longest known name at the end of what is written
            body = known.get(name[i:])
            if body is None:
                continue
            found = self._prefix(name[:i])
            if found is None:
                continue
            level = found or scope.level
            return UnitRef(name, start, end, body=body.id, canonical=body.zh, level=level)
        return UnitRef(name, start, end, level=self._level_of(name) or None)

    def _prefix(self, prefix: str) -> str | None:
        """The level a prefix gives ("" for none written); None when it is no prefix at all."""
        if not prefix:
            return ""
        if prefix in self.levels:
            return self.levels[prefix]
        for word in self._level_words:  # a place and a party level: 云岭市委
            rest = prefix.removesuffix(word)
            if rest != prefix and rest.endswith(self.place_ends) and len(rest) <= PLACE_MAX:
                return self.levels[word]
        if len(prefix) <= PLACE_MAX and prefix.endswith(self.place_ends):
            return self._place_level(prefix)
        return None

    def _place_level(self, place: str) -> str:
        from planscope.catalogue.regions import load_regions

        found = load_regions().lookup(place)
        if found:
            return found[0].level
        return next((self.levels[w] for w in self._level_words if place.endswith(w) and w in self.levels), "")

    def _level_of(self, name: str) -> str | None:
        return next((self.levels[w] for w in self._level_words if name.startswith(w)), None)


def _entries(data: Mapping[str, Any]) -> list[Body]:
    return [Body(e["id"], e["zh"], e["en"], tuple(e["aliases"]), tuple(e.get("regions", ())))
            for e in data.get("body", [])]


def _build(data: Mapping[str, Any], extra: list[Body]) -> Bodies:
    naming = data["naming"]
    return Bodies(_entries(data) + extra, naming["levels"], naming["place_ends"], re.compile(naming["collective"]))


@lru_cache(maxsize=1)
def _package() -> Bodies:
    return _build(datafiles.raw(BODIES_FILE), [])


def load_bodies(extra: Path | None = None) -> Bodies:
    """The body catalogue, with a region's own file (same format; ``naming`` may be left out)
    added.  A file that does not follow the format is an ``InputError`` listing every problem."""
    if extra is None:
        return _package()
    try:
        data = tomllib.loads(extra.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(extra, f"无法读取单位目录 / cannot read the bodies file: {exc}") from None
    found = check_file(extra.name, data)
    if found:
        raise InputError(extra, "单位目录有误 / the bodies file has problems:\n" + "\n".join(found))
    return _build(datafiles.raw(BODIES_FILE), _entries(data))


def check_file(name: str, data: Mapping[str, Any]) -> list[str]:
    """Every problem of a region's bodies file: the package's schema (``naming`` optional),
    and the checks of :func:`check_data`."""
    from planscope.datafile_schemas import SCHEMAS
    from planscope.datafiles import Spec, optional

    spec = SCHEMAS[BODIES_FILE]
    loose = Spec("table", fields={**spec.fields, "naming": optional(spec.fields["naming"])})
    found = list(datafiles.check(name, data, loose, lambda *_: None))
    return found or [f"{name} {p}" for p in check_data(data)]


def check_data(data: Mapping[str, Any]) -> list[str]:
    """Checks beyond the shape: an id defined once for everywhere; a region's entry with a
    new id names its regions; one alias means one body in every scope."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    owner: dict[tuple[str, tuple[str, ...]], str] = {}
    for pos, entry in enumerate(data.get("body", []), 1):
        regions = tuple(sorted(entry.get("regions", ())))
        here = f"[[body]] #{pos} (id = \"{entry['id']}\")"
        if not regions:
            if entry["id"] in seen:
                problems.append(f"{here}: duplicate id (also entry #{seen[entry['id']]}); "
                                "a region's additions need `regions`")
            seen.setdefault(entry["id"], pos)
        for alias in (entry["zh"], *entry["aliases"]):
            other = owner.setdefault((alias, regions), entry["id"])
            if other != entry["id"]:
                problems.append(f"{here}: alias '{alias}' also names body '{other}'")
    return problems
