"""A store holding one hostile report (script tags, event handlers, javascript: links in its
text and address), ingested once per session, and clients over it and over the seeds."""

from __future__ import annotations

import datetime as dt
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402

from khronika.app import create_app  # noqa: E402
from khronika.model import IncomingReport, ReportMeta  # noqa: E402
from khronika.service import Record  # noqa: E402
from khronika.store import Store  # noqa: E402

HOSTILE_ID = "hostile"
HOSTILE_TEXT = (
    "Masked men attack the office of the Joint Mobile Group in Grozny\n\n"
    "On 3 June 2015 masked men attacked the office of the Joint Mobile Group in Grozny,"
    " Chechnya. <script>alert(1)</script> The men smashed the windows."
    ' Witnesses posted <img src=x onerror=alert(1)> and <a href="javascript:alert(1)">click'
    " here</a> on the web.\n\n"
    "Police did not come. <svg onload=alert(2)></svg> The staff left the building."
)


@pytest.fixture(scope="session")
def hostile_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    meta = ReportMeta(
        HOSTILE_ID,
        url="javascript:alert(document.cookie)",
        publisher="<b>Evil</b> & Co",
        published=dt.date(2015, 6, 4),
        title="<script>alert('title')</script> Attack",
        language="en",
    )
    incoming = IncomingReport(
        meta, HOSTILE_TEXT.encode("utf-8"), HOSTILE_TEXT, "text/plain", "test:hostile"
    )
    with Store(path, create=True) as store:
        result = Record(store, author="tester").ingest([incoming])
    assert not result.errors, [str(e) for e in result.errors]
    return path


@pytest.fixture(scope="module")
def hostile_client(hostile_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(hostile_path), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def seeded_client(
    seeded_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    # A copy: the tests may change it.
    db = tmp_path_factory.mktemp("web") / "web.db"
    shutil.copy(seeded_path, db)
    with TestClient(create_app(db)) as client:
        yield client
