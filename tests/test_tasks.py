"""Tasks from documents: the fixtures' tasks come back (who leads, who works with them, by
when) in every layout, with spans that quote the original; bodies are one body however they
are written; deadlines read as people read them; the CLI prints, writes and fails cleanly."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from planscope.cli.commands import main
from planscope.errors import InputError
from planscope.extraction.tasks import TaskRecord, load_bodies
from planscope.extraction.tasks.bodies import Scope
from planscope.extraction.tasks.deadlines import find_in_text, read_cell
from planscope.extraction.tasks.scoring import score, score_projects
from planscope.views.tasks import tasks_of_file

import taskgen

FIXTURES = Path(__file__).parent / "fixtures" / "tasks"
WRITTEN = sorted(p for folder in ("hand", "held_out") for p in (FIXTURES / folder).iterdir()
                 if p.suffix in (".txt", ".docx"))


def _sidecar(doc: Path) -> dict[str, object]:
    return json.loads((doc.parent / f"{doc.stem}.expect.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tasks")
    taskgen.write(folder, docx=True)
    return folder


def _check(doc: Path, sidecar: dict[str, object]) -> list[TaskRecord]:
    records = tasks_of_file(doc)
    found = score(sidecar["tasks"], records, doc.name)  # type: ignore[arg-type]
    found.add(score_projects(sidecar.get("projects", []), records, doc.name))  # type: ignore[arg-type]
    assert not found.problems, f"{sidecar.get('covers')}\n" + "\n".join(found.problems)
    return records


# ---------------------------------------------------------------- fixtures


def test_the_generated_fixtures_are_in_step_with_the_generator(tmp_path: Path) -> None:
    taskgen.write(tmp_path)
    kept = sorted(p.name for p in (FIXTURES / "generated").iterdir())
    assert kept == sorted(p.name for p in tmp_path.iterdir()), "run: python tests/taskgen.py"
    for name in kept:
        assert (FIXTURES / "generated" / name).read_bytes() == (tmp_path / name).read_bytes(), name


@pytest.mark.parametrize("name", [name for name, *_ in taskgen.renderings()])
def test_every_rendering_of_a_task_list_yields_its_tasks(name: str, rendered: Path) -> None:
    _check(rendered / name, _sidecar(rendered / name))


@pytest.mark.parametrize("doc", WRITTEN, ids=lambda p: p.name)
def test_every_hand_written_fixture_yields_its_tasks(doc: Path) -> None:
    _check(doc, _sidecar(doc))


@pytest.mark.parametrize("doc", WRITTEN, ids=lambda p: p.name)
def test_every_span_quotes_the_original(doc: Path) -> None:
    from planscope.library import analyse

    original = analyse(doc).original
    for r in tasks_of_file(doc):
        assert original[r.start:r.end] == r.text
        for u in (*r.lead, *r.co):
            assert original[u.start:u.end] == u.name
        for d in (r.deadline, *r.milestones):
            if d is not None:
                assert original[d.start:d.end] == d.text
        if r.project is not None:
            for f in (r.project.name, r.project.content, r.project.place, r.project.investment):
                if f is not None:
                    assert original[f.start:f.end] == f.text


def test_a_plans_measures_have_no_lead_and_say_so() -> None:
    records = tasks_of_file(FIXTURES / "hand" / "qingshui_tourism_plan.txt")
    measures = [r for r in records if r.layout == "plan_measure"]
    assert len(measures) == 4
    assert all(not r.lead and not r.co and r.assigned == "none" for r in measures)
    assert all(any("无牵头单位" in n for n in r.notes) for r in measures)


def test_the_convention_that_the_first_leads_holds_from_where_it_is_said() -> None:
    by_text = {r.text[:6]: r for r in tasks_of_file(FIXTURES / "held_out" / "songtao_projects_year.docx")}
    assert by_text["实行重点项目"].assigned == "first_leads"  # said here, with 下同
    assert by_text["落实项目建设"].assigned == "first_leads"  # and after
    assert [u.name for u in by_text["落实项目建设"].lead] == ["县发改局"]


def test_units_without_a_convention_are_all_responsible_and_the_record_says_so() -> None:
    records = tasks_of_file(FIXTURES / "hand" / "songtao_unit_lines.docx")
    record = next(r for r in records if r.text.startswith("落实减税"))
    assert len(record.lead) == 4 and not record.co
    assert record.assigned == "owners" and any("均为责任单位" in n for n in record.notes)


def test_a_task_names_the_catalogue_indicator_of_its_target() -> None:
    [record] = [r for r in tasks_of_file(FIXTURES / "generated" / "yunling_ecology.paren_units.txt")
                if r.text.startswith("持续推进细颗粒物")]
    assert [(i.id, i.via) for i in record.indicators] == [("good_air_days_ratio", "target")]


def test_project_fields_from_a_box_and_from_a_table() -> None:
    box = {r.title: r.project for r in tasks_of_file(FIXTURES / "hand" / "qingshui_tourism_plan.txt") if r.project}
    lake = box["青水湖旅游度假区提升项目"]
    assert lake is not None and lake.investment is not None
    assert (lake.investment.value, lake.investment.unit, lake.investment.yuan) == (8.6, "亿元", 8.6e8)
    assert lake.period is not None and lake.period.normalized == "2024–2026"
    table = [r for r in tasks_of_file(FIXTURES / "held_out" / "wangchuan_plan_chapter.txt") if r.source != "text"]
    assert [r.project.investment.yuan for r in table if r.project and r.project.investment] == [320e8, 45e8, 28.5e8]


# ---------------------------------------------------------------- bodies


@pytest.mark.parametrize(("name", "scope", "body", "level"), [
    ("市发展改革委", Scope("示例市", None, "city"), "development_reform", "city"),
    ("市发改委", Scope("示例市", None, "city"), "development_reform", "city"),
    ("发展和改革委员会", Scope("示例市", None, "city"), "development_reform", "city"),
    ("发改局", Scope("青水县", None, "county"), "development_reform", "county"),
    ("青水县发改局", Scope("示例市", None, "city"), "development_reform", "county"),
    ("省人力资源社会保障厅", Scope("示例市", None, "city"), "human_resources", "province"),
    ("市委组织部", Scope(None, None, None), "organization_dept", "city"),
    ("市工业和信息化局", Scope(None, None, "city"), "industry_it", "city"),
])
def test_one_body_however_it_is_written(name: str, scope: Scope, body: str, level: str) -> None:
    unit = load_bodies().resolve(name, 0, scope)
    assert (unit.body, unit.level, unit.name) == (body, level, name)


def test_collective_and_unknown_units_are_kept_as_written() -> None:
    bodies = load_bodies()
    assert bodies.resolve("市级各有关部门", 5, Scope()).collective
    unknown = bodies.resolve("示例市城投集团", 5, Scope())
    assert (unknown.body, unknown.name, unknown.start, unknown.end) == (None, "示例市城投集团", 5, 12)


def test_a_regions_own_bodies_file_adds_names_in_that_region_only(tmp_path: Path) -> None:
    extra = tmp_path / "yunling.toml"
    extra.write_text('[[body]]\nid = "development_reform"\nzh = "发展和改革委员会"\nen = "x"\n'
                     'aliases = ["发改"]\nregions = ["云岭市"]\nsource = "云岭市机构简称表"\n'
                     '[[body]]\nid = "yunling_new_area"\nzh = "云岭新区管理委员会"\nen = "x"\n'
                     'aliases = ["新区管委"]\nregions = ["云岭市"]\nsource = "云岭市机构简称表"\n', "utf-8")
    bodies = load_bodies(extra)
    assert bodies.resolve("新区管委", 0, Scope("云岭市", None, "city")).body == "yunling_new_area"
    assert bodies.resolve("新区管委", 0, Scope("示例市", None, "city")).body is None


def test_a_bad_bodies_file_lists_its_problems(tmp_path: Path) -> None:
    extra = tmp_path / "bad.toml"
    extra.write_text('[[body]]\nid = "x"\nzh = "某局"\nalias = ["某"]\nsource = "s"\n', "utf-8")
    with pytest.raises(InputError) as err:
        load_bodies(extra)
    assert "bad.toml" in str(err.value) and "unknown key 'alias'" in str(err.value)


def test_every_alias_names_one_body() -> None:
    from planscope.extraction.tasks.bodies import check_data

    data = tomllib.loads((Path(__file__).parents[1] / "src/planscope/data/bodies.toml").read_text("utf-8"))
    assert check_data(data) == []
    data["body"].append({**data["body"][1], "id": "copy"})
    assert any("also names body" in p for p in check_data(data))


# ---------------------------------------------------------------- deadlines


@pytest.mark.parametrize(("written", "kind", "normalized", "due"), [
    ("2022年10月底前", "date", "2022-10-31", "2022-10-31"),
    ("2023年6月30日前", "date", "2023-06-30", "2023-06-30"),
    ("2024年2月", "date", "2024-02-29", "2024-02-29"),
    ("2023年第三季度", "date", "2023-09-30", "2023-09-30"),
    ("2023年上半年", "date", "2023-06-30", "2023-06-30"),
    ("二〇二五年底前", "date", "2025-12-31", "2025-12-31"),
    ("2025年", "year", "2025", "2025-12-31"),
    ("2021—2025年", "period", "2021–2025", "2025-12-31"),
    ("“十四五”期间", "period", "2021–2025", "2025-12-31"),
    ("“十五五”末", "year", "2030", "2030-12-31"),
    ("长期坚持", "standing", "长期坚持", None),
    ("常态化推进", "standing", "持续推进", None),
    ("每季度", "recurring", "每季度", None),
])
def test_a_deadline_cell_reads_as_people_read_it(written: str, kind: str, normalized: str, due: str | None) -> None:
    d = read_cell(written, 10, 2022)
    assert d is not None
    assert (d.kind, d.normalized, d.due, d.uncertain, d.start, d.end) == (kind, normalized, due, False, 10,
                                                                          10 + len(written))


def test_a_deadline_without_its_year_takes_the_documents_and_says_so() -> None:
    d = read_cell("年底前", 0, 2024)
    assert d is not None and d.normalized == "2024-12-31" and d.note and "文件日期" in d.note
    unknown = read_cell("年底前", 0, None)
    assert unknown is not None and unknown.uncertain and unknown.due is None


def test_a_deadline_that_cannot_be_read_is_kept_and_marked() -> None:
    d = read_cell("视工作进展确定", 0, 2024)
    assert d is not None and (d.kind, d.normalized, d.uncertain) == ("unknown", "视工作进展确定", True)


def test_years_of_the_past_are_no_deadlines() -> None:
    text = "2020年以来累计建成30个，比2020年提高5个百分点，2023年底前再建成10个"
    assert [d.normalized for d in find_in_text(text, 0, 2022)] == ["2023-12-31"]


# ---------------------------------------------------------------- the command


def test_tasks_extract_prints_json_for_each_file() -> None:
    doc = FIXTURES / "hand" / "wangchuan_public_services.txt"
    result = CliRunner().invoke(main, ["tasks", "extract", str(doc), "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert len(records) == 8 and {r["doc"] for r in records} == {doc.name}
    assert records[0]["lead"][0]["name"] == "市教育局"


def test_tasks_extract_writes_a_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "tasks.xlsx"
    doc = FIXTURES / "held_out" / "yunling_web_table.txt"
    result = CliRunner().invoke(main, ["tasks", "extract", str(doc), "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(out)["任务"].values)
    assert rows[0][:6] == ("doc", "number", "title", "text", "lead", "co") and len(rows) == 5


def test_a_file_that_cannot_be_read_is_named_and_the_others_still_read(tmp_path: Path) -> None:
    empty = tmp_path / "空.txt"
    empty.write_text("", "utf-8")
    doc = FIXTURES / "hand" / "wangchuan_public_services.txt"
    result = CliRunner().invoke(main, ["tasks", "extract", str(empty), str(doc), str(tmp_path / "无.txt")])
    assert result.exit_code == 1
    assert "空.txt" in result.output and "无.txt: 文件不存在 / no such file" in result.output
    assert "新建、改扩建公办幼儿园" in result.output
