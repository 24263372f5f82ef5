"""One reader and one validator for every data file in ``planscope/data``.

Every module that needs language knowledge (units, phrases, catalogue, vocabularies …) gets
the parsed file from :func:`raw` here: the file is read once per process, checked against the
schema declared for it in :mod:`planscope.datafile_schemas`, and refused with *every* problem
listed when the check fails.  The modules keep turning the raw mapping into their own
dataclasses; only the reading and the checking live here.

:func:`problems` runs the same check over the package's data or over a folder of edited
copies (``planscope check-data FOLDER``), plus the checks that need more than a schema (the
catalogue's aliases, the reference plans against the catalogue).  A problem is one line naming
the file and the entry::

    units.toml [[unit]] #12 (words = ["吨"]): unknown key 'fator'
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["DataFileError", "Spec", "data_files", "problems", "raw", "read_text"]


class DataFileError(ValueError):
    """A data file that does not follow its schema; the message lists every problem."""


# ---------------------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """What a value in a data file must be.

    ``kind`` is one of ``str``, ``int``, ``number``, ``bool``, ``strs``, ``numbers``, ``regex``,
    ``regexes``, ``table`` (fixed keys: ``fields``), ``map`` (any keys, each value ``values``) or
    ``array`` (an array of tables, each with ``fields``; ``label`` names the key shown in
    messages, unique when ``unique``).
    """

    kind: str
    required: bool = True
    groups: tuple[str, ...] = ()  # regex: the named groups the code reads
    choices: tuple[str, ...] = ()  # str / strs: the allowed values; map: the allowed keys
    ref: tuple[str, str, str] | None = None  # (file, array, key): the value names such an entry
    blank_ok: bool = False  # ref: "" stands for none
    fields: Mapping[str, Spec] = field(default_factory=dict)
    values: Spec | None = None
    label: str = ""
    unique: bool = False
    doc: str = ""  # what a section holds (the README's data-file list)


def optional(spec: Spec) -> Spec:
    return Spec(**{**spec.__dict__, "required": False})


# ---------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------


def read_text(name: str, folder: Path | None = None) -> str:
    """A data file's text, from the package or from ``folder``."""
    if folder is not None:
        return (folder / name).read_text("utf-8")
    return resources.files("planscope.data").joinpath(name).read_text("utf-8")


def data_files() -> tuple[str, ...]:
    """The TOML files that have a schema, in alphabetical order."""
    from planscope.datafile_schemas import SCHEMAS

    return tuple(sorted(SCHEMAS))


def raw(name: str) -> dict[str, Any]:
    """The package's ``name`` (e.g. ``"units.toml"``), parsed and checked once per process.

    A copy: a caller may change it without changing what the next caller reads.  Raises
    :class:`DataFileError` listing every problem when the file does not follow its schema.
    """
    return copy.deepcopy(_checked(name))


@cache
def _checked(name: str) -> dict[str, Any]:
    from planscope.datafile_schemas import SCHEMAS

    data = tomllib.loads(read_text(name))
    def ids(file: str, array: str, key: str) -> frozenset[str] | None:  # a file may name its own entries
        return _ids(data if file == name else _checked(file), array, key)

    found = list(check(name, data, SCHEMAS[name], ids))
    if found:
        raise DataFileError(f"{name}: {len(found)} problem(s) / 数据文件有误:\n" + "\n".join(found))
    return data


def _ids(data: Mapping[str, Any], array: str, key: str) -> frozenset[str] | None:
    entries = data.get(array)
    if not isinstance(entries, list):
        return None
    return frozenset(e[key] for e in entries if isinstance(e, dict) and isinstance(e.get(key), str))


def problems(folder: Path | None = None) -> list[str]:
    """Every problem in every data file (of the package, or of ``folder``), one line each.

    A file missing from ``folder`` is checked from the package, so a folder may hold only the
    files being edited; references between files resolve against the folder's copies first.
    """
    from planscope.datafile_schemas import EXTRA_CHECKS, SCHEMAS

    parsed: dict[str, dict[str, Any]] = {}
    found: list[str] = []
    if folder is not None:  # a copy under a name planscope does not read would be checked by nobody
        found += [f"{p.name}: not a planscope data file (known: {', '.join(sorted(SCHEMAS))})"
                  for p in sorted(folder.glob("*.toml")) if p.name not in SCHEMAS]
    for name in sorted(SCHEMAS):
        source = folder if folder is not None and (folder / name).is_file() else None
        try:
            parsed[name] = tomllib.loads(read_text(name, source))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            found.append(f"{name}: cannot read / 无法读取: {exc}")

    def ids(name: str, array: str, key: str) -> frozenset[str] | None:
        return _ids(parsed[name], array, key) if name in parsed else None

    for name, data in parsed.items():
        structural = list(check(name, data, SCHEMAS[name], ids))
        found += structural
        extra = EXTRA_CHECKS.get(name)
        if extra is not None and not structural:  # semantic checks read a well-formed file
            found += [f"{name} {p}" for p in extra(data, parsed)]
    return found


# ---------------------------------------------------------------------------------------
# Checking
# ---------------------------------------------------------------------------------------

IdLookup = Callable[[str, str, str], "frozenset[str] | None"]


def check(name: str, data: Mapping[str, Any], schema: Spec, ids: IdLookup) -> Iterator[str]:
    """Every problem of one parsed file against its schema (a ``table`` spec)."""
    yield from _table(name, data, schema, ids)


def _table(where: str, data: Mapping[str, Any], spec: Spec, ids: IdLookup) -> Iterator[str]:
    for key, sub in spec.fields.items():
        if key not in data:
            if sub.required:
                yield f"{where}: missing key '{key}'"
            continue
        yield from _value(where, key, data[key], sub, ids)
    for key in data:
        if key not in spec.fields:
            yield f"{where}: unknown key '{key}'"


def _value(where: str, key: str, value: Any, spec: Spec, ids: IdLookup) -> Iterator[str]:
    if spec.kind == "table":
        if not isinstance(value, dict):
            yield f"{where}: '{key}' must be a table [{key}]"
        else:
            yield from _table(f"{where} [{key}]" if "[" not in where else f"{where}.{key}", value, spec, ids)
    elif spec.kind == "map":
        if not isinstance(value, dict):
            yield f"{where}: '{key}' must be a table"
        else:
            assert spec.values is not None
            for k, v in value.items():
                if spec.choices and k not in spec.choices:
                    yield f"{where}: unknown key '{key}.{k}' (one of {', '.join(spec.choices)})"
                yield from _value(where, f"{key}.{k}", v, spec.values, ids)
    elif spec.kind == "array":
        yield from _array(where, key, value, spec, ids)
    else:
        yield from (f"{where}: {p}" for p in _scalar(key, value, spec, ids))


def _array(where: str, key: str, value: Any, spec: Spec, ids: IdLookup) -> Iterator[str]:
    if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
        yield f"{where}: '{key}' must be an array of tables [[{key}]]"
        return
    file = where.split(" ", 1)[0]
    seen: dict[Any, int] = {}
    for pos, entry in enumerate(value, 1):
        label = entry.get(spec.label) if spec.label else None
        shown = f" ({spec.label} = {_show(label)})" if label is not None else ""
        here = f"{file} [[{key}]] #{pos}{shown}"
        yield from _table(here, entry, spec, ids)
        if spec.unique and isinstance(label, str):
            if label in seen:
                yield f"{here}: duplicate {spec.label} (also entry #{seen[label]})"
            seen.setdefault(label, pos)


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return f'"{value}"' if isinstance(value, str) else repr(value)


_KINDS: dict[str, tuple[type, ...]] = {"str": (str,), "regex": (str,), "int": (int,), "number": (int, float),
                                       "bool": (bool,)}
_TYPE_WORDS = {"str": "a string", "regex": "a regex string", "int": "an integer", "number": "a number",
               "bool": "true or false", "strs": "a list of strings", "regexes": "a list of regex strings",
               "numbers": "a list of numbers"}


def _scalar(key: str, value: Any, spec: Spec, ids: IdLookup) -> Iterator[str]:
    items = value if spec.kind in ("strs", "regexes", "numbers") else [value]
    one = {"strs": "str", "regexes": "regex", "numbers": "number"}.get(spec.kind, spec.kind)
    if (spec.kind in ("strs", "regexes", "numbers") and not isinstance(value, list)) or not all(
            isinstance(v, _KINDS[one]) and (one == "bool" or not isinstance(v, bool)) for v in items):
        yield f"'{key}' must be {_TYPE_WORDS[spec.kind]}"
        return
    for v in items:
        if one == "regex":
            yield from _regex(key, v, spec.groups)
        if spec.choices and v not in spec.choices:
            yield f"'{key}' = {_show(v)} is not one of {', '.join(spec.choices)}"
        if spec.ref is not None and not (spec.blank_ok and v == ""):
            known = ids(*spec.ref)
            if known is not None and v not in known:
                yield f"'{key}' = {_show(v)} names no [[{spec.ref[1]}]] {spec.ref[2]} in {spec.ref[0]}"


def _regex(key: str, text: str, groups: tuple[str, ...]) -> Iterator[str]:
    try:
        pattern = re.compile(text)
    except re.error as exc:
        yield f"'{key}' is not a valid regex: {exc}"
        return
    for group in groups:
        if group not in pattern.groupindex:
            yield f"'{key}' lacks the named group (?P<{group}>…) the code reads"
