#!/usr/bin/env bash
# Install what the tests need (pinned) into .venv and run the default test suite,
# then the linters. Run scripts/setup.sh first (it creates .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || { echo "no .venv: run scripts/setup.sh first" >&2; exit 1; }
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.lock
# The end-to-end tests drive Debian's Chromium (Playwright never downloads a browser here).
if [ ! -x "${KHRONIKA_CHROMIUM:-/usr/bin/chromium}" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium restic >/dev/null
    else
        echo "Chromium is missing: install Debian's chromium package (or set KHRONIKA_CHROMIUM)" >&2
    fi
fi
# Backup and restore drive Debian's restic.
if ! command -v restic >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq restic >/dev/null
    else
        echo "restic is missing: install Debian's restic package" >&2
    fi
fi
.venv/bin/python -m pytest "$@"
.venv/bin/ruff check src tests
.venv/bin/mypy
