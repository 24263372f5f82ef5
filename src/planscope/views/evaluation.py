"""Extraction scored against a hand-annotated file: what ``planscope eval`` shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planscope.errors import InputError
from planscope.extraction.evaluation import Report, load_gold, score


@dataclass(frozen=True)
class EvaluationView:
    report: Report
    missing: list[str]  # annotated documents not found in the corpus folder (scored as all missed)

    def as_dict(self) -> dict[str, Any]:
        return self.report.to_dict()


def evaluation_view(gold: Path, what: str, corpus: Path | None = None,
                    on_missing: Callable[[str, Path], None] | None = None) -> EvaluationView:
    """Every annotated document analysed (not stored) and scored; ``corpus`` defaults to the
    folder the annotation file names, beside the annotation file's folder."""
    from planscope.library import extract_file_records

    annotations = load_gold(gold)
    if corpus is None and annotations.corpus is None:
        raise InputError(gold, "标注文件没有 corpus 字段，请用 --corpus 指明文档所在文件夹 / "
                               "the annotation file names no corpus: give --corpus FOLDER")
    folder = corpus or gold.resolve().parent.parent / str(annotations.corpus)
    predictions: list[dict[str, Any]] = []
    missing = []
    for name in annotations.documents:
        path = folder / name
        if path.exists():
            predictions.extend(r.as_dict() for r in extract_file_records(path, actuals=(what == "actuals")))
        else:
            missing.append(name)
            if on_missing:
                on_missing(name, folder)
    return EvaluationView(score(annotations, predictions, what), missing)
