"""The same document as .txt, GBK .txt, .docx, .html and .pdf reads to the same text and outline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planscope.library import analyse
from planscope.model import Section

from docmakers import make_docx, make_gbk, make_html, make_pdf

MAKERS = {"gbk.txt": make_gbk, "docx": make_docx, "html": make_html, "pdf": make_pdf}
DOCS = ["000_6c93ff690b8fd3f4.txt", "001_5294619d250853ef.txt", "002_a3b9ef93fe452a72.txt",
        "003_e463bea853180df1.txt", "004_0e369cfbaccd2f2f.txt"]


def flat(roots: list[Section]) -> list[tuple[str, str | None, str]]:
    return [(s.kind, s.number, re.sub(r"\s+", "", s.title)) for r in roots for s in r.walk()]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("fmt", sorted(MAKERS))
@pytest.mark.parametrize("name", DOCS)
def test_formats_agree(corpus: Path, tmp_path: Path, name: str, fmt: str) -> None:
    source = corpus / name
    text = source.read_text("utf-8")
    target = tmp_path / f"{source.stem}.{fmt}"
    target.write_bytes(MAKERS[fmt](text))
    want, got = analyse(source), analyse(target)
    if fmt == "pdf":  # layout aside: the PDF wraps lines, so compare the text without whitespace
        assert squeeze(got.original) == squeeze(want.original)
    else:
        assert _normalised_lines(got.original) == _normalised_lines(want.original)
    assert flat(got.sections) == flat(want.sections)
    facts = ("region_code", "level", "doc_type", "period_start", "period_end")
    assert [getattr(got.facts, f).value for f in facts] == [getattr(want.facts, f).value for f in facts]


def _normalised_lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]
