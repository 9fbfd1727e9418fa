#!/usr/bin/env bash
# Install what the tests need (pinned) into .venv and run the default test suite,
# then the linters. Run scripts/setup.sh first (it creates .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || { echo "no .venv: run scripts/setup.sh first" >&2; exit 1; }
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.lock
# Debian packages the tests drive: Chromium (end-to-end tests; Playwright never downloads a
# browser here), restic (backup and restore), an OpenSSH server (the SFTP off-site backup),
# the DejaVu fonts.
missing=()
[ -x "${KHRONIKA_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v restic >/dev/null || missing+=(restic)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
# the font the evidence tests draw text with (PDFs and images of text for OCR)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
# PostgreSQL's server binaries: the store tests start a real server in a temporary folder
# (tests/pgserver.py); without them those tests fail, saying so, rather than skip.
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "missing Debian packages: ${missing[*]} (install them, or run as root)" >&2
    fi
fi
# two test processes (the machines have two cores); a module's tests stay in one process, so
# its shared fixtures (a seeded store, a browser) are built once. KHRONIKA_TEST_WORKERS=0: one.
.venv/bin/python -m pytest -n "${KHRONIKA_TEST_WORKERS:-2}" --dist loadfile "$@"
.venv/bin/ruff check src tests
.venv/bin/mypy
