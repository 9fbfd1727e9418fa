"""Shared fixtures: the seed reports ingested once per session into a real SQLite store.

The seeds live in ``$KHRONIKA_SHARED``, else the repository's sibling folder ``shared/`` (CI
checks it out beside the clone); they are read by path, never copied into the repository, and
every test reads them through the one ``seeds_dir`` fixture (a checkout without them fails,
saying where they were looked for, rather than skipping).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from khronika.benchmarks.ecbplus import default_shared_dir
from khronika.model import IncomingReport, ReportMeta
from khronika.store import Store

SHARED = default_shared_dir()
SEEDS = SHARED / "seeds"
MANIFEST = SEEDS / "documents.jsonl"
GOLD = SEEDS / "gold.json"


def _need_seeds() -> None:
    if not MANIFEST.is_file() or not GOLD.is_file():
        pytest.fail(
            f"The seed reports are not in {SEEDS}: check out shared/ beside the clone, or set"
            " $KHRONIKA_SHARED to where it is."
        )


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The folder of the seed reports (the only way tests find them)."""
    _need_seeds()
    return SEEDS


@pytest.fixture(scope="session")
def seed_manifest() -> Path:
    _need_seeds()
    return MANIFEST


@pytest.fixture(scope="session")
def gold_path() -> Path:
    _need_seeds()
    return GOLD


@pytest.fixture(scope="session")
def gold(gold_path: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(gold_path.read_text(encoding="utf-8"))
    return found


@pytest.fixture(scope="session")
def seed_meta(seed_manifest: Path) -> list[dict[str, Any]]:
    """The manifest lines of the seed reports, as dictionaries."""
    lines = seed_manifest.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def seed_ids(seed_meta: list[dict[str, Any]]) -> list[str]:
    return [entry["doc_id"] for entry in seed_meta]


@pytest.fixture(scope="session")
def seeded_path(tmp_path_factory: pytest.TempPathFactory, seed_manifest: Path) -> Path:
    """A store holding the two seed reports, ingested once for the whole session."""
    from khronika.ingest import iter_reports
    from khronika.service import Record

    path = tmp_path_factory.mktemp("seeded") / "seeds.db"
    store = Store(path, create=True)
    try:
        result = Record(store).ingest(iter_reports(manifest=seed_manifest))
    finally:
        store.close()
    assert not result.errors, [str(e) for e in result.errors]
    assert len(result.added) == 2
    return path


@pytest.fixture(scope="session")
def seeded(seeded_path: Path) -> Iterator[Store]:
    """The seeded store, READ ONLY: tests that write use :func:`seeded_copy`."""
    store = Store(seeded_path)
    yield store
    store.close()


@pytest.fixture(scope="session")
def seeded_export(seeded: Store) -> dict[str, Any]:
    from khronika.export import to_json

    return to_json(seeded)


@pytest.fixture
def seeded_copy_path(seeded_path: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded store (SQLite backup API), free to modify."""
    target = tmp_path / "seeds-copy.db"
    source = sqlite3.connect(seeded_path)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    return target


@pytest.fixture
def seeded_copy(seeded_copy_path: Path) -> Iterator[Store]:
    store = Store(seeded_copy_path)
    yield store
    store.close()


@pytest.fixture
def fresh_store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "fresh.db", create=True)
    yield store
    store.close()


IncomingFactory = Callable[..., IncomingReport]


@pytest.fixture(scope="session")
def make_incoming() -> IncomingFactory:
    """Build an :class:`IncomingReport` from a text written for a test."""

    def make(
        doc_id: str,
        text: str,
        *,
        publisher: str | None = None,
        published: dt.date | None = None,
        raw: bytes | None = None,
    ) -> IncomingReport:
        meta = ReportMeta(doc_id, publisher=publisher, published=published, language="en")
        data = text.encode("utf-8") if raw is None else raw
        return IncomingReport(meta, data, text, "text/plain", f"test:{doc_id}")

    return make


# ---- PostgreSQL: one real server per test session (see tests/pgserver.py) -----------------
@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """A PostgreSQL server from Debian's binaries, in a temporary folder, for the session.
    Missing binaries fail the tests with what to install: nothing is skipped."""
    from pgserver import Server, bin_dir

    try:
        bin_dir()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    server = Server().start()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: Any) -> str:
    """A new, empty PostgreSQL database (no khronika store yet)."""
    return str(pg_server.create_database())


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def new_location(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str | Path:
    """Where a new store goes on this test's backend: a file, or a new database's URL."""
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_server").create_database())
    return tmp_path / "store.db"


@pytest.fixture
def any_store(new_location: str | Path) -> Iterator[Store]:
    """A new, plain store on each backend."""
    store = Store(new_location, create=True)
    yield store
    store.close()


@pytest.fixture(scope="session")
def seeded_pg_template(pg_server: Any, seed_manifest: Path) -> str:
    """A PostgreSQL database holding the seed reports, ingested once, closed: the template
    of :func:`seeded_pg` and :func:`seeded_pg_copy`."""
    from khronika.ingest import iter_reports
    from khronika.service import Record

    store = Store(pg_server.create_database("seeds_template"), create=True)
    try:
        result = Record(store).ingest(iter_reports(manifest=seed_manifest))
    finally:
        store.close()
    assert not result.errors, [str(e) for e in result.errors]
    return "seeds_template"


@pytest.fixture(scope="session")
def seeded_pg(pg_server: Any, seeded_pg_template: str) -> Iterator[Store]:
    """The seeded PostgreSQL store, READ ONLY: tests that write use :func:`seeded_pg_copy`."""
    store = Store(pg_server.copy_database(seeded_pg_template))
    yield store
    store.close()


@pytest.fixture
def seeded_pg_copy(pg_server: Any, seeded_pg_template: str) -> Iterator[Store]:
    """A private copy of the seeded PostgreSQL store, free to modify."""
    store = Store(pg_server.copy_database(seeded_pg_template))
    yield store
    store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded_any(request: pytest.FixtureRequest) -> Store:
    """The seeded store (READ ONLY) on each backend."""
    name = "seeded" if request.param == "sqlite" else "seeded_pg"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded_copy_any(request: pytest.FixtureRequest) -> Store:
    """A private copy of the seeded store, free to modify, on each backend."""
    name = "seeded_copy" if request.param == "sqlite" else "seeded_pg_copy"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]
