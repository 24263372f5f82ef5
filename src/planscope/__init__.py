"""planscope: read, monitor and align China's development plans.

The library comes first; the command line (``planscope.cli.commands``) is a thin layer over
``planscope.library``.  The public entry points:

- ``analyse(path)``: read one file into an ``Analysis`` (text, facts, outline, tables, targets);
- ``normalize(text)``, ``detect_facts(text)``, ``extract_targets(...)``: the stages one by one;
- ``extract_tasks(...)``: tasks with their lead and co-units and deadlines (same inputs);
- ``Database(url)``: the plan library's database;
- ``import_file(session, path)``: import a CSV/XLSX of observed values.

They are imported on first use, so ``import planscope`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planscope.extraction.facts import detect_facts
    from planscope.extraction.targets import extract_targets
    from planscope.extraction.tasks import extract_tasks
    from planscope.library import analyse
    from planscope.monitoring.observations import import_file
    from planscope.reading.text import normalize
    from planscope.store import Database

__version__ = "0.1.0"

_ENTRY_POINTS = {
    "analyse": "planscope.library",
    "extract_targets": "planscope.extraction.targets",
    "extract_tasks": "planscope.extraction.tasks",
    "normalize": "planscope.reading.text",
    "detect_facts": "planscope.extraction.facts",
    "Database": "planscope.store",
    "import_file": "planscope.monitoring.observations",
}

__all__ = ["Database", "__version__", "analyse", "detect_facts", "extract_targets", "extract_tasks", "import_file",
           "normalize"]


def __getattr__(name: str) -> Any:
    module = _ENTRY_POINTS.get(name)
    if module is None:
        raise AttributeError(f"module 'planscope' has no attribute {name!r}")
    return getattr(import_module(module), name)
