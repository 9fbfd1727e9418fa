"""``verify`` beyond reports and incidents: every row, the schema, derived tables and pages.

- **Rows** (see :mod:`khronika.store._rows`): every table of the record is recomputed row by
  row; its multiset hash must equal the one the latest chain entry recorded for it, and each
  row's digest must be among those khronika folded. A row edited, added or deleted with SQL
  outside khronika is named by its table and key.
- **Schema**: ``sqlite_master`` must be exactly what khronika's migrations make (rebuilt in
  memory and compared): a dropped trigger or index, an altered table, an added object.
- **Derived tables**: the full-text index is compared with the reports it is made from and
  checked by FTS5 ('integrity-check'); the status filter is rebuilt from the incidents.
- **Pages**: ``PRAGMA cipher_integrity_check`` (an encrypted store: every page's HMAC) and
  ``PRAGMA integrity_check`` (every page's structure, every index against its table) read
  every page of the file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..store import DATABASE_ERRORS, MODULUS, RowDigest, element, restore_hint, total_hex
from .problem import Problem

if TYPE_CHECKING:
    from ..store import Store

SHOWN_ROWS = 20  # rows named per table; the rest are counted


def check_pages(store: Store) -> list[Problem]:
    where = f"store file {store.path.name}"
    return [
        Problem("page", where, f"{text} (damaged: restore from backup)")
        for text in store.page_problems()
    ]


def check_schema(store: Store) -> list[Problem]:
    now, expected = store.schema_now(), store.schema_expected()
    problems = []
    for (kind, name), sql in sorted(expected.items()):
        where = f"schema: {kind} {name}"
        if (kind, name) not in now:
            problems.append(Problem("schema", where, "it is missing (dropped outside khronika)"))
        elif now[(kind, name)] != sql:
            why = "its definition differs from khronika's (altered outside khronika)"
            problems.append(Problem("schema", where, why))
    for kind, name in sorted(set(now) - set(expected)):
        why = "it is not khronika's (added outside khronika)"
        problems.append(Problem("schema", f"schema: {kind} {name}", why))
    return problems


def check_derived(store: Store) -> list[Problem]:
    """The search index and the status filter rebuilt from what they are made of, compared."""
    problems = []
    extra, missing = store.search_differences()
    for doc_id in sorted(set(extra) | set(missing)):
        why = "its search index entry differs from the stored report (rebuilt and compared)"
        problems.append(Problem("index", f"report {doc_id}", why))
    for doc_id in store.spelling_differences():
        why = "its spelling keys differ from the stored report's (rebuilt and compared)"
        problems.append(Problem("index", f"report {doc_id}", why))
    extra, missing = store.status_differences()
    for incident_id in sorted(set(extra) | set(missing)):
        why = "its stored statuses differ from its facts' (rebuilt and compared)"
        problems.append(Problem("index", f"incident {incident_id}", why))
    return problems


def check_search_index(store: Store) -> list[Problem]:
    fault = store.search_integrity()
    if fault:
        why = f"FTS5's integrity check fails ({fault}): the index was edited or damaged"
        return [Problem("index", "the search index", why)]
    differ = store.search_instances_differ()
    if differ:
        why = (
            f"{differ} word positions differ from an index built afresh from the reports"
            " (rebuilt and compared): the index was edited or damaged"
        )
        return [Problem("index", "the search index", why)]
    return []


def check_rows(store: Store, recorded: dict[str, tuple[int, str]]) -> list[Problem]:
    """Every table's rows against what the chain recorded (``recorded``: table -> (seq of the
    entry, hex of the table's sum))."""
    problems: list[Problem] = []
    stored = store.stored_totals()
    for table in store.covered_tables():
        now = Counter(store.table_rows(table))
        total = sum(element(d) * n for (d, _), n in now.items()) % MODULUS
        seq, expected = recorded.get(table, (0, None))
        if expected is None:
            why = "no chain entry records this table (added outside khronika)"
            problems.append(Problem("row", f"table {table}", why))
            continue
        found = _row_changes(table, now, Counter(store.recorded_rows(table)), seq)
        if total_hex(total) != expected:
            problems += found or [
                Problem("row", f"table {table}", f"its rows differ from chain entry #{seq}'s")
            ]
        elif found:
            why = "its row digests were edited outside khronika (the rows match the chain)"
            problems.append(Problem("row", f"table {table}", why))
        elif stored.get(table) != total:
            why = "its recorded sum was edited outside khronika (the rows match the chain)"
            problems.append(Problem("row", f"table {table}", why))
    for table in store.stale_digest_columns():
        why = "its recorded digest columns were edited outside khronika"
        problems.append(Problem("row", f"table {table}", why))
    return problems + _unfolded(store)


def check_sequences(store: Store, recorded: tuple[int, dict[str, int]] | None) -> list[Problem]:
    """SQLite's AUTOINCREMENT counters (``sqlite_sequence``): as the last chain entry recorded
    them, and the chain's own at its last entry."""
    problems = []
    if recorded is not None:
        seq, expected = recorded
        now = store.sequences()
        for name in sorted(set(expected) | set(now)):
            if expected.get(name) != now.get(name):
                why = (
                    f"the next id of table {name} is {now.get(name)}, chain entry #{seq} "
                    f"recorded {expected.get(name)} (edited outside khronika)"
                )
                problems.append(Problem("row", "table sqlite_sequence", why))
    head = store.chain_head()
    if head and store.chain_sequence() != head.seq:
        why = f"the chain's next entry number differs from its head #{head.seq} (edited)"
        problems.append(Problem("row", "table sqlite_sequence", why))
    return problems


def _row_changes(
    table: str, now: Counter[RowDigest], then: Counter[RowDigest], seq: int
) -> list[Problem]:
    added, gone = now - then, then - now
    labels_added = Counter(label for _, label in added.elements())
    labels_gone = Counter(label for _, label in gone.elements())
    problems: list[Problem] = []
    for label in sorted(set(labels_added) | set(labels_gone)):
        edited = min(labels_added[label], labels_gone[label])
        if edited:
            why = f"edited outside khronika (it differs from what chain entry #{seq} covers)"
        elif labels_added[label]:
            why = "added outside khronika (no chain entry covers it)"
        else:
            why = "deleted outside khronika (a chain entry covers it, it is gone)"
        problems.append(Problem("row", f"table {table}, row {label}", why))
    if len(problems) > SHOWN_ROWS:
        rest = len(problems) - SHOWN_ROWS
        more = Problem("row", f"table {table}", f"and {rest} more rows changed outside khronika")
        problems = problems[:SHOWN_ROWS] + [more]
    return problems


def _unfolded(store: Store) -> list[Problem]:
    """Rows SQLite logged (khronika's triggers fire for any client) that no chain entry
    folded: written outside khronika, each named once."""
    named = dict.fromkeys((row.table, row.label) for row in store.unfolded_rows())
    why = (
        "khronika's triggers logged a change to it that no chain entry covers: made outside"
        " khronika"
    )
    return [Problem("row", f"table {t}, row {n}", why) for t, n in list(named)[:SHOWN_ROWS]]


def guarded(store: Store, step: Callable[[], list[Problem]]) -> list[Problem]:
    """A check's problems; a store too damaged for the check to read is itself the problem."""
    try:
        return step()
    except Exception as exc:
        if not isinstance(exc, DATABASE_ERRORS + (MemoryError,)):
            raise
        why = (
            f"it could not be read ({exc or type(exc).__name__}): the store is damaged; "
            f"{restore_hint(store.path)}"
        )
        return [Problem("page", f"store file {store.path.name}", why)]
