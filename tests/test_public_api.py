"""The public entry points: ``planscope.__all__`` names what a library user may rely on."""

from __future__ import annotations

import inspect

import planscope

ENTRY_POINTS = {"analyse", "extract_targets", "normalize", "detect_facts", "Database", "import_file"}


def test_all_lists_the_entry_points_and_each_resolves_with_a_docstring() -> None:
    assert set(planscope.__all__) >= ENTRY_POINTS
    for name in planscope.__all__:
        value = getattr(planscope, name)
        if name == "__version__":
            assert isinstance(value, str)
            continue
        doc = inspect.getdoc(value)
        assert doc and len(doc) > 40, f"{name} has no docstring worth the name"


def test_an_unknown_name_is_an_attribute_error() -> None:
    assert not hasattr(planscope, "no_such_entry_point")
