"""Size and answer time of the explore pages (list, timeline, map, place) over 10k reports.

Builds the same synthetic store as bench/web_query.py, then asks each page --repeats times
through the real FastAPI app in-process and prints the page's size and the median time.
Pages that show many incidents must stay light for monitors on slow connections.

    .venv/bin/python bench/web_pages.py [--reports 10000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

import web_query  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from khronika.app import create_app  # noqa: E402

PAGES = (
    "/incidents",
    "/incidents?type=arson",
    "/timeline",
    "/map",
    "/map?type=arson",
    "/places/Turkey",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=10000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pages.db"
        web_query.build(path, args.reports, None)
        with TestClient(create_app(path)) as client:
            for page in PAGES:
                timings, body = web_query.timed_gets(client, page, args.repeats)
                median = 1000 * statistics.median(timings)
                print(f"{page}: {len(body) / 1024:.0f} KiB, median {median:.0f} ms")


if __name__ == "__main__":
    main()
