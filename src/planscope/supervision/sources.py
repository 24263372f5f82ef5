"""Where imported tasks come from: the JSON of ``planscope tasks extract``, or a document
read by the library pipeline and given to task extraction (``planscope.extraction.tasks``,
helper *tasks*'s module) when that module is installed."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from planscope.errors import SupervisionError
from planscope.supervision.importing import TaskLike, records_from_json

EXTRACTOR = "planscope.extraction.tasks"


@dataclass(frozen=True)
class Source:
    records: Sequence[TaskLike]
    region: str | None  # the document's region (None for JSON)
    checksum: str | None  # to link the tasks to the stored document, when it is in the library
    date: date | None  # the document's date: the tasks are followed from it


def records_of(path: Path) -> Source:
    """The task records of ``path`` with what the document says of itself."""
    if path.suffix.lower() == ".json":
        return Source(records_from_json(path), None, None, None)
    try:
        extractor: Any = importlib.import_module(EXTRACTOR)
    except ImportError:
        raise SupervisionError(f"{path.name}: 此版本没有任务抽取（{EXTRACTOR}），请导入 planscope tasks extract 的 "
                               "JSON / task extraction is not in this version: import its JSON instead") from None
    from planscope.library import analyse
    from planscope.reading.text import normalize

    a = analyse(path)
    text = normalize(a.original).text
    records = extractor.extract_tasks(text, a.original, a.sections, a.tables, a.facts, a.targets, a.body_end)
    region = a.facts.region.value if isinstance(a.facts.region.value, str) else None
    day = a.facts.date.value if isinstance(a.facts.date.value, str) else None
    try:
        start = date.fromisoformat(day) if day else None
    except ValueError:
        start = None
    return Source(records, region, a.checksum, start)
