"""The layers: the library never imports the command line; what a person looks at comes
from views, which the terminal (and later the web and reports) only formats."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "planscope"
FRONT_ENDS = {"cli"}  # modules allowed to import the CLI: the CLI itself


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def _module(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def _importers(package: str, allowed: set[str]) -> list[str]:
    """Modules outside ``allowed`` top-level packages that import ``package`` or anything in it."""
    return [_module(p) for p in PACKAGE.rglob("*.py")
            if _module(p).split(".")[1] not in allowed
            and any(m == package or m.startswith(package + ".") for m in _imports(p))]


def test_no_module_outside_the_cli_imports_the_cli() -> None:
    offenders = _importers("planscope.cli", FRONT_ENDS)
    assert not offenders, f"these import the CLI: {offenders}"


def test_only_the_front_ends_import_the_web() -> None:
    """The web is a front end beside the CLI (which starts it: planscope serve); the library,
    the views and the reports never import it."""
    offenders = _importers("planscope.web", {"web", "cli"})
    assert not offenders, f"these import the web layer: {offenders}"


def test_views_and_the_library_do_not_import_the_terminal() -> None:
    offenders = [_module(p) for p in PACKAGE.rglob("*.py")
                 if _module(p).split(".")[1] not in ("cli", "demo", "terminal")
                 and "planscope.cli.terminal" in _imports(p)]
    assert not offenders, f"these import the terminal renderers: {offenders}"
