"""Signed exports through the command line: keygen, export --sign, verify-export, verify."""

from __future__ import annotations

import json
import re
import shutil
import stat
from pathlib import Path

from click.testing import CliRunner, Result

from khronika.cli import main
from khronika.security import verify
from khronika.store import Store


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle] = data[middle] ^ 1 if chr(data[middle]).isalnum() else ord("x")
    path.write_bytes(bytes(data))


def signed_export(db: Path, tmp_path: Path) -> tuple[Path, Path]:
    key = tmp_path / "signing.key"
    made = run("keygen", str(key))
    assert made.exit_code == 0, made.output
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    out = tmp_path / "record.json"
    exported = run(
        "--db", str(db), "export", "--format", "json", "--out", str(out), "--sign", str(key)
    )
    assert exported.exit_code == 0, exported.output
    return out, Path(str(key) + ".pub")


def test_a_signed_export_verifies_and_is_logged(seeded_copy_path: Path, tmp_path: Path) -> None:
    with Store(seeded_copy_path) as store:
        head = store.chain_head()
    out, pub = signed_export(seeded_copy_path, tmp_path)
    signed = json.loads(Path(str(out) + ".sig").read_text())
    assert signed["algorithm"] == "Ed25519"
    assert signed["chain_head"] == {"seq": head[0], "hash": head[1]}  # type: ignore[index]
    checked = run("verify-export", str(out), "--public-key", str(pub))
    assert checked.exit_code == 0, checked.output
    assert "signature valid" in checked.output
    with Store(seeded_copy_path) as store:
        last = store.chain_entries()[-1]
        assert last[3] == "export"
        assert signed["sha256"] in last[5]
        assert verify(store) == []


def test_a_flipped_byte_in_the_export_fails(seeded_copy_path: Path, tmp_path: Path) -> None:
    out, pub = signed_export(seeded_copy_path, tmp_path)
    flip_byte(out)
    checked = run("verify-export", str(out), "--public-key", str(pub))
    assert checked.exit_code != 0
    assert "the exported file was altered after it was signed" in checked.output


def test_a_flipped_byte_in_the_signature_fails(seeded_copy_path: Path, tmp_path: Path) -> None:
    out, pub = signed_export(seeded_copy_path, tmp_path)
    sig = Path(str(out) + ".sig")
    payload = json.loads(sig.read_text())
    signature = payload["signature"]
    payload["signature"] = ("B" if signature[0] == "A" else "A") + signature[1:]
    sig.write_text(json.dumps(payload))
    checked = run("verify-export", str(out), "--public-key", str(pub))
    assert checked.exit_code != 0
    assert "the signature does not match its contents" in checked.output


def test_an_edited_signed_field_fails(seeded_copy_path: Path, tmp_path: Path) -> None:
    out, pub = signed_export(seeded_copy_path, tmp_path)
    sig = Path(str(out) + ".sig")
    flip_byte(sig)
    checked = run("verify-export", str(out), "--public-key", str(pub))
    assert checked.exit_code != 0
    assert str(sig) in checked.output


def test_verify_command_prints_the_head_or_the_problems(seeded_copy_path: Path) -> None:
    clean = run("--db", str(seeded_copy_path), "verify")
    assert clean.exit_code == 0
    assert clean.output.startswith("verified: 2 reports, ")
    assert "3 chain entries, head " in clean.output  # rows_start and two ingests
    with Store(seeded_copy_path) as store:
        store.db.execute("UPDATE incidents SET summary = summary || ' '")
    tampered = run("--db", str(seeded_copy_path), "verify")
    assert tampered.exit_code == 1
    assert "its summary differs from what chain entry" in tampered.output


def test_a_store_rolled_back_to_an_older_copy_is_caught_by_a_known_head(
    seeded_copy_path: Path, tmp_path: Path
) -> None:
    """A whole-file rollback leaves a self-consistent chain: only a head kept elsewhere (the
    head a signed export recorded, or one printed by verify) shows entries were lost."""
    older = tmp_path / "older.db"
    shutil.copy(seeded_copy_path, older)  # the chain ends at entry #3 (rows_start, two ingests)
    exported = run("--db", str(seeded_copy_path), "export", "--out", str(tmp_path / "a.json"))
    assert exported.exit_code == 0  # entry #4
    out, _pub = signed_export(seeded_copy_path, tmp_path)  # signed at head #4; entry #5
    sig = str(out) + ".sig"
    printed = run("--db", str(seeded_copy_path), "verify").output.split("head ")[-1].strip()
    assert re.fullmatch(r"5:[0-9a-f]{64}", printed)
    for known in (sig, printed):
        now = run("--db", str(seeded_copy_path), "verify", "--known-head", known)
        assert now.exit_code == 0, now.output
    shutil.copy(older, seeded_copy_path)  # the rollback, made outside khronika
    assert run("--db", str(seeded_copy_path), "verify").exit_code == 0  # consistent in itself
    for known in (sig, printed):
        caught = run("--db", str(seeded_copy_path), "verify", "--known-head", known)
        assert caught.exit_code == 1
        said = " ".join(caught.output.split())  # rich wraps long lines
        assert re.search(r"records the chain up to entry #[45], but this chain ends at #3", said)
        assert "rolled back to an older copy" in said


def test_a_known_head_from_another_history_is_reported(seeded_copy_path: Path) -> None:
    with Store(seeded_copy_path) as store:
        seq, _hash = store.chain_head()  # type: ignore[misc]
    other = f"{seq}:{'ab' * 32}"
    caught = run("--db", str(seeded_copy_path), "verify", "--known-head", other)
    assert caught.exit_code == 1
    assert f"chain entry #{seq}: its hash differs from the one" in " ".join(caught.output.split())
    bad = run("--db", str(seeded_copy_path), "verify", "--known-head", "yesterday")
    assert bad.exit_code == 2
    assert "neither SEQ:HASH nor a signature file" in bad.output
