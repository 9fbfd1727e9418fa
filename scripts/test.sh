#!/usr/bin/env bash
# Install what the tests need (pinned) into .venv and run the default test suite,
# then the linters. Run scripts/setup.sh first (it creates .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || { echo "no .venv: run scripts/setup.sh first" >&2; exit 1; }
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.lock
.venv/bin/python -m pytest "$@"
.venv/bin/ruff check src tests
.venv/bin/mypy
