#!/usr/bin/env bash
# Set everything up and run the main job on the embedded default database (SQLite): ingest
# the sample documents and the sample sheet, show what planscope knows about them, make the
# demo logins (new passwords, printed), and — when run at a terminal — start the workbench
# and print its address and the logins.  Options go to `planscope demo`: --no-serve never
# starts the workbench (tests, CI), --serve always does, --port/--host choose where.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/planscope demo "$@"
