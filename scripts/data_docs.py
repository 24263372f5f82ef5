"""Write the list of data files (what each holds, its sections and keys) into README.md.

    .venv/bin/python scripts/data_docs.py          # rewrite README.md between the datafiles markers
    .venv/bin/python scripts/data_docs.py --check  # exit 1 if README.md is out of date

The list comes from the schemas planscope checks the files against
(src/planscope/datafile_schemas.py), so it cannot drift from them; tests/test_datafiles.py runs
the check.
"""

from __future__ import annotations

import sys

from readme_sections import write_or_check

from planscope.datafile_schemas import SCHEMAS
from planscope.datafiles import Spec


def _keys(spec: Spec) -> str:
    keys = [k if sub.required else f"{k}?" for k, sub in spec.fields.items()]
    return ", ".join(f"`{k}`" for k in keys)


def _section(name: str, spec: Spec) -> str:
    if spec.kind == "array":
        head = f"`[[{name}]]`"
    elif spec.kind in ("table", "map"):
        head = f"`[{name}]`" if spec.kind == "table" else f"`[{name}.*]`"
    else:
        head = f"`{name}`"
    inner = spec.values if spec.kind == "map" and spec.values is not None else spec
    keys = f" — {_keys(inner)}" if inner.fields else ""
    doc = f": {spec.doc}" if spec.doc else ""
    return f"  - {head}{doc}{keys}"


def render() -> str:
    lines = []
    for name in sorted(SCHEMAS):
        schema = SCHEMAS[name]
        lines.append(f"- **{name}** — {schema.doc}")
        nested = [(k, s) for k, s in schema.fields.items() if s.kind in ("table", "map", "array")]
        plain = [k for k, s in schema.fields.items() if s.kind not in ("table", "map", "array")]
        if plain:
            lines.append("  - top-level keys: " + ", ".join(f"`{k}`" for k in plain))
        lines += [_section(k, s) for k, s in nested]
    return "\n".join(lines) + "\n"


def main() -> int:
    return write_or_check("datafiles", render())


if __name__ == "__main__":
    sys.exit(main())
