"""The main job (README's first command): ``planscope demo`` on a fresh default library."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from planscope.cli.commands import main


def test_demo_runs_every_step_on_a_fresh_library_and_again_on_the_same_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    runner = CliRunner()
    first = runner.invoke(main, ["--db", url, "demo"])
    assert first.exit_code == 0, first.output
    for heading in ("1. 读入示例文件", "4. 规划目标", "6. 目标进展与预警", "7. 规划衔接"):
        assert heading in first.output
    assert "失败" not in first.output.split("2. 规划文件库")[0].replace("失败 0", "")
    # alignment: the county's chain, its relations, the implied provincial GDP, a strategy taken up
    assert "示例县" in first.output and "加码 escalated" in first.output and "承接 inherited" in first.output
    assert "推算 / implied" in first.output and "示例省" in first.output
    assert "一城多园" in first.output
    second = runner.invoke(main, ["--db", url, "demo"])
    assert second.exit_code == 0, second.output
    assert "plan library (6)" in second.output  # the same six documents, not twelve
