"""The strategy lexicon (data/strategies.toml): entries are complete, unique and cite a source."""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections import defaultdict
from importlib import resources

import opencc
import pytest

KINDS = {"strategy", "programme", "area", "project"}
REQUIRED = ("id", "name", "region_code", "kind", "source")
OPTIONAL = ("en", "aliases", "launched", "part_of", "not_within")
QUOTES = "“”‘’\"'"


def _data() -> dict:
    text = resources.files("planscope.data").joinpath("strategies.toml").read_text("utf-8")
    return tomllib.loads(text)


def _region_codes() -> set[str]:
    text = resources.files("planscope.data").joinpath("regions.csv").read_text("utf-8")
    return {row["code"] for row in csv.DictReader(io.StringIO(text))}


def _norm(word: str) -> str:
    """The comparison form described in the file header: no whitespace, no quotation marks."""
    return "".join(ch for ch in word if not ch.isspace() and ch not in QUOTES)


DATA = _data()
ENTRIES: list[dict] = DATA.get("strategy", [])


def _forms(entry: dict) -> list[str]:
    return [entry["name"], *entry.get("aliases", [])]


def test_file_has_entries() -> None:
    assert len(ENTRIES) >= 40
    assert set(DATA) == {"strategy", "markers", "formulae", "named_forms", "slogans"}
    forms = DATA["named_forms"]
    assert forms["verbs"] and forms["suffixes"] and forms["source"] and forms["min_chars"] < forms["max_chars"]
    assert DATA["formulae"]["numerals"] and DATA["formulae"]["source"]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: str(e.get("id")))
def test_entry_fields(entry: dict) -> None:
    for key in REQUIRED:
        assert isinstance(entry.get(key), str), key
        assert entry[key].strip(), key
    assert set(entry) <= set(REQUIRED) | set(OPTIONAL), set(entry) - set(REQUIRED) - set(OPTIONAL)
    assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", entry["id"])
    assert entry["kind"] in KINDS
    assert re.fullmatch(r"\d{6}", entry["region_code"])
    if "en" in entry:
        assert isinstance(entry["en"], str) and entry["en"].strip()
    aliases = entry.get("aliases", [])
    assert isinstance(aliases, list)
    assert all(isinstance(a, str) and a.strip() for a in aliases)
    if "launched" in entry:
        assert re.fullmatch(r"(19|20)\d\d(-(0[1-9]|1[0-2]))?", entry["launched"]), entry["launched"]


def test_ids_unique() -> None:
    ids = [e["id"] for e in ENTRIES]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_region_codes_exist() -> None:
    codes = _region_codes()
    assert "100000" in codes
    missing = {e["id"]: e["region_code"] for e in ENTRIES if e["region_code"] not in codes}
    assert not missing


def test_several_regions_covered() -> None:
    regions = {e["region_code"] for e in ENTRIES}
    assert {"100000", "430000"} <= regions
    assert len(regions) >= 4


def test_part_of_refers_to_another_entry() -> None:
    ids = {e["id"] for e in ENTRIES}
    for entry in ENTRIES:
        if "part_of" in entry:
            assert entry["part_of"] in ids, entry["id"]
            assert entry["part_of"] != entry["id"]


def test_no_form_shared_between_entries() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in ENTRIES:
        for form in _forms(entry):
            owners[_norm(form)].add(entry["id"])
    shared = {form: sorted(ids) for form, ids in owners.items() if len(ids) > 1}
    assert not shared


def test_no_redundant_form_within_entry() -> None:
    """An alias that equals the name or another alias after normalisation adds nothing."""
    for entry in ENTRIES:
        forms = [_norm(f) for f in _forms(entry)]
        assert len(forms) == len(set(forms)), entry["id"]
        assert all(forms), entry["id"]


def test_forms_are_simplified_chinese() -> None:
    t2s = opencc.OpenCC("t2s")
    for entry in ENTRIES:
        for form in _forms(entry):
            assert t2s.convert(form) == form, (entry["id"], form)
            assert re.search(r"[\u4e00-\u9fff]", form), (entry["id"], form)


def test_markers() -> None:
    markers = DATA["markers"]
    after = markers["after"]
    assert after and all(isinstance(w, str) and w.strip() for w in after)
    assert len(after) == len(set(after))
    assert isinstance(markers.get("source"), str) and markers["source"].strip()


def test_slogans() -> None:
    slogans = DATA["slogans"]
    words = slogans["words"]
    assert words and all(isinstance(w, str) and w.strip() for w in words)
    assert len(words) == len(set(words))
    assert isinstance(slogans.get("source"), str) and slogans["source"].strip()


def test_no_slogan_is_a_strategy() -> None:
    forms = {_norm(f) for e in ENTRIES for f in _forms(e)}
    assert not {_norm(w) for w in DATA["slogans"]["words"]} & forms


def test_no_marker_is_a_slogan() -> None:
    assert not set(DATA["markers"]["after"]) & set(DATA["slogans"]["words"])


@pytest.mark.parametrize(
    ("written", "entry_id"),
    [
        ("“三高四新”战略", "sangao_sixin"),
        ("长株潭城市群", "changzhutan_yitihua"),
        ("长株潭区域一体化", "changzhutan_yitihua"),
        ("长株潭都市圈", "changzhutan_yitihua"),
        ("“强省会战略”", "qiang_shenghui"),
        ("强省会", "qiang_shenghui"),
        ("中部崛起", "zhongbu_jueqi"),
        ("中部地区高质量发展", "zhongbu_jueqi"),
        ("双碳", "tandafeng_tanzhonghe"),
    ],
)
def test_written_forms_resolve(written: str, entry_id: str) -> None:
    """Forms that occur in the Hunan plans resolve to the intended entry."""
    by_form = {_norm(f): e["id"] for e in ENTRIES for f in _forms(e)}
    assert by_form.get(_norm(written)) == entry_id
