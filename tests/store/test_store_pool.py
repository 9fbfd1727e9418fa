"""The pool of open stores the web app lends to requests."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from khronika.store import Store, StorePool


@pytest.fixture
def pool(tmp_path: Path) -> StorePool:
    path = tmp_path / "pooled.db"
    Store(path, "a passphrase for the pool", create=True).close()
    return StorePool(path, "a passphrase for the pool", idle=2)


def test_a_store_is_reused_not_reopened(pool: StorePool) -> None:
    with pool.lease() as first:
        assert first.encrypted
    with pool.lease() as second:
        assert second is first  # no second key derivation
    with pool.lease() as a, pool.lease() as b:
        assert a is not b  # two at once: two stores


def test_a_store_goes_back_with_no_transaction_open(pool: StorePool) -> None:
    lent: list[Store] = []

    def fail_half_way() -> None:
        with pool.lease() as store:
            lent.append(store)
            store.db.execute("BEGIN IMMEDIATE")
            store.record_change("tester", "export", None, "{}")
            raise RuntimeError("the request failed half-way")

    with pytest.raises(RuntimeError, match="half-way"):
        fail_half_way()
    with pool.lease() as again:
        assert again is lent[0]
        assert not again.db.in_transaction
        assert [e[3] for e in again.chain_entries()] == ["rows_start"]  # the change: rolled back


def test_a_store_may_be_used_from_another_thread(pool: StorePool) -> None:
    with pool.lease() as store:
        store.chain_head()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with pool.lease() as other:
                other.chain_head()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert errors == []


def test_no_more_than_idle_stores_are_kept(pool: StorePool) -> None:
    with pool.lease() as a, pool.lease() as b, pool.lease() as c:
        pass
    assert len(pool._free) == 2
    pool.close()
    assert pool._free == []
    with pytest.raises(Exception, match="closed"):
        c.db.execute("SELECT 1")
    del a, b
