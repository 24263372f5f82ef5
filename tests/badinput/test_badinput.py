"""Every kind of bad input (``kinds.py``) gets one line naming the file and the reason, the
right exit status, no traceback, and leaves the library exactly as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from badinput.kinds import KINDS, Kind
from badinput.run import build_library, run_kind

README = Path(__file__).resolve().parents[2] / "README.md"

# Kinds whose fix is being merged (issue 10): they must fail today, and pass once it lands.
PENDING: set[str] = set()


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_library(tmp_path_factory.mktemp("library") / "library.db")


@pytest.mark.parametrize("kind", [
    pytest.param(k, id=k.name, marks=[pytest.mark.xfail(strict=True, reason="fix being merged")] * (k.name in PENDING))
    for k in KINDS])
def test_bad_input_is_answered_in_one_line(kind: Kind, library: Path, tmp_path: Path) -> None:
    outcome = run_kind(kind, library, tmp_path)
    assert outcome.traceback is None, f"traceback instead of a message:\n{outcome.traceback}"
    assert "Traceback" not in outcome.output, outcome.output
    lines = [line for line in outcome.output.splitlines() if kind.names in line]
    assert lines, f"no line names {kind.names!r}:\n{outcome.output}"
    assert any(re.search(kind.reason, line, re.IGNORECASE) for line in lines), (
        f"no line naming {kind.names!r} gives the reason /{kind.reason}/:\n{outcome.output}")
    assert outcome.status == kind.exit, f"exit status {outcome.status}, expected {kind.exit}:\n{outcome.output}"
    before, after = outcome.before, outcome.after
    if kind.adds_documents:
        assert len(after["documents"]) == len(before["documents"]) + kind.adds_documents
        assert set(before["documents"]) <= set(after["documents"])
        assert after["observations"] == before["observations"]
    else:
        assert after == before, "the library changed"


def test_there_are_at_least_forty_kinds() -> None:
    assert len({k.name for k in KINDS}) == len(KINDS) >= 40


def test_the_readme_lists_every_kind() -> None:
    """The troubleshooting table is written by scripts/troubleshooting.py."""
    text = README.read_text("utf-8")
    missing = [k.name for k in KINDS if f"| {k.name} |" not in text]
    assert not missing, f"README troubleshooting lacks {missing}: run scripts/troubleshooting.py"
