"""A real PostgreSQL server for the tests and the scale bench: Debian's server binaries, a data
folder in a temporary directory, a Unix socket in it, stopped (and the folder removed) after.

PostgreSQL refuses to run as root: when the tests run as root the server runs as ``nobody``
(``runuser``), owning its folder. Nothing is skipped when the binaries are missing: the
tests fail with what to install.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

INSTALL = (
    "PostgreSQL's server binaries are missing (no /usr/lib/postgresql/*/bin/initdb): install "
    "Debian's `postgresql` package (apt-get install postgresql), or run scripts/test.sh as root, "
    "which installs it."
)
SERVER_USER = "nobody"
SUPERUSER = "khronika"


def bin_dir() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if not found:
        raise RuntimeError(INSTALL)
    return Path(found[-1]).parent


class Server:
    """One server: ``url(name)`` is a database URL over the server's Unix socket."""

    def __init__(self) -> None:
        self.bin = bin_dir()
        self.folder = Path(tempfile.mkdtemp(prefix="khronika-pg-"))
        self.data = self.folder / "data"
        self.root = os.geteuid() == 0
        self.started = False
        self._databases = 0

    def _run(self, *args: str) -> None:
        command = list(args)
        if self.root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed: {done.stderr or done.stdout}")

    def start(self) -> Server:
        if self.root:
            shutil.chown(self.folder, SERVER_USER)
        os.chmod(self.folder, 0o700)
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--data-checksums", "--no-instructions",
        )  # fmt: skip
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{self.folder}'"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            " -c max_connections=60 -c shared_buffers=64MB"
        )
        log = str(self.folder / "server.log")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", log, "-w", "-o", options,
                  "start")  # fmt: skip
        self.started = True
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@/{database}?host={self.folder}"

    def create_database(self, name: str | None = None) -> str:
        """A new, empty database; its URL."""
        import psycopg

        self._databases += 1
        name = name or f"t{self._databases}_{os.getpid()}"
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url(name)

    def copy_database(self, template: str) -> str:
        """A new database copied from ``template`` (which no one may be connected to)."""
        import psycopg

        self._databases += 1
        name = f"c{self._databases}_{os.getpid()}"
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def stop(self) -> None:
        if self.started:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w",
                      "stop")  # fmt: skip
            self.started = False
        shutil.rmtree(self.folder, ignore_errors=True)
