"""An API client over the seeded store (the seeds are ingested once per session by the
root conftest's ``seeded_path``; it skips when ``shared/seeds`` is absent)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402

from khronika.api import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(seeded_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(seeded_path)) as test_client:
        yield test_client
