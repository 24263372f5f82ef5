"""The declared shape of every data file in ``planscope/data`` (checked by :mod:`planscope.datafiles`).

One :class:`Spec` per file: the keys each section or entry may have, which are required, their
types, the named groups a regex must have for the code that reads it, unique ids, and references
to entries of other files.  A key that is not declared here is an error: a misspelt key would
otherwise be ignored in silence.  Checks that need the code's own knowledge (the catalogue's
aliases after normalisation, the national targets against the catalogue) are ``EXTRA_CHECKS``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from planscope.datafiles import Spec, optional

S = Spec("str")
INT = Spec("int")
NUM = Spec("number")
BOOL = Spec("bool")
STRS = Spec("strs")
RX = Spec("regex")
NUMS = Spec("numbers")


def rx(*groups: str) -> Spec:
    return Spec("regex", groups=groups)


def table(doc: str = "", /, **fields: Spec) -> Spec:
    return Spec("table", fields=fields, doc=doc)


def array(label: str = "", unique: bool = False, doc: str = "", /, **fields: Spec) -> Spec:
    return Spec("array", fields=fields, label=label, unique=unique, doc=doc)


def ref(file: str, section: str, key: str, kind: str = "str", required: bool = True) -> Spec:
    return Spec(kind, ref=(file, section, key), required=required)


INDICATOR = ref("indicators.toml", "indicator", "id")
DOC_TYPE = ref("doc_types.toml", "type", "id", "strs")
SOURCED_WORDS = {"source": S, "words": STRS}
LEVELS = ("national", "province", "city", "county")
TABLE_ROLES = ("seq", "category", "name", "unit", "attr", "remark", "value", "lead", "owner", "co", "deadline",
               "content", "investment", "period", "place")  # planscope.structure.tables.vocab.ROLES

# Behaviours of a document type the code asks about (planscope.extraction.facts.doc_type_flags).
DOC_TYPE_FLAGS = ("reports_past", "headlines_only", "targets_and_headlines", "yearly_report", "delivered_in_year",
                  "published_next_year", "plan_first", "numbers_follow")

SCHEMAS: dict[str, Spec] = {
    "alignment.toml": table(
        "plan types compared across levels, the five-year window, tolerances, implied targets",
        plan_types=DOC_TYPE, plan_types_source=S, comprehensive_types=DOC_TYPE,
        window_first=INT, window_years=INT, window_source=S,
        tolerance=table(default=NUM, pp_per_year=NUM, years_per_year=NUM),
        change_only=array("id", True, "indicators compared as changes only", id=INDICATOR, reason=S),
        implied=array("id", True, "targets implied by others (a formula over inputs)",
                      id=S, zh=S, en=S, inputs=optional(STRS), formula=S, output=optional(S), scope=S, source=S,
                      indicators=optional(ref("indicators.toml", "indicator", "id", "strs")))),
    "bodies.toml": table(
        "government and party bodies: their names and abbreviations at every level, per region",
        naming=table(source=S, levels=Spec("map", values=Spec("str", choices=LEVELS)), place_ends=STRS,
                     collective=RX),
        body=array("id", False, "one kind of body: its names and abbreviations (a region's own with `regions`)",
                   id=S, zh=S, en=S, aliases=STRS, source=S, regions=optional(STRS))),
    "chrome.toml": table(
        "web-page chrome: navigation, sharing and footer words",
        max_line=INT, words=STRS, footer_words=STRS, link_list_words=STRS),
    "doc_types.toml": table(
        "document types recognised from the title, and what each type means for the pipeline",
        type=array("id", True, "one document type: its title pattern and its behaviour flags",
                   id=S, zh=S, en=S, pattern=RX, **{flag: optional(BOOL) for flag in DOC_TYPE_FLAGS})),
    "document_facts.toml": table(
        "words and patterns of a document's facts: title, issuer, region, dates, period, speaker",
        title=table(words=RX, news=RX, strip=RX, subtitle=RX, source=S),
        issuer=table(prefix=RX, end=RX, adopted_by=RX, source=S),
        region=table(national=RX, source=S),
        date=table(adoption_context=RX, source=S),
        period=table(fyp=RX, target_year=RX, override_words=STRS, source=S),
        bulletin=table(issuer_word=S, year_on_year=S, min_year_on_year=INT, source=S),
        page_meta=table(keys=STRS, issuer_keys=STRS, source_keys=STRS, date_keys=STRS, publication_keys=STRS,
                        title_keys=STRS, value_shapes=Spec("map", values=RX), source=S),
        speaker=table(delegate=RX, office=RX, role_line=RX, roles=Spec("map", values=S), congress_kind=RX,
                      congress_named=RX, national_congress=RX, self_words=RX, self_dominance=INT, self_min=INT,
                      source=S),
        dateline=table(pattern=RX, source=S),
        work_report=table(opening=RX, speech=RX, plan_year=RX, review_year=RX, source=S),
        derived_title=table(work_report=S, bulletin=S, national_place=table(work_report=S, bulletin=S), source=S)),
    "headline_indicators.toml": table(
        "the headline figures of bulletins and work reports, and the wording around them",
        wording=table(connectives=STRS, growth_verbs=STRS, negative_verbs=STRS, to_level=STRS, average=STRS,
                      comparisons=STRS),
        reading=table(caption=RX, note=RX),
        headline=array("zh", True, "one headline figure: its names and the catalogue id of each measure",
                       zh=S, names=STRS, not_after=optional(RX),
                       measures=Spec("map", choices=("level", "growth_rate", "change", "share"),
                                     values=Spec("str", ref=("indicators.toml", "indicator", "id"), blank_ok=True)),
                       index100=optional(BOOL),
                       documents=optional(Spec("strs", choices=("bulletin", "work_report"))))),
    "indicators.toml": table(
        "the indicator catalogue: id, names, unit, category, direction, kind",
        indicator=array("id", True, "one indicator", id=S, zh=S, en=S, aliases=STRS, unit=S, unit_base=S,
                        category=S, direction=S, kind=S, source=S)),
    "national_plans.toml": table(
        "the national plans and their quoted targets (reference for alignment)",
        plan=array("key", True, "one national plan", key=S, title=S, region_code=S, start=INT, end=INT,
                   baseline_year=INT, adopted=optional(S), source=S),
        target=array("indicator_id", False, "one target of a national plan, quoted",
                     plan=ref("national_plans.toml", "plan", "key"), indicator_id=INDICATOR, name=S, text=S,
                     value=optional(NUM), unit=S, unit_base=S, comparator=S, kind=S, target_year=INT,
                     baseline_value=optional(NUM), baseline_year=optional(INT), attribute=optional(S), category=S,
                     quote=S, source=S)),
    "outline.toml": table(
        "headings of the outline (篇, 章, 节, 专栏 …), page markers, table-of-contents lines",
        precedence=ref("outline.toml", "heading", "kind", "strs"),
        limits=table(title_max=INT, continuation_max=INT),
        page_marker=table(pattern=RX), toc_line=table(pattern=RX),
        heading=array("kind", True, "one heading form (the number is the group 'num')", kind=S, pattern=rx("num"))),
    "footnotes.toml": table(
        "footnote marks (注码) in three widths: in text, in converted bulletins, against a name",
        source=S, bracketed=RX, circled=RX, superscript=RX, after_word=RX, symbol=RX),
    "labels.toml": table(
        "words people read for codes (levels, document types, statuses, fact sources, relations)",
        **{group: table(source=S, codes=Spec("map", values=table(zh=S, en=S, style=optional(S), short=optional(S))))
           for group in ("level", "status", "fact_source", "relation")}),
    "web.toml": table(
        "the words of the workbench's pages, Chinese and English",
        source=S, strings=Spec("map", values=table(zh=S, en=S))),
    "plausibility.toml": table(
        "plausible bounds of values, per kind and per indicator and level",
        kind=Spec("map", values=table(source=S, unit_bases=optional(STRS), min=optional(NUM), max=optional(NUM))),
        indicator=array("id", True, "bounds of one catalogue indicator", id=INDICATOR, source=S,
                        min=optional(NUM), max=optional(NUM),
                        levels=optional(table(**{lv: optional(NUMS) for lv in ("national", "province", "city",
                                                                                   "county")})))),
    "region_words.toml": table(
        "region names that are ordinary words, and names that need context",
        ordinary_words=S, common_words=S, across_boundaries=S, context_names=S),
    "roles.toml": table(
        "who may do what: the actions the code asks about, and each role's actions within its region",
        action=array("id", True, "one action the code asks about (planscope.accounts.roles.ACTIONS)",
                     id=S, zh=S, en=S, source=S),
        role=array("id", True, "one role (planscope.accounts.roles.ROLES) and the actions it may take",
                   id=S, zh=S, en=S, actions=ref("roles.toml", "action", "id", "strs"), source=S)),
    "supervision.toml": table(
        "how a task's status is computed (督查督办), reporting frequencies, the words of each status",
        status=table(source=S, lag_margin=NUM, near_days=INT, near_percent=INT),
        frequency=array("id", True, "a reporting frequency: a period and its grace days", id=S, zh=S, en=S,
                        days=INT, grace=INT, source=S),
        label=array("id", True, "the words of a task status", id=S, zh=S, en=S, style=S, source=S),
        deadline=table(source=S, standing=STRS, recurring=STRS),
        bulletin=table(source=S, issuer=S, number=S, title=S, addressee=S, closing=STRS)),
    "report.toml": table(
        "the monitoring and evaluation reports: per kind its title, what counts as on track, the summary's wording",
        report=table(source=S, issuer=S, addressee=S, note_no_data=S, closing=S),
        kind=array("id", True, "one kind of report (annual, midterm, final)",
                   id=Spec("str", choices=("annual", "midterm", "final")), zh=S, en=S, title=S, subtitle=S,
                   opening=S, on_track=STRS, lagging=STRS, needs_target_year=BOOL,
                   groups=Spec("array", fields={"key": Spec("str", choices=("on_track", "lagging", "pending",
                                                                            "no_data", "inherited")),
                                                "text": S}),
                   binding_ok=S, binding_ok_part=S, binding_lagging=S, binding_lagging_part=S, binding_none=S,
                   lagging_named=S, source=S),
        summary=table(source=S, opening=S, latest=S),
        sections=table(source=S, **{k: S for k in (
            "overview", "indicators", "lagging", "alignment", "tasks", "annex", "status_chart", "path_chart",
            "path_grid",
            "indicator_table", "alignment_table", "tasks_table", "annex_table", "lagging_none", "lagging_row",
            "lagging_projection", "lagging_completion", "lagging_more",
            "alignment_counts", "alignment_none", "tasks_counts", "table_note")})),
    "scoring.toml": table(
        "the published assessment formula (考核): components, weights and points",
        source=S,
        component=array("id", True, "one component of the score, its weight and how it is judged",
                        id=S, zh=S, en=S, weight=NUM, source=S, points=optional(Spec("map", values=NUM)),
                        report_by=optional(S), late_share=optional(NUM), min_chars=optional(INT))),
    "strategies.toml": table(
        "named national and regional strategies, and how named strategies are written",
        strategy=array("id", True, "one strategy", id=S, name=S, en=S, aliases=STRS, region_code=S, kind=S,
                       launched=optional(S), source=S,
                       part_of=optional(ref("strategies.toml", "strategy", "id")),
                       not_within=optional(STRS)),
        named_forms=table(verbs=STRS, suffixes=STRS, not_in_name=STRS, leading=STRS, min_chars=INT,
                          max_chars=INT, source=S),
        markers=table(after=STRS, source=S),
        formulae=table(numerals=S, source=S),
        slogans=table(words=STRS, source=S)),
    "sheet_columns.toml": table(
        "spreadsheet column headers of observations and the field each fills", source=S,
        column=array("field", True, "a field and the header names that fill it",
                     field=Spec("str", choices=("region", "indicator", "indicator_id", "year", "value", "unit",
                                                "source", "note")), names=STRS, source=S)),
    "task_phrases.toml": table(
        "the wording of tasks: units (牵头, 配合, 责任单位), who leads, deadlines, task sections, project boxes",
        units=table(source=S, **{k: STRS for k in ("lead_labels", "owner_labels", "co_labels", "lead_verbs",
                                                    "owner_verbs", "co_verbs", "separators", "clause_breaks",
                                                    "list_tails", "lead_marks")}),
        convention=table(source=S, first_leads=RX, carries_on=RX),
        deadlines=table(source=S, labels=STRS, by_words=STRS, to_words=STRS, end_words=STRS, from_words=STRS,
                        this_year=STRS,
                        next_year=STRS, halves=Spec("map", values=INT), quarters=Spec("map", values=INT),
                        fyp=rx("when")),
        standing=array("words", False, "standing deadlines (长期坚持, 持续推进): the first word is the normal form",
                       **SOURCED_WORDS),
        recurring=array("words", False, "recurring deadlines (每年, 每季度): the first word is the normal form",
                        **SOURCED_WORDS),
        items=table(source=S, not_tasks=RX, task_headings=RX, title_ends=STRS, title_max=INT, min_chars=INT),
        projects=table(source=S, box_words=RX, content_labels=STRS, investment_labels=STRS, period_labels=STRS,
                       place_labels=STRS, investment_base=S)),
    "table_vocab.toml": table(
        "table vocabulary: header roles, units, attributes, captions, notes, placeholders",
        unit=array("words", False, "unit words of a unit column", **SOURCED_WORDS),
        attribute=array("means", False, "binding / expected attribute words", means=S, **SOURCED_WORDS),
        header=array("role", False, "header words of a column role", role=Spec("str", choices=TABLE_ROLES),
                     **SOURCED_WORDS),
        seq_pattern=array(source=S, regex=rx("n")),
        header_keyword=array("words", **SOURCED_WORDS),
        category_pattern=array(source=S, sure=BOOL, regex=rx("name")),
        heading_pattern=array(source=S, regex=RX),
        title_pattern=array(source=S, regex=rx("number", "title")),
        title_keyword=array("words", **SOURCED_WORDS),
        page_marker=array(source=S, regex=RX),
        note_prefix=array(source=S, regex=RX),
        note_item=array(source=S, regex=RX),
        placeholder=array("words", **SOURCED_WORDS),
        placeholder_meaning=array("words", meanings=STRS, **SOURCED_WORDS),
        value_word=array("words", **SOURCED_WORDS),
        value_pattern=array(source=S, regex=RX),
        sub_row_prefix=array("words", **SOURCED_WORDS),
        continued_marker=array(source=S, regex=RX),
        continued_by=array(source=S, regex=RX),
        continues_after=array(source=S, regex=RX),
        item_count=array(source=S, regex=RX),
        column_measure=array("measure", True, "what a bulletin table's column measures, by its header",
                             measure=Spec("str", choices=("index", "growth_rate", "share")), source=S, regex=RX),
        caption_unit=array(source=S, regex=rx("unit")),
        estimate_mark=array("words", **SOURCED_WORDS),
        cell_kind=array("kind", False, "what a cell of a task or project table holds (a deadline, a list of bodies)",
                        kind=Spec("str", choices=("time", "body")), source=S, regex=RX,
                        separators=optional(STRS), joiners=optional(STRS))),
    "target_phrases.toml": table(
        "the wording of targets in prose: verbs, time words, review and goal sections",
        **{k: RX for k in ("review_titles", "goal_titles", "goal_anchor", "past_markers", "inherited", "growth_words",
                           "growth_name_end", "change_words", "time_names", "respectively_gap", "annual",
                           "describing_after", "value_nouns", "comparisons", "leading_time", "annual_change",
                           "change_tail", "future_year", "baseline_before", "trailing_time", "change_from",
                           "annual_stop", "fyp_name", "year_in_name_after", "base_era_before", "compared_year",
                           "plan_name", "item_count_before", "right_trim", "right_stop")},
        **{k: STRS for k in ("verbs_before_value", "action_verbs", "name_prefixes", "duration_units",
                             "threshold_qualifiers", "list_closers", "conjunctions", "each_words",
                             "respectively_words", "value_verbs", "leading_value_verbs", "person_classifiers",
                             "occasion_units")},
        header=table(growth=RX, past=RX, target=RX)),
    "units.toml": table(
        "numerals, magnitudes, units and their factors, comparator words, non-quantities",
        numerals=table(source=S, digits=Spec("map", values=INT), places=Spec("map", values=INT),
                       sections=Spec("map", values=INT), point=S, not_after=STRS),
        magnitude=array(source=S, words=Spec("map", values=NUM)),
        unit=array("words", False, "one unit: its words, base unit and factor", source=S, base=S, factor=NUM,
                   words=STRS, power_of=optional(INT), whole=optional(STRS)),
        denominator=array("words", **SOURCED_WORDS),
        spec=array("words", **SOURCED_WORDS),
        prefix=array("words", comparator=S, **SOURCED_WORDS),
        suffix=array("words", comparator=S, **SOURCED_WORDS),
        approx=array("words", comparator=S, **SOURCED_WORDS),
        separator=array("words", **SOURCED_WORDS),
        not_quantity=array("words", source=S, words=optional(STRS), regex=optional(Spec("regexes")))),
}


# ---------------------------------------------------------------------------------------
# Checks beyond the shape (run by planscope check-data)
# ---------------------------------------------------------------------------------------


def _catalogue(data: Mapping[str, Any], parsed: Mapping[str, Any]) -> list[str]:
    from planscope.catalogue.indicators import check_data

    return [f"[[indicator]] {p}" for p in check_data(data)]


def _reference(data: Mapping[str, Any], parsed: Mapping[str, Any]) -> list[str]:
    from planscope.alignment.reference import check_data

    return check_data(data)


def _placeholder_meanings(data: Mapping[str, Any], parsed: Mapping[str, Any]) -> list[str]:
    return [f"[[placeholder_meaning]] #{pos}: one meaning per word ({len(g['words'])} words, "
            f"{len(g['meanings'])} meanings)"
            for pos, g in enumerate(data.get("placeholder_meaning", []), 1) if len(g["words"]) != len(g["meanings"])]


def _roles(data: Mapping[str, Any], parsed: Mapping[str, Any]) -> list[str]:
    from planscope.accounts.roles import check_data

    return check_data(data)


def _bodies(data: Mapping[str, Any], parsed: Mapping[str, Any]) -> list[str]:
    from planscope.extraction.tasks.bodies import check_data

    return check_data(data)


def _supervision(data: Mapping[str, Any], parsed: Mapping[str, Any]) -> list[str]:
    from planscope.supervision.rules import check_supervision

    return check_supervision(data)


def _assessment(data: Mapping[str, Any], parsed: Mapping[str, Any]) -> list[str]:
    from planscope.supervision.rules import check_assessment

    return check_assessment(data)


EXTRA_CHECKS: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any]], list[str]]] = {
    "roles.toml": _roles,
    "bodies.toml": _bodies,
    "supervision.toml": _supervision,
    "scoring.toml": _assessment,
    "indicators.toml": _catalogue,
    "national_plans.toml": _reference,
    "table_vocab.toml": _placeholder_meanings,
}
