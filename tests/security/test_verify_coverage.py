"""``verify`` proves the whole record: one SQL edit of every table, and one byte flipped in
every page of a plain and of an encrypted store, are each reported.

The stores are real: the seed reports and three written ones, merged, split, reviewed, with
accounts, a session and a failed login, all made through khronika (``record_stores``). Each
test prints its count as ``N of N``.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from record_stores import build_record, copy_store, raw

from khronika.errors import StoreError
from khronika.security import check
from khronika.store import Store

# A raw 256-bit SQLCipher key ("x'<hex>'"): the same encryption and per-page HMAC as a
# passphrase gives, without the passphrase's 256,000-round key derivation at every opening
# (one opening per page here; the key derivation is tested in test_encryption.py).
PASSPHRASE = "x'" + "2d" * 32 + "'"
PAGE = 4096


@pytest.fixture(scope="module")
def plain_base(tmp_path_factory: pytest.TempPathFactory, seed_manifest: Path) -> Path:
    path = tmp_path_factory.mktemp("coverage") / "plain.db"
    build_record(path, seed_manifest)
    db = raw(path)
    db.execute("VACUUM")  # no free pages: every page holds part of the record
    db.close()
    return path


@pytest.fixture(scope="module")
def encrypted_base(tmp_path_factory: pytest.TempPathFactory, seed_manifest: Path) -> Path:
    path = tmp_path_factory.mktemp("coverage") / "encrypted.db"
    build_record(path, seed_manifest, PASSPHRASE)
    with Store(path, PASSPHRASE) as store:
        store.db.execute("VACUUM")  # no free pages: every page holds part of the record
    return path


def verdict(path: Path, passphrase: str | None = None) -> list[str]:
    """What verify reports on the store at ``path`` (a refusal to open it is reported too)."""
    try:
        store = Store(path, passphrase)
    except StoreError as exc:
        return [f"refused: {exc}"]
    try:
        return [str(p) for p in check(store).problems]
    finally:
        store.close()


def test_changes_made_by_khronika_keep_the_record_verified(plain_base: Path) -> None:
    with Store(plain_base) as store:
        result = check(store)
        assert result.problems == []
        assert store.unfolded_rows() == []
        actions = {e[3] for e in store.chain_entries()}
    assert {"ingest", "merge", "split", "confirmed", "account", "login", "housekeeping"} <= actions
    db = raw(plain_base)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    empty = [t for t in tables if not db.execute(f'SELECT 1 FROM "{t}"').fetchone()]
    db.close()
    assert empty == ["row_log"]  # every other table holds rows the edits below can change


# ---- one SQL edit of every table --------------------------------------------------------


def _changed(value: object) -> object:
    if isinstance(value, int):
        return value + 1
    if isinstance(value, bytes):
        return value[:-1] + bytes([value[-1] ^ 1]) if value else b"\x00"
    if isinstance(value, str):
        return value[:-1] + chr(ord(value[-1]) ^ 1) if value else "x"
    return "x"


def _edit_row(db: sqlite3.Connection, table: str) -> str:
    """Change one value of one row of ``table`` (or add a row to an empty one); what was done."""
    cursor = db.execute(f'SELECT * FROM "{table}" LIMIT 1')
    columns = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    if row is None:
        values = {"tbl": "users", "sign": 1, "row": "x", "label": "name='mallory'"}
        marks = ", ".join("?" * len(columns))
        db.execute(f'INSERT INTO "{table}" VALUES ({marks})', [values.get(c, 1) for c in columns])
        return f"INSERT INTO {table}"
    where = " AND ".join(f'"{c}" IS ?' for c in columns)
    for column, value in reversed(list(zip(columns, row, strict=True))):
        try:
            done = db.execute(
                f'UPDATE "{table}" SET "{column}" = ? WHERE {where}', [_changed(value), *row]
            ).rowcount
        except sqlite3.DatabaseError:
            continue
        if done:
            return f"UPDATE {table} SET {column}"
    raise AssertionError(f"no column of {table} could be changed")


def _edit_without_triggers(path: Path, table: str) -> str:
    """The edit as a careful attacker makes it: khronika's row triggers dropped first and put
    back exactly as they were, so that nothing is logged and the schema is as before."""
    db = raw(path)
    try:
        triggers = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rows_%'"
        ).fetchall()
        db.execute("BEGIN")
        for name, _ in triggers:
            db.execute(f"DROP TRIGGER {name}")
        done = _edit_row(db, table)
        for _, sql in triggers:
            db.execute(sql)
        db.execute("COMMIT")
        return done
    finally:
        db.close()


def test_one_sql_edit_of_every_table_is_reported(plain_base: Path, tmp_path: Path) -> None:
    db = raw(plain_base)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    db.close()
    missed: list[str] = []
    reported: list[str] = []
    for table in tables:
        path = copy_store(plain_base, tmp_path / "edited.db")
        done = _edit_without_triggers(path, table)
        found = verdict(path)
        (reported if found else missed).append(f"{done}: {found[:2]}")
    # the schema itself: a trigger that keeps the search index in step, dropped
    path = copy_store(plain_base, tmp_path / "edited.db")
    db = raw(path)
    db.execute("DROP TRIGGER documents_search_insert")
    db.close()
    (reported if verdict(path) else missed).append("DROP TRIGGER documents_search_insert")
    total = len(tables) + 1
    print(f"\nSQL edits reported by verify: {len(reported)} of {total} (every table + schema)")
    assert missed == []
    assert len(reported) == total >= 30


def test_an_edit_with_the_triggers_in_place_is_named_by_row(
    plain_base: Path, tmp_path: Path
) -> None:
    path = copy_store(plain_base, tmp_path / "careless.db")
    db = raw(path)
    db.execute("UPDATE actors SET kind = 'organization' WHERE kind = 'person'")
    db.execute("INSERT INTO users VALUES ('mallory', 'admin', 'x', '2026-01-01T00:00:00+00:00')")
    db.close()
    found = "\n".join(verdict(path))
    assert "table actors, row actor_id=" in found
    assert "edited outside khronika" in found
    assert "table users, row name='mallory': added outside khronika" in found


# ---- one byte flipped in every page -----------------------------------------------------


def _flip(path: Path, page: int, offset: int) -> None:
    with path.open("r+b") as handle:  # no SQLite connection to this copy is open here
        handle.seek(page * PAGE + offset)
        byte = handle.read(1)
        handle.seek(page * PAGE + offset)
        handle.write(bytes([byte[0] ^ 0x01]))


def _dump(path: Path) -> list[str]:
    db = raw(path)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def _cell_offset(path: Path, page: int) -> int:
    """A byte of a page that holds part of the record: the first cell of a b-tree page (its
    start), or the first byte of an overflow page (the next page's number)."""
    data = path.read_bytes()[page * PAGE : (page + 1) * PAGE]
    header = 100 if page == 0 else 0
    kind = data[header]
    if kind not in (2, 5, 10, 13):
        return 0  # an overflow page
    cells = int.from_bytes(data[header + 3 : header + 5], "big")
    pointers = header + (12 if kind in (2, 5) else 8)
    if not cells:
        return header  # an empty table's page: its type byte
    return int.from_bytes(data[pointers : pointers + 2], "big")


def test_a_byte_flipped_in_every_page_of_a_plain_store_is_reported(
    plain_base: Path, tmp_path: Path
) -> None:
    pages = plain_base.stat().st_size // PAGE
    missed = []
    for page in range(pages):
        path = copy_store(plain_base, tmp_path / "flipped.db")
        _flip(path, page, _cell_offset(plain_base, page))
        if not verdict(path):
            missed.append(page + 1)
    print(
        f"\nplain store, a byte of the record flipped in each page: {pages - len(missed)} "
        f"of {pages} reported by verify"
    )
    assert missed == []


def test_a_flip_anywhere_in_a_plain_page_is_reported_or_changes_nothing(
    plain_base: Path, tmp_path: Path
) -> None:
    """Any byte (seeded random offsets): reported, or in unused space (the record as SQLite
    reads it is unchanged, byte for byte)."""
    pages = plain_base.stat().st_size // PAGE
    before, rng = _dump(plain_base), random.Random(11)
    reported = unused = 0
    for page in range(pages):
        path = copy_store(plain_base, tmp_path / "flipped.db")
        _flip(path, page, rng.randrange(100 if page == 0 else 0, PAGE))
        if verdict(path):
            reported += 1
        else:
            assert _dump(path) == before, f"page {page + 1}: changed, and verify said nothing"
            unused += 1
    print(
        f"\nplain store, a random byte flipped in each page: {reported} of {pages} reported, "
        f"{unused} of {pages} in unused space (record unchanged), 0 changed unreported"
    )
    assert reported + unused == pages


def test_a_byte_flipped_in_every_page_of_an_encrypted_store_is_reported(
    encrypted_base: Path, tmp_path: Path
) -> None:
    pages = encrypted_base.stat().st_size // PAGE
    rng, missed, refused = random.Random(11), [], 0
    for page in range(pages):
        path = copy_store(encrypted_base, tmp_path / "flipped.db")
        _flip(path, page, rng.randrange(16 if page == 0 else 0, PAGE))  # past page 1's salt
        found = verdict(path, PASSPHRASE)
        if not found:
            missed.append(page + 1)
        elif found[0].startswith("refused"):
            assert "the store is damaged" in found[0], found[0]
            refused += 1
    print(
        f"\nencrypted store, a random byte flipped in each page: {pages - len(missed)} of "
        f"{pages} reported ({refused} refused at opening as damaged, the rest by verify)"
    )
    assert missed == []
