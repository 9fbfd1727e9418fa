#!/usr/bin/env bash
# Create .venv in the repository root, install khronika with pinned dependencies,
# ingest the seed reports into the embedded SQLite store and print the incident table.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
SEEDS=${KHRONIKA_SEEDS:-../shared/seeds}
DB=${KHRONIKA_DB:-khronika.db}

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
# OCR of scanned PDFs and images of text: Debian's Tesseract with English, Russian and
# Spanish data (khronika calls the tesseract program; nothing is downloaded at run time).
ocr=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus tesseract-ocr-spa)
if ! command -v tesseract >/dev/null || [ "$(tesseract --list-langs 2>/dev/null | grep -cxE 'eng|rus|spa')" != 3 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${ocr[@]}" >/dev/null
    else
        echo "Tesseract OCR missing: install ${ocr[*]} (scans cannot be read without it)" >&2
    fi
fi
# Map assets khronika serves itself (Leaflet, Natural Earth borders), pinned in
# package-lock.json; without npm the map falls back to a server-drawn SVG.
if command -v npm >/dev/null; then
    npm ci --no-audit --no-fund --loglevel=error \
        || echo "npm ci failed: the map will be drawn without Leaflet and country borders" >&2
else
    echo "npm not found: the map will be drawn without Leaflet and country borders" >&2
fi

if [ -f "$SEEDS/documents.jsonl" ]; then
    # The seed demonstration store is plain on purpose; a real record: `khronika init`
    # (encrypted with a passphrase).
    [ -e "$DB" ] || .venv/bin/khronika --db "$DB" init --unencrypted
    .venv/bin/khronika --db "$DB" ingest --manifest "$SEEDS/documents.jsonl"
    .venv/bin/khronika --db "$DB" incidents
else
    echo "no seed manifest at $SEEDS/documents.jsonl: khronika is installed, nothing ingested" >&2
fi
