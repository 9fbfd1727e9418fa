"""restic, the one child process khronika starts, gets only the variables it needs: never the
store passphrase nor anything else of the caller's environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from khronika.security.backup import Restic


def test_restic_sees_only_what_it_needs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in ``restic`` first on the PATH writes down the environment it was given."""
    seen = tmp_path / "env.txt"
    fake = tmp_path / "bin" / "restic"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\nenv > {seen}\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("KHRONIKA_PASSPHRASE", "the store passphrase")
    monkeypatch.setenv("KHRONIKA_USER_PASSWORD", "an account password")
    monkeypatch.setenv("SOME_OTHER_SECRET", "x")
    monkeypatch.setenv("RESTIC_PASSWORD_COMMAND", "cat /etc/shadow")
    monkeypatch.setenv("KHRONIKA_BACKUP_PASSWORD", "the backup password")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "key-for-s3")
    Restic(str(tmp_path / "repo")).call("version")
    env = dict(line.split("=", 1) for line in seen.read_text().splitlines() if "=" in line)
    assert env["RESTIC_PASSWORD"] == "the backup password"
    assert env["RESTIC_REPOSITORY"] == str(tmp_path / "repo")
    assert env["AWS_ACCESS_KEY_ID"] == "key-for-s3"
    assert env["PATH"].startswith(str(fake.parent))
    for secret in ("the store passphrase", "an account password", "cat /etc/shadow", "x"):
        assert secret not in env.values()
    assert not [k for k in env if k.startswith("KHRONIKA_")]
