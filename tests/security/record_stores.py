"""A small real record for the verify-coverage tests: the seed reports, a few written ones,
and every kind of change khronika makes (merge, split, review, edit, accounts, a session, a
failed login), so that every table of the store holds rows."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from khronika.accounts import add_account
from khronika.actor_corrections import edit_actor, merge_actors
from khronika.ingest import iter_reports
from khronika.model import IncomingReport, ReportMeta
from khronika.review import mark_reviewed, merge, review_fact, split
from khronika.security.public import mark_public
from khronika.service import Record
from khronika.store import Store
from khronika.web.auth import token_digest

WRITTEN = {
    "izmir-raid": (
        "Bianet",
        dt.date(2019, 5, 3),
        "Police raided the office of the newspaper Evrensel in Izmir on 2 May 2019 and "
        "detained its editor Ahmet Kaya for six hours. Officers seized computers and "
        "archives, the paper said.",
    ),
    "izmir-raid-2": (
        "Cumhuriyet",
        dt.date(2019, 5, 4),
        "On 2 May 2019 police officers raided the Evrensel office in Izmir. The editor "
        "Ahmet Kaya was detained and later released; computers were seized.",
    ),
    "tbilisi-assault": (
        "Georgian Young Lawyers' Association",
        dt.date(2018, 3, 14),
        "Unknown men beat the human rights lawyer Nino Beridze outside a court in Tbilisi "
        "on 12 March 2018. She was taken to hospital with a broken arm.",
    ),
}


def written_reports() -> list[IncomingReport]:
    reports = []
    for doc_id, (publisher, published, text) in WRITTEN.items():
        meta = ReportMeta(doc_id, publisher=publisher, published=published, language="en")
        reports.append(IncomingReport(meta, text.encode(), text, "text/plain", f"test:{doc_id}"))
    return reports


def build_record(path: Path, manifest: Path, passphrase: str | None = None) -> None:
    """Ingest, merge, split, review, add accounts, log in and fail a login, all through
    khronika; the store is closed (one self-contained file) when this returns."""
    store = Store(path, passphrase, create=True)
    try:
        record = Record(store, author="analyst")
        record.ingest(iter_reports(manifest=manifest))
        record.ingest(written_reports())
        kept = store.primary_incident("izmir-raid")
        other = store.primary_incident("izmir-raid-2")
        assert kept is not None
        assert other == kept
        split(record, kept, ["izmir-raid-2"], note="kept apart for the test")
        tbilisi = store.primary_incident("tbilisi-assault")
        apart = {kept, store.primary_incident("izmir-raid-2")}
        spare = [i.incident_id for i in store.incidents() if i.incident_id not in apart]
        assert tbilisi in spare
        assert len(spare) > 1
        merge(record, tbilisi or "", next(i for i in spare if i != tbilisi), note="for the test")
        incident = store.incident(store.primary_incident("crd-jmg-attack") or "")
        fact = incident.facts[0]
        review_fact(record, incident.incident_id, fact.field, fact.value, "confirmed", "seen")
        mark_reviewed(record, incident.incident_id, "gone through")  # leaves the queue
        add_evidence(record, path.parent)  # a PDF's pages and provenance, an attachment
        mark_public(store, "analyst", "Ella Pamfilova")  # an official viewers may read
        merge_actors(record, "council-of-europe", "eu", note="for the test")  # actor fixes
        edit_actor(record, "nhc", "Norwegian Helsinki Committee", "organization")
        add_account(store, "admin-cli", "amina", "admin", "a long password 1")
        add_account(store, "admin-cli", "boris", "viewer", "a long password 2")
        now = dt.datetime.now(dt.UTC)
        with store.transaction():
            later = (now + dt.timedelta(hours=12)).isoformat(timespec="seconds")
            store.add_session(token_digest("a session token"), "amina", later)
            store.record_change("user:amina", "login", None, '{"role": "admin"}')
        store.add_login_failure("boris", "127.0.0.1", now.isoformat(timespec="seconds"), "")
    finally:
        store.close()


def add_evidence(record: Record, folder: Path) -> None:
    """A PDF report (its pages and provenance) and a photo attached to an incident."""
    from evidence_writers import photo, text_pdf
    from khronika.evidence import attach
    from khronika.ingest import read_file

    pdf = text_pdf(
        folder / "evidence-report.pdf",
        ["Summary.", "Masked men beat the lawyer Nino Beridze in Tbilisi on 12 March 2018."],
    )
    result = record.ingest([read_file(pdf)[0]])
    assert result.added == ["evidence-report"], result.errors
    (folder / "scene.jpg").write_bytes(photo())
    incident = record.store.primary_incident("evidence-report") or ""
    attach(record.store, folder / "scene.jpg", "analyst", incident_id=incident)


def copy_store(base: Path, target: Path) -> Path:
    """A byte-for-byte copy of a closed store (no -wal, no -shm)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, target)
    return target


def raw(path: Path) -> sqlite3.Connection:
    """The plain store opened with the sqlite3 module: SQL typed by someone, not khronika."""
    return sqlite3.connect(path, isolation_level=None)
