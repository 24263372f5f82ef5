"""Responsible units (责任单位) of each region, with their aliases: one unit however the
documents write it (示例市发展和改革委员会 = 市发改委 = 发改委 in that city's documents).

A unit belongs to one region; a task of a region is assigned only units of that region.
``members`` are the users who act for a unit: a user listed as a member of some unit files
progress only for those units and confirms only as their lead unit; a user who is no unit's
member (a planner, the local operator) acts for any unit of the region its role covers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planscope import audit
from planscope.accounts.roles import Principal, require, scope_prefix, scope_region
from planscope.catalogue.regions import Region, load_regions
from planscope.errors import SupervisionError
from planscope.store import OrgUnit


def unit_record(u: OrgUnit) -> dict[str, Any]:
    return {"id": u.id, "region_code": u.region_code, "region": u.region, "name": u.name, "body": u.body,
            "aliases": list(u.aliases or []), "members": list(u.members or [])}


def region_of(text: str) -> Region:
    """A task's or unit's region from a name or code (SupervisionError when unknown)."""
    try:
        return scope_region(text)
    except Exception as err:  # the region table's own error says what it could not find
        raise SupervisionError(f"未知地区 {text!r} / unknown region: {err}") from None


def list_units(session: Session, region: str | None = None) -> list[OrgUnit]:
    q = select(OrgUnit).order_by(OrgUnit.region_code, OrgUnit.name)
    if region:
        prefix = scope_prefix(region_of(region).code)
        if prefix:
            q = q.where(OrgUnit.region_code.startswith(prefix, autoescape=True))
    return list(session.scalars(q))


def _names(u: OrgUnit) -> set[str]:
    return {u.name, *(u.aliases or [])}


def _bare(name: str, region: str) -> str:
    """示例市财政局 → 市财政局: the region's own name taken off (the level word stays)."""
    stem = region[:-1] if len(region) > 1 else region
    return name[len(stem):] if name.startswith(stem) and len(name) > len(stem) + 1 else name


def _forms(u: OrgUnit) -> set[str]:
    """Every way the region's documents may write the unit: its names and aliases, without the
    region's name (示例市财政局 → 市财政局), and without the level word too (市财政局 → 财政局)."""
    level = u.region[-1:]
    out = set()
    for n in _names(u):
        bare = _bare(n, u.region)
        out |= {n, bare}
        if bare.startswith(level) and len(bare) > 2:
            out.add(bare[len(level):])
    return out


def match_unit(session: Session, region_code: str, written: str) -> OrgUnit | None:
    """The region's unit named ``written``: its name or an alias, with or without the region's
    name or level word (示例市财政局, 市财政局, 财政局); an exact name or alias first."""
    name = written.strip()
    units = list(session.scalars(select(OrgUnit).where(OrgUnit.region_code == region_code)))
    exact = [u for u in units if name in _names(u)]
    if exact:
        return exact[0]
    candidates = {name, _bare(name, units[0].region)} if units else {name}
    return next((u for u in units if candidates & _forms(u)), None)


def find_unit(session: Session, region_code: str, written: str) -> OrgUnit:
    """Like ``match_unit``, but a unit that is not there is an error naming the region, and a
    unit of another region is said to be outside."""
    found = match_unit(session, region_code, written)
    if found is not None:
        return found
    elsewhere = [u for u in session.scalars(select(OrgUnit)) if written.strip() in _names(u)]
    place = load_regions().get(region_code)
    here = f"{place.name} {region_code}" if place else region_code
    if elsewhere:
        other = elsewhere[0]
        raise SupervisionError(f"单位“{written}”属于 {other.region} {other.region_code}，不在任务所在地区 {here}"
                               " / the unit belongs to another region: a task is assigned units of its own region only")
    raise SupervisionError(f"{here} 没有单位“{written}”（planscope tasks units 查看，planscope tasks unit-add 添加）/ "
                           "no such unit in the region: list them with planscope tasks units, add with unit-add")


def add_unit(session: Session, actor: Principal, region: str, name: str, aliases: Iterable[str] = (),
             body: str | None = None, members: Iterable[str] = ()) -> OrgUnit:
    place = region_of(region)
    require(actor, "manage_tasks", place.code)
    name = name.strip()
    if not name:
        raise SupervisionError("单位名称为空 / the unit needs a name")
    existing = match_unit(session, place.code, name)
    if existing is not None:
        raise SupervisionError(f"{place.name} 已有单位“{existing.name}”（id {existing.id}）/ the region has this unit "
                               "already")
    unit = OrgUnit(region_code=place.code, region=place.name, name=name, body=body,
                   aliases=sorted({a.strip() for a in aliases if a.strip() and a.strip() != name}),
                   members=sorted({m for m in members if m}), created_at=audit.now())
    session.add(unit)
    session.flush()
    audit.record(session, actor, "unit.add", "unit", unit.id, unit.region_code, None, unit_record(unit))
    return unit


def change_unit(session: Session, actor: Principal, unit_id: int, *, add_aliases: Iterable[str] = (),
                add_members: Iterable[str] = (), remove_members: Iterable[str] = (),
                body: str | None = None) -> OrgUnit:
    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        raise SupervisionError(f"没有单位 id {unit_id} / no unit {unit_id}")
    require(actor, "manage_tasks", unit.region_code)
    before = unit_record(unit)
    unit.aliases = sorted(set(unit.aliases or []) | {a.strip() for a in add_aliases if a.strip()} - {unit.name})
    unit.members = sorted((set(unit.members or []) | set(add_members)) - set(remove_members))
    if body is not None:
        unit.body = body
    after = unit_record(unit)
    if after != before:
        audit.record(session, actor, "unit.change", "unit", unit.id, unit.region_code, before, after)
    return unit


def unit_for_record(session: Session, actor: Principal, region_code: str, written: str, body: str | None,
                    canonical: str | None, level: str | None = None) -> OrgUnit:
    """The region's unit for a unit named in a document: by name or alias, else by the body the
    catalogue says it is at the region's level (发改局 and 市发改委 are one body), else a new unit of
    the region.  A body of the region's own level is named 示例市 + the catalogue's standard name,
    with the written name as alias; a body of another level (示例县人民政府 in a city's task) keeps
    the name as written and is told apart from the region's own by its level."""
    place = load_regions().get(region_code)
    own_level = level is None or place is None or level == place.level
    key = f"{body}@{level or (place.level if place else '')}" if body else None
    full = f"{place.name}{canonical}" if canonical and own_level and place else None
    for name in (written, full):
        if name:
            found = match_unit(session, region_code, name)
            if found is not None:
                return _learn(session, actor, found, written)
    if key:
        found = session.scalars(select(OrgUnit).where(OrgUnit.region_code == region_code, OrgUnit.body == key)).first()
        if found is not None:
            return _learn(session, actor, found, written)
    name = full or written
    return add_unit(session, actor, region_code, name, aliases=[written] if written != name else [], body=key)


def _learn(session: Session, actor: Principal, unit: OrgUnit, written: str) -> OrgUnit:
    if written and written not in _names(unit):
        return change_unit(session, actor, unit.id, add_aliases=[written])
    return unit
