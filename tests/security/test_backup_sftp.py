"""Off-site backup over SFTP: a real OpenSSH server on loopback holds the repository.

The server (Debian's openssh-server, started by this test as root on a free port) stands for
the second location; the client reaches it through an ssh configuration the way a monitor's
own ``~/.ssh/config`` would (host alias, key, port), placed in front of ``ssh`` on PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from khronika.cli import main

SSHD = Path("/usr/sbin/sshd")
NEEDS = "an OpenSSH server (Debian's openssh-server, installed by scripts/test.sh) and root"
if os.environ.get("CI") and not (SSHD.exists() and shutil.which("restic") and os.geteuid() == 0):
    raise RuntimeError(f"the SFTP backup test needs restic, {NEEDS}")
pytestmark = pytest.mark.skipif(
    not (SSHD.exists() and shutil.which("restic") and os.geteuid() == 0), reason=f"needs {NEEDS}"
)


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def keygen(path: Path) -> None:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True)


def wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(100):
        if server.poll() is not None:
            said = server.stderr.read() if server.stderr else b""
            raise RuntimeError(f"sshd stopped: {said!r}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("sshd did not start listening")


@pytest.fixture(scope="module")
def offsite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(host alias, served folder): an sshd on loopback and an ssh client set up for it."""
    home = tmp_path_factory.mktemp("sftp")
    keygen(home / "host_key")
    keygen(home / "client_key")
    shutil.copy(home / "client_key.pub", home / "authorized_keys")
    port = free_port()
    (home / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {home / 'host_key'}\n"
        f"PidFile {home / 'sshd.pid'}\nAuthorizedKeysFile {home / 'authorized_keys'}\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
        "PermitRootLogin prohibit-password\nStrictModes no\nSubsystem sftp internal-sftp\n"
    )
    (home / "ssh_config").write_text(
        f"Host offsite\n  HostName 127.0.0.1\n  Port {port}\n  User root\n"
        f"  IdentityFile {home / 'client_key'}\n  IdentitiesOnly yes\n  BatchMode yes\n"
        f"  StrictHostKeyChecking accept-new\n  UserKnownHostsFile {home / 'known_hosts'}\n"
    )
    bin_dir = home / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "ssh"
    wrapper.write_text(f'#!/bin/sh\nexec /usr/bin/ssh -F {home / "ssh_config"} "$@"\n')
    wrapper.chmod(0o755)
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    server = subprocess.Popen(
        [str(SSHD), "-D", "-e", "-f", str(home / "sshd_config")], stderr=subprocess.PIPE
    )
    try:
        wait_for(port, server)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
            yield "offsite", home / "served"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_backup_and_restore_over_sftp(
    offsite: tuple[str, Path],
    seeded_copy_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KHRONIKA_BACKUP_PASSWORD", "correct horse battery staple")
    host, served = offsite
    repo = f"sftp:{host}:{served / 'khronika'}"
    made = cli("--db", str(seeded_copy_path), "backup", "--to", repo)
    assert made.exit_code == 0, made.output
    assert (served / "khronika" / "config").is_file()  # it is on the server's side
    assert cli("backup-check", "--from", repo).exit_code == 0
    target = tmp_path / "restored.db"
    restored = cli("restore", "--from", repo, "--to", str(target))
    assert restored.exit_code == 0, restored.output
    before = cli("--db", str(seeded_copy_path), "export", "--format", "json").stdout
    after = cli("--db", str(target), "export", "--format", "json").stdout
    assert json.loads(before) == json.loads(after)
    assert cli("--db", str(target), "verify").exit_code == 0
