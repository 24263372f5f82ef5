"""Strategies traced down: which names of an upper plan count as strategies, and how
they are found in a lower plan (exact, alias, fuzzy, absent)."""

from __future__ import annotations

from planscope.alignment.strategies import Strategy, find, lexicon, passage, quoted_names

UPPER = (
    "大力实施“三高四新”战略，深入推进长株潭都市圈建设，加快构建“两区两山三中心”发展格局，"
    "实施“八大工程”。增强“四个意识”、坚定“四个自信”，推进“一件事一次办”，开展“菜篮子”建设。"
)


def test_quoted_names_followed_by_a_marker_or_numbered_are_strategies_and_slogans_are_not() -> None:
    lex = lexicon()
    names = quoted_names(UPPER, lex)
    assert "八大工程" in names  # ends with a marker word
    assert "两区两山三中心" in names  # a numbered formula
    assert "一件事一次办" in names
    assert "四个意识" not in names and "四个自信" not in names  # political set phrases
    assert "菜篮子" not in names  # neither marked nor numbered
    assert "三高四新" not in names  # in the lexicon already: traced under its entry, not as a quoted name
    assert UPPER[names["八大工程"]:].startswith("“八大工程”")


def test_a_strategy_is_found_by_name_by_alias_and_fuzzily() -> None:
    s = Strategy("x", "湘赣边区域合作示范区", ("湘赣边合作",), "430000", "lexicon", "test")
    exact = find(s, "加快推进湘赣边区域合作示范区建设，打造示范。湘赣边区域合作示范区是重点。")
    assert (exact.match, exact.count) == ("exact", 2)
    alias = find(s, "深化湘赣边合作，共建红色旅游走廊。")
    assert alias.match == "alias" and alias.found == "湘赣边合作"
    fuzzy = find(s, "加快推进湘赣边区域合作发展示范区建设。")
    assert fuzzy.match == "fuzzy" and fuzzy.score >= 85
    assert "湘赣边区域合作" in (fuzzy.found or "")
    assert find(s, "推进长株潭都市圈建设。").match == "none"


def test_short_names_are_never_matched_fuzzily() -> None:
    s = Strategy("y", "强省会", (), "430000", "lexicon", "test")
    assert find(s, "实施强市会战略").match == "none"


def test_the_lexicon_lists_hunan_strategies_with_their_aliases() -> None:
    by_name = {s.name: s for s in lexicon().strategies}
    integration = next(s for s in lexicon().strategies if "长株潭都市圈" in s.names)
    assert integration.region_code == "430000" and "长株潭一体化" in integration.names
    assert by_name["三高四新"].region_code == "430000"
    assert any(s.region_code == "430000" and "强省会" in n for s in lexicon().strategies for n in s.names)


def test_a_passage_is_the_sentence_around_the_match() -> None:
    text = "第一句。深入推进长株潭都市圈建设，打造增长极。第三句。"
    start = text.index("长株潭")
    lo, hi = passage(text, start, start + 6)
    assert text[lo:hi] == "深入推进长株潭都市圈建设，打造增长极。"


def test_a_name_inside_a_longer_name_of_something_else_is_no_match() -> None:
    integration = next(s for s in lexicon().strategies if "长株潭都市圈" in s.names)
    assert find(integration, "积极融入环长株潭城市群建设，发展特色产业。").match == "none"
    found = find(integration, "融入环长株潭城市群，推进长株潭城市群一体化发展。")
    assert found.match == "alias" and found.count == 1


def test_unquoted_zone_and_corridor_names_after_a_verb_are_strategies() -> None:
    from planscope.alignment.strategies import named_forms

    text = ("加快建设赣南临空经济示范区，推动打造京九高铁经济带，深入推进长株潭一体化，"
            "推进城乡供水一体化和医疗卫生示范区建设，以南昌都市圈为引领。")
    names = named_forms(text, lexicon())
    assert "赣南临空经济示范区" in names and "京九高铁经济带" in names  # after the last verb (推动打造)
    assert "长株潭一体化" not in names  # a lexicon entry already
    assert not any("和" in n for n in names)  # a list, not a name
    assert text[names["京九高铁经济带"]:].startswith("京九高铁经济带")
