#!/usr/bin/env bash
# Set everything up and run the whole test suite (lint and type check first, then pytest).
# PostgreSQL tests run when PLANSCOPE_TEST_PG holds a server URL (.ci/run starts one).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
.venv/bin/ruff check src tests bench scripts
.venv/bin/mypy src/planscope
exec .venv/bin/python -m pytest "$@"
