"""An API client over the seeded store (the seeds are ingested once per session by the
root conftest's ``seeded_path``; it skips when ``shared/seeds`` is absent)."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402

from khronika.app import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(seeded_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    # A copy: the tests may change it.
    db = tmp_path_factory.mktemp("api") / "api.db"
    shutil.copy(seeded_path, db)
    with TestClient(create_app(db)) as test_client:
        yield test_client
