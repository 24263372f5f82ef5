"""planscope tasks / assess / revise at the command line: the issue's "done when" in small —
units, a task by hand, updates, one made late (its reason required), the due list, the bulletin
as docx and xlsx, the assessment — and each bad input a clear one-line message, exit 1, nothing
half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from planscope.cli.commands import main

FIXTURE = Path(__file__).parent / "fixtures" / "supervision" / "business_env_tasks.json"


@pytest.fixture
def cli(tmp_path: Path):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'lib.db'}"

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(main, ["--db", url, *args], env={"PLANSCOPE_ATTACHMENTS": str(tmp_path / "files")})
        return result.exit_code, result.output

    return run


def test_the_supervision_cycle_from_the_command_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out = cli("tasks", "import", str(FIXTURE), "--region", "示例市", "--start", "2026-01-20")
    assert code == 0 and "导入 6 项任务" in out, out
    code, out = cli("tasks", "unit-add", "示例市", "示例市教育局", "--alias", "市教育局")
    assert code == 0, out
    code, out = cli("tasks", "add", "--region", "示例市", "--text", "新建改扩建中小学校12所", "--lead", "市教育局",
                    "--co", "市财政局", "--deadline", "2026年8月底前", "--start", "2026-01-20",
                    "--milestone", "完成立项@2026-04-30")
    assert code == 0 and "任务 task 7" in out and "2026-08-31" in out, out
    assert cli("tasks", "update", "1", "--unit", "市政府办公室", "--on", "2026-03-25", "--percent", "100",
               "--text", "清单已公布")[0] == 0
    code, out = cli("tasks", "update", "7", "--unit", "市教育局", "--on", "2026-09-05", "--percent", "90",
                    "--text", "主体完工")
    assert code == 1 and "须说明原因" in out, out
    proof = tmp_path / "进度照片.jpg"
    proof.write_bytes(b"\xff\xd8 a photo")
    code, out = cli("tasks", "update", "7", "--unit", "市教育局", "--on", "2026-09-05", "--percent", "90",
                    "--text", "主体完工", "--reason", "征地拆迁延误两个月", "--attach", str(proof), "--milestone", "1")
    assert code == 0 and "滞后" in out, out
    code, out = cli("tasks", "due", "--within", "30", "--as-of", "2026-09-10", "--format", "json")
    due = json.loads(out)
    assert any(d["task_id"] == 7 and d["days"] < 0 for d in due) and all(d["status"] != "done" for d in due)
    code, out = cli("tasks", "show", "7", "--as-of", "2026-09-10", "--format", "json")
    shown = json.loads(out)
    assert shown["status"] == "late" and shown["updates"][0]["late_reason"] == "征地拆迁延误两个月"
    for fmt in ("docx", "xlsx"):
        path = tmp_path / f"通报.{fmt}"
        code, out = cli("tasks", "bulletin", "--period", "2026-Q3", "--region", "示例市", "--format", fmt,
                        "-o", str(path), "--date", "2026-10-12")
        assert code == 0 and path.stat().st_size > 1000, out
    assert load_workbook(tmp_path / "通报.xlsx")["任务 2026-Q3"].max_row == 8
    code, out = cli("assess", "--year", "2026", "--region", "示例市", "--format", "json")
    scores = json.loads(out)
    assert scores[0]["scope"] == "region" and {c["id"] for c in scores[0]["components"]} == {
        "target_progress", "task_timeliness", "data_reporting", "update_quality"}
    code, out = cli("revise", "task", "7", "--deadline", "2026年10月底前", "--reason", "征地延误",
                    "--approved-by", "示政办函〔2026〕21号", "--effective", "2026-09-15")
    assert code == 0 and "2026年10月底前" in out, out
    code, out = cli("tasks", "list", "--as-of", "2026-09-20", "--format", "json")
    assert next(t for t in json.loads(out) if t["id"] == 7)["status"] != "late"


@pytest.mark.parametrize(("args", "message"), [
    (("tasks", "update", "99", "--unit", "市财政局", "--text", "x"), "没有任务 99"),
    (("tasks", "add", "--region", "示例市", "--text", "x", "--lead", "县财政局"), "不在任务所在地区"),
    (("tasks", "add", "--region", "示例市", "--text", "x", "--lead", "市财政局", "--deadline", "尽快"),
     "无法读出期限"),
    (("tasks", "add", "--region", "示例市", "--text", "x", "--lead", "市财政局", "--milestone", "立项"), "标题@"),
    (("tasks", "bulletin", "--period", "2026-Q5", "--region", "示例市", "-o", "x.docx"), "无法读出期间"),
    (("tasks", "confirm", "42"), "没有进展报送 42"),
    (("revise", "history"), "--task 或 --target"),
])
def test_bad_input_is_one_clear_line_and_nothing_is_written(cli, args: tuple[str, ...],  # type: ignore[no-untyped-def]
                                                             message: str) -> None:
    assert cli("tasks", "unit-add", "示例市", "示例市财政局", "--alias", "市财政局")[0] == 0
    assert cli("tasks", "unit-add", "示例县", "示例县财政局", "--alias", "县财政局")[0] == 0
    code, out = cli(*args)
    assert code == 1 and message in out and "Traceback" not in out, out
    code, out = cli("tasks", "list", "--format", "json")
    assert json.loads(out) == []
