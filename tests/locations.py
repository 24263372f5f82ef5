"""Where tests find the repository's fixtures and the real documents outside it."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def _corpus_path(var: str, default: str) -> Path:
    return Path(os.environ.get(var, str(ROOT / default))).resolve()


CORPUS = _corpus_path("PLANSCOPE_CORPUS", "../shared/corpus")
CORPUS_DEV = _corpus_path("PLANSCOPE_CORPUS_DEV", "../shared/corpus-dev")
EVAL = CORPUS.parent / "eval"
