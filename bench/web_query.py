"""Answer time of the web app and API over a store of 10k reports.

Builds a store of synthetic reports (the stand-in extraction step of bench/link_scaling.py;
real store, linking, search index), then times requests through the real FastAPI app
in-process: the incident list with filters, full-text search, and the list page. Prints the
median and the slowest of --repeats runs for each.

    .venv/bin/python bench/web_query.py [--reports 10000] [--repeats 20] [--encrypted]
        [--as-role analyst|viewer]

--encrypted builds an encrypted store (SQLCipher); --as-role adds an account and asks as it
(so the account check, and for a viewer the redaction, run on every request).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import secrets
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

import link_scaling  # noqa: E402  (registers the synthetic extraction step)
from fastapi.testclient import TestClient  # noqa: E402

from khronika.accounts import hash_password  # noqa: E402
from khronika.app import create_app  # noqa: E402
from khronika.pipeline import Pipeline  # noqa: E402
from khronika.service import Record  # noqa: E402
from khronika.store import Store  # noqa: E402
from khronika.web.auth import COOKIE, token_digest  # noqa: E402

QUERIES = (
    "/api/incidents?type=killing&limit=50",
    "/api/incidents?place=Turkey&date_from=2015-01-01&date_to=2016-12-31",
    "/api/incidents?status=corroborated&offset=500&limit=50",
    "/api/search?q=arson",
    "/incidents?type=arson",
)


PASSPHRASE = "bench passphrase"


def build(path: Path, reports: int, passphrase: str | None) -> None:
    with Store(path, passphrase, create=True) as store:
        record = Record(store, Pipeline(["bench.synthetic_events"]), author="bench")
        link_scaling.time_added(record, random.Random(11), 0, reports)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=10000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--encrypted", action="store_true")
    parser.add_argument("--as-role", choices=("analyst", "viewer"), default=None)
    args = parser.parse_args()
    passphrase = PASSPHRASE if args.encrypted else None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "web.db"
        began = time.perf_counter()
        build(path, args.reports, passphrase)
        print(f"built a store of {args.reports} reports in {time.perf_counter() - began:.0f} s")
        with TestClient(create_app(path, passphrase)) as client:
            if args.as_role:
                log_in(client, path, passphrase, args.as_role)
            for query in QUERIES:
                timings, _ = timed_gets(client, query, args.repeats)
                print(
                    f"{query}: median {1000 * statistics.median(timings):.1f} ms,"
                    f" slowest {1000 * max(timings):.1f} ms"
                )


def timed_gets(client: TestClient, path: str, repeats: int) -> tuple[list[float], bytes]:
    """Seconds taken by each of ``repeats`` GETs of ``path`` (each must answer 200), and the
    last body."""
    timings, body = [], b""
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(path)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
        body = response.content
    return timings, body


def log_in(client: TestClient, path: Path, passphrase: str | None, role: str) -> None:
    token = secrets.token_urlsafe(32)
    expires = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).isoformat(timespec="seconds")
    with Store(path, passphrase) as store:
        store.add_user("bench", role, hash_password("bench password 1"))
        store.add_session(token_digest(token), "bench", expires)
    client.cookies.set(COOKIE, token)


if __name__ == "__main__":
    main()
